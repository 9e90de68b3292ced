// spec.restartAt on a Healthy canary rollout: every pod older than restartAt is evicted (through the
// Eviction API, which a PodDisruptionBudget guards here) and replaced one at a time, so that the
// available pods never drop below replicas - maxUnavailable; then status.restartedAt is set and
// every pod is a new one.
import assert from 'node:assert/strict';
import { formatTimestamp } from '../../../src/conventions/timestamps.ts';
import { coreResources, type ResourceType } from '../../../src/platform/kubernetes/client/resources.ts';
import { argoResources } from '../../../src/runtime/kubernetes/resources.ts';
import type { KubeObject } from '../../../src/platform/kubernetes/client/objects.ts';
import type { E2eCluster } from './support/e2e-cluster.ts';
import { e2eScenario } from './support/scenario.ts';
import { rollout } from './support/manifests.ts';
import { getRollout, healthy, waitForRollout } from './support/wait.ts';

const ns = 'restart';
const pdbResource: ResourceType = {
  kind: 'PodDisruptionBudget',
  group: 'policy',
  version: 'v1',
  plural: 'poddisruptionbudgets',
  namespaced: true,
  strategicMerge: true,
};
const replicas = 3;
const maxUnavailable = 1;
let cluster: E2eCluster;

interface PodView {
  live: string[];
  available: number;
}

async function pods(): Promise<PodView> {
  const list = await cluster.client.list<KubeObject>(coreResources.pods, { namespace: ns, labelSelector: 'app=web' });
  const live = list.items.filter((pod) => !pod.metadata.deletionTimestamp);
  const ready = (pod: KubeObject) =>
    (pod['status'] as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions?.some(
      (c) => c.type === 'Ready' && c.status === 'True',
    ) === true;
  return { live: live.map((pod) => pod.metadata.name ?? '').sort(), available: live.filter(ready).length };
}

/**
 * Watches the PodDisruptionBudget and collects the pods its status records as disrupted: the Eviction
 * API records each pod it lets go there (a plain delete leaves no trace), and the disruption
 * controller clears them soon after, so a watch rather than polling.
 */
async function watchDisruptedPods(into: Set<string>): Promise<{ stop(): void }> {
  return cluster.client.watch<KubeObject>(
    pdbResource,
    { namespace: ns, fieldSelector: 'metadata.name=web' },
    (event) => {
      if (event.type !== 'ADDED' && event.type !== 'MODIFIED') return;
      const status = event.object['status'] as { disruptedPods?: Record<string, string> } | undefined;
      for (const name of Object.keys(status?.disruptedPods ?? {})) into.add(name);
    },
  );
}

e2eScenario(ns, 'restartAt: pods evicted one at a time, availability kept, restartedAt set', async (started) => {
  cluster = started;
  await cluster.apply([
    rollout({
      name: 'web',
      replicas,
      strategy: { canary: { maxUnavailable, maxSurge: 0, steps: [{ setWeight: 50 }, { pause: {} }] } },
    }),
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web' },
      spec: { minAvailable: replicas - maxUnavailable, selector: { matchLabels: { app: 'web' } } },
    },
  ]);
  await waitForRollout(cluster.client, ns, 'web', (r) => healthy(r) && r.status?.availableReplicas === replicas, {
    what: 'the rollout to be Healthy',
  });
  const before = await pods();
  assert.equal(before.live.length, replicas);

  const disrupted = new Set<string>();
  const pdbWatch = await watchDisruptedPods(disrupted);
  // A second ahead: pods created in restartAt's own second count as restarted; the controller waits for it.
  const restartAt = formatTimestamp(Date.now() + 1_000);
  await cluster.client.patch(argoResources.rollouts, ns, 'web', { spec: { restartAt } });

  let lowestAvailable = replicas;
  const seen = new Set(before.live);
  const deadline = Date.now() + 60_000;
  let done = false;
  while (Date.now() < deadline) {
    const view = await pods();
    lowestAvailable = Math.min(lowestAvailable, view.available);
    for (const name of view.live) seen.add(name);
    const live = await getRollout(cluster.client, ns, 'web');
    if (
      live.status?.restartedAt === restartAt &&
      view.available === replicas &&
      view.live.every((name) => !before.live.includes(name))
    ) {
      done = true;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  pdbWatch.stop();
  const after = await pods();
  assert.ok(
    done,
    `the restart did not finish: pods ${after.live.join(', ')} (before ${before.live.join(', ')}), restartedAt ${(await getRollout(cluster.client, ns, 'web')).status?.restartedAt}`,
  );
  assert.ok(lowestAvailable >= replicas - maxUnavailable, `available pods went down to ${lowestAvailable}`);
  assert.equal(after.live.length, replicas);
  assert.ok(
    after.live.every((name) => !before.live.includes(name)),
    'every pod was replaced',
  );
  assert.equal(seen.size, replicas * 2, 'each old pod was replaced once, no extra pods were made');

  assert.deepEqual(
    [...disrupted].sort(),
    before.live,
    'the PodDisruptionBudget recorded the eviction of each old pod (the Eviction API was used)',
  );

  const final = await getRollout(cluster.client, ns, 'web');
  assert.equal(final.status?.phase, 'Healthy');
  assert.equal(final.status?.restartedAt, restartAt);
});
