// The previous stable waiting for its scaleDownDelaySeconds is not a lack of progress: a canary
// rollout that finished its update stays Healthy past its progress deadline (Argo's
// isWaitingForReplicaSetScaleDown, and its e2e test TestCanaryScaleDownDelayWithProgressDeadline).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimulatedCluster, canaryRollout, istioHostLevel } from '../harness/index.ts';

function setUp(progressDeadlineAbort: boolean): SimulatedCluster {
  const steps = [{ setWeight: 50 }, { pause: { duration: '2s' } }];
  const rollout = canaryRollout({ replicas: 1, steps, canary: { ...istioHostLevel(), scaleDownDelaySeconds: 30 } });
  rollout.spec.progressDeadlineSeconds = 5;
  if (progressDeadlineAbort) rollout.spec.progressDeadlineAbort = true;
  const cluster = new SimulatedCluster(rollout);
  cluster.settle();
  cluster.setImage('app:2');
  cluster.advanceUntil((c) => c.status.phase === 'Healthy' && c.status.stableRS === c.status.currentPodHash, 60_000);
  return cluster;
}

function oldStable(cluster: SimulatedCluster) {
  return [...cluster.replicaSets.values()].find((rs) => rs.podTemplateHash !== cluster.status.currentPodHash);
}

for (const abort of [false, true]) {
  test(`a canary whose previous stable waits for its scale-down delay does not time out (progressDeadlineAbort: ${abort})`, () => {
    const cluster = setUp(abort);
    const old = oldStable(cluster);
    assert.equal(old?.replicas, 1, 'the previous stable is still up');
    assert.ok(old?.annotations['scale-down-deadline'], 'it waits for its scale-down deadline');
    cluster.advance(10_000); // twice the progress deadline, within the 30 s delay
    assert.equal(old?.replicas, 1, 'still waiting');
    const progressing = cluster.status.conditions?.find((c) => c.type === 'Progressing');
    assert.notEqual(progressing?.reason, 'ProgressDeadlineExceeded', JSON.stringify(progressing));
    assert.equal(cluster.status.phase, 'Healthy', cluster.status.message);
    assert.notEqual(cluster.status.abort, true);
    cluster.advance(25_000);
    assert.equal(old?.replicas, 0, 'scaled down once the delay is over');
    assert.equal(cluster.status.phase, 'Healthy', cluster.status.message);
  });
}
