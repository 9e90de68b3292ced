// Metadata Argo writes: the Rollout's revision annotation, and on ReplicaSets the revision,
// revision-history, desired-replicas and the Rollout's own annotations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Action } from '../../../../src/engine/types.ts';
import { SimulatedCluster, canaryRollout } from '../harness/index.ts';
import { blueGreenRollout } from '../bluegreen/sim.ts';

const REVISION = 'rollout.argoproj.io/revision';

function rolloutAnnotationActions(cluster: SimulatedCluster): Action[] {
  return cluster.decisions.flatMap((d) => d.actions.filter((a) => a.type === 'setRolloutAnnotations'));
}

for (const [name, make] of [
  ['canary', () => canaryRollout({ replicas: 2, steps: [{ setWeight: 50 }] })],
  ['blue-green', () => blueGreenRollout({}, 2)],
] as const) {
  test(`${name}: the Rollout carries its current revision, written only when it changes`, () => {
    const rollout = make();
    rollout.metadata.annotations = { team: 'payments', 'kubectl.kubernetes.io/last-applied-configuration': '{}' };
    const cluster = new SimulatedCluster(rollout);
    cluster.advance(5_000);
    assert.equal(cluster.rollout.metadata.annotations?.[REVISION], '1');
    assert.deepEqual(rolloutAnnotationActions(cluster), [
      { type: 'setRolloutAnnotations', annotations: { [REVISION]: '1' } },
    ]);

    const created = cluster.decisions.flatMap((d) => d.actions).find((a) => a.type === 'createReplicaSet');
    assert.ok(created?.type === 'createReplicaSet');
    assert.deepEqual(created.annotations, {
      team: 'payments',
      [REVISION]: '1',
      'rollout.argoproj.io/desired-replicas': '2',
    });

    cluster.setImage('app:2');
    cluster.advance(60_000);
    assert.equal(cluster.rollout.metadata.annotations?.[REVISION], '2');
    assert.equal(rolloutAnnotationActions(cluster).length, 2);
    assert.equal(cluster.rollout.metadata.annotations?.team, 'payments', 'other annotations are left alone');
  });
}

test('a ReplicaSet reused by going back keeps the revisions it served in revision-history', () => {
  const cluster = new SimulatedCluster(canaryRollout({ replicas: 1 }));
  cluster.advance(5_000);
  cluster.setImage('app:2');
  cluster.advance(5_000);
  cluster.setImage('app:1');
  cluster.advance(5_000);
  const first = cluster.replicaSetByRevision(3);
  assert.ok(first);
  assert.equal(first.annotations['rollout.argoproj.io/revision-history'], '1');
  cluster.setImage('app:2');
  cluster.advance(5_000);
  cluster.setImage('app:1');
  cluster.advance(5_000);
  assert.equal(first.revision, 5);
  assert.equal(first.annotations['rollout.argoproj.io/revision-history'], '1,3');
  assert.equal(cluster.rollout.metadata.annotations?.[REVISION], '5');
});

test('an annotation added to the Rollout is copied to its new ReplicaSet, once', () => {
  const cluster = new SimulatedCluster(canaryRollout({ replicas: 1 }));
  cluster.advance(5_000);
  cluster.rollout.metadata.annotations = { ...cluster.rollout.metadata.annotations, owner: 'team-a' };
  cluster.settle();
  const rs = cluster.replicaSetByRevision(1);
  assert.equal(rs?.annotations.owner, 'team-a');
  const updates = cluster.decisions
    .flatMap((d) => d.actions)
    .filter((a) => a.type === 'updateReplicaSetMetadata' && a.annotations?.owner === 'team-a');
  assert.equal(updates.length, 1);
});
