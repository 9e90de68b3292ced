// spec.restartAt on the simulated cluster: pods older than restartAt are deleted within the
// availability budget, stable first; status.restartedAt records the end; the phase says so meanwhile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import type { Decision } from '../../../../src/engine/types.ts';
import { decide } from '../../../../src/engine/decide.ts';
import { RESTART_CHECK_MS, restartConcurrency } from '../../../../src/engine/core/restart.ts';
import { formatTimestamp } from '../../../../src/conventions/timestamps.ts';
import { SimulatedCluster, canaryRollout, type ClusterOptions } from '../harness/index.ts';
import { blueGreenRollout } from '../bluegreen/sim.ts';

function deletesIn(decision: Decision): string[] {
  return decision.actions.flatMap((a) => (a.type === 'deletePod' ? [a.name] : []));
}

function healthy(rollout: Rollout, options: ClusterOptions = {}): SimulatedCluster {
  const cluster = new SimulatedCluster(rollout, { readyDelayMs: 2_000, ...options });
  cluster.advance(10_000);
  assert.equal(cluster.status.phase, 'Healthy');
  return cluster;
}

function restart(cluster: SimulatedCluster): string {
  const at = formatTimestamp(cluster.now);
  cluster.updateSpec((spec) => {
    spec.restartAt = at;
  });
  cluster.now += 1_000;
  return at;
}

function allPodsAfter(cluster: SimulatedCluster, at: string): boolean {
  const instant = Date.parse(at);
  return [...cluster.replicaSets.values()].every((rs) => rs.pods.every((p) => p.createdAt >= instant));
}

const rollouts: Array<[string, () => Rollout, number]> = [
  [
    'canary, 4 replicas, maxUnavailable 25%',
    () => canaryRollout({ replicas: 4, steps: [{ setWeight: 50 }, { pause: {} }] }),
    1,
  ],
  ['canary, 10 replicas, maxUnavailable 2', () => canaryRollout({ replicas: 10, canary: { maxUnavailable: 2 } }), 2],
  ['blue-green, 3 replicas, maxUnavailable unset', () => blueGreenRollout({ previewService: 'myapp-preview' }, 3), 1],
  ['blue-green, 8 replicas, maxUnavailable 50%', () => blueGreenRollout({ maxUnavailable: '50%' }, 8), 4],
];

for (const [name, make, concurrency] of rollouts) {
  test(`restart (${name}): every pod replaced, at most ${concurrency} at once, restartedAt set`, () => {
    const rollout = make();
    assert.equal(restartConcurrency(rollout), concurrency);
    const cluster = healthy(rollout);
    const replicas = rollout.spec.replicas ?? 1;
    const at = restart(cluster);
    const first = cluster.reconcile();
    assert.equal(deletesIn(first).length, concurrency);
    assert.equal(first.status.phase, 'Progressing');
    assert.equal(first.status.message, 'rollout is restarting');
    assert.equal(first.status.restartedAt, undefined);
    assert.equal(first.requeueAfterMs, RESTART_CHECK_MS, 'looks again while old pods remain');

    let minAvailable = replicas;
    cluster.onDecision = (decision, c) => {
      assert.ok(deletesIn(decision).length <= concurrency, 'never more than the budget in one pass');
      const available = [...c.replicaSets.values()].reduce(
        (sum, rs) => sum + c.livePods(rs.name).filter((p) => p.readyAt !== undefined && p.readyAt <= c.now).length,
        0,
      );
      minAvailable = Math.min(minAvailable, available);
    };
    cluster.advanceUntil((c) => c.status.restartedAt !== undefined, 120_000);
    assert.equal(cluster.status.restartedAt, at);
    assert.ok(allPodsAfter(cluster, at), 'no pod older than restartAt is left');
    assert.equal(cluster.deletedPods.length, replicas, 'each old pod deleted exactly once');
    assert.ok(minAvailable >= replicas - concurrency, `availability went down to ${minAvailable}`);
    cluster.advance(5_000);
    assert.equal(cluster.status.phase, 'Healthy');
    assert.equal(cluster.replicaSets.size, 1, 'a restart creates no revision');
  });
}

test('restart during a canary update: stable pods first, then the canary', () => {
  const cluster = healthy(canaryRollout({ replicas: 4, steps: [{ setWeight: 50 }, { pause: {} }] }));
  cluster.setImage('app:2');
  cluster.advance(10_000);
  assert.equal(cluster.status.phase, 'Paused');
  const stable = cluster.replicaSetByRevision(1);
  const canary = cluster.replicaSetByRevision(2);
  assert.ok(stable && canary);
  const stablePods = new Set(stable.pods.map((p) => p.name));
  const canaryPods = new Set(canary.pods.map((p) => p.name));
  const at = restart(cluster);
  cluster.advanceUntil((c) => c.status.restartedAt !== undefined, 120_000);
  assert.equal(cluster.status.restartedAt, at);
  const order = cluster.deletedPods;
  assert.equal(order.length, stablePods.size + canaryPods.size);
  const lastStable = Math.max(...order.map((n, i) => (stablePods.has(n) ? i : -1)));
  const firstCanary = Math.min(...order.map((n, i) => (canaryPods.has(n) ? i : order.length)));
  assert.ok(lastStable < firstCanary, `stable first: ${order.join(', ')}`);
  assert.equal(cluster.status.phase, 'Paused', 'the update is still paused at its step');
  assert.equal(cluster.status.currentStepIndex, 1);
});

test('a pod being deleted holds further deletions only through availability', () => {
  const cluster = healthy(canaryRollout({ replicas: 3 }), { terminationMs: 20_000 });
  restart(cluster);
  const first = cluster.reconcile();
  assert.equal(deletesIn(first).length, 1);
  cluster.now += 1_000;
  const second = cluster.reconcile();
  assert.deepEqual(deletesIn(second), [], 'the replacement is not available yet');
  cluster.now += 2_000;
  const third = cluster.reconcile();
  assert.equal(deletesIn(third).length, 1, 'the replacement is available: the next old pod goes');
  assert.notEqual(deletesIn(third)[0], deletesIn(first)[0], 'a pod already being deleted is not deleted again');
});

test('restartAt in the future: nothing yet, called back when it comes', () => {
  const cluster = healthy(canaryRollout({ replicas: 2 }));
  const at = cluster.now + 45_000;
  cluster.updateSpec((spec) => {
    spec.restartAt = formatTimestamp(at);
  });
  const decision = cluster.reconcile();
  assert.deepEqual(deletesIn(decision), []);
  assert.ok(
    decision.requeueAfterMs !== undefined && decision.requeueAfterMs <= 45_000,
    `requeue ${decision.requeueAfterMs}`,
  );
  cluster.now = at;
  assert.equal(deletesIn(cluster.reconcile()).length, 1);
});

test('without pods reported the engine deletes nothing and the phase keeps saying it is restarting', () => {
  const cluster = healthy(canaryRollout({ replicas: 2 }), { reportPods: false });
  restart(cluster);
  cluster.advance(60_000);
  assert.deepEqual(cluster.deletedPods, []);
  assert.equal(cluster.status.restartedAt, undefined);
  assert.equal(cluster.status.message, 'rollout is restarting');
});

test('a finished restart is not repeated; a later restartAt restarts again', () => {
  const cluster = healthy(canaryRollout({ replicas: 2 }));
  restart(cluster);
  cluster.advanceUntil((c) => c.status.restartedAt !== undefined, 60_000);
  const count = cluster.deletedPods.length;
  cluster.advance(60_000);
  assert.equal(cluster.deletedPods.length, count);
  const observed = cluster.observe();
  assert.deepEqual(deletesIn(decide(observed, cluster.now)), []);
  const again = restart(cluster);
  cluster.advanceUntil((c) => c.status.restartedAt === again, 60_000);
  assert.equal(cluster.deletedPods.length, count * 2);
});

test('restart: an eviction a PodDisruptionBudget refuses is asked again, and restartedAt waits until no old pod is left', () => {
  const rollout = canaryRollout({ replicas: 3, steps: [{ setWeight: 50 }, { pause: {} }] });
  const cluster = healthy(rollout);
  // Every third eviction is refused (the pod keeps running), as a PodDisruptionBudget would.
  let asked = 0;
  cluster.evictionRefused = () => ++asked % 3 === 0;
  const at = restart(cluster);
  for (let tick = 0; tick < 120 && cluster.status.restartedAt === undefined; tick++) {
    cluster.advance(1_000);
    if (cluster.status.restartedAt !== undefined)
      assert.ok(allPodsAfter(cluster, at), 'restartedAt was set while a pod older than restartAt still ran');
  }
  assert.equal(cluster.status.restartedAt, at);
  assert.ok(asked > 3, `evictions asked: ${asked}`);
  assert.ok(allPodsAfter(cluster, at));
});
