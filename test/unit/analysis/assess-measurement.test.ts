import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessMeasurement } from '../../../src/analysis/assess-measurement.ts';
import { fakeEvaluator } from './fixtures.ts';

const evaluate = fakeEvaluator([
  ['ok', 1, true],
  ['ok', 0, false],
  ['bad', 1, false],
  ['bad', 0, true],
  ['never', 1, false],
  ['broken', 1, new Error('unknown name resutl')],
]);

const cases: Array<[string, { successCondition?: string; failureCondition?: string }, unknown, string]> = [
  ['no conditions: Successful', {}, 1, 'Successful'],
  ['empty conditions: Successful', { successCondition: '', failureCondition: '' }, 0, 'Successful'],
  ['success only, holds', { successCondition: 'ok' }, 1, 'Successful'],
  ['success only, does not hold: Failed', { successCondition: 'ok' }, 0, 'Failed'],
  ['failure only, holds: Failed', { failureCondition: 'bad' }, 0, 'Failed'],
  ['failure only, does not hold: Successful', { failureCondition: 'bad' }, 1, 'Successful'],
  ['both, success holds', { successCondition: 'ok', failureCondition: 'bad' }, 1, 'Successful'],
  ['both, failure holds', { successCondition: 'ok', failureCondition: 'bad' }, 0, 'Failed'],
  ['both, neither holds: Inconclusive', { successCondition: 'bad', failureCondition: 'never' }, 1, 'Inconclusive'],
  ['both hold: Failed wins', { successCondition: 'ok', failureCondition: 'bad' }, 'both', 'Failed'],
];
const both = fakeEvaluator([
  ['ok', 'both', true],
  ['bad', 'both', true],
]);

for (const [name, conditions, result, expected] of cases) {
  test(`assessMeasurement: ${name}`, () => {
    const outcome = assessMeasurement(conditions, result, result === 'both' ? both : evaluate);
    assert.equal(outcome.phase, expected);
  });
}

test('assessMeasurement: an evaluation error is Error with the message', () => {
  assert.deepEqual(assessMeasurement({ successCondition: 'broken' }, 1, evaluate), {
    phase: 'Error',
    message: 'unknown name resutl',
  });
  assert.deepEqual(assessMeasurement({ successCondition: 'ok', failureCondition: 'broken' }, 1, evaluate), {
    phase: 'Error',
    message: 'unknown name resutl',
  });
});
