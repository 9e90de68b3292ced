import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dryRunMetricNames, MetricNameRuleError, ruleMatches } from '../../../src/analysis/metric-name-rules.ts';

const matches: Array<[string, string, boolean]> = [
  ['*', 'anything', true],
  ['.*', 'anything', true],
  ['success-rate', 'success-rate', true],
  ['success', 'success-rate', true],
  ['^success$', 'success-rate', false],
  ['test.*', 'test-latency', true],
  ['error-rate', 'success-rate', false],
  ['(', 'anything', false],
];
for (const [pattern, name, expected] of matches) {
  test(`ruleMatches(${pattern}, ${name}) = ${expected}`, () => assert.equal(ruleMatches(pattern, name), expected));
}

test('dryRunMetricNames collects every matched metric', () => {
  assert.deepEqual([...dryRunMetricNames([{ metricName: 'total-.*' }], ['total-4xx', 'total-5xx', 'latency'])].sort(), [
    'total-4xx',
    'total-5xx',
  ]);
  assert.deepEqual(dryRunMetricNames(undefined, ['a']).size, 0);
});

test('a rule that matches no metric is an error naming it', () => {
  assert.throws(
    () => dryRunMetricNames([{ metricName: 'a' }, { metricName: 'error-rate' }], ['a']),
    (error: Error) => {
      assert.ok(error instanceof MetricNameRuleError);
      assert.match(error.message, /^dryRun\[1\]: metricName "error-rate" matches no metric/);
      return true;
    },
  );
});
