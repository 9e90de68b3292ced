import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  deletionCostOf,
  podsToStop,
  type PodRank,
} from '../../../../../src/runtime/local/workloads/scale-down-order.ts';

function pod(name: string, extra: Partial<PodRank> = {}): PodRank {
  return {
    name,
    phase: 'Running',
    ready: true,
    readySince: 100,
    restartCount: 0,
    createdAt: 10,
    deletionCost: 0,
    ...extra,
  };
}

const cases: Array<[string, PodRank[], string[]]> = [
  ['pending before running', [pod('running'), pod('pending', { phase: 'Pending', ready: false })], ['pending']],
  ['not ready before ready', [pod('ready'), pod('unready', { ready: false })], ['unready']],
  ['lower deletion cost first', [pod('costly', { deletionCost: 10 }), pod('cheap', { deletionCost: -1 })], ['cheap']],
  ['ready most recently first', [pod('long', { readySince: 100 }), pod('recent', { readySince: 500 })], ['recent']],
  ['more restarts first', [pod('stable'), pod('flaky', { restartCount: 4 })], ['flaky']],
  ['newest first', [pod('old', { createdAt: 1 }), pod('new', { createdAt: 9 })], ['new']],
  [
    'readiness outranks age and restarts',
    [pod('new-ready', { createdAt: 99, restartCount: 9 }), pod('old-unready', { ready: false, createdAt: 1 })],
    ['old-unready'],
  ],
];
for (const [name, pods, expected] of cases) {
  test(`podsToStop: ${name}`, () => {
    assert.deepEqual(
      podsToStop(pods, 1).map((p) => p.name),
      expected,
    );
    assert.deepEqual(
      podsToStop([...pods].reverse(), 1).map((p) => p.name),
      expected,
    );
  });
}

test('podsToStop: 0 -> 3 -> 1 keeps the pod ready the longest', () => {
  const pods = [
    pod('a', { readySince: 10, createdAt: 1 }),
    pod('b', { readySince: 20, createdAt: 2 }),
    pod('c', { ready: false, readySince: undefined, createdAt: 3 }),
  ];
  assert.deepEqual(
    podsToStop(pods, 2).map((p) => p.name),
    ['c', 'b'],
  );
  assert.deepEqual(podsToStop(pods, 0), []);
  assert.deepEqual(podsToStop(pods, -1), []);
});

test('deletionCostOf reads the annotation as an integer, 0 otherwise', () => {
  assert.equal(deletionCostOf({ 'controller.kubernetes.io/pod-deletion-cost': '-5' }), -5);
  assert.equal(deletionCostOf({ 'controller.kubernetes.io/pod-deletion-cost': 'high' }), 0);
  assert.equal(deletionCostOf({}), 0);
});
