import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  planAbortedPreviewScaleDown,
  planOldReplicaSetScaleDown,
  type OldReplicaSetsInput,
} from '../../../../src/engine/bluegreen/scale-down.ts';
import { T0, at, rs } from './fixtures.ts';

const base: OldReplicaSetsInput = {
  others: [],
  referencedHashes: new Set(),
  desiredReplicas: 3,
  scaleDownDelaySeconds: 30,
  revisionLimit: Number.MAX_SAFE_INTEGER,
  now: T0,
};

function describe(plan: ReturnType<typeof planOldReplicaSetScaleDown>): string[] {
  return plan.changes.map((c) =>
    c.kind === 'scale'
      ? `${c.rs.podTemplateHash}->${c.replicas}`
      : `${c.rs.podTemplateHash}@${c.annotations['scale-down-deadline']}`,
  );
}

test('an old active without deadline gets one scaleDownDelaySeconds from now and stays up', () => {
  const plan = planOldReplicaSetScaleDown({ ...base, others: [rs('blue')] });
  assert.deepEqual(describe(plan), [`blue@${at(30)}`]);
  assert.equal(plan.wakeAt, T0 + 30_000);
});

test('a deadline not reached keeps the ReplicaSet at full size; a passed one scales it to 0', () => {
  const waiting = rs('blue', { replicas: 2, availableReplicas: 2, annotations: { 'scale-down-deadline': at(10) } });
  assert.deepEqual(describe(planOldReplicaSetScaleDown({ ...base, others: [waiting] })), ['blue->3']);
  const due = rs('blue', { annotations: { 'scale-down-deadline': at(-1) } });
  assert.deepEqual(describe(planOldReplicaSetScaleDown({ ...base, others: [due] })), ['blue->0']);
});

test('referenced and already scaled-down ReplicaSets are left alone', () => {
  const plan = planOldReplicaSetScaleDown({
    ...base,
    others: [rs('blue'), rs('red', { replicas: 0 })],
    referencedHashes: new Set(['blue']),
  });
  assert.deepEqual(describe(plan), []);
});

test('scaleDownDelayRevisionLimit: only the newest N wait, older ones go at once', () => {
  const others = [
    rs('r1', { revision: 1 }),
    rs('r3', { revision: 3 }),
    rs('r2', { revision: 2, annotations: { 'scale-down-deadline': at(20) } }),
  ];
  const plan = planOldReplicaSetScaleDown({ ...base, others, revisionLimit: 1 });
  assert.deepEqual(describe(plan), [`r3@${at(30)}`, 'r2->0', 'r1->0']);
});

test('scaleDownDelaySeconds 0 scales down at once', () => {
  assert.deepEqual(describe(planOldReplicaSetScaleDown({ ...base, scaleDownDelaySeconds: 0, others: [rs('blue')] })), [
    'blue->0',
  ]);
});

test('aborted preview: annotated once stable is fully available, scaled to 0 after the deadline', () => {
  const preview = rs('green');
  assert.deepEqual(
    planAbortedPreviewScaleDown({ newRS: preview, abortDelaySeconds: 30, stableFullyAvailable: false, now: T0 }),
    {},
  );
  const annotated = planAbortedPreviewScaleDown({
    newRS: preview,
    abortDelaySeconds: 30,
    stableFullyAvailable: true,
    now: T0,
  });
  assert.deepEqual(annotated.change?.kind === 'annotate' && annotated.change.annotations, {
    'scale-down-deadline': at(30),
  });
  assert.equal(annotated.wakeAt, T0 + 30_000);
  const waiting = rs('green', { annotations: { 'scale-down-deadline': at(30) } });
  assert.deepEqual(
    planAbortedPreviewScaleDown({
      newRS: waiting,
      abortDelaySeconds: 30,
      stableFullyAvailable: true,
      now: T0 + 10_000,
    }),
    { wakeAt: T0 + 30_000 },
  );
  const due = planAbortedPreviewScaleDown({
    newRS: waiting,
    abortDelaySeconds: 30,
    stableFullyAvailable: true,
    now: T0 + 30_000,
  });
  assert.equal(due.change?.kind === 'scale' && due.change.replicas, 0);
});
