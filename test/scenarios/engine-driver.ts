// Runs a scenario on the engine simulator (test/unit/engine/harness), planning every pass as the
// runtimes do (planPass: the look-ahead, an abort's return of traffic alone), on a virtual clock:
// after each action, the simulated cluster advances second by second until the expectation holds.
import type { Rollout } from '../../src/api/types/rollout.ts';
import { rolloutVerbPatch, type RolloutVerb } from '../../src/engine/control/verb-patch.ts';
import type { Decision, ObservedState } from '../../src/engine/types.ts';
import { planPass } from '../../src/runtime/rollouts/plan-pass.ts';
import { SimulatedCluster } from '../unit/engine/harness/index.ts';
import { COLORAPI, rolloutManifests, rolloutOf } from './manifests.ts';
import { describeStep, revisionOf, unmet, type Scenario, type ScenarioAction, type ScenarioState } from './scenario.ts';

/** How long (virtual time) a rollout may take to meet an expectation. */
const LIMIT_MS = 10 * 60_000;

/** A pass as the runtimes carry it out: a return to stable that may go alone goes alone, the status waits. */
function plannedPass(observed: ObservedState, now: number): Decision {
  const plan = planPass(observed, now);
  if (!plan.alone) return plan.decision;
  return { status: structuredClone(observed.rollout.status ?? {}), actions: [plan.alone], events: [] };
}

export function runOnEngine(scenario: Scenario): void {
  const rollout: Rollout = rolloutOf(rolloutManifests(scenario.manifest));
  const cluster = new SimulatedCluster(rollout, { decide: plannedPass });
  const routed = rollout.spec.strategy.canary?.trafficRouting !== undefined;
  for (const [index, step] of scenario.steps.entries()) {
    if (step.do) act(cluster, step.do);
    try {
      cluster.advanceUntil((c) => unmet(step.expect, stateOf(c, routed)).length === 0, LIMIT_MS);
    } catch {
      const problems = unmet(step.expect, stateOf(cluster, routed));
      throw new Error(`${scenario.name}, step ${index} (${describeStep(step)}): ${problems.join('; ')}`);
    }
  }
}

function act(cluster: SimulatedCluster, action: ScenarioAction): void {
  if ('setImage' in action) return cluster.setImage(`${COLORAPI}:${action.setImage}`);
  if ('failAnalysis' in action) {
    const run = [...cluster.analysisRuns.values()].find(
      (candidate) =>
        candidate.kind === 'Background' && !['Successful', 'Failed', 'Error', 'Inconclusive'].includes(candidate.phase),
    );
    if (!run)
      throw new Error(
        `no running background analysis to fail; runs: ${[...cluster.analysisRuns.keys()].join(', ') || 'none'}`,
      );
    return cluster.setAnalysisPhase(run.name, 'Failed', 'metric "up" assessed Failed');
  }
  const verb: RolloutVerb = 'promote' in action ? 'promote' : 'promoteFull' in action ? 'promote-full' : 'abort';
  const patch = rolloutVerbPatch(verb, cluster.rollout, cluster.now);
  if (patch.spec) cluster.updateSpec((spec) => Object.assign(spec, patch.spec));
  if (patch.status) cluster.patchStatus(patch.status);
}

function stateOf(cluster: SimulatedCluster, routed: boolean): ScenarioState {
  const podsPerRevision: Record<number, number> = {};
  for (const rs of cluster.observe().replicaSets)
    podsPerRevision[rs.revision] = (podsPerRevision[rs.revision] ?? 0) + rs.readyReplicas;
  const state: ScenarioState = {
    phase: cluster.status.phase,
    stepIndex: cluster.status.currentStepIndex,
    canaryWeight: routed ? (cluster.traffic?.canaryWeight ?? 0) : undefined,
    podsPerRevision,
    aborted: cluster.status.abort === true,
  };
  const blueGreen = cluster.rollout.spec.strategy.blueGreen;
  if (blueGreen) {
    const revisions = new Map([...cluster.replicaSets.values()].map((rs) => [rs.podTemplateHash, rs.revision]));
    state.activeRevision = revisionOf(cluster.serviceSelectors[blueGreen.activeService], revisions);
    state.previewRevision = revisionOf(cluster.serviceSelectors[blueGreen.previewService ?? ''], revisions);
  }
  return state;
}
