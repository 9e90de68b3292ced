// 1 replica, steps [setWeight 50, pause 3s]: update, abort, retry, completion.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimulatedCluster, canaryRollout } from '../harness/index.ts';

function replicasByRevision(cluster: SimulatedCluster): Record<number, number> {
  const out: Record<number, number> = {};
  for (const rs of cluster.replicaSets.values()) out[rs.revision] = rs.replicas;
  return out;
}

test('1 replica with setWeight 50 and pause 3s: update, abort, retry, then healthy', () => {
  const cluster = new SimulatedCluster(
    canaryRollout({ replicas: 1, steps: [{ setWeight: 50 }, { pause: { duration: '3s' } }] }),
    { readyDelayMs: 0 },
  );
  cluster.settle();
  assert.equal(cluster.status.phase, 'Healthy');
  assert.deepEqual(replicasByRevision(cluster), { 1: 1 });

  cluster.setImage('app:2');
  cluster.advanceUntil((c) => c.status.phase === 'Paused', 10_000);
  assert.equal(cluster.status.message, 'CanaryPauseStep');
  assert.deepEqual(replicasByRevision(cluster), { 1: 1, 2: 1 });
  assert.equal(cluster.status.currentStepIndex, 1);

  cluster.patchStatus({ abort: true });
  cluster.settle();
  assert.equal(cluster.status.phase, 'Degraded');
  assert.match(cluster.status.message ?? '', /^RolloutAborted: Rollout aborted update to revision 2/);
  assert.deepEqual(replicasByRevision(cluster), { 1: 1, 2: 0 });
  assert.equal(cluster.status.abort, true);
  assert.equal(cluster.status.currentStepIndex, 0);

  cluster.patchStatus({ abort: false });
  cluster.settle();
  assert.equal(cluster.status.phase, 'Paused');
  assert.equal(cluster.status.message, 'CanaryPauseStep');
  assert.deepEqual(replicasByRevision(cluster), { 1: 1, 2: 1 });

  cluster.advance(3000);
  cluster.advance(1000);
  assert.equal(cluster.status.phase, 'Healthy');
  assert.deepEqual(replicasByRevision(cluster), { 1: 0, 2: 1 });
  assert.equal(cluster.status.stableRS, cluster.status.currentPodHash);
});
