// The controller's pass (reconcileRollout) over the fake client and informer caches the test fills
// from it, when the Rollout's spec changes between the pass's actions and its status write, as Argo's
// e2e suite does right after a promote (it patches spec.replicas to force a reconcile). The pass that
// carried out the promote (stable Service to the new revision) must leave a status that records it,
// so the next pass, which sees the new spec, does not decide from the status before the promote and
// point the stable Service back at the old revision.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rollout } from '../../../../../src/api/types/rollout.ts';
import type { ObjectBase, Stored } from '../../../../../src/platform/kubernetes/client/objects.ts';
import type { Resource } from '../../../../../src/platform/kubernetes/client/resources.ts';
import type { ObjectStore } from '../../../../../src/platform/kubernetes/informers/object-store.ts';
import { OwnWrites } from '../../../../../src/runtime/rollouts/own-writes.ts';
import { argoResources, istioResources, workloadResources } from '../../../../../src/runtime/kubernetes/resources.ts';
import { kubeEventRecorder } from '../../../../../src/runtime/kubernetes/rollouts/event-recorder.ts';
import { reconcileRollout, type RolloutMemory } from '../../../../../src/runtime/kubernetes/rollouts/reconcile.ts';
import { WrittenVersions } from '../../../../../src/runtime/kubernetes/rollouts/written-versions.ts';
import { emptyCaches, fakeClient, rolloutManifest } from '../support/fake-cluster.ts';

const KEY = 'shop/web';

async function cluster() {
  const client = fakeClient();
  for (const name of ['web-stable', 'web-canary']) {
    await client.create(workloadResources.services, 'shop', {
      metadata: { name },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
  }
  const manifest = rolloutManifest('web');
  manifest.spec.replicas = 1;
  const created = await client.create(argoResources.rollouts, 'shop', manifest);
  const caches = emptyCaches();
  const written = new WrittenVersions();
  const memory: RolloutMemory = { uid: created.metadata.uid, appliedTraffic: undefined, own: new OwnWrites() };
  const deps = {
    client,
    caches,
    istio: istioResources('v1beta1'),
    events: kubeEventRecorder(client, () => {}),
    written,
    now: () => Date.now(),
    log: () => {},
  };

  async function copy<T extends ObjectBase>(resource: Resource<T>, store: ObjectStore<Stored<T>>): Promise<void> {
    for (const object of (await client.list(resource, { namespace: 'shop' })).items) store.upsert(object);
  }
  /** What the watches would bring: every object as the client holds it now; ReplicaSets' pods ready at once. */
  async function sync(): Promise<void> {
    for (const rs of (await client.list(workloadResources.replicaSets, { namespace: 'shop' })).items) {
      const replicas = rs.spec.replicas ?? 1;
      if (rs.status?.availableReplicas === replicas && rs.status.replicas === replicas) continue;
      await client.patch(workloadResources.replicaSets, 'shop', rs.metadata.name, {
        status: { replicas, readyReplicas: replicas, availableReplicas: replicas, fullyLabeledReplicas: replicas },
      });
    }
    await copy(argoResources.rollouts, caches.rollouts as ObjectStore<Stored<Rollout>>);
    await copy(workloadResources.replicaSets, caches.replicaSets);
    await copy(workloadResources.services, caches.services);
  }
  async function pass(): Promise<void> {
    await sync();
    assert.ok(written.seen(KEY, Date.now()), 'the caches show the last pass');
    await reconcileRollout(deps, KEY, memory);
  }
  return { client, pass, sync };
}

const stableSelector = async (client: ReturnType<typeof fakeClient>) =>
  (await client.get(workloadResources.services, 'shop', 'web-stable')).spec.selector?.['rollouts-pod-template-hash'];

describe('reconcileRollout when the spec changes between its actions and its status write', () => {
  it('records the promote it carried out, and the next pass keeps the stable Service on the new revision', async () => {
    const { client, pass, sync } = await cluster();
    const rollout = async () => client.get(argoResources.rollouts, 'shop', 'web');
    for (let i = 0; i < 10 && (await rollout()).status?.phase !== 'Healthy'; i++) await pass();
    const first = (await rollout()).status?.stableRS;
    assert.ok(first, 'the first revision is stable');
    await client.patch(argoResources.rollouts, 'shop', 'web', {
      spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.example/app:2' }] } } },
    });
    for (let i = 0; i < 10 && (await rollout()).status?.phase !== 'Paused'; i++) await pass();
    assert.equal((await rollout()).status?.phase, 'Paused', 'paused at the pause step');
    const second = (await rollout()).status?.currentPodHash;
    assert.ok(second && second !== first);
    assert.equal(await stableSelector(client), first);

    // The promote, then the suite's scale lands while the pass that carries it out is between its actions and its status write.
    await client.patchStatus(argoResources.rollouts, 'shop', 'web', { status: { pauseConditions: null } });
    const patchStatus = client.patchStatus.bind(client);
    let scaled = false;
    client.patchStatus = (async (...args: Parameters<typeof patchStatus>) => {
      if (!scaled && args[0] === argoResources.rollouts) {
        scaled = true;
        await client.patch(argoResources.rollouts, 'shop', 'web', { spec: { replicas: 2 } });
      }
      return patchStatus(...args);
    }) as typeof client.patchStatus;
    await pass();
    assert.ok(scaled, 'the pass wrote a status');
    assert.equal(await stableSelector(client), second, 'the promote points the stable Service at the new revision');
    assert.equal((await rollout()).status?.stableRS, second, 'and the status records it');

    await pass();
    await sync();
    assert.equal(
      await stableSelector(client),
      second,
      'the pass after the scale does not point the stable Service back at the old revision',
    );
    assert.equal((await rollout()).status?.stableRS, second);
  });
});
