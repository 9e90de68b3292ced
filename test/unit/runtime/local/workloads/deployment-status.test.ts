// The status Kubernetes' Deployment controller writes, sync after sync: the counts, the Available
// condition, and the Progressing condition through a rollout that completes, one that makes no
// progress for progressDeadlineSeconds, and a pause and resume.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  nextDeploymentStatus,
  type DeploymentStatus,
  type ReplicaSetCounts,
  type StatusInput,
} from '../../../../../src/runtime/local/workloads/deployment-status.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');

function input(over: Partial<StatusInput>): StatusInput {
  return {
    name: 'web',
    generation: 2,
    replicas: 3,
    maxUnavailable: 0,
    paused: false,
    progressDeadlineSeconds: 60,
    previous: {},
    replicaSets: [],
    newReplicaSet: 'web-new',
    created: false,
    mode: 'rollout',
    now: T0,
    ...over,
  };
}

const rs = (name: string, replicas: number, current: number, available: number): ReplicaSetCounts => ({
  name,
  replicas,
  currentReplicas: current,
  readyReplicas: available,
  availableReplicas: available,
});

/** The status after the previous rollout completed: 3 pods, all of the (then) new ReplicaSet. */
const SETTLED = { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 };

const condition = (status: DeploymentStatus, type: string) => status.conditions?.find((c) => c.type === type);

test('the counts: replicas and updatedReplicas count pods, unavailableReplicas the ReplicaSets’ spec less the available', () => {
  const { status } = nextDeploymentStatus(input({ replicaSets: [rs('web-old', 2, 3, 3), rs('web-new', 2, 1, 0)] }));
  assert.deepEqual(
    { ...status, conditions: undefined },
    {
      observedGeneration: 2,
      replicas: 4,
      updatedReplicas: 1,
      readyReplicas: 3,
      availableReplicas: 3,
      unavailableReplicas: 1,
      conditions: undefined,
    },
  );
  assert.equal(condition(status, 'Available')?.status, 'True');
  const short = nextDeploymentStatus(input({ maxUnavailable: 0, replicaSets: [rs('web-new', 3, 3, 2)] })).status;
  assert.deepEqual(
    [condition(short, 'Available')?.status, condition(short, 'Available')?.reason],
    ['False', 'MinimumReplicasUnavailable'],
  );
});

test('Progressing: created, progressing (lastUpdateTime moves), then NewReplicaSetAvailable', () => {
  let status = nextDeploymentStatus(
    input({ previous: SETTLED, created: true, replicaSets: [rs('web-old', 3, 3, 3), rs('web-new', 1, 0, 0)] }),
  ).status;
  assert.equal(condition(status, 'Progressing')?.reason, 'NewReplicaSetCreated');
  assert.equal(condition(status, 'Progressing')?.message, 'Created new replica set "web-new"');
  const later = T0 + 5_000;
  status = nextDeploymentStatus(
    input({ previous: status, now: later, replicaSets: [rs('web-old', 3, 3, 3), rs('web-new', 1, 1, 1)] }),
  ).status;
  const progressing = condition(status, 'Progressing');
  assert.deepEqual([progressing?.status, progressing?.reason], ['True', 'ReplicaSetUpdated']);
  assert.equal(progressing?.message, 'ReplicaSet "web-new" is progressing.');
  assert.equal(progressing?.lastUpdateTime, '2026-01-01T00:00:05Z');
  assert.equal(progressing?.lastTransitionTime, '2026-01-01T00:00:00Z', 'still True: the transition time stays');
  const done = nextDeploymentStatus(
    input({ previous: status, now: later + 1000, replicaSets: [rs('web-old', 0, 0, 0), rs('web-new', 3, 3, 3)] }),
  );
  assert.deepEqual(
    [condition(done.status, 'Progressing')?.reason, condition(done.status, 'Progressing')?.message],
    ['NewReplicaSetAvailable', 'ReplicaSet "web-new" has successfully progressed.'],
  );
  assert.equal(done.recheckAfterMs, undefined, 'a complete rollout needs no deadline check');
});

test('ProgressDeadlineExceeded once no progress was seen for progressDeadlineSeconds, and it stays', () => {
  const stuck = [rs('web-old', 3, 3, 3), rs('web-new', 1, 1, 0)];
  const first = nextDeploymentStatus(
    input({ previous: { ...SETTLED, replicas: 4, updatedReplicas: 1 }, created: true, replicaSets: stuck }),
  );
  assert.equal(first.recheckAfterMs, 61_000, 'looked at again just after the deadline');
  const before = nextDeploymentStatus(input({ previous: first.status, now: T0 + 59_000, replicaSets: stuck })).status;
  assert.equal(condition(before, 'Progressing')?.reason, 'NewReplicaSetCreated');
  const after = nextDeploymentStatus(input({ previous: before, now: T0 + 61_000, replicaSets: stuck }));
  const progressing = condition(after.status, 'Progressing');
  assert.deepEqual(
    [progressing?.status, progressing?.reason, progressing?.message],
    ['False', 'ProgressDeadlineExceeded', 'ReplicaSet "web-new" has timed out progressing.'],
  );
  assert.equal(after.recheckAfterMs, undefined);
  // Progress after the timeout sets it back to True.
  const moving = nextDeploymentStatus(
    input({ previous: after.status, now: T0 + 70_000, replicaSets: [rs('web-old', 3, 3, 3), rs('web-new', 1, 1, 1)] }),
  ).status;
  assert.deepEqual(
    [condition(moving, 'Progressing')?.status, condition(moving, 'Progressing')?.reason],
    ['True', 'ReplicaSetUpdated'],
  );
});

test('paused: DeploymentPaused, no timeout while paused; resumed: DeploymentResumed and the deadline counts from then', () => {
  const stuck = [rs('web-old', 3, 3, 3), rs('web-new', 1, 1, 0)];
  const started = nextDeploymentStatus(input({ created: true, replicaSets: stuck })).status;
  const paused = nextDeploymentStatus(input({ previous: started, paused: true, mode: 'scale', replicaSets: stuck }));
  const cond = condition(paused.status, 'Progressing');
  assert.deepEqual(
    [cond?.status, cond?.reason, cond?.message],
    ['Unknown', 'DeploymentPaused', 'Deployment is paused'],
  );
  assert.equal(paused.recheckAfterMs, undefined);
  const longAfter = nextDeploymentStatus(
    input({ previous: paused.status, paused: true, mode: 'scale', now: T0 + 3_600_000, replicaSets: stuck }),
  ).status;
  assert.equal(condition(longAfter, 'Progressing')?.reason, 'DeploymentPaused');
  const resumedAt = T0 + 3_600_000;
  const resumed = nextDeploymentStatus(input({ previous: longAfter, now: resumedAt, replicaSets: stuck }));
  assert.deepEqual(
    [condition(resumed.status, 'Progressing')?.reason, condition(resumed.status, 'Progressing')?.message],
    ['DeploymentResumed', 'Deployment is resumed'],
  );
  const soon = nextDeploymentStatus(
    input({ previous: resumed.status, now: resumedAt + 30_000, replicaSets: stuck }),
  ).status;
  assert.equal(condition(soon, 'Progressing')?.reason, 'DeploymentResumed');
  const late = nextDeploymentStatus(input({ previous: soon, now: resumedAt + 61_000, replicaSets: stuck })).status;
  assert.equal(condition(late, 'Progressing')?.reason, 'ProgressDeadlineExceeded');
});

test('without a progress deadline there is no Progressing condition', () => {
  const { status } = nextDeploymentStatus(
    input({ progressDeadlineSeconds: undefined, created: true, replicaSets: [rs('web-new', 3, 3, 3)] }),
  );
  assert.equal(condition(status, 'Progressing'), undefined);
  assert.equal(condition(status, 'Available')?.status, 'True');
});

test('progressDeadlineSeconds 2147483647 (math.MaxInt32) is no deadline, as Kubernetes HasProgressDeadline says', () => {
  const stuck = [rs('web-old', 3, 3, 3), rs('web-new', 1, 1, 0)];
  const first = nextDeploymentStatus(
    input({ progressDeadlineSeconds: 2_147_483_647, created: true, replicaSets: stuck }),
  );
  assert.equal(condition(first.status, 'Progressing'), undefined);
  assert.equal(first.recheckAfterMs, undefined, 'nothing to look at again for a deadline');
  const later = nextDeploymentStatus(
    input({ progressDeadlineSeconds: 2_147_483_647, previous: first.status, replicaSets: stuck, now: T0 + 3_600_000 }),
  );
  assert.equal(condition(later.status, 'Progressing'), undefined);
  // One below it is a real deadline.
  const real = nextDeploymentStatus(
    input({ progressDeadlineSeconds: 2_147_483_646, created: true, replicaSets: stuck }),
  );
  assert.equal(condition(real.status, 'Progressing')?.status, 'True');
  assert.ok(real.recheckAfterMs !== undefined);
});
