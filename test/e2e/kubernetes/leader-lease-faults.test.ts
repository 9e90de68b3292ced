// Lease write failures with --leader-elect: two replicas, each through its own faulty proxy. A few
// refused renewals (shorter than the renew deadline) change nothing; when every renewal of the
// leader is refused, it stops leading and exits with status 1 (as Argo's controller does; its
// Deployment restarts it), the standby takes over once the Lease has expired and carries the
// rollout on. The two never act at once: the old leader's last write comes before the new one's
// first. The restarted replica waits as standby, and leads again when the other one stops.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LoggedRequest } from '../../support/faulty-proxy.ts';
import type { KubeObject } from '../../../src/platform/kubernetes/client/objects.ts';
import { coreResources } from '../../../src/platform/kubernetes/client/resources.ts';
import { promote, setImage } from './support/control.ts';
import type { ControllerProcess } from './support/controller-process.ts';
import { skipWithoutControlPlane } from './support/e2e-cluster.ts';
import { getVirtualService, httpRoute, weightsOf } from './support/istio.ts';
import { webHostLevelCanary } from './support/manifests.ts';
import { proxiedScenario } from './support/proxied.ts';
import { healthy, pausedAtStep, pollUntil, waitForRollout } from './support/wait.ts';

const ns = 'lease-faults';
const scenario = proxiedScenario(ns, { proxies: ['proxy-a', 'proxy-b'], startController: false });

const acting = (entry: LoggedRequest): boolean =>
  ['create', 'update', 'patch', 'delete'].includes(entry.verb) &&
  entry.resource !== 'leases' &&
  entry.resource !== 'events' &&
  !entry.outcome.startsWith('status');

async function lease(): Promise<{ holder: string; transitions: number }> {
  const object = await scenario.cluster.client.get<KubeObject>(
    coreResources.leases,
    'sluice-system',
    'argo-rollouts-controller-lock',
  );
  const spec = object['spec'] as { holderIdentity?: string; leaseTransitions?: number };
  return { holder: spec.holderIdentity ?? '', transitions: spec.leaseTransitions ?? 0 };
}

async function logSays(controller: ControllerProcess, text: string, timeoutMs = 90_000): Promise<void> {
  await pollUntil(() => controller.log().includes(text), {
    what: `the controller to log "${text}"`,
    timeoutMs,
    intervalMs: 200,
  });
}

async function primaryWeights(): Promise<string> {
  return weightsOf(httpRoute(await getVirtualService(scenario.cluster.client, ns, 'web-vs'), 'primary')).join(' ');
}

test('Lease renewals refused: the leader stops leading and exits, the standby takes over, never two acting at once', {
  skip: skipWithoutControlPlane,
}, async () => {
  await scenario.run(async () => {
    const {
      cluster,
      proxied: [a, b],
    } = scenario;
    if (!a || !b) throw new Error('two proxies');
    const first = await a.start(['--leader-elect'], 'a');
    await logSays(first, 'leading (Lease');
    const standby = await b.start(['--leader-elect'], 'b');
    await logSays(standby, 'waiting to lead');
    await logSays(standby, 'the leader is ');
    const { holder: leaderIdentity, transitions } = await lease();

    await cluster.apply(
      webHostLevelCanary({ steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }, { pause: {} }] }),
    );
    await waitForRollout(cluster.client, ns, 'web', healthy, {
      what: 'the first revision to be Healthy',
      timeoutMs: 120_000,
    });
    await setImage(cluster.client, ns, 'web', 'registry.local/app:2');
    const paused = await waitForRollout(cluster.client, ns, 'web', pausedAtStep(1), {
      what: 'the pause after setWeight 20',
      timeoutMs: 120_000,
    });
    await pollUntil(async () => (await primaryWeights()) === 'web-stable=80 web-canary=20', { what: 'weights 80/20' });
    assert.equal(b.proxy.log.filter(acting).length, 0, 'the standby wrote nothing');

    // Two renewals refused, within the renew deadline (10 s at a renewal every 2 s): still the leader.
    a.proxy.addRule({
      name: 'two renewals',
      resource: 'leases',
      verb: 'update',
      fault: { type: 'status', status: 500 },
      times: 2,
    });
    await pollUntil(
      () =>
        a.proxy.fired()['two renewals'] === 2 &&
        a.proxy.log.filter((entry) => entry.resource === 'leases' && entry.verb === 'update').at(-1)?.outcome === '200',
      { what: 'two refused renewals, then one that succeeds', timeoutMs: 60_000 },
    );
    assert.equal(first.exitCode, null, 'still running');
    assert.deepEqual(await lease(), { holder: leaderIdentity, transitions }, 'still the same leader');
    assert.doesNotMatch(first.log(), /no longer leading/);

    // Every renewal refused: the leader gives up after the renew deadline and exits with 1.
    a.proxy.addRule({
      name: 'every renewal',
      resource: 'leases',
      fault: { type: 'status', status: 500 },
      match: (request) => request.verb !== 'get',
    });
    const refusedFrom = Date.now();
    await first.exited;
    assert.equal(first.exitCode, 1, 'a replica that lost the Lease exits with status 1');
    assert.match(first.log(), /no longer leading/);
    await logSays(standby, 'leading (Lease', 60_000);
    const taken = await lease();
    assert.notEqual(taken.holder, leaderIdentity);
    assert.equal(taken.transitions, transitions + 1);

    // The new leader carries the rollout on.
    await promote(cluster.client, ns, 'web');
    await waitForRollout(cluster.client, ns, 'web', pausedAtStep(3), {
      what: 'the pause after setWeight 60, under the new leader',
      timeoutMs: 120_000,
    });
    await pollUntil(async () => (await primaryWeights()) === 'web-stable=40 web-canary=60', { what: 'weights 40/60' });
    const lastOfOld = a.proxy.log.filter(acting).at(-1);
    const firstOfNew = b.proxy.log.filter(acting)[0];
    assert.ok(lastOfOld && firstOfNew, 'both replicas acted, one after the other');
    assert.ok(
      lastOfOld.at < firstOfNew.at,
      `the old leader's last write (${lastOfOld.verb} ${lastOfOld.path}) came ${lastOfOld.at - firstOfNew.at} ms after the new one's first`,
    );
    assert.ok(
      a.proxy.log.filter((entry) => acting(entry) && entry.at > refusedFrom + 12_000).length === 0,
      'the old leader wrote nothing past its renew deadline',
    );

    // Restarted (as its Deployment would), with the API answering again: it waits as standby...
    a.proxy.clearRules();
    const writesBefore = a.proxy.log.filter(acting).length;
    const restarted = await a.start(['--leader-elect'], 'a');
    await logSays(restarted, 'waiting to lead');
    await promote(cluster.client, ns, 'web');
    await waitForRollout(
      cluster.client,
      ns,
      'web',
      (r) => healthy(r) && r.status?.stableRS === paused.status?.currentPodHash,
      { what: 'the new revision to be stable', timeoutMs: 120_000 },
    );
    assert.equal(
      a.proxy.log.filter(acting).length,
      writesBefore,
      'the restarted replica wrote nothing while standing by',
    );
    // ... and leads again once the other one stops (it releases the Lease on SIGTERM).
    await standby.stop();
    await logSays(restarted, 'leading (Lease', 60_000);
    assert.equal(restarted.exitCode, null);
  });
});
