// Clean-up on the simulated cluster: revisionHistoryLimit (old ReplicaSets at 0 deleted, oldest
// first, never the stable or the current one), AnalysisRun history limits, scaleDownDelayRevisionLimit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedCluster, canaryRollout, istioHostLevel } from '../harness/index.ts';

function deletedReplicaSets(cluster: SimulatedCluster): string[] {
  return cluster.decisions.flatMap((d) => d.actions.flatMap((a) => (a.type === 'deleteReplicaSet' ? [a.name] : [])));
}

test('revisionHistoryLimit: old ReplicaSets at 0 beyond the limit are deleted, oldest first', () => {
  const rollout = canaryRollout({ replicas: 2 });
  rollout.spec.revisionHistoryLimit = 2;
  const cluster = new SimulatedCluster(rollout);
  cluster.advance(5_000);
  const names: string[] = [];
  for (let version = 2; version <= 6; version++) {
    names.push(cluster.replicaSetByRevision(version - 1)?.name ?? '');
    cluster.setImage(`app:${version}`);
    cluster.advance(10_000);
    assert.equal(cluster.status.phase, 'Healthy');
  }
  const kept = [...cluster.replicaSets.values()];
  assert.equal(kept.length, 3, 'the current ReplicaSet and two old ones');
  assert.deepEqual(deletedReplicaSets(cluster), names.slice(0, 3), 'oldest first');
  const current = cluster.replicaSetByRevision(6);
  assert.ok(current && cluster.replicaSets.has(current.name));
  assert.equal(cluster.status.stableRS, current.podTemplateHash);
});

test('revisionHistoryLimit never deletes a ReplicaSet that still has pods, nor the stable one mid-update', () => {
  const rollout = canaryRollout({ replicas: 2, steps: [{ setWeight: 50 }, { pause: {} }] });
  rollout.spec.revisionHistoryLimit = 0;
  const cluster = new SimulatedCluster(rollout);
  cluster.advance(5_000);
  const stable = cluster.replicaSetByRevision(1);
  cluster.setImage('app:2');
  cluster.advance(10_000);
  assert.equal(cluster.status.phase, 'Paused');
  cluster.setImage('app:3');
  cluster.advance(10_000);
  assert.ok(stable && cluster.replicaSets.has(stable.name), 'the stable ReplicaSet stays');
  assert.equal(cluster.status.stableRS, stable.podTemplateHash);
  for (const name of deletedReplicaSets(cluster)) assert.notEqual(name, stable.name);
  assert.equal(cluster.replicaSetByRevision(2), undefined, 'the abandoned revision 2, at 0, is deleted');
});

test('successful and unsuccessful AnalysisRun history limits (spec.analysis)', () => {
  const rollout = canaryRollout({ replicas: 1, steps: [{ analysis: { templates: [{ templateName: 'smoke' }] } }] });
  rollout.spec.analysis = { successfulRunHistoryLimit: 1, unsuccessfulRunHistoryLimit: 1 };
  const cluster = new SimulatedCluster(rollout);
  cluster.advance(5_000);
  const outcomes = ['Successful', 'Successful', 'Failed', 'Successful', 'Failed', 'Successful'] as const;
  for (const [i, outcome] of outcomes.entries()) {
    cluster.setImage(`app:${i + 2}`);
    cluster.advance(5_000);
    const current = cluster.status.canary?.currentStepAnalysisRunStatus?.name;
    assert.ok(current, `a step run for app:${i + 2}`);
    cluster.setAnalysisPhase(current, outcome);
    cluster.advance(5_000);
    if (outcome === 'Failed') assert.equal(cluster.status.abort, true);
  }
  const runs = [...cluster.analysisRuns.values()];
  assert.equal(runs.filter((r) => r.phase === 'Failed').length, 1, 'one unsuccessful run kept');
  assert.ok(
    runs.filter((r) => r.phase === 'Successful').length <= 2,
    'one successful run kept besides the current one',
  );
  const deleted = cluster.decisions.flatMap((d) =>
    d.actions.flatMap((a) => (a.type === 'deleteAnalysisRun' ? [a.name] : [])),
  );
  assert.ok(deleted.length >= 3, `runs deleted: ${deleted.join(', ')}`);
});

test('scaleDownDelayRevisionLimit: only the newest old ReplicaSets wait for their delay', () => {
  const rollout = canaryRollout({
    replicas: 2,
    canary: { ...istioHostLevel(), scaleDownDelaySeconds: 120, scaleDownDelayRevisionLimit: 1 },
  });
  const cluster = new SimulatedCluster(rollout);
  cluster.advance(5_000);
  const v1 = cluster.replicaSetByRevision(1);
  cluster.setImage('app:2');
  cluster.advance(10_000);
  const v2 = cluster.replicaSetByRevision(2);
  assert.ok(v1 && v2);
  assert.equal(v1.replicas, 2, 'revision 1 waits for its delay');
  assert.ok(v1.annotations['scale-down-deadline']);
  cluster.setImage('app:3');
  cluster.advance(10_000);
  assert.equal(v2.replicas, 2, 'revision 2, the newest old one, waits');
  assert.equal(v1.replicas, 0, 'revision 1 is beyond the limit: scaled down at once');
  cluster.advance(130_000);
  assert.equal(v2.replicas, 0, 'revision 2 goes once its delay passed');
});
