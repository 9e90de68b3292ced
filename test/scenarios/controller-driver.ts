// Runs a scenario on the Kubernetes controller: a real API server, controller-manager, scheduler
// and kwok (test/controlplane), `sluice controller` running as its ServiceAccount. Actions go
// through the API as `kubectl argo rollouts` sends them; after each, the driver polls the cluster
// until the expectation holds.
import { isCompleted } from '../../src/analysis/assess-metric.ts';
import { argoResources } from '../../src/runtime/kubernetes/resources.ts';
import { abort, promote, setImage } from '../e2e/kubernetes/support/control.ts';
import type { E2eCluster } from '../e2e/kubernetes/support/e2e-cluster.ts';
import { getVirtualService, httpRoute } from '../e2e/kubernetes/support/istio.ts';
import {
  getRollout,
  getService,
  pollUntil,
  readyPodsByHash,
  rolloutReplicaSets,
} from '../e2e/kubernetes/support/wait.ts';
import { COLORAPI, rolloutManifests, rolloutOf } from './manifests.ts';
import { describeStep, revisionOf, unmet, type Scenario, type ScenarioAction, type ScenarioState } from './scenario.ts';

const LIMIT_MS = 60_000;

/** Runs `scenario` with its rollout named `name` in the cluster's namespace. */
export async function runOnController(cluster: E2eCluster, scenario: Scenario, name: string): Promise<void> {
  const objects = rolloutManifests({ ...scenario.manifest, name, namespace: cluster.namespace });
  const routed = rolloutOf(objects).spec.strategy.canary?.trafficRouting !== undefined;
  await cluster.apply(objects);
  for (const [index, step] of scenario.steps.entries()) {
    if (step.do) await act(cluster, name, step.do);
    let last: string[] = [];
    await pollUntil(
      async () => {
        last = unmet(step.expect, await stateOf(cluster, name, routed));
        return last.length === 0;
      },
      { what: `${scenario.name}, step ${index} (${describeStep(step)})`, timeoutMs: LIMIT_MS },
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${last.join('; ')}`);
    });
  }
}

async function act(cluster: E2eCluster, name: string, action: ScenarioAction): Promise<void> {
  const { client, namespace } = cluster;
  if ('setImage' in action) return setImage(client, namespace, name, `${COLORAPI}:${action.setImage}`);
  if ('promote' in action) return promote(client, namespace, name);
  if ('promoteFull' in action) return promote(client, namespace, name, { full: true });
  if ('abort' in action) return abort(client, namespace, name);
  const runs = await client.list(argoResources.analysisRuns, { namespace, labelSelector: 'rollout-type=Background' });
  const run = runs.items.find(
    (candidate) =>
      candidate.metadata.ownerReferences?.some((owner) => owner.name === name) && !isCompleted(candidate.status?.phase),
  );
  if (!run) throw new Error(`no running background analysis of ${name} to fail`);
  // AnalysisRuns have no status subresource: the status is patched with the object.
  await client.patch(argoResources.analysisRuns, namespace, run.metadata.name ?? '', {
    status: { phase: 'Failed', message: 'metric "up" assessed Failed' },
  });
}

async function stateOf(cluster: E2eCluster, name: string, routed: boolean): Promise<ScenarioState> {
  const { client, namespace } = cluster;
  const rollout = await getRollout(client, namespace, name);
  const revisions = new Map<string, number>();
  for (const rs of await rolloutReplicaSets(client, namespace, rollout)) {
    revisions.set(
      rs.metadata.labels?.['rollouts-pod-template-hash'] ?? '',
      Number(rs.metadata.annotations?.['rollout.argoproj.io/revision'] ?? 0),
    );
  }
  const podsPerRevision: Record<number, number> = {};
  for (const [hash, count] of Object.entries(await readyPodsByHash(client, namespace, `app=${name}`))) {
    const revision = revisions.get(hash) ?? 0;
    podsPerRevision[revision] = (podsPerRevision[revision] ?? 0) + count;
  }
  let canaryWeight: number | undefined;
  if (routed) {
    const route = httpRoute(await getVirtualService(client, namespace, `${name}-vs`), 'primary');
    canaryWeight = route?.route?.find((entry) => entry.destination.host.startsWith(`${name}-canary.`))?.weight ?? 0;
  }
  const state: ScenarioState = {
    phase: rollout.status?.phase,
    stepIndex: rollout.status?.currentStepIndex,
    canaryWeight,
    podsPerRevision,
    aborted: rollout.status?.abort === true,
  };
  const blueGreen = rollout.spec.strategy.blueGreen;
  if (blueGreen) {
    const selected = async (service: string | undefined) =>
      service
        ? (await getService(client, namespace, service)).spec.selector?.['rollouts-pod-template-hash']
        : undefined;
    state.activeRevision = revisionOf(await selected(blueGreen.activeService), revisions);
    state.previewRevision = revisionOf(await selected(blueGreen.previewService), revisions);
  }
  return state;
}
