// Going back to the stable revision with dynamicStableScale (Argo's IsDynamicallyRollingBackToStable):
// until the stable ReplicaSet is fully available again, the canary Service keeps selecting the
// interrupted canary, which keeps its traffic (Argo's TestCanaryDynamicStableScaleRollbackToStable).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimulatedCluster, canaryRollout, istioHostLevel } from '../harness/index.ts';

test('rolling back to stable with dynamicStableScale leaves the canary Service on the interrupted canary until the stable is fully available', () => {
  const steps = [{ setWeight: 25 }, { pause: {} }, { setWeight: 75 }, { pause: {} }];
  const rollout = canaryRollout({ replicas: 4, steps, canary: { ...istioHostLevel(), dynamicStableScale: true } });
  const cluster = new SimulatedCluster(rollout);
  cluster.settle();
  const stable = cluster.status.stableRS;
  cluster.setImage('app:2');
  cluster.advanceUntil((c) => c.status.phase === 'Paused' && c.status.currentStepIndex === 1);
  const canary = cluster.status.currentPodHash;
  assert.equal(cluster.replicaSetByRevision(1)?.replicas, 3, 'dynamicStableScale took a stable pod away');
  assert.equal(cluster.serviceSelectors['app-canary'], canary);

  cluster.readyDelayMs = 60_000; // the stable pod scaled up again is not ready for a minute
  cluster.setImage('app:1');
  cluster.advance(5_000);
  assert.equal(cluster.status.currentPodHash, stable, 'back on the stable template');
  assert.equal(cluster.replicaSetByRevision(3)?.replicas, 4, 'the stable scales up at once');
  assert.equal(cluster.replicaSetByRevision(2)?.replicas, 1, 'the interrupted canary stays');
  assert.equal(cluster.status.canary?.weights?.canary.podTemplateHash, canary);
  assert.equal(cluster.status.canary?.weights?.canary.weight, 25, 'the canary keeps its traffic');
  assert.equal(cluster.serviceSelectors['app-canary'], canary, 'the canary Service still selects the canary');
  assert.equal(cluster.serviceSelectors['app-stable'], stable);

  cluster.advanceUntil((c) => c.replicaSetByRevision(2)?.replicas === 0, 120_000);
  assert.equal(
    cluster.serviceSelectors['app-canary'],
    stable,
    'once the stable is whole, the canary Service selects it',
  );
  assert.equal(cluster.status.canary?.weights?.canary.weight, 0);
});
