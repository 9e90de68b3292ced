// Kubernetes' Deployment controller, step by step: a simulated cluster where the plan's scale
// actions happen at once and pods become available when the test says, checked against the
// sequence Kubernetes' rolling update goes through (within maxSurge and maxUnavailable at every
// step), Recreate, proportional scaling mid-rollout (Kubernetes' documented example) and pausing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fenceposts,
  isScalingEvent,
  planDeployment,
  replicaAnnotations,
  type DeploymentShape,
  type ReplicaSetState,
} from '../../../../../src/runtime/local/workloads/deployment-plan.ts';

function rolling(replicas: number, maxSurge: number | string, maxUnavailable: number | string): DeploymentShape {
  return { replicas, strategy: { type: 'RollingUpdate', maxSurge, maxUnavailable }, revisionHistoryLimit: 10 };
}

/** Applies a plan to the ReplicaSets (scaling is immediate; availability is what `available` says). */
function apply(sets: ReplicaSetState[], shape: DeploymentShape, hash: string, clock: { now: number }): boolean {
  const plan = planDeployment(shape, hash, sets);
  if (plan.create)
    sets.push({
      name: `d-${hash}`,
      podTemplateHash: hash,
      replicas: plan.create.replicas,
      availableReplicas: 0,
      pods: plan.create.replicas,
      createdAt: clock.now++,
    });
  for (const { name, replicas } of plan.scale) {
    const rs = sets.find((s) => s.name === name);
    assert.ok(rs);
    rs.replicas = replicas;
    rs.pods = replicas;
    rs.availableReplicas = Math.min(rs.availableReplicas, replicas);
  }
  for (const name of plan.delete)
    sets.splice(
      sets.findIndex((s) => s.name === name),
      1,
    );
  return Boolean(plan.create) || plan.scale.length > 0 || plan.delete.length > 0;
}

/** Runs the rollout to the end: after each quiet plan, every pod becomes available. Returns (total, available) after each step. */
function rollout(shape: DeploymentShape, sets: ReplicaSetState[], hash: string): Array<[number, number]> {
  const clock = { now: 100 };
  const seen: Array<[number, number]> = [];
  for (let step = 0; step < 100; step++) {
    const changed = apply(sets, shape, hash, clock);
    const total = sets.reduce((n, rs) => n + rs.replicas, 0);
    const available = sets.reduce((n, rs) => n + rs.availableReplicas, 0);
    seen.push([total, available]);
    if (!changed) {
      const pending = sets.filter((rs) => rs.availableReplicas < rs.replicas);
      if (pending.length === 0) return seen;
      for (const rs of pending) rs.availableReplicas = rs.replicas;
    }
  }
  assert.fail('the rollout did not finish');
}

const stable = (replicas: number): ReplicaSetState => ({
  name: 'd-old',
  podTemplateHash: 'old',
  replicas,
  availableReplicas: replicas,
  pods: replicas,
  createdAt: 1,
});

test('fenceposts: surge rounds up, unavailable down, both 0 means 1 unavailable', () => {
  assert.deepEqual(fenceposts(rolling(10, '25%', '25%')), { maxSurge: 3, maxUnavailable: 2 });
  assert.deepEqual(fenceposts(rolling(3, 0, 0)), { maxSurge: 0, maxUnavailable: 1 });
  assert.deepEqual(fenceposts(rolling(2, 0, 5)), { maxSurge: 0, maxUnavailable: 2 });
});

test('a first rollout creates the ReplicaSet with all replicas', () => {
  assert.deepEqual(planDeployment(rolling(4, 1, 0), 'h', []), {
    mode: 'rollout',
    create: { replicas: 4 },
    scale: [],
    delete: [],
  });
});

test('maxSurge 1, maxUnavailable 0: never more than replicas+1 pods, never fewer than replicas available', () => {
  const sets = [stable(4)];
  const seen = rollout(rolling(4, 1, 0), sets, 'new');
  for (const [total, available] of seen) {
    assert.ok(total <= 5, JSON.stringify(seen));
    assert.ok(available >= 4, JSON.stringify(seen));
  }
  // Kubernetes' sequence: +1 new, -1 old, ... (one surge pod at a time).
  assert.deepEqual(seen.slice(0, 4), [
    [5, 4],
    [5, 4],
    [4, 4],
    [5, 4],
  ]);
  assert.deepEqual(
    sets.map((rs) => [rs.name, rs.replicas]),
    [
      ['d-old', 0],
      ['d-new', 4],
    ],
  );
});

test('maxSurge 0, maxUnavailable 2: old pods go first, two at a time', () => {
  const sets = [stable(4)];
  const seen = rollout(rolling(4, 0, 2), sets, 'new');
  for (const [total, available] of seen) {
    assert.ok(total <= 4, JSON.stringify(seen));
    assert.ok(available >= 2, JSON.stringify(seen));
  }
  // The new ReplicaSet created with 0 replicas and the old one scaled 4 -> 2 in the same sync, as Kubernetes does.
  assert.deepEqual(seen[0], [2, 2]);
  assert.deepEqual(seen[1], [4, 2]); // new scaled 0 -> 2
});

test('unhealthy pods of old ReplicaSets are scaled down first, even below what availability allows', () => {
  const broken: ReplicaSetState = {
    name: 'd-bad',
    podTemplateHash: 'bad',
    replicas: 2,
    availableReplicas: 0,
    pods: 2,
    createdAt: 2,
  };
  const plan = planDeployment(rolling(4, 1, 1), 'new', [
    stable(3),
    broken,
    { name: 'd-new', podTemplateHash: 'new', replicas: 0, availableReplicas: 0, pods: 0, createdAt: 3 },
  ]);
  // total 5, minAvailable 3: 2 may go; both from the broken set; available 3 - 3 = 0 more.
  assert.deepEqual(plan.scale, [{ name: 'd-bad', replicas: 0 }]);
});

test('Recreate: every old pod stops before the new ReplicaSet scales up', () => {
  const shape: DeploymentShape = { replicas: 3, strategy: { type: 'Recreate' }, revisionHistoryLimit: 10 };
  const old = stable(3);
  assert.deepEqual(planDeployment(shape, 'new', [old]).scale, [{ name: 'd-old', replicas: 0 }]);
  assert.deepEqual(planDeployment(shape, 'new', [{ ...old, replicas: 0, pods: 2, availableReplicas: 0 }]), {
    mode: 'rollout',
    scale: [],
    delete: [],
  });
  assert.deepEqual(planDeployment(shape, 'new', [{ ...old, replicas: 0, pods: 0, availableReplicas: 0 }]).create, {
    replicas: 3,
  });
});

test('old ReplicaSets beyond revisionHistoryLimit are deleted, oldest first', () => {
  const idle = (n: number): ReplicaSetState => ({
    name: `d-${n}`,
    podTemplateHash: `h${n}`,
    replicas: 0,
    availableReplicas: 0,
    pods: 0,
    createdAt: n,
  });
  const current: ReplicaSetState = {
    name: 'd-new',
    podTemplateHash: 'new',
    replicas: 1,
    availableReplicas: 1,
    pods: 1,
    createdAt: 10,
  };
  const plan = planDeployment({ ...rolling(1, 1, 0), revisionHistoryLimit: 1 }, 'new', [
    idle(3),
    idle(1),
    idle(2),
    current,
  ]);
  assert.deepEqual(plan.delete, ['d-1', 'd-2']);
});

/** The two ReplicaSets of Kubernetes' documented example: 10 replicas, maxSurge 3, a rollout stuck at 8 old + 5 new. */
function stuckRollout(): ReplicaSetState[] {
  const sized = { desiredReplicas: 10, maxReplicas: 13 };
  return [
    { name: 'd-old', podTemplateHash: 'old', replicas: 8, availableReplicas: 8, pods: 8, createdAt: 1, ...sized },
    { name: 'd-new', podTemplateHash: 'new', replicas: 5, availableReplicas: 0, pods: 5, createdAt: 2, ...sized },
  ];
}

test('scaled mid-rollout: 10 -> 15 adds 3 to the old ReplicaSet and 2 to the new one (the documented example)', () => {
  const sets = stuckRollout();
  assert.equal(isScalingEvent(rolling(15, 3, 2), sets), true);
  const plan = planDeployment({ ...rolling(15, 3, 2), statusReplicas: 13 }, 'new', sets);
  assert.equal(plan.mode, 'scale');
  assert.equal(plan.create, undefined);
  assert.deepEqual(plan.scale, [
    { name: 'd-old', replicas: 11 },
    { name: 'd-new', replicas: 7 },
  ]);
  assert.deepEqual(replicaAnnotations(rolling(15, 3, 2)), {
    'deployment.kubernetes.io/desired-replicas': '15',
    'deployment.kubernetes.io/max-replicas': '18',
  });
});

test('scaled down mid-rollout: the largest ReplicaSet takes the rounding leftover, none goes below 0', () => {
  const plan = planDeployment({ ...rolling(5, 3, 2), statusReplicas: 13 }, 'new', stuckRollout());
  // allowed 5 + 3 = 8, 13 now: 5 to remove; old 8 * 8/13 = 4.9 -> 5 (-3), new 5 * 8/13 = 3.1 -> 3 (-2).
  assert.deepEqual(plan.scale, [
    { name: 'd-old', replicas: 5 },
    { name: 'd-new', replicas: 3 },
  ]);
  const toZero = planDeployment({ ...rolling(0, 3, 2), statusReplicas: 13 }, 'new', stuckRollout());
  assert.deepEqual(toZero.scale, [
    { name: 'd-old', replicas: 0 },
    { name: 'd-new', replicas: 0 },
  ]);
});

test('scaled with a single active ReplicaSet: it takes spec.replicas; without max-replicas the last status.replicas is the base', () => {
  const one = [{ ...stable(3), desiredReplicas: 3, maxReplicas: 4 }];
  assert.deepEqual(planDeployment(rolling(6, 1, 0), 'old', one).scale, [{ name: 'd-old', replicas: 6 }]);
  const unannotated = stuckRollout().map(({ maxReplicas: _max, ...rs }) => rs);
  const plan = planDeployment({ ...rolling(15, 3, 2), statusReplicas: 13 }, 'new', unannotated);
  assert.deepEqual(plan.scale, [
    { name: 'd-old', replicas: 11 },
    { name: 'd-new', replicas: 7 },
  ]);
});

test('the same scale again is no scaling event: the rollout goes on', () => {
  const sets = stuckRollout().map((rs) => ({ ...rs, desiredReplicas: 15, maxReplicas: 18 }));
  assert.equal(isScalingEvent(rolling(15, 3, 2), sets), false);
  assert.equal(planDeployment(rolling(15, 3, 2), 'new', sets).mode, 'rollout');
});

test('paused: a new template creates no ReplicaSet; a scale is spread; resumed, the rollout starts', () => {
  const paused = { ...rolling(4, 1, 0), paused: true };
  const sets = [{ ...stable(4), desiredReplicas: 4, maxReplicas: 5 }];
  assert.deepEqual(planDeployment(paused, 'new', sets), { mode: 'scale', scale: [], delete: [] });
  assert.deepEqual(planDeployment({ ...paused, replicas: 6 }, 'new', sets).scale, [{ name: 'd-old', replicas: 6 }]);
  const stuck = stuckRollout();
  const midway = planDeployment({ ...rolling(10, 3, 2), paused: true }, 'other', stuck);
  assert.deepEqual(midway, { mode: 'scale', scale: [], delete: [] }, 'paused mid-rollout: nothing moves');
  assert.deepEqual(planDeployment(rolling(4, 1, 0), 'new', sets).create, { replicas: 1 });
});

test('a saturated new ReplicaSet takes the scale, the old ones go to 0', () => {
  const sets: ReplicaSetState[] = [
    { ...stable(1), desiredReplicas: 4, maxReplicas: 5 },
    {
      name: 'd-new',
      podTemplateHash: 'new',
      replicas: 4,
      availableReplicas: 4,
      pods: 4,
      createdAt: 2,
      desiredReplicas: 4,
    },
  ];
  assert.deepEqual(planDeployment({ ...rolling(4, 1, 0), paused: true }, 'new', sets).scale, [
    { name: 'd-old', replicas: 0 },
  ]);
});

test('old ReplicaSets are not deleted while the rollout is under way', () => {
  const idle = (n: number): ReplicaSetState => ({
    name: `d-${n}`,
    podTemplateHash: `h${n}`,
    replicas: 0,
    availableReplicas: 0,
    pods: 0,
    createdAt: n,
  });
  const pending: ReplicaSetState = {
    name: 'd-new',
    podTemplateHash: 'new',
    replicas: 2,
    availableReplicas: 1,
    pods: 2,
    createdAt: 10,
  };
  const plan = planDeployment({ ...rolling(2, 1, 0), revisionHistoryLimit: 0 }, 'new', [idle(1), pending]);
  assert.deepEqual(plan.delete, []);
  const done = planDeployment({ ...rolling(2, 1, 0), revisionHistoryLimit: 0 }, 'new', [
    idle(1),
    { ...pending, availableReplicas: 2 },
  ]);
  assert.deepEqual(done.delete, ['d-1']);
});

test('history goes by revision: a ReplicaSet rolled back to and then replaced is the newest old one', () => {
  const idle = (name: string, revision: number, createdAt: number): ReplicaSetState => ({
    name,
    podTemplateHash: name,
    replicas: 0,
    availableReplicas: 0,
    pods: 0,
    createdAt,
    revision,
  });
  const current: ReplicaSetState = {
    name: 'c',
    podTemplateHash: 'c',
    replicas: 1,
    availableReplicas: 1,
    pods: 1,
    createdAt: 3,
    revision: 4,
  };
  // a (revision 1, rolled back to as revision 3), b (revision 2), then c (revision 4).
  const plan = planDeployment({ ...rolling(1, 1, 0), revisionHistoryLimit: 1 }, 'c', [
    idle('a', 3, 1),
    idle('b', 2, 2),
    current,
  ]);
  assert.deepEqual(plan.delete, ['b']);
});

test('the new ReplicaSet of an older template is raised above every old revision, in each mode, as getNewReplicaSet does', () => {
  const set = (name: string, hash: string, revision: number, replicas: number, desired = 3): ReplicaSetState => ({
    name,
    podTemplateHash: hash,
    replicas,
    availableReplicas: replicas,
    pods: replicas,
    createdAt: revision,
    revision,
    desiredReplicas: desired,
  });
  // Template a (revision 1) is back after b (revision 2): a's ReplicaSet becomes revision 3.
  const sets = () => [set('d-a', 'a', 1, 0), set('d-b', 'b', 2, 3)];
  const rollout = planDeployment(rolling(3, 1, 0), 'a', sets());
  assert.equal(rollout.mode, 'rollout');
  assert.equal(rollout.raiseRevision, 3);
  const paused = planDeployment({ ...rolling(3, 1, 0), paused: true }, 'a', sets());
  assert.equal(paused.mode, 'scale');
  assert.equal(paused.raiseRevision, 3, 'paused');
  const scaled = planDeployment(rolling(5, 1, 0), 'a', sets());
  assert.ok(isScalingEvent(rolling(5, 1, 0), sets()));
  assert.equal(scaled.mode, 'scale');
  assert.equal(scaled.raiseRevision, 3, 'a scaling sync');
  // The newest already, or no ReplicaSet for the template yet: nothing to raise.
  assert.equal(planDeployment(rolling(3, 1, 0), 'b', sets()).raiseRevision, undefined);
  assert.equal(planDeployment(rolling(3, 1, 0), 'c', sets()).raiseRevision, undefined);
  // The same revision as an old one (Kubernetes' maxOldRevision + 1): raised.
  assert.equal(planDeployment(rolling(3, 1, 0), 'a', [set('d-a', 'a', 2, 0), set('d-b', 'b', 2, 3)]).raiseRevision, 3);
});
