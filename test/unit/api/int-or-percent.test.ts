import { test } from 'node:test';
import assert from 'node:assert/strict';
import { integerValue, parseIntOrPercent, scaledValue } from '../../../src/api/int-or-percent.ts';

const parsed: Array<[number | string, { value: number; isPercent: boolean }]> = [
  [3, { value: 3, isPercent: false }],
  ['25%', { value: 25, isPercent: true }],
  ['25', { value: 25, isPercent: true }],
  ['0%', { value: 0, isPercent: true }],
];
for (const [input, expected] of parsed) {
  test(`parseIntOrPercent(${JSON.stringify(input)})`, () => assert.deepEqual(parseIntOrPercent(input), expected));
}

for (const bad of ['abc', '25.5%', '%', 2.5, '1e3']) {
  test(`parseIntOrPercent rejects ${JSON.stringify(bad)}`, () =>
    assert.throws(() => parseIntOrPercent(bad), /whole number or a percentage/));
}

const scaled: Array<[number | string, number, boolean, number]> = [
  ['25%', 5, true, 2],
  ['25%', 5, false, 1],
  ['25%', 4, true, 1],
  ['20', 5, true, 1],
  [2, 10, true, 2],
  ['100%', 3, false, 3],
  ['1%', 1, true, 1],
  ['1%', 1, false, 0],
];
for (const [value, total, roundUp, expected] of scaled) {
  test(`scaledValue(${JSON.stringify(value)}, ${total}, ${roundUp ? 'up' : 'down'}) = ${expected}`, () => {
    assert.equal(scaledValue(value, total, roundUp), expected);
  });
}

test('integerValue accepts ints and numeric strings only', () => {
  assert.equal(integerValue(3), 3);
  assert.equal(integerValue('3'), 3);
  assert.equal(integerValue('-1'), -1);
  assert.throws(() => integerValue('3%'), /whole number/);
});
