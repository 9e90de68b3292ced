// One metric's phase from its counters and limits (Argo's assessMetricStatus).
import type { AnalysisPhase, MetricResult } from '../api/types/analysis.ts';
import type { MetricSettings } from './metric-settings.ts';

export const COMPLETED_PHASES: ReadonlySet<AnalysisPhase> = new Set(['Successful', 'Failed', 'Error', 'Inconclusive']);

export function isCompleted(phase: AnalysisPhase | undefined): boolean {
  return phase !== undefined && COMPLETED_PHASES.has(phase);
}

export interface MetricAssessment {
  phase: AnalysisPhase;
  /** Why a completed metric ended as it did, e.g. `failed (3) > failureLimit (0)`. */
  reason?: string;
}

type Limited = { phase: 'Failed' | 'Inconclusive' | 'Error'; reason: string };

/**
 * The limit a metric broke, if any. As Argo, the checks run in this order and the last broken one
 * wins: failed > failureLimit (unless -1), inconclusive > inconclusiveLimit, consecutive errors >
 * consecutiveErrorLimit.
 */
export function brokenLimit(settings: MetricSettings, result: MetricResult): Limited | undefined {
  let broken: Limited | undefined;
  const failed = result.failed ?? 0;
  const inconclusive = result.inconclusive ?? 0;
  const consecutiveError = result.consecutiveError ?? 0;
  if (settings.failureLimit >= 0 && failed > settings.failureLimit) {
    broken = { phase: 'Failed', reason: `failed (${failed}) > failureLimit (${settings.failureLimit})` };
  }
  if (inconclusive > settings.inconclusiveLimit) {
    broken = {
      phase: 'Inconclusive',
      reason: `inconclusive (${inconclusive}) > inconclusiveLimit (${settings.inconclusiveLimit})`,
    };
  }
  if (consecutiveError > settings.consecutiveErrorLimit) {
    broken = {
      phase: 'Error',
      reason: `consecutiveErrors (${consecutiveError}) > consecutiveErrorLimit (${settings.consecutiveErrorLimit})`,
    };
  }
  return broken;
}

/**
 * The phase of a metric that has not completed yet (a completed metric keeps its phase):
 * Pending before its first measurement, Running while a measurement is in flight or more are due,
 * then Failed / Inconclusive / Error when a limit is broken, Successful when consecutiveSuccessLimit
 * is reached, and at the count: Successful, or when consecutiveSuccessLimit was not reached,
 * Inconclusive (failureLimit also in force) or Failed (failureLimit -1). A terminating run ends
 * its remaining metrics Successful.
 */
export function assessMetric(settings: MetricSettings, result: MetricResult, terminating: boolean): MetricAssessment {
  if (isCompleted(result.phase)) return { phase: result.phase, ...reasonOf(settings, result) };
  const measurements = result.measurements ?? [];
  const last = measurements[measurements.length - 1];
  if (last === undefined) return terminating ? { phase: 'Successful', reason: 'run terminated' } : { phase: 'Pending' };
  if (!isCompleted(last.phase)) return { phase: 'Running' };
  const broken = brokenLimit(settings, result);
  if (broken) return broken;
  const consecutiveSuccess = result.consecutiveSuccess ?? 0;
  const successLimit = settings.consecutiveSuccessLimit;
  if (successLimit > 0 && consecutiveSuccess >= successLimit) {
    return {
      phase: 'Successful',
      reason: `consecutiveSuccess (${consecutiveSuccess}) reached consecutiveSuccessLimit (${successLimit})`,
    };
  }
  if (settings.count !== undefined && (result.count ?? 0) >= settings.count) {
    if (successLimit > 0) {
      const notReached = `consecutiveSuccessLimit (${successLimit}) not reached within count (${settings.count})`;
      if (settings.failureLimit >= 0)
        return {
          phase: 'Inconclusive',
          reason: `${notReached} and failureLimit (${settings.failureLimit}) not exceeded`,
        };
      return { phase: 'Failed', reason: notReached };
    }
    return { phase: 'Successful', reason: `count (${settings.count}) reached` };
  }
  if (terminating) return { phase: 'Successful', reason: 'run terminated' };
  return { phase: 'Running' };
}

/** The reason of an already completed metric, derived again from its counters. */
function reasonOf(settings: MetricSettings, result: MetricResult): { reason?: string } {
  if (result.phase === 'Successful') return {};
  const broken = brokenLimit(settings, result);
  if (broken?.phase === result.phase) return { reason: broken.reason };
  const reassessed = assessMetric(settings, { ...result, phase: 'Running' }, false);
  return reassessed.phase === result.phase && reassessed.reason ? { reason: reassessed.reason } : {};
}
