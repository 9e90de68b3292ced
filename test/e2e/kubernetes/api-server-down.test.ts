// The API server unreachable for a minute in the middle of a rollout: the faulty proxy between the
// controller and the API server stops listening, so every connection is refused, then listens
// again. The controller keeps running (as Argo's does: it retries, it does not exit), says in its
// log that it cannot reach the API server, moves no traffic meanwhile, and once the server is back
// the rollout completes. SLUICE_E2E_OUTAGE_MS changes the outage's length (default 60 000).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { skipWithoutControlPlane } from './support/e2e-cluster.ts';
import { followHistory, type History } from './support/history.ts';
import { webHostLevelCanary } from './support/manifests.ts';
import { proxiedScenario } from './support/proxied.ts';
import { setImage } from './support/control.ts';
import { healthy, pausedAtStep, pollUntil, waitForRollout } from './support/wait.ts';

const ns = 'api-down';
const outageMs = Number(process.env['SLUICE_E2E_OUTAGE_MS'] ?? 60_000);
let history: History | undefined;
const scenario = proxiedScenario(ns, { beforeStop: () => history?.stop() });

test('API server unreachable for a minute mid-rollout: the controller keeps running, logs it, and completes the rollout after', {
  skip: skipWithoutControlPlane,
}, async (t) => {
  await scenario.run(async () => {
    const { cluster, through, controller } = scenario;
    await cluster.apply(
      webHostLevelCanary({
        steps: [{ setWeight: 20 }, { pause: { duration: '5s' } }, { setWeight: 60 }, { pause: { duration: '2s' } }],
      }),
    );
    const first = await waitForRollout(cluster.client, ns, 'web', healthy, {
      what: 'the first revision to be Healthy',
      timeoutMs: 120_000,
    });
    history = await followHistory(cluster.client, ns, { name: 'web-vs', route: 'primary' });
    await setImage(cluster.client, ns, 'web', 'registry.local/app:2');
    const paused = await waitForRollout(cluster.client, ns, 'web', pausedAtStep(1), {
      what: 'the pause after setWeight 20',
      timeoutMs: 120_000,
    });
    await pollUntil(() => history?.weights.at(-1)?.weights === 'web-stable=80 web-canary=20', {
      what: 'weights 80/20',
      timeoutMs: 60_000,
    });

    // Down: the pause ends during the outage, but nothing can be written.
    const logBefore = controller.log().length;
    await through.proxy.refuseConnections();
    const downAt = Date.now();
    const changesBefore = history.weights.length;
    await pollUntil(() => controller.exitCode !== null || Date.now() - downAt >= outageMs, {
      what: 'the outage',
      timeoutMs: outageMs + 10_000,
      intervalMs: 200,
    });
    assert.equal(controller.exitCode, null, `the controller exited during the outage:\n${controller.logTail()}`);
    assert.equal(history.weights.length, changesBefore, 'no traffic moved while the API server was unreachable');
    const duringOutage = controller.log().slice(logBefore);
    assert.match(duringOutage, /cannot reach the API server/, 'the log says the API server cannot be reached');
    const lines = duringOutage.split('\n').filter((line) => line !== '');
    t.diagnostic(`${lines.length} log lines during ${outageMs} ms of outage`);

    // Back: the rollout completes.
    await through.proxy.acceptConnections();
    const backAt = Date.now();
    // The rollout is tried again within the work queue's longest back-off (10 s, as Argo's) plus one request's retries.
    const firstWrite = await pollUntil(
      () =>
        through.proxy.log.find(
          (entry) =>
            entry.at >= backAt &&
            ['create', 'update', 'patch'].includes(entry.verb) &&
            entry.resource !== 'events' &&
            entry.resource !== 'leases' &&
            /^2\d\d$/.test(entry.outcome),
        ),
      { what: 'a write of the controller once the API server is back', timeoutMs: 120_000, intervalMs: 100 },
    );
    t.diagnostic(
      `first write ${firstWrite.at - backAt} ms after the API server came back: ${firstWrite.verb} ${firstWrite.resource}/${firstWrite.name}`,
    );
    assert.ok(
      firstWrite.at - backAt <= 20_000,
      `the controller's first write came ${firstWrite.at - backAt} ms after the API server was back`,
    );
    const newHash = paused.status?.currentPodHash ?? '';
    await waitForRollout(cluster.client, ns, 'web', (r) => healthy(r) && r.status?.stableRS === newHash, {
      what: 'the rollout to complete once the API server is back',
      timeoutMs: 150_000,
    });
    await pollUntil(() => history?.weights.at(-1)?.weights === 'web-stable=100 web-canary=0', {
      what: 'weights 100/0',
      timeoutMs: 60_000,
    });
    t.diagnostic(`completed ${Date.now() - backAt} ms after the API server came back`);
    assert.equal(controller.exitCode, null);
    assert.deepEqual(
      Object.fromEntries(Object.entries(history.replicaSetNamesByHash()).map(([hash, names]) => [hash, names.length])),
      { [first.status?.stableRS ?? '']: 1, [newHash]: 1 },
      'one ReplicaSet per revision, ever',
    );
  });
});
