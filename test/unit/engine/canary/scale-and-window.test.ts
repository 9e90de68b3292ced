// spec.replicas changed without a new revision, maxTrafficWeight other than 100, rollbackWindow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedCluster, canaryRollout, checkInvariants, istioHostLevel } from '../harness/index.ts';
import { blueGreenRollout } from '../bluegreen/sim.ts';

function setReplicas(cluster: SimulatedCluster, replicas: number): void {
  cluster.updateSpec((spec) => {
    spec.replicas = replicas;
  });
}

test('spec.replicas changed on a Healthy canary: scaled in place, no new revision', () => {
  const cluster = new SimulatedCluster(canaryRollout({ replicas: 2, steps: [{ setWeight: 50 }, { pause: {} }] }));
  cluster.advance(5_000);
  setReplicas(cluster, 5);
  cluster.advance(5_000);
  assert.equal(cluster.replicaSets.size, 1);
  const rs = cluster.replicaSetByRevision(1);
  assert.equal(rs?.replicas, 5);
  assert.equal(rs?.annotations['rollout.argoproj.io/desired-replicas'], '5');
  assert.equal(cluster.status.phase, 'Healthy');
  assert.equal(cluster.status.availableReplicas, 5);
});

test('spec.replicas changed mid-update: both revisions follow the new count, the step holds', () => {
  const cluster = new SimulatedCluster(canaryRollout({ replicas: 4, steps: [{ setWeight: 50 }, { pause: {} }] }));
  cluster.advance(5_000);
  cluster.setImage('app:2');
  cluster.advance(10_000);
  assert.equal(cluster.status.phase, 'Paused');
  setReplicas(cluster, 8);
  cluster.advance(10_000);
  assert.equal(cluster.replicaSets.size, 2, 'no new revision');
  assert.equal(cluster.replicaSetByRevision(2)?.replicas, 4);
  assert.equal(cluster.replicaSetByRevision(1)?.replicas, 4);
  assert.equal(cluster.status.currentStepIndex, 1);
  assert.equal(cluster.status.phase, 'Paused');
});

test('spec.replicas changed on a Healthy blue-green: the active ReplicaSet is scaled, nothing else moves', () => {
  const cluster = new SimulatedCluster(blueGreenRollout({ previewService: 'myapp-preview' }, 3));
  cluster.advance(5_000);
  const active = cluster.serviceSelectors['myapp-active'];
  setReplicas(cluster, 6);
  cluster.advance(5_000);
  assert.equal(cluster.replicaSets.size, 1);
  assert.equal(cluster.replicaSetByRevision(1)?.replicas, 6);
  assert.equal(cluster.serviceSelectors['myapp-active'], active);
  assert.equal(cluster.status.phase, 'Healthy');
  assert.equal(cluster.status.conditions?.find((c) => c.type === 'Available')?.status, 'True');
});

test('maxTrafficWeight 1000: step weights are parts of 1000, replicas follow that share', () => {
  const strategy = istioHostLevel();
  const trafficRouting = { ...strategy.trafficRouting, maxTrafficWeight: 1000 };
  const rollout = canaryRollout({
    replicas: 10,
    steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 500 }, { pause: {} }],
    canary: { ...strategy, trafficRouting },
  });
  const cluster = new SimulatedCluster(rollout, { onDecision: (_d, c) => assert.deepEqual(checkInvariants(c), []) });
  cluster.advance(5_000);
  cluster.setImage('app:2');
  cluster.advance(10_000);
  assert.equal(cluster.traffic?.canaryWeight, 50);
  assert.equal(cluster.status.canary?.weights?.stable.weight, 950);
  assert.equal(cluster.replicaSetByRevision(2)?.replicas, 1, 'ceil(10 * 50 / 1000)');
  cluster.patchStatus({ pauseConditions: null });
  cluster.advance(10_000);
  assert.equal(cluster.traffic?.canaryWeight, 500);
  assert.equal(cluster.replicaSetByRevision(2)?.replicas, 5);
  cluster.patchStatus({ pauseConditions: null });
  cluster.advance(10_000);
  assert.equal(cluster.status.phase, 'Healthy');
  assert.equal(cluster.traffic?.canaryWeight, 0, 'all traffic on the promoted stable');
  assert.equal(cluster.status.canary?.weights?.stable.weight, 1000);
});

test('a setWeight above maxTrafficWeight is refused with InvalidSpec', () => {
  const cluster = new SimulatedCluster(canaryRollout({ replicas: 1, steps: [{ setWeight: 150 }] }));
  cluster.settle();
  assert.equal(cluster.status.phase, 'Degraded');
  assert.match(cluster.status.message ?? '', /setWeight: 150 must be between 0 and 100/);
});

function undoTo(cluster: SimulatedCluster, image: string): void {
  cluster.setImage(image);
}

for (const [window, skips] of [
  [undefined, false],
  [{ revisions: 3 }, true],
] as const) {
  test(`rollbackWindow ${JSON.stringify(window)}: going back to an earlier revision ${skips ? 'skips' : 'goes through'} the steps`, () => {
    const rollout = canaryRollout({ replicas: 2, steps: [{ setWeight: 50 }, { pause: {} }] });
    if (window) rollout.spec.rollbackWindow = window;
    const cluster = new SimulatedCluster(rollout);
    cluster.advance(5_000);
    const first = cluster.replicaSetByRevision(1);
    cluster.setImage('app:2');
    cluster.advance(10_000);
    cluster.patchStatus({ promoteFull: true });
    cluster.advance(10_000);
    assert.equal(cluster.status.phase, 'Healthy');
    undoTo(cluster, 'app:1');
    cluster.advance(15_000);
    assert.equal(cluster.status.phase, skips ? 'Healthy' : 'Paused');
    if (skips) {
      assert.equal(cluster.status.stableRS, first?.podTemplateHash);
      assert.ok(
        cluster.events.some((e) => e.reason === 'SkipSteps' || e.message.includes('Rollback within window')),
        'says why the steps were skipped',
      );
    }
  });
}
