// Runs a scenario on the local runtime: its rollout controller in this process over a real object
// store, with real pods (the built-in colorapi) and the Istio router writing the store the mesh
// routes from. Actions are carried out as the local API carries them out; after each, the driver
// polls what the runtime reports until the expectation holds.
import { isCompleted } from '../../src/analysis/assess-metric.ts';
import type { ControlAction } from '../../src/runtime/local/api/control-actions.ts';
import {
  NAMESPACE,
  startLocalController,
  type LocalController,
} from '../integration/local/controller/local-controller.ts';
import { waitFor } from '../support/ports.ts';
import { COLORAPI, rolloutManifests, rolloutOf } from './manifests.ts';
import { describeStep, revisionOf, unmet, type Scenario, type ScenarioAction, type ScenarioState } from './scenario.ts';

/** How long a rollout may take to meet an expectation, in real time. */
const LIMIT_MS = 60_000;

export async function runOnLocalRuntime(scenario: Scenario): Promise<void> {
  const objects = rolloutManifests({ ...scenario.manifest, namespace: NAMESPACE });
  const name = rolloutOf(objects).metadata.name ?? '';
  const routed = rolloutOf(objects).spec.strategy.canary?.trafficRouting !== undefined;
  const local = await startLocalController(objects);
  try {
    for (const [index, step] of scenario.steps.entries()) {
      if (step.do) act(local, name, step.do);
      let last: string[] = [];
      await waitFor(
        `${scenario.name}, step ${index} (${describeStep(step)})`,
        async () => {
          last = unmet(step.expect, await stateOf(local, name, routed));
          return last.length === 0 ? true : undefined;
        },
        LIMIT_MS,
      ).catch((error: Error) => {
        throw new Error(`${error.message}: ${last.join('; ')}`);
      });
    }
  } finally {
    await local.stop();
  }
}

function act(local: LocalController, name: string, action: ScenarioAction): void {
  if ('setImage' in action)
    return local.control(name, 'set-image', { container: 'web', image: `${COLORAPI}:${action.setImage}` });
  if ('failAnalysis' in action) {
    // Nothing measures in this runtime's test set-up: the run ends as the analysis driver would end it.
    const run = local.store
      .list('AnalysisRun', NAMESPACE)
      .find(
        (candidate) =>
          candidate.metadata.labels?.['rollout-type'] === 'Background' && !isCompleted(candidate.status?.phase),
      );
    if (!run) throw new Error(`no running background analysis of ${name} to fail`);
    local.store.writeStatus(
      { kind: 'AnalysisRun', namespace: NAMESPACE, name: run.metadata.name ?? '' },
      { ...(run.status ?? {}), phase: 'Failed', message: 'metric "up" assessed Failed' },
    );
    return;
  }
  const verb: ControlAction = 'promote' in action ? 'promote' : 'promoteFull' in action ? 'promote-full' : 'abort';
  local.control(name, verb);
}

async function stateOf(local: LocalController, name: string, routed: boolean): Promise<ScenarioState> {
  const rollout = local.rollout(name);
  const podsPerRevision: Record<number, number> = {};
  const replicaSets = (await local.controller.workloadsOf(NAMESPACE, name)?.observe()) ?? [];
  for (const rs of replicaSets) podsPerRevision[rs.revision] = (podsPerRevision[rs.revision] ?? 0) + rs.readyReplicas;
  const traffic = routed ? await local.controller.trafficInPlace(rollout) : undefined;
  const state: ScenarioState = {
    phase: rollout.status?.phase,
    stepIndex: rollout.status?.currentStepIndex,
    canaryWeight: routed ? traffic?.canaryWeight : undefined,
    podsPerRevision,
    aborted: rollout.status?.abort === true,
  };
  const blueGreen = rollout.spec.strategy.blueGreen;
  if (blueGreen) {
    const revisions = new Map(replicaSets.map((rs) => [rs.podTemplateHash, rs.revision]));
    const selected = (service: string | undefined) =>
      service
        ? local.store.get('Service', NAMESPACE, service)?.spec.selector?.['rollouts-pod-template-hash']
        : undefined;
    state.activeRevision = revisionOf(selected(blueGreen.activeService), revisions);
    state.previewRevision = revisionOf(selected(blueGreen.previewService), revisions);
  }
  return state;
}
