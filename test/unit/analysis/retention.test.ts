import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MEASUREMENT_RETENTION, retentionLimits, trimMeasurements } from '../../../src/analysis/retention.ts';
import type { MetricResult } from '../../../src/api/types/analysis.ts';

test('default retention is ten measurements', () => {
  assert.equal(DEFAULT_MEASUREMENT_RETENTION, 10);
  assert.deepEqual(
    [...retentionLimits(undefined, ['a', 'b'])],
    [
      ['a', 10],
      ['b', 10],
    ],
  );
});

const limits: Array<[string, Array<{ metricName: string; limit: number }>, Record<string, number>]> = [
  ['by name', [{ metricName: 'a', limit: 20 }], { a: 20, b: 10 }],
  ['regex for all', [{ metricName: '.*', limit: 3 }], { a: 3, b: 3 }],
  ['wildcard', [{ metricName: '*', limit: 2 }], { a: 2, b: 2 }],
  ['0 keeps the default', [{ metricName: 'a', limit: 0 }], { a: 10, b: 10 }],
  [
    'a later rule wins',
    [
      { metricName: '.*', limit: 3 },
      { metricName: 'b', limit: 7 },
    ],
    { a: 3, b: 7 },
  ],
];
for (const [name, rules, expected] of limits) {
  test(`retentionLimits: ${name}`, () =>
    assert.deepEqual(Object.fromEntries(retentionLimits(rules, ['a', 'b'])), expected));
}

test('retentionLimits: a rule that matches nothing is an error', () => {
  assert.throws(
    () => retentionLimits([{ metricName: 'zzz', limit: 1 }], ['a']),
    /measurementRetention\[0\]: metricName "zzz" matches no metric/,
  );
});

test('trimMeasurements keeps the latest and leaves counters alone', () => {
  const measurements = Array.from({ length: 5 }, (_, index) => ({
    phase: 'Successful' as const,
    value: String(index),
  }));
  const results: MetricResult[] = [
    { name: 'a', phase: 'Running', count: 5, successful: 5, measurements },
    { name: 'b', phase: 'Running', measurements: measurements.slice(0, 2) },
  ];
  const trimmed = trimMeasurements(
    results,
    new Map([
      ['a', 3],
      ['b', 3],
    ]),
  );
  assert.deepEqual(
    trimmed[0]?.measurements?.map((m) => m.value),
    ['2', '3', '4'],
  );
  assert.equal(trimmed[0]?.count, 5);
  assert.equal(trimmed[1], results[1]);
});
