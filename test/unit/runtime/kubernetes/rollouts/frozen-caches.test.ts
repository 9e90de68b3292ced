// The passes share what they read from the informer caches and what they derive from it once per
// cached object (the spec as Argo reads it, each ReplicaSet's template without its hash label, the
// hashes), so nothing may change a cached object or a value derived from one: a pass that did would
// change what the next pass decides from. Here the informers hand out objects frozen all the way
// down, as the caches' contract says they are (replaced on every change, never changed in place),
// and Rollouts are taken through a first revision, a canary update to its pause, a promotion, an
// update aborted, a template with a malformed quantity, an update routed by an Istio VirtualService,
// and a workloadRef Deployment's template: any write into a cached or shared object throws (modules
// are strict code), fails its pass, and is caught here in the controller's log.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deepFreeze } from '../../../../../src/api/deep-freeze.ts';
import type { Rollout } from '../../../../../src/api/types/rollout.ts';
import type { ListWatchClient } from '../../../../../src/platform/kubernetes/client/interfaces.ts';
import type { Stored } from '../../../../../src/platform/kubernetes/client/objects.ts';
import type { FakeKubeClient } from '../../../../../src/platform/kubernetes/fake/fake-client.ts';
import { argoResources, istioResources, workloadResources } from '../../../../../src/runtime/kubernetes/resources.ts';
import { PollGaveUp, pollUntil } from '../../../../controlplane/poll.ts';
import { fakeClient, rolloutManifest } from '../support/fake-cluster.ts';
import { type FakeController, startFakeController } from '../support/fake-controller.ts';

/** The fake's lists and watches with every object frozen, as the informers then cache them. */
function frozenListWatch(client: FakeKubeClient): ListWatchClient {
  return {
    listAll: async (resource, options) => {
      const list = await client.listAll(resource, options);
      return { ...list, items: list.items.map((item) => deepFreeze(item)) };
    },
    watch: (resource, options, onEvent) =>
      client.watch(resource, options, (event) => {
        if ('object' in event) deepFreeze(event.object);
        onEvent(event);
      }),
  };
}

/** What the kubelet and the ReplicaSet controller would do: every ReplicaSet's pods ready as soon as they are asked for. */
async function podsReady(client: FakeKubeClient): Promise<void> {
  for (const rs of (await client.list(workloadResources.replicaSets, { namespace: 'shop' })).items) {
    const replicas = rs.spec.replicas ?? 1;
    if (rs.status?.availableReplicas === replicas && rs.status.replicas === replicas) continue;
    await client.patch(workloadResources.replicaSets, 'shop', rs.metadata.name, {
      status: { replicas, readyReplicas: replicas, availableReplicas: replicas, fullyLabeledReplicas: replicas },
    });
  }
}

/** The controller over `client` with informers of frozen objects; failed passes and every log line are kept. */
function startController(client: FakeKubeClient): FakeController {
  // The strings of frozen objects cannot be shared in place: the objects stay as the client gave them.
  return startFakeController(client, { listWatch: frozenListWatch(client), shareStrings: false });
}

/** Waits until the stored Rollout satisfies `holds`, keeping the pods ready; a failed pass ends the wait at once. */
async function until(
  client: FakeKubeClient,
  errors: string[],
  what: string,
  holds: (rollout: Stored<Rollout>) => boolean,
): Promise<Stored<Rollout>> {
  return pollUntil(
    async () => {
      // A pass that failed (a write into a frozen object throws) ends the wait at once.
      if (errors.length > 0) throw new PollGaveUp(errors.join('\n'));
      await podsReady(client);
      const rollout = await client.get(argoResources.rollouts, 'shop', 'web');
      return holds(rollout) ? rollout : undefined;
    },
    { what, timeoutMs: 15_000, intervalMs: 20 },
  );
}

async function createServices(client: FakeKubeClient): Promise<void> {
  for (const name of ['web-stable', 'web-canary']) {
    await client.create(workloadResources.services, 'shop', {
      metadata: { name },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
  }
}

describe('the rollout controller over frozen caches', () => {
  it('takes a Rollout through an update, a promotion and an abort without changing a cached or shared object', async () => {
    const client = fakeClient();
    await createServices(client);
    await client.create(argoResources.rollouts, 'shop', rolloutManifest('web'));
    const { errors, stop } = startController(client);
    const reaches = (what: string, holds: (rollout: Stored<Rollout>) => boolean) => until(client, errors, what, holds);
    const image = (tag: string) => ({
      spec: { template: { spec: { containers: [{ name: 'app', image: `registry.example/app:${tag}` }] } } },
    });
    try {
      const first = await reaches('the first revision Healthy', (r) => r.status?.phase === 'Healthy');
      const stable = first.status?.stableRS;
      assert.ok(stable);

      await client.patch(argoResources.rollouts, 'shop', 'web', image('2'));
      const paused = await reaches(
        'the update paused at its second step',
        (r) => r.status?.currentStepIndex === 1 && (r.status.pauseConditions ?? []).length > 0,
      );
      assert.notEqual(paused.status?.currentPodHash, stable);
      assert.equal(paused.status?.stableRS, stable);

      await client.patchStatus(argoResources.rollouts, 'shop', 'web', { status: { promoteFull: true } });
      const promoted = await reaches(
        'the update promoted and Healthy',
        (r) => r.status?.phase === 'Healthy' && r.status.stableRS === paused.status?.currentPodHash,
      );

      await client.patch(argoResources.rollouts, 'shop', 'web', image('3'));
      await reaches('the next update paused', (r) => (r.status?.pauseConditions ?? []).length > 0);
      await client.patchStatus(argoResources.rollouts, 'shop', 'web', { status: { abort: true } });
      const aborted = await reaches(
        'the next update aborted',
        (r) => r.status?.phase === 'Degraded' && r.status.abort === true && r.status.currentStepIndex === 0,
      );
      assert.equal(aborted.status?.stableRS, promoted.status?.stableRS);
      const canary = await client.get(workloadResources.replicaSets, 'shop', `web-${aborted.status?.currentPodHash}`);
      assert.equal(canary.spec.replicas, 0, 'the aborted revision is scaled down');
      assert.deepEqual(errors, []);
    } finally {
      await stop();
    }
  });

  it('reads a template with a malformed quantity up to it, says so once, and reads it again once fixed', async () => {
    const client = fakeClient();
    await createServices(client);
    const manifest = rolloutManifest('web');
    const resources = (requests: Record<string, string>) => ({
      spec: {
        template: { spec: { containers: [{ name: 'app', image: 'registry.example/app:1', resources: { requests } }] } },
      },
    });
    manifest.spec.template = {
      ...manifest.spec.template,
      spec: resources({ memory: 'invalid', cpu: '5m' }).spec.template.spec,
    };
    await client.create(argoResources.rollouts, 'shop', manifest);
    const { errors, lines, stop } = startController(client);
    const reaches = (what: string, holds: (rollout: Stored<Rollout>) => boolean) => until(client, errors, what, holds);
    const requestsOf = async (rollout: Stored<Rollout>) =>
      (await client.get(workloadResources.replicaSets, 'shop', `web-${rollout.status?.currentPodHash}`)).spec.template
        .spec?.containers[0]?.resources;
    try {
      const healthy = await reaches('the Rollout Healthy', (r) => r.status?.phase === 'Healthy');
      assert.deepEqual(await requestsOf(healthy), { requests: { cpu: '5m' } }, 'read up to the malformed quantity');
      const said = lines.filter((line) => line.includes('malformed object'));
      assert.equal(said.length, 1, `said once over the passes that wrote the status:\n${said.join('\n')}`);
      assert.match(said[0] ?? '', /spec\.template\.spec\.containers\[0\]\.resources\.requests\.memory/);

      await client.patch(argoResources.rollouts, 'shop', 'web', resources({ memory: '64Mi', cpu: '5m' }));
      const fixed = await reaches(
        'the fixed template rolled out',
        (r) =>
          r.status?.phase === 'Paused' ||
          (r.status?.currentPodHash !== healthy.status?.currentPodHash && r.status?.phase === 'Healthy'),
      );
      assert.notEqual(fixed.status?.currentPodHash, healthy.status?.currentPodHash);
      assert.deepEqual(await requestsOf(fixed), { requests: { memory: '64Mi', cpu: '5m' } });
      assert.equal(lines.filter((line) => line.includes('malformed object')).length, 1);
      assert.deepEqual(errors, []);
    } finally {
      await stop();
    }
  });
  it('routes an update by an Istio VirtualService and aborts it without changing a cached VirtualService', async () => {
    const client = fakeClient();
    await createServices(client);
    const istio = istioResources('v1beta1');
    const destination = (host: string, weight: number) => ({ destination: { host, port: { number: 80 } }, weight });
    await client.create(istio.virtualServices, 'shop', {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'VirtualService',
      metadata: { name: 'web-vs' },
      spec: {
        hosts: ['web.shop.local'],
        http: [{ name: 'primary', route: [destination('web-stable', 100), destination('web-canary', 0)] }],
      },
    });
    const manifest = rolloutManifest('web');
    const canary = manifest.spec.strategy.canary;
    assert.ok(canary);
    canary.trafficRouting = { istio: { virtualService: { name: 'web-vs', routes: ['primary'] } } };
    await client.create(argoResources.rollouts, 'shop', manifest);
    const { errors, stop } = startController(client);
    const reaches = (what: string, holds: (rollout: Stored<Rollout>) => boolean) => until(client, errors, what, holds);
    const weights = async () => {
      const vs = await client.get(istio.virtualServices, 'shop', 'web-vs');
      return vs.spec.http?.[0]?.route?.map((route) => [route.destination?.host, route.weight]);
    };
    try {
      await reaches('the first revision Healthy', (r) => r.status?.phase === 'Healthy');
      await client.patch(argoResources.rollouts, 'shop', 'web', {
        spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.example/app:2' }] } } },
      });
      await reaches('the update paused at its second step', (r) => (r.status?.pauseConditions ?? []).length > 0);
      assert.deepEqual(await weights(), [
        ['web-stable', 80],
        ['web-canary', 20],
      ]);
      await client.patchStatus(argoResources.rollouts, 'shop', 'web', { status: { abort: true } });
      await reaches('the update aborted', (r) => r.status?.phase === 'Degraded' && r.status.abort === true);
      assert.deepEqual(await weights(), [
        ['web-stable', 100],
        ['web-canary', 0],
      ]);
      assert.deepEqual(errors, []);
    } finally {
      await stop();
    }
  });
  it("follows a workloadRef Deployment's template without changing the cached Deployment", async () => {
    const client = fakeClient();
    await createServices(client);
    const deployment = (image: string) => ({
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image }] } },
      },
    });
    await client.create(workloadResources.deployments, 'shop', {
      metadata: { name: 'web-source' },
      ...deployment('registry.example/app:1'),
    });
    const manifest = rolloutManifest('web');
    const { template: _template, selector: _selector, ...spec } = manifest.spec;
    await client.create(argoResources.rollouts, 'shop', {
      ...manifest,
      spec: { ...spec, workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web-source' } },
    });
    const { errors, stop } = startController(client);
    const reaches = (what: string, holds: (rollout: Stored<Rollout>) => boolean) => until(client, errors, what, holds);
    const imageOf = async (rollout: Stored<Rollout>) =>
      (await client.get(workloadResources.replicaSets, 'shop', `web-${rollout.status?.currentPodHash}`)).spec.template
        .spec?.containers[0]?.image;
    try {
      const first = await reaches('the first revision Healthy', (r) => r.status?.phase === 'Healthy');
      assert.equal(await imageOf(first), 'registry.example/app:1');
      await client.patch(workloadResources.deployments, 'shop', 'web-source', deployment('registry.example/app:2'));
      const paused = await reaches('the update paused', (r) => (r.status?.pauseConditions ?? []).length > 0);
      assert.equal(await imageOf(paused), 'registry.example/app:2');
      assert.deepEqual(errors, []);
    } finally {
      await stop();
    }
  });
});
