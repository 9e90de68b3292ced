import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessMeasurement } from '../../../src/analysis/assess-measurement.ts';
import { exprConditionEvaluator } from '../../../src/analysis/expr-evaluator.ts';
import { analysisRun, metric, T0 } from './fixtures.ts';
import { simulate, values } from './simulate.ts';

const cases: Array<[string, { successCondition?: string; failureCondition?: string }, unknown, string]> = [
  ['prometheus vector above threshold', { successCondition: 'result[0] >= 0.95' }, [0.99], 'Successful'],
  ['prometheus vector below threshold', { successCondition: 'result[0] >= 0.95' }, [0.5], 'Failed'],
  [
    'between both conditions',
    { successCondition: 'result >= 0.90', failureCondition: 'result < 0.50' },
    0.7,
    'Inconclusive',
  ],
  ['failure condition holds', { failureCondition: 'result >= 10' }, 12, 'Failed'],
  ['empty vector handled', { successCondition: 'len(result) == 0 || result[0] >= 0.95' }, [], 'Successful'],
  ['web string result', { successCondition: "result == 'true'" }, 'true', 'Successful'],
  ['NaN counted successful', { successCondition: 'isNaN(result) || result >= 0.95' }, Number.NaN, 'Successful'],
  ['NaN fails a plain comparison', { successCondition: 'result >= 0.95' }, Number.NaN, 'Failed'],
  ['type mismatch is an Error', { successCondition: 'result >= 0.95' }, 'text', 'Error'],
  ['syntax error is an Error', { successCondition: 'result >' }, 1, 'Error'],
  ['a non-boolean condition is an Error', { successCondition: 'result + 1' }, 1, 'Error'],
];

for (const [name, conditions, result, phase] of cases) {
  test(`real conditions: ${name}`, () =>
    assert.equal(assessMeasurement(conditions, result, exprConditionEvaluator).phase, phase));
}

test('real conditions: the Error measurement carries the evaluator message', () => {
  const outcome = assessMeasurement({ successCondition: 'result >= 0.95' }, 'text', exprConditionEvaluator);
  assert.equal(outcome.phase, 'Error');
  assert.match(outcome.phase === 'Error' ? outcome.message : '', /mismatched types/);
});

test('a whole run with the real evaluator and an arg in the condition', () => {
  const run = analysisRun(
    [metric({ interval: '1m', count: 3, failureLimit: 1, successCondition: 'result[0] >= {{args.threshold}}' })],
    {
      args: [{ name: 'threshold', value: '0.95' }],
    },
  );
  const { run: done, taken } = simulate(run, {
    start: T0,
    evaluate: exprConditionEvaluator,
    provider: values({ 'success-rate': [[0.99], [0.9], [0.97]] }),
  });
  assert.equal(taken.length, 3);
  assert.equal(done.status?.phase, 'Successful');
  assert.deepEqual(
    done.status?.metricResults?.[0]?.measurements?.map((m) => m.phase),
    ['Successful', 'Failed', 'Successful'],
  );
});
