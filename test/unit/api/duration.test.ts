import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DurationError, formatGoDuration, parseGoDuration, pauseDurationSeconds } from '../../../src/api/duration.ts';

const goDurations: Array<[string, number]> = [
  ['0', 0],
  ['30s', 30_000],
  ['5m', 300_000],
  ['1h30m', 5_400_000],
  ['1.5h', 5_400_000],
  ['300ms', 300],
  ['2h45m10s', 9_910_000],
  ['-2s', -2000],
  ['.5s', 500],
  ['1us', 0.001],
  ['100ns', 0.0001],
];

for (const [text, ms] of goDurations) {
  test(`parseGoDuration(${text}) = ${ms}ms`, () => {
    assert.ok(Math.abs(parseGoDuration(text) - ms) < 1e-9);
  });
}

for (const bad of ['', '10', 's', '1d', '1 h', 'abc', '1h 30m', '--1s', 'h1']) {
  test(`parseGoDuration rejects ${JSON.stringify(bad)}`, () => {
    assert.throws(() => parseGoDuration(bad), DurationError);
  });
}

const pauses: Array<[number | string, number]> = [
  [30, 30],
  ['30', 30],
  ['30s', 30],
  ['1h30m', 5400],
  ['1m', 60],
  ['1500ms', 1],
  [0, 0],
];

for (const [value, seconds] of pauses) {
  test(`pause duration ${JSON.stringify(value)} is ${seconds}s`, () => {
    assert.equal(pauseDurationSeconds(value), seconds);
  });
}

for (const bad of ['thirty', '1d', '-5s', '3.5', -1, 2.5]) {
  test(`pause duration ${JSON.stringify(bad)} is rejected with a hint`, () => {
    assert.throws(() => pauseDurationSeconds(bad), /pause duration .* (must|is neither)/);
  });
}

const formatted: Array<[number, string]> = [
  [0, '0s'],
  [5_400_000, '1h30m0s'],
  [1500, '1.5s'],
  [90_000, '1m30s'],
  [250, '250ms'],
  [-2000, '-2s'],
];

for (const [ms, text] of formatted) {
  test(`formatGoDuration(${ms}) = ${text}`, () => {
    assert.equal(formatGoDuration(ms), text);
  });
}
