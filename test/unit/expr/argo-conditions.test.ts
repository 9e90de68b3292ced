// Every successCondition / failureCondition found in Argo Rollouts' documentation,
// evaluated on results shaped as its providers produce them (prometheus: a float or a
// vector of floats; web: decoded JSON; datadog: a float, nil, or a vector when grouped).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExprError, evaluateCondition } from '../../../src/expr/index.ts';

interface Case {
  source: string; // where the condition appears in Argo's docs
  condition: string;
  result: unknown;
  want: boolean | { error: string };
}

const cases: Case[] = [
  // features/analysis.md
  { source: 'analysis background', condition: 'result >= 0.95', result: 0.97, want: true },
  { source: 'analysis background', condition: 'result >= 0.95', result: 0.9, want: false },
  { source: 'analysis multiple templates', condition: 'result <= 0.95', result: 0.02, want: true },
  { source: 'analysis failure conditions', condition: 'result >= 10', result: 12, want: true },
  { source: 'analysis failure conditions', condition: 'result >= 10', result: 3, want: false },
  { source: 'analysis inconclusive', condition: 'result >= 0.90', result: 0.7, want: false },
  { source: 'analysis inconclusive', condition: 'result < 0.50', result: 0.7, want: false },
  { source: 'analysis delay', condition: 'result >= 0.90', result: 0.91, want: true },
  { source: 'analysis args / web', condition: "result == 'true'", result: 'true', want: true },
  // expr-lang's checker refuses == between a bool and a string: Argo reports Error.
  {
    source: 'analysis args / web',
    condition: "result == 'true'",
    result: true,
    want: { error: 'mismatched types bool and string' },
  },
  { source: 'analysis web numeric', condition: 'asFloat(result) >= 0.90', result: '0.95', want: true },
  { source: 'analysis web numeric', condition: 'asFloat(result) >= 0.90', result: '0.5', want: false },
  {
    source: 'analysis web numeric',
    condition: 'asFloat(result) >= 0.90',
    result: 'n/a',
    want: { error: 'asFloat(): cannot parse' },
  },
  // analysis/prometheus.md
  { source: 'prometheus vector', condition: 'result[0] >= 0.95', result: [0.99], want: true },
  { source: 'prometheus vector', condition: 'result[0] >= 0.95', result: [0.42], want: false },
  {
    source: 'prometheus vector, no series',
    condition: 'result[0] >= 0.95',
    result: [],
    want: { error: 'index out of range' },
  },
  { source: 'prometheus range query', condition: 'all(result, # < 1000)', result: [120.5, 300, 999.9], want: true },
  { source: 'prometheus range query', condition: 'all(result, # < 1000)', result: [120.5, 1200], want: false },
  { source: 'prometheus range query', condition: 'result[0] < 1000', result: [12, 5000], want: true },
  {
    source: 'prometheus scalar on a vector',
    condition: 'result >= 0.95',
    result: [0.99],
    want: { error: 'mismatched types []interface {} and float64' },
  },
  // analysis/web.md
  { source: 'web jsonPath bool', condition: 'result == true', result: true, want: true },
  {
    source: 'web object',
    condition: 'result.ok && result.successPercent >= 0.90',
    result: { ok: true, successPercent: 0.95 },
    want: true,
  },
  {
    source: 'web object',
    condition: 'result.ok && result.successPercent >= 0.90',
    result: { ok: false, successPercent: 0.95 },
    want: false,
  },
  {
    source: 'web object, field missing',
    condition: 'result.ok && result.successPercent >= 0.90',
    result: { successPercent: 0.95 },
    want: { error: 'left operand is nil' },
  },
  // analysis/datadog.md
  { source: 'datadog', condition: 'result <= 0.01', result: 0.004, want: true },
  { source: 'datadog', condition: 'result <= 0.01', result: 0.2, want: false },
  {
    source: 'datadog no data',
    condition: 'result < 0.05',
    result: null,
    want: { error: 'mismatched types unknown and float64' },
  },
  { source: 'datadog default', condition: 'default(result, 0) < 0.05', result: null, want: true },
  { source: 'datadog default', condition: 'default(result, 0) < 0.05', result: 0.5, want: false },
  { source: 'datadog v2 formula', condition: 'default(result, 0) < 10', result: undefined, want: true },
  { source: 'datadog v2 formula', condition: 'default(result, 0) < 10', result: 12, want: false },
  { source: 'datadog restarts (args substituted)', condition: 'default(result, 0) > 4', result: 5, want: true },
  { source: 'datadog restarts (args substituted)', condition: 'default(result, 0) > 4', result: null, want: false },
  { source: 'datadog aggregator', condition: 'default(result, 0) < 5', result: 2.5, want: true },
  { source: 'datadog grouped', condition: 'max(result) < 0.05', result: [0.01, 0.02, 0.049], want: true },
  { source: 'datadog grouped', condition: 'max(result) < 0.05', result: [0.01, 0.09], want: false },
  { source: 'datadog grouped', condition: 'mean(result) < 0.05', result: [0.01, 0.07], want: true },
  { source: 'datadog grouped', condition: 'sum(result) < 0.05', result: [0.01, 0.07], want: false },
  { source: 'datadog grouped', condition: 'any(result, # >= 0.05)', result: [0.01, 0.07], want: true },
  { source: 'datadog grouped', condition: 'all(result, # < 0.05)', result: [0.01, 0.07], want: false },
  // analysis/cloudwatch.md
  {
    source: 'cloudwatch',
    condition: 'all(result[0].Values, {# <= 0.01})',
    result: [{ Id: 'rate', Values: [0.001, 0.01] }],
    want: true,
  },
  {
    source: 'cloudwatch',
    condition: 'all(result[0].Values, {# <= 0.01})',
    result: [{ Id: 'rate', Values: [0.001, 0.02] }],
    want: false,
  },
  // conditions commonly written against these providers
  {
    source: 'NaN guard',
    condition: 'len(result) == 0 || isNaN(result[0]) || result[0] <= 0.05',
    result: [],
    want: true,
  },
  {
    source: 'NaN guard',
    condition: 'len(result) == 0 || isNaN(result[0]) || result[0] <= 0.05',
    result: [NaN],
    want: true,
  },
  {
    source: 'NaN guard',
    condition: 'len(result) == 0 || isNaN(result[0]) || result[0] <= 0.05',
    result: [0.2],
    want: false,
  },
  {
    source: 'NaN guard',
    condition: 'len(result) == 0 || isNaN(result[0]) || result[0] <= 0.05',
    result: [0.01],
    want: true,
  },
  { source: 'web version', condition: "result.major == '1'", result: { major: '1', minor: '27' }, want: true },
  { source: 'web version', condition: "result.major == '1'", result: { major: 1 }, want: false },
  { source: 'vector all', condition: 'all(result, {# > 0.9})', result: [0.95, 0.99], want: true },
  { source: 'vector all', condition: 'all(result, {# > 0.9})', result: [0.95, 0.5], want: false },
  // A nil result has no type to compare with 0.05: expr-lang refuses it at compile time, so Argo
  // reports Error for this documented condition when the query returns nothing.
  {
    source: 'isNil',
    condition: 'isNil(result) || result < 0.05',
    result: null,
    want: { error: 'mismatched types unknown and float64' },
  },
  { source: 'isNil', condition: 'isNil(result) || result < 0.05', result: 0.01, want: true },
  { source: 'isInf', condition: '!isInf(result) && result < 100', result: Infinity, want: false },
  { source: 'asInt', condition: 'asInt(result) >= 1', result: '3', want: true },
  { source: 'newrelic', condition: 'result.successRate >= 0.95', result: { successRate: 0.97 }, want: true },
  { source: 'int literal against float result', condition: 'result == 1', result: 1, want: true },
];

describe('conditions from Argo Rollouts documentation', () => {
  for (const testCase of cases) {
    const outcome = typeof testCase.want === 'boolean' ? String(testCase.want) : `error "${testCase.want.error}"`;
    it(`${testCase.source}: ${testCase.condition} on ${JSON.stringify(testCase.result)} -> ${outcome}`, () => {
      if (typeof testCase.want === 'boolean') {
        assert.equal(evaluateCondition(testCase.condition, testCase.result), testCase.want);
      } else {
        const fragment = testCase.want.error;
        assert.throws(
          () => evaluateCondition(testCase.condition, testCase.result),
          (error: unknown) => error instanceof ExprError && error.message.includes(fragment),
        );
      }
    });
  }
});

describe('evaluateCondition', () => {
  it('requires a bool result, as Argo does', () => {
    assert.throws(
      () => evaluateCondition('result + 1', 1),
      (error: unknown) => error instanceof ExprError && /expected bool, but got float/.test(error.message),
    );
    assert.throws(() => evaluateCondition('nil', 1), /expected bool, but got nil/);
  });

  it('knows only `result` as a variable', () => {
    assert.throws(
      () => evaluateCondition('results[0] > 1', [1]),
      (error: unknown) =>
        error instanceof ExprError &&
        error.phase === 'check' &&
        error.column === 1 &&
        error.message.startsWith('unknown name results'),
    );
  });

  it('isNil and default look at result whatever their argument, as Argo does', () => {
    assert.equal(evaluateCondition('isNil(1)', null), true);
    assert.equal(evaluateCondition('default(nil, 7) == 0.5', 0.5), true);
  });

  it('reuses the compiled program for the same condition', () => {
    for (let i = 0; i < 3; i++) assert.equal(evaluateCondition('result > 1', 2), true);
  });
});
