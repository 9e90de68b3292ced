// The outcome of one measurement from its value and the metric's conditions (Argo's EvaluateResult).
import type { AnalysisPhase, Metric } from '../api/types/analysis.ts';

/**
 * Evaluates one condition (`result[0] >= 0.95`) against a measured value. Returns the boolean
 * outcome; throws when the condition cannot be evaluated (syntax error, wrong types, not a boolean).
 */
export type ConditionEvaluator = (condition: string, result: unknown) => boolean;

export type MeasurementOutcome =
  | { phase: Extract<AnalysisPhase, 'Successful' | 'Failed' | 'Inconclusive'> }
  | { phase: 'Error'; message: string };

/**
 * - no condition: Successful (unless the provider reported an error);
 * - only successCondition: Successful when it holds, Failed otherwise;
 * - only failureCondition: Failed when it holds, Successful otherwise;
 * - both: Failed when the failure condition holds, Successful when only the success condition
 *   holds, Inconclusive when neither does;
 * - a condition that cannot be evaluated: Error, with the evaluator's message.
 */
export function assessMeasurement(
  metric: Pick<Metric, 'successCondition' | 'failureCondition'>,
  result: unknown,
  evaluate: ConditionEvaluator,
): MeasurementOutcome {
  const success = metric.successCondition ?? '';
  const failure = metric.failureCondition ?? '';
  let succeeded = false;
  let failed = false;
  try {
    if (success !== '') succeeded = evaluate(success, result);
    if (failure !== '') failed = evaluate(failure, result);
  } catch (error) {
    return { phase: 'Error', message: error instanceof Error ? error.message : String(error) };
  }
  if (success === '' && failure === '') return { phase: 'Successful' };
  if (failure === '') failed = !succeeded;
  if (success === '') succeeded = !failed;
  if (failed) return { phase: 'Failed' };
  if (!succeeded) return { phase: 'Inconclusive' };
  return { phase: 'Successful' };
}
