// The condition evaluator of sluice's condition language (src/expr), for the bookkeeping.
import { evaluateCondition } from '../expr/index.ts';
import type { ConditionEvaluator } from './assess-measurement.ts';

/**
 * Evaluates successCondition / failureCondition with `result` bound; throws ExprError when it
 * cannot. now() is an error here: use exprConditionEvaluatorAt to give the evaluation time.
 */
export const exprConditionEvaluator: ConditionEvaluator = (condition, result) => evaluateCondition(condition, result);

/** The same evaluator, with now() giving `now` (milliseconds since the epoch). */
export function exprConditionEvaluatorAt(now: number): ConditionEvaluator {
  return (condition, result) => evaluateCondition(condition, result, { now });
}
