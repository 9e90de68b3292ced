// Canary without a mesh, 5 replicas, steps 20 / pause / 50 / pause: at each pause the pods per
// revision are the counts Argo gives (4+1, then 3+3), created by the real ReplicaSet controller,
// scheduled by the real scheduler and made ready by kwok; promoted, the new revision runs alone.
import assert from 'node:assert/strict';
import type { Rollout } from '../../../src/api/types/rollout.ts';
import { promote, setImage } from './support/control.ts';
import type { E2eCluster } from './support/e2e-cluster.ts';
import { e2eScenario } from './support/scenario.ts';
import { rollout, service } from './support/manifests.ts';
import {
  healthy,
  pausedAtStep,
  pollUntil,
  readyPodsByHash,
  rolloutReplicaSets,
  waitForRollout,
} from './support/wait.ts';

const ns = 'canary-basic';
let cluster: E2eCluster;

async function podsPerRevision(r: Rollout): Promise<{ stable: number; canary: number }> {
  const counts = await readyPodsByHash(cluster.client, ns, 'app=web');
  return { stable: counts[r.status?.stableRS ?? ''] ?? 0, canary: counts[r.status?.currentPodHash ?? ''] ?? 0 };
}

e2eScenario(ns, 'canary without a mesh: 4+1 at 20%, 3+3 at 50%, 5 new after the last step', async (started) => {
  cluster = started;
  await cluster.apply([
    service('web', 'web'),
    rollout({
      name: 'web',
      replicas: 5,
      strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 50 }, { pause: {} }] } },
    }),
  ]);
  const first = await waitForRollout(cluster.client, ns, 'web', healthy, { what: 'the first revision to be Healthy' });
  assert.deepEqual(
    await podsPerRevision(first),
    { stable: 5, canary: 5 },
    'one revision: stable and current are the same',
  );
  const [firstRs] = await rolloutReplicaSets(cluster.client, ns, first);
  assert.equal(firstRs?.metadata.name, `web-${first.status?.currentPodHash}`);
  assert.equal(firstRs?.metadata.labels?.['rollouts-pod-template-hash'], first.status?.currentPodHash);
  assert.equal(firstRs?.metadata.annotations?.['rollout.argoproj.io/revision'], '1');
  assert.equal(firstRs?.metadata.ownerReferences?.[0]?.controller, true);

  await setImage(cluster.client, ns, 'web', 'registry.local/app:2');
  const atTwenty = await waitForRollout(cluster.client, ns, 'web', pausedAtStep(1), {
    what: 'the pause after setWeight 20',
  });
  assert.notEqual(atTwenty.status?.currentPodHash, atTwenty.status?.stableRS);
  await pollUntil(
    async () => JSON.stringify(await podsPerRevision(atTwenty)) === JSON.stringify({ stable: 4, canary: 1 }),
    { what: '4 stable and 1 canary pods', timeoutMs: 30_000 },
  );
  assert.equal(atTwenty.status?.phase, 'Paused');

  await promote(cluster.client, ns, 'web');
  const atFifty = await waitForRollout(cluster.client, ns, 'web', pausedAtStep(3), {
    what: 'the pause after setWeight 50',
  });
  await pollUntil(
    async () => JSON.stringify(await podsPerRevision(atFifty)) === JSON.stringify({ stable: 3, canary: 3 }),
    { what: '3 stable and 3 canary pods', timeoutMs: 30_000 },
  );

  await promote(cluster.client, ns, 'web');
  const done = await waitForRollout(
    cluster.client,
    ns,
    'web',
    (r) => healthy(r) && r.status?.stableRS === atFifty.status?.currentPodHash,
    { what: 'the new revision to be stable and Healthy' },
  );
  await pollUntil(
    async () =>
      JSON.stringify(await readyPodsByHash(cluster.client, ns, 'app=web')) ===
      JSON.stringify({ [done.status?.stableRS ?? '']: 5 }),
    { what: '5 pods of the new revision only', timeoutMs: 30_000 },
  );
  const replicaSets = await rolloutReplicaSets(cluster.client, ns, done);
  assert.equal(replicaSets.length, 2, 'one ReplicaSet per revision, none duplicated');
  const byRevision = Object.fromEntries(
    replicaSets.map((rs) => [rs.metadata.annotations?.['rollout.argoproj.io/revision'], rs.spec.replicas]),
  );
  assert.deepEqual(byRevision, { '1': 0, '2': 5 });
  assert.equal(
    done.status?.observedGeneration,
    String(done.metadata.generation),
    'observedGeneration is written as a string',
  );
});
