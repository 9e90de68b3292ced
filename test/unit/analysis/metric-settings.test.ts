import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metricSettings, metricsSettings, MetricSpecError } from '../../../src/analysis/metric-settings.ts';
import { metric } from './fixtures.ts';

const effective: Array<[string, Parameters<typeof metric>[0], Partial<ReturnType<typeof metricSettings>>]> = [
  ['neither count nor interval: one measurement', {}, { count: 1, intervalMs: undefined }],
  ['interval only: until the run ends', { interval: '5m' }, { count: undefined, intervalMs: 300_000 }],
  [
    'count 0 with interval: until the run ends',
    { interval: '10s', count: 0 },
    { count: undefined, intervalMs: 10_000 },
  ],
  ['count and interval', { interval: '10s', count: 3 }, { count: 3 }],
  ['count as a string (after args)', { interval: '10s', count: '3' }, { count: 3 }],
  [
    'defaults',
    {},
    { failureLimit: 0, inconclusiveLimit: 0, consecutiveErrorLimit: 4, consecutiveSuccessLimit: 0, initialDelayMs: 0 },
  ],
  [
    'limits as strings',
    { failureLimit: '2', count: 5, interval: '1s', consecutiveErrorLimit: '1' },
    { failureLimit: 2, consecutiveErrorLimit: 1 },
  ],
  [
    'failureLimit -1 with consecutiveSuccessLimit',
    { failureLimit: -1, consecutiveSuccessLimit: 2, interval: '1s' },
    { failureLimit: -1, consecutiveSuccessLimit: 2 },
  ],
  ['initialDelay', { initialDelay: '1m30s' }, { initialDelayMs: 90_000 }],
];
for (const [name, overrides, expected] of effective) {
  test(`metricSettings: ${name}`, () => {
    const settings = metricSettings(metric(overrides));
    for (const [key, value] of Object.entries(expected))
      assert.equal(settings[key as keyof typeof settings], value, key);
  });
}

const invalid: Array<[string, Parameters<typeof metric>[0], RegExp]> = [
  ['count below failureLimit', { count: 1, failureLimit: 2 }, /count \(1\) must be >= failureLimit \(2\)/],
  [
    'count below inconclusiveLimit',
    { count: 2, interval: '1s', inconclusiveLimit: 3 },
    /count \(2\) must be >= inconclusiveLimit \(3\)/,
  ],
  [
    'count below consecutiveSuccessLimit',
    { count: 2, interval: '1s', consecutiveSuccessLimit: 3 },
    /count \(2\) must be >= consecutiveSuccessLimit \(3\)/,
  ],
  ['count > 1 without interval', { count: 2 }, /interval must be set when count \(2\) is more than 1/],
  ['bad interval', { interval: '5 minutes' }, /interval: "5 minutes" is not a duration/],
  ['bad initialDelay', { initialDelay: 'soon' }, /initialDelay: "soon" is not a duration/],
  ['count not a number', { count: 'three' }, /count: "three" must be a whole number/],
  ['failureLimit below -1', { failureLimit: -2 }, /failureLimit \(-2\) must be >= 0, or -1/],
  ['both limits disabled', { failureLimit: -1 }, /enable at least one of them/],
  ['negative consecutiveErrorLimit', { consecutiveErrorLimit: -1 }, /consecutiveErrorLimit \(-1\) must be >= 0/],
  ['no provider', { provider: {} }, /no provider is set/],
  [
    'two providers',
    { provider: { prometheus: { query: 'up' }, web: { url: 'http://x' } } },
    /prometheus and web are set/,
  ],
];
for (const [name, overrides, expected] of invalid) {
  test(`metricSettings rejects: ${name}`, () => {
    assert.throws(
      () => metricSettings(metric(overrides)),
      (error: Error) => error instanceof MetricSpecError && expected.test(error.message),
    );
  });
}

test('metricsSettings: no metrics, duplicates, and the index of the bad metric', () => {
  assert.throws(() => metricsSettings([]), /no metrics/);
  assert.throws(() => metricsSettings([metric(), metric()]), /metrics\[1\]: duplicate name "success-rate"/);
  assert.throws(
    () => metricsSettings([metric({ name: 'a' }), metric({ name: 'b', count: 2 })]),
    /^MetricSpecError: metrics\[1\] \(b\): interval must be set/,
  );
  assert.deepEqual([...metricsSettings([metric({ name: 'a' }), metric({ name: 'b' })]).keys()], ['a', 'b']);
});
