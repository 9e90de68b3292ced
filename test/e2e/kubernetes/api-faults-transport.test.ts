// Transport faults during an Istio canary, through the faulty proxy: 429s with and without
// Retry-After, connections cut mid-request (the server never saw the write) and mid-response (the
// server made it, the controller never heard), and 410 Gone on re-established watches, so every
// informer relists. The rollout reaches its new revision through the expected weights, in order,
// and no ReplicaSet is made twice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FaultRule } from '../../support/faulty-proxy.ts';
import { promote, setImage } from './support/control.ts';
import { skipWithoutControlPlane } from './support/e2e-cluster.ts';
import { followHistory, type History } from './support/history.ts';
import { webHostLevelCanary } from './support/manifests.ts';
import { proxiedScenario } from './support/proxied.ts';
import { healthy, pausedAtStep, pollUntil, waitForRollout } from './support/wait.ts';

const ns = 'transport-faults';
let history: History | undefined;
const scenario = proxiedScenario(ns, { beforeStop: () => history?.stop() });

const rules: FaultRule[] = [
  // 429: every call is retried, after Retry-After when the server gives one, else with back-off.
  {
    name: 'status 429 Retry-After',
    verb: 'patch',
    resource: 'rollouts',
    subresource: 'status',
    fault: { type: 'status', status: 429, retryAfterSeconds: 1 },
    every: 2,
    times: 3,
  },
  {
    name: 'create ReplicaSet 429',
    verb: 'create',
    resource: 'replicasets',
    fault: { type: 'status', status: 429 },
    times: 2,
  },
  {
    name: 'VirtualService 429',
    verb: 'patch',
    resource: 'virtualservices',
    fault: { type: 'status', status: 429 },
    times: 2,
  },
  {
    name: 'relist 429',
    verb: 'list',
    resource: 'rollouts',
    fault: { type: 'status', status: 429, retryAfterSeconds: 1 },
    times: 1,
  },
  // Cut mid-response: the ReplicaSet is made, the controller sees a broken connection (a create is never retried blindly).
  {
    name: 'create ReplicaSet drop-response',
    verb: 'create',
    resource: 'replicasets',
    fault: { type: 'drop-response' },
    times: 1,
  },
  {
    name: 'status drop-response',
    verb: 'patch',
    resource: 'rollouts',
    subresource: 'status',
    fault: { type: 'drop-response' },
    every: 3,
    times: 2,
  },
  {
    name: 'ReplicaSet patch drop-response',
    verb: 'patch',
    resource: 'replicasets',
    fault: { type: 'drop-response' },
    times: 2,
  },
  // Cut mid-request: the server never sees it.
  {
    name: 'VirtualService drop',
    verb: 'patch',
    resource: 'virtualservices',
    fault: { type: 'drop' },
    every: 2,
    times: 2,
  },
  { name: 'Service drop', verb: 'patch', resource: 'services', fault: { type: 'drop' }, times: 1 },
  // 410 Gone on the next watch of these kinds: the informer must list again.
  ...['rollouts', 'replicasets', 'virtualservices', 'analysisruns'].map(
    (resource): FaultRule => ({
      name: `watch ${resource} 410`,
      verb: 'watch',
      resource,
      fault: { type: 'watch-gone' },
      times: 1,
    }),
  ),
];

test('429s, connections cut mid-request and mid-response, 410 Gone: the canary reaches its new revision, weights in order, nothing twice', {
  skip: skipWithoutControlPlane,
}, async () => {
  await scenario.run(async () => {
    const {
      cluster,
      through: { proxy },
    } = scenario;
    await cluster.apply(
      webHostLevelCanary({ steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }, { pause: {} }] }),
    );
    const first = await waitForRollout(cluster.client, ns, 'web', healthy, {
      what: 'the first revision to be Healthy',
      timeoutMs: 120_000,
    });
    history = await followHistory(cluster.client, ns, { name: 'web-vs', route: 'primary' });
    for (const rule of rules) proxy.addRule(rule);
    const faultsFrom = proxy.log.length;
    assert.ok(proxy.dropWatches() > 0, 'the controller had watches open');

    await setImage(cluster.client, ns, 'web', 'registry.local/app:2');
    const paused = await waitForRollout(cluster.client, ns, 'web', pausedAtStep(1), {
      what: 'the pause after setWeight 20',
      timeoutMs: 120_000,
    });
    await pollUntil(() => history?.weights.at(-1)?.weights === 'web-stable=80 web-canary=20', {
      what: 'weights 80/20',
      timeoutMs: 60_000,
    });
    await promote(cluster.client, ns, 'web');
    await waitForRollout(cluster.client, ns, 'web', pausedAtStep(3), {
      what: 'the pause after setWeight 60',
      timeoutMs: 120_000,
    });
    await pollUntil(() => history?.weights.at(-1)?.weights === 'web-stable=40 web-canary=60', {
      what: 'weights 40/60',
      timeoutMs: 60_000,
    });
    await promote(cluster.client, ns, 'web');
    const newHash = paused.status?.currentPodHash ?? '';
    await waitForRollout(cluster.client, ns, 'web', (r) => healthy(r) && r.status?.stableRS === newHash, {
      what: 'the new revision to be stable',
      timeoutMs: 120_000,
    });
    await pollUntil(() => history?.weights.at(-1)?.weights === 'web-stable=100 web-canary=0', {
      what: 'weights 100/0 at the end',
      timeoutMs: 60_000,
    });

    const fired = proxy.fired();
    for (const rule of rules)
      assert.ok(
        (fired[rule.name ?? ''] ?? 0) > 0,
        `the fault "${rule.name}" was injected (fired: ${JSON.stringify(fired)})`,
      );
    assert.deepEqual(
      history.weights.map((change) => change.weights),
      [
        // After the last step all traffic goes to the canary, then to the new stable (as Argo does).
        'web-stable=100 web-canary=0',
        'web-stable=80 web-canary=20',
        'web-stable=40 web-canary=60',
        'web-stable=0 web-canary=100',
        'web-stable=100 web-canary=0',
      ],
      'the weights went through the steps in order, and nowhere else',
    );
    assert.deepEqual(
      Object.fromEntries(Object.entries(history.replicaSetNamesByHash()).map(([hash, names]) => [hash, names.length])),
      { [first.status?.stableRS ?? '']: 1, [newHash]: 1 },
      'one ReplicaSet per revision, ever',
    );

    const log = proxy.log.slice(faultsFrom);
    // Every informer whose watch was answered 410 listed again afterwards.
    for (const resource of ['rollouts', 'replicasets', 'virtualservices', 'analysisruns']) {
      const gone = log.findIndex((entry) => entry.resource === resource && entry.outcome === 'watch-gone');
      assert.ok(gone >= 0, `a watch of ${resource} was answered 410`);
      assert.ok(
        log
          .slice(gone + 1)
          .some((entry) => entry.resource === resource && entry.verb === 'list' && entry.outcome === '200'),
        `${resource} listed again after the 410`,
      );
    }
    // Retry-After honoured: the status write answered 429 with Retry-After 1 was sent again no sooner than 1 s later.
    const throttled = log.filter((entry) => entry.subresource === 'status' && entry.outcome === 'status 429');
    assert.ok(throttled.length > 0);
    for (const entry of throttled) {
      const next = log.find(
        (later) => later.at >= entry.at && later !== entry && later.path === entry.path && later.verb === 'patch',
      );
      assert.ok(next, `the throttled write of ${entry.path} was sent again`);
      assert.ok(next.at - entry.at >= 950, `sent again ${next.at - entry.at} ms after a 429 with Retry-After 1`);
    }
    // The create answered 429 was retried and not doubled; the create cut mid-response was not sent again blindly.
    const creates = log.filter((entry) => entry.verb === 'create' && entry.resource === 'replicasets');
    assert.deepEqual(creates.map((entry) => entry.outcome).slice(0, 3), [
      'status 429',
      'status 429',
      'drop-response after 201',
    ]);
  });
});
