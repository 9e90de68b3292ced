// AnalysisRun bookkeeping: what the engine and the runtimes use from src/analysis.
export { buildAnalysisRunSpec, BuildRunError, type BuildRunInput, type TemplateLookup } from './build-run.ts';
export { resolveRolloutArgs, fieldRefValue, RolloutArgError, type RolloutArgContext } from './rollout-args.ts';
export { secretArgRefs, redactor, REDACTED, type SecretArgRef, type SecretValues } from './args.ts';
export { assessMeasurement, type ConditionEvaluator, type MeasurementOutcome } from './assess-measurement.ts';
export {
  reconcileAnalysisRun,
  type DueMeasurement,
  type ReconcileOptions,
  type ReconcileResult,
} from './reconcile-run.ts';
export type { MeasurementReport, ProviderOutcome } from './record-measurement.ts';
export type { AnalysisEvent } from './assess-run.ts';
export { effectOnRollout, type RolloutEffect } from './effect-on-rollout.ts';
export { isCompleted } from './assess-metric.ts';
export { DEFAULT_MEASUREMENT_RETENTION } from './retention.ts';
export { ERROR_RETRY_INTERVAL_MS } from './metric-settings.ts';
export { RESUME_POLL_MS } from './record-measurement.ts';
