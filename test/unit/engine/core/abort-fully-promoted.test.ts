// An abort of a fully promoted rollout (status.stableRS equal to status.currentPodHash) has no
// update to abort: as Argo's newRolloutContext, the engine removes the abort in the same pass and
// the rollout stays Healthy (Argo's TestIstioAbortUpdate aborts a Healthy rollout twice).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimulatedCluster, canaryRollout, istioHostLevel } from '../harness/index.ts';
import { BlueGreenSim, blueGreenRollout } from '../bluegreen/sim.ts';

test('canary: an abort of a fully promoted rollout is removed and the rollout stays Healthy', () => {
  const cluster = new SimulatedCluster(
    canaryRollout({ replicas: 2, steps: [{ setWeight: 50 }, { pause: {} }], canary: istioHostLevel() }),
  );
  cluster.settle();
  assert.equal(cluster.status.phase, 'Healthy');
  const stable = cluster.status.stableRS;

  cluster.patchStatus({ abort: true });
  const decision = cluster.reconcile();
  assert.equal(decision.status.abort, undefined, 'the abort is removed in the pass that sees it');
  assert.equal(decision.status.phase, 'Healthy');
  assert.ok(!decision.events.some((e) => e.reason === 'RolloutAborted'), 'no RolloutAborted event');
  cluster.settle();
  assert.equal(cluster.status.phase, 'Healthy');
  assert.equal(cluster.status.stableRS, stable);
  assert.equal(cluster.traffic?.canaryWeight ?? 0, 0);
  assert.equal(cluster.replicaSetByRevision(1)?.replicas, 2);
});

test('canary: an abort after a full promotion of a second revision leaves the new stable in place', () => {
  const cluster = new SimulatedCluster(
    canaryRollout({ replicas: 1, steps: [{ setWeight: 50 }, { pause: {} }], canary: istioHostLevel() }),
  );
  cluster.settle();
  cluster.setImage('app:2');
  cluster.advanceUntil((c) => c.status.phase === 'Paused');
  cluster.patchStatus({ pauseConditions: null });
  cluster.advanceUntil((c) => c.status.phase === 'Healthy');
  const stable = cluster.status.stableRS;

  cluster.patchStatus({ abort: true });
  cluster.settle();
  assert.equal(cluster.status.phase, 'Healthy');
  assert.equal(cluster.status.abort, undefined);
  assert.equal(cluster.status.stableRS, stable);
  assert.equal(cluster.replicaSetByRevision(2)?.replicas, 1);
});

test('blue-green: an abort of a fully promoted rollout is removed and the rollout stays Healthy', () => {
  const sim = new BlueGreenSim(blueGreenRollout({ previewService: 'myapp-preview' }));
  sim.advance(10_000);
  assert.equal(sim.status.phase, 'Healthy');
  const active = sim.services['myapp-active'];

  sim.abort();
  const decision = sim.reconcile();
  assert.equal(decision.status.abort, undefined, 'the abort is removed in the pass that sees it');
  assert.equal(decision.status.phase, 'Healthy');
  sim.settle();
  assert.equal(sim.status.phase, 'Healthy');
  assert.equal(sim.services['myapp-active'], active);
});
