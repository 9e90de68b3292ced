import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KUBELET_BACKOFF, nextFailureCount, restartDelayMs } from '../../../../src/platform/process/restart-backoff.ts';

const delays: Array<[number, number]> = [
  [0, 0],
  [1, 10_000],
  [2, 20_000],
  [3, 40_000],
  [4, 80_000],
  [5, 160_000],
  [6, 300_000],
  [50, 300_000],
];
for (const [failures, expected] of delays) {
  test(`kubelet back-off before restart after ${failures} failures in a row: ${expected}ms`, () => {
    assert.equal(restartDelayMs(failures, KUBELET_BACKOFF), expected);
  });
}

test('a configurable base keeps the doubling and the cap', () => {
  const settings = { baseMs: 50, maxMs: 300, resetAfterMs: 1000 };
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((n) => restartDelayMs(n, settings)),
    [50, 100, 200, 300, 300],
  );
});

test('a run as long as the reset period starts the failure count again', () => {
  assert.equal(nextFailureCount(5, 600_000, KUBELET_BACKOFF), 1);
  assert.equal(nextFailureCount(5, 599_999, KUBELET_BACKOFF), 6);
  assert.equal(nextFailureCount(0, 10, KUBELET_BACKOFF), 1);
});
