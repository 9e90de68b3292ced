// API faults between the controller and the API server: a proxy that drops every watch now and
// then, delays answers, and answers some writes with 409 and 500 without passing them on. Two
// rollouts (one replica-based, one with Istio) still reach their new revision, and no ReplicaSet
// is made twice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImage } from './support/control.ts';
import { skipWithoutControlPlane } from './support/e2e-cluster.ts';
import { getVirtualService, httpRoute, weightsOf } from './support/istio.ts';
import { rollout, service, webHostLevelCanary } from './support/manifests.ts';
import { proxiedScenario } from './support/proxied.ts';
import { getRollout, healthy, pollUntil, rolloutReplicaSets, waitForRollout } from './support/wait.ts';

const ns = 'faults';
let dropper: NodeJS.Timeout | undefined;
const scenario = proxiedScenario(ns, { beforeStop: () => clearInterval(dropper) });

const steps = [{ setWeight: 20 }, { pause: { duration: '2s' } }, { setWeight: 60 }, { pause: { duration: '2s' } }];

async function hashesOwned(name: string): Promise<string[]> {
  const r = await getRollout(scenario.cluster.client, ns, name);
  return (await rolloutReplicaSets(scenario.cluster.client, ns, r))
    .map((rs) => rs.metadata.labels?.['rollouts-pod-template-hash'] ?? '')
    .sort();
}

test('dropped watches, delays, 409s and 500s: both rollouts converge, nothing is made twice', {
  skip: skipWithoutControlPlane,
}, async () => {
  await scenario.run(async () => {
    const {
      cluster,
      through: { proxy },
    } = scenario;
    await cluster.apply([
      service('basic', 'basic'),
      rollout({ name: 'basic', replicas: 3, strategy: { canary: { steps } } }),
      ...webHostLevelCanary({ steps }),
    ]);
    const firsts = await Promise.all(
      ['basic', 'web'].map((name) =>
        waitForRollout(cluster.client, ns, name, healthy, { what: `${name} to be Healthy` }),
      ),
    );

    proxy.addRule({
      method: 'POST',
      path: /\/replicasets$/,
      fault: { type: 'status', status: 500, message: 'injected' },
      every: 2,
      times: 2,
    });
    proxy.addRule({
      method: 'PATCH',
      path: /\/rollouts\/[^/]+\/status$/,
      fault: { type: 'status', status: 409, reason: 'Conflict', message: 'injected conflict' },
      every: 3,
      times: 4,
    });
    proxy.addRule({
      method: 'PATCH',
      path: /\/replicasets\//,
      fault: { type: 'status', status: 500, message: 'injected' },
      every: 3,
      times: 3,
    });
    proxy.addRule({
      method: 'PATCH',
      path: /\/virtualservices\//,
      fault: { type: 'status', status: 409, reason: 'Conflict', message: 'injected conflict' },
      every: 2,
      times: 2,
    });
    proxy.addRule({
      method: 'PATCH',
      path: /\/services\//,
      fault: { type: 'status', status: 500, message: 'injected' },
      times: 1,
    });
    proxy.addRule({ method: 'GET', watch: false, fault: { type: 'delay', ms: 300 }, every: 4 });
    dropper = setInterval(() => proxy.dropWatches(), 3000);

    await setImage(cluster.client, ns, 'basic', 'registry.local/app:2');
    await setImage(cluster.client, ns, 'web', 'registry.local/app:2');
    const done = await Promise.all(
      ['basic', 'web'].map((name, index) =>
        waitForRollout(
          cluster.client,
          ns,
          name,
          (r) =>
            healthy(r) &&
            r.status?.stableRS !== firsts[index]?.status?.stableRS &&
            r.status?.stableRS === r.status?.currentPodHash,
          { what: `${name} to reach its new revision`, timeoutMs: 150_000 },
        ),
      ),
    );
    assert.ok(proxy.stats.faults > 0, 'faults were injected');
    for (const [index, name] of ['basic', 'web'].entries()) {
      assert.deepEqual(
        await hashesOwned(name),
        [firsts[index]?.status?.stableRS ?? '', done[index]?.status?.stableRS ?? ''].sort(),
        `${name}: one ReplicaSet per revision`,
      );
    }
    await pollUntil(
      async () =>
        weightsOf(httpRoute(await getVirtualService(cluster.client, ns, 'web-vs'), 'primary')).join(' ') ===
        'web-stable=100 web-canary=0',
      { what: 'web back at 100/0' },
    );
  });
});
