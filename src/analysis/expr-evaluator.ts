// The condition evaluator of sluice's condition language (src/expr), for the bookkeeping.
import { evaluateCondition } from '../expr/index.ts';
import type { ConditionEvaluator } from './assess-measurement.ts';

/** Evaluates successCondition / failureCondition with `result` bound; throws ExprError when it cannot. */
export const exprConditionEvaluator: ConditionEvaluator = (condition, result) => evaluateCondition(condition, result);
