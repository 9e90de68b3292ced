import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ageAt, humanDuration } from '../../../src/view/human-duration.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const Y = 365 * D;

const table: Array<[number, string]> = [
  [-2 * S, '<invalid>'],
  [-1 * S, '0s'],
  [-999, '0s'],
  [0, '0s'],
  [999, '0s'],
  [5 * S, '5s'],
  [119 * S, '119s'],
  [2 * M, '2m'],
  [2 * M + 30 * S, '2m30s'],
  [4 * M + 6 * S, '4m6s'],
  [9 * M + 59 * S, '9m59s'],
  [10 * M + 59 * S, '10m'],
  [45 * M, '45m'],
  [179 * M, '179m'],
  [3 * H, '3h'],
  [3 * H + 20 * M, '3h20m'],
  [5 * H + 52 * M + 59 * S, '5h52m'],
  [8 * H, '8h'],
  [30 * H, '30h'],
  [47 * H + 59 * M, '47h'],
  [2 * D, '2d'],
  [2 * D + 4 * H, '2d4h'],
  [7 * D + 23 * H, '7d23h'],
  [8 * D + 5 * H, '8d'],
  [729 * D, '729d'],
  [2 * Y, '2y'],
  [3 * Y + 10 * D, '3y10d'],
  [8 * Y + 10 * D, '8y'],
];

for (const [ms, expected] of table) {
  test(`humanDuration(${ms}) is ${expected}`, () => {
    assert.equal(humanDuration(ms), expected);
  });
}

test('ageAt measures from now, and is empty when the creation time is unknown', () => {
  assert.equal(ageAt(1_000, 1_000 + 90 * S), '90s');
  assert.equal(ageAt(undefined, 5), '');
});
