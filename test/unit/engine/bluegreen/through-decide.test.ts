// The reference blue-green through the engine's entry point decide(), on the shared simulated
// cluster (per-pod readiness, pod failures), so dispatch and spec checks are covered too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedCluster } from '../harness/index.ts';
import { blueGreenRollout } from './sim.ts';

function reference(): SimulatedCluster {
  const rollout = blueGreenRollout({
    previewService: 'myapp-preview',
    autoPromotionEnabled: false,
    previewReplicaCount: 1,
    scaleDownDelaySeconds: 30,
    prePromotionAnalysis: { templates: [{ templateName: 'call-api' }] },
    postPromotionAnalysis: { templates: [{ templateName: 'prometheus-kpi-check' }] },
  });
  const cluster = new SimulatedCluster(rollout, { readyDelayMs: 3_000 });
  cluster.advance(10_000);
  return cluster;
}

function runNamed(cluster: SimulatedCluster, suffix: string): string {
  const run = [...cluster.analysisRuns.keys()].find((name) => name.endsWith(suffix));
  if (!run) throw new Error(`no AnalysisRun ending in ${suffix}`);
  return run;
}

test('decide(): the reference blue-green from first deploy to the old revision scaled down', () => {
  const cluster = reference();
  assert.equal(cluster.status.phase, 'Healthy');
  const blue = cluster.replicaSetByRevision(1);
  assert.ok(blue);
  assert.equal(cluster.serviceSelectors['myapp-active'], blue.podTemplateHash);

  cluster.setImage('myapp:green');
  cluster.advance(10_000);
  const green = cluster.replicaSetByRevision(2);
  assert.ok(green);
  assert.equal(green.replicas, 1);
  cluster.setAnalysisPhase(runNamed(cluster, '-2-pre'), 'Successful');
  cluster.advance(5_000);
  assert.equal(cluster.status.phase, 'Paused');

  cluster.patchStatus({ pauseConditions: undefined });
  cluster.advanceUntil((c) => c.serviceSelectors['myapp-active'] === green.podTemplateHash, 60_000);
  assert.equal(green.replicas, 3);
  cluster.advance(2_000);
  cluster.setAnalysisPhase(runNamed(cluster, '-2-post'), 'Successful');
  cluster.advance(2_000);
  assert.equal(cluster.status.stableRS, green.podTemplateHash);
  assert.equal(cluster.status.phase, 'Healthy');
  cluster.advanceUntil((c) => (c.replicaSetByRevision(1)?.replicas ?? 0) === 0, 60_000);
  assert.equal(cluster.serviceSelectors['myapp-active'], green.podTemplateHash);
});

test('decide(): a failed pod in the preview holds the switch until it is replaced', () => {
  const cluster = reference();
  cluster.setImage('myapp:green');
  cluster.advance(10_000);
  const green = cluster.replicaSetByRevision(2);
  assert.ok(green);
  cluster.setAnalysisPhase(runNamed(cluster, '-2-pre'), 'Successful');
  cluster.advance(2_000);
  cluster.patchStatus({ pauseConditions: undefined });
  cluster.settle();
  assert.equal(green.replicas, 3);
  cluster.advance(1_000);
  cluster.failPods(green.name, 1);
  cluster.advance(2_500);
  assert.notEqual(cluster.serviceSelectors['myapp-active'], green.podTemplateHash, 'not while a pod is missing');
  cluster.advance(5_000);
  assert.equal(cluster.serviceSelectors['myapp-active'], green.podTemplateHash);
});
