// Conditions sluice once judged differently from Argo Rollouts, with Argo's verdicts
// (argo-verdicts.ts; oracle.test.ts checks them against Argo's own evaluation code).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exprConditionEvaluatorAt } from '../../../src/analysis/expr-evaluator.ts';
import { ExprError } from '../../../src/expr/index.ts';
import { argoVerdicts, type Verdict } from './argo-verdicts.ts';

const evaluate = exprConditionEvaluatorAt(Date.UTC(2026, 11, 6, 12));

function verdictOf(condition: string, result: unknown): Verdict {
  try {
    return evaluate(condition, result) ? 'Successful' : 'Failed';
  } catch (error) {
    if (error instanceof ExprError) return 'Error';
    throw error;
  }
}

describe('verdicts as Argo Rollouts gives them', () => {
  for (const row of argoVerdicts) {
    it(`${row.why}: ${row.condition} on ${JSON.stringify(row.result)} is ${row.verdict}`, () => {
      assert.equal(verdictOf(row.condition, row.result), row.verdict);
    });
  }
});
