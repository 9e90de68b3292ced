// The run's phase from its metrics: worst wins, dry-run metrics never count (Argo's assessRunStatus).
import type { AnalysisPhase, Metric, MetricResult, RunSummary } from '../api/types/analysis.ts';
import { assessMetric, isCompleted } from './assess-metric.ts';
import type { MetricSettings } from './metric-settings.ts';

/** Completed phases from best to worst; a run takes the worst phase of its metrics. */
const PHASE_ORDER: readonly AnalysisPhase[] = ['Successful', 'Running', 'Pending', 'Inconclusive', 'Error', 'Failed'];

export function isWorse(current: AnalysisPhase, candidate: AnalysisPhase): boolean {
  return PHASE_ORDER.indexOf(candidate) > PHASE_ORDER.indexOf(current);
}

export interface AnalysisEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface RunAssessmentInput {
  metrics: readonly Metric[];
  settings: ReadonlyMap<string, MetricSettings>;
  results: readonly MetricResult[];
  dryRun: ReadonlySet<string>;
  /** spec.terminate */
  terminate: boolean;
}

export interface RunAssessment {
  phase: AnalysisPhase;
  message: string;
  results: MetricResult[];
  runSummary: Required<RunSummary>;
  dryRunSummary: Required<RunSummary>;
  /** True when no new measurement may start: terminate was asked, or a metric ended the run. */
  terminating: boolean;
  events: AnalysisEvent[];
}

/** A run is terminating when asked to, or once a metric that is not dry-run ended Failed, Error or Inconclusive. */
export function isTerminating(
  terminate: boolean,
  results: readonly MetricResult[],
  dryRun: ReadonlySet<string>,
): boolean {
  return (
    terminate ||
    results.some(
      (result) =>
        !result.dryRun && !dryRun.has(result.name) && ['Failed', 'Error', 'Inconclusive'].includes(result.phase),
    )
  );
}

export function assessRun(input: RunAssessmentInput): RunAssessment {
  const terminatingBefore = isTerminating(input.terminate, input.results, input.dryRun);
  let pass = assessMetrics(input, input.results, terminatingBefore);
  const terminating = isTerminating(input.terminate, pass.results, input.dryRun);
  // A metric that just ended the run also ends the others now, not one reconcile later.
  if (terminating && !terminatingBefore) {
    const second = assessMetrics(input, pass.results, true);
    pass = { results: second.results, events: [...pass.events, ...second.events] };
  }
  return summarize(input, pass.results, terminating, pass.events);
}

function assessMetrics(
  input: RunAssessmentInput,
  results: readonly MetricResult[],
  terminating: boolean,
): { results: MetricResult[]; events: AnalysisEvent[] } {
  const events: AnalysisEvent[] = [];
  const updated = results.map((result) => {
    const settings = input.settings.get(result.name);
    if (!settings) return result;
    const { phase, reason } = assessMetric(settings, result, terminating);
    const next: MetricResult = { ...result, phase };
    if (phase !== result.phase) {
      const last = result.measurements?.[result.measurements.length - 1];
      if (last?.message) next.message = last.message;
      else if (last) delete next.message;
      if (isCompleted(phase)) {
        events.push({
          type: phase === 'Failed' || phase === 'Error' ? 'Warning' : 'Normal',
          reason: `Metric${phase}`,
          message: `Metric '${result.name}' Completed. Result: ${phase}`,
        });
      }
    }
    if (input.dryRun.has(result.name) && isCompleted(phase) && phase !== 'Successful' && reason) {
      next.message = `Metric assessed ${phase} due to ${reason}`;
    }
    return next;
  });
  return { results: updated, events };
}

function emptySummary(): Required<RunSummary> {
  return { count: 0, successful: 0, failed: 0, inconclusive: 0, error: 0 };
}

function summarize(
  input: RunAssessmentInput,
  results: MetricResult[],
  terminating: boolean,
  events: AnalysisEvent[],
): RunAssessment {
  const runSummary = emptySummary();
  const dryRunSummary = emptySummary();
  let worst: AnalysisPhase | undefined;
  let message = input.terminate ? 'Run Terminated' : '';
  let everythingCompleted = true;
  for (const metric of input.metrics) {
    const dryRun = input.dryRun.has(metric.name);
    const summary = dryRun ? dryRunSummary : runSummary;
    summary.count += 1;
    const result = results.find((candidate) => candidate.name === metric.name);
    if (!result || !isCompleted(result.phase)) {
      everythingCompleted = false;
      continue;
    }
    countPhase(summary, result.phase);
    if (dryRun) {
      worst ??= 'Successful';
      continue;
    }
    if (worst === undefined || isWorse(worst, result.phase)) {
      worst = result.phase;
      const settings = input.settings.get(metric.name);
      const reason =
        settings && result.phase !== 'Successful' ? assessMetric(settings, result, false).reason : undefined;
      if (reason) {
        message = `Metric "${metric.name}" assessed ${result.phase} due to ${reason}`;
        if (result.message) message += `: "Error Message: ${result.message}"`;
      }
    }
  }
  let phase: AnalysisPhase;
  if (terminating) phase = worst ?? 'Successful';
  else if (!everythingCompleted || worst === undefined) phase = 'Running';
  else phase = worst;
  if (phase === 'Running') message = '';
  return { phase, message: message.trim(), results, runSummary, dryRunSummary, terminating, events };
}

function countPhase(summary: Required<RunSummary>, phase: AnalysisPhase): void {
  if (phase === 'Failed') summary.failed += 1;
  else if (phase === 'Error') summary.error += 1;
  else if (phase === 'Inconclusive') summary.inconclusive += 1;
  else summary.successful += 1;
}
