// A scenario several tests start from: a host-level Istio canary with a background analysis,
// updated and holding traffic on its canary, whose background run has just failed.
import assert from 'node:assert/strict';
import type { CanaryStep } from '../../../../src/api/types/rollout.ts';
import { SimulatedCluster, type ClusterOptions } from './cluster.ts';
import { canaryRollout, istioHostLevel } from './fixtures.ts';

/** The cluster before the pass that finds the failure; its steps must hold the canary at weight 10. */
export function canaryWithFailedBackgroundRun(
  decide: ClusterOptions['decide'],
  steps: CanaryStep[] = [{ setWeight: 10 }, { pause: {} }],
): SimulatedCluster {
  const analysis = { templates: [{ templateName: 'success-rate' }] };
  const cluster = new SimulatedCluster(
    canaryRollout({ replicas: 2, steps, canary: { ...istioHostLevel(), analysis } }),
    decide ? { decide } : {},
  );
  cluster.settle();
  cluster.setImage('app:2');
  cluster.settle();
  assert.equal(cluster.traffic?.canaryWeight, 10);
  const [run] = [...cluster.analysisRuns.values()];
  assert.ok(run, 'the background analysis runs');
  cluster.setAnalysisPhase(run.name, 'Failed', 'success-rate failed');
  return cluster;
}
