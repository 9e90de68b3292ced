// The controller killed with SIGKILL at a pause and again right after a promote (a weight change
// under way), then started again: the rollout goes on from where it was, no ReplicaSet is made
// twice, and the weights stay as they were while no controller runs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { promote, setImage } from './support/control.ts';
import type { ControllerProcess } from './support/controller-process.ts';
import { skipWithoutControlPlane, startE2eCluster, type E2eCluster } from './support/e2e-cluster.ts';
import { getVirtualService, httpRoute, weightsOf } from './support/istio.ts';
import { webHostLevelCanary } from './support/manifests.ts';
import { getRollout, healthy, pausedAtStep, pollUntil, rolloutReplicaSets, waitForRollout } from './support/wait.ts';

const ns = 'restart';
let cluster: E2eCluster;
let controller: ControllerProcess;
let failed = false;

before(async () => {
  if (skipWithoutControlPlane) return;
  cluster = await startE2eCluster(ns);
  controller = await cluster.startController();
});

after(async () => {
  await cluster?.stop(failed);
});

async function primaryWeights(): Promise<string> {
  return weightsOf(httpRoute(await getVirtualService(cluster.client, ns, 'web-vs'), 'primary')).join(' ');
}

/** Samples the weights for `ms`: they must not move while no controller runs. */
async function weightsHoldFor(ms: number): Promise<string> {
  const first = await primaryWeights();
  const until = Date.now() + ms;
  while (Date.now() < until) {
    assert.equal(await primaryWeights(), first, 'the weights changed while no controller was running');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return first;
}

async function replicaSetsByHash(): Promise<Record<string, number>> {
  const r = await getRollout(cluster.client, ns, 'web');
  const counts: Record<string, number> = {};
  for (const rs of await rolloutReplicaSets(cluster.client, ns, r)) {
    const hash = rs.metadata.labels?.['rollouts-pod-template-hash'] ?? '';
    counts[hash] = (counts[hash] ?? 0) + 1;
  }
  return counts;
}

test('SIGKILL at a pause and at a weight change: the rollout resumes, nothing is made twice', {
  skip: skipWithoutControlPlane,
}, async () => {
  try {
    await cluster.apply([
      ...webHostLevelCanary({ steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 50 }, { pause: {} }] }),
    ]);
    const first = await waitForRollout(cluster.client, ns, 'web', healthy, {
      what: 'the first revision to be Healthy',
    });
    await setImage(cluster.client, ns, 'web', 'registry.local/app:2');
    const paused = await waitForRollout(cluster.client, ns, 'web', pausedAtStep(1), {
      what: 'the pause after setWeight 20',
    });
    const newHash = paused.status?.currentPodHash ?? '';
    await pollUntil(async () => (await primaryWeights()) === 'web-stable=80 web-canary=20', { what: 'weights 80/20' });

    // Killed at a pause.
    await controller.kill();
    assert.equal(await weightsHoldFor(2000), 'web-stable=80 web-canary=20');
    controller = await cluster.startController();
    assert.equal(
      await weightsHoldFor(4000),
      'web-stable=80 web-canary=20',
      'a restarted controller keeps the weights of the pause',
    );
    const afterRestart = await getRollout(cluster.client, ns, 'web');
    assert.equal(afterRestart.status?.currentStepIndex, 1, 'still paused at the same step');
    assert.equal(afterRestart.status?.stableRS, first.status?.stableRS);
    assert.deepEqual(await replicaSetsByHash(), { [first.status?.stableRS ?? '']: 1, [newHash]: 1 });

    // Killed right after a promote, while the next weight is being put in place.
    await promote(cluster.client, ns, 'web');
    await pollUntil(async () => ((await getRollout(cluster.client, ns, 'web')).status?.currentStepIndex ?? 0) >= 2, {
      what: 'the promote to be taken',
      timeoutMs: 20_000,
      intervalMs: 50,
    });
    await controller.kill();
    const frozen = await weightsHoldFor(2000);
    assert.ok(
      ['web-stable=80 web-canary=20', 'web-stable=50 web-canary=50'].includes(frozen),
      `weights in between steps: ${frozen}`,
    );
    controller = await cluster.startController();
    await waitForRollout(cluster.client, ns, 'web', pausedAtStep(3), { what: 'the pause after setWeight 50' });
    await pollUntil(async () => (await primaryWeights()) === 'web-stable=50 web-canary=50', { what: 'weights 50/50' });
    assert.deepEqual(await replicaSetsByHash(), { [first.status?.stableRS ?? '']: 1, [newHash]: 1 });

    await promote(cluster.client, ns, 'web');
    await waitForRollout(cluster.client, ns, 'web', (r) => healthy(r) && r.status?.stableRS === newHash, {
      what: 'the new revision to be stable',
    });
    await pollUntil(async () => (await primaryWeights()) === 'web-stable=100 web-canary=0', { what: 'weights 100/0' });
    assert.deepEqual(
      await replicaSetsByHash(),
      { [first.status?.stableRS ?? '']: 1, [newHash]: 1 },
      'one ReplicaSet per revision after both restarts',
    );
  } catch (error) {
    failed = true;
    throw error;
  }
});
