// The bookkeeping entry point. A runtime loop: call reconcileAnalysisRun, take the `due`
// measurements with the providers, call again with their reports, persist `status`, and come back
// after `requeueAfterMs`. Pure: time is the `now` parameter, providers are the caller's business.
import type { AnalysisRun, AnalysisRunStatus, Measurement, Metric, MetricResult } from '../api/types/analysis.ts';
import { ArgsError, redactor, resolveMetricArgs, runArgs, type RunArgs, type SecretValues } from './args.ts';
import type { ConditionEvaluator } from './assess-measurement.ts';
import { isCompleted } from './assess-metric.ts';
import { assessRun, isTerminating, type AnalysisEvent } from './assess-run.ts';
import { dryRunMetricNames, MetricNameRuleError } from './metric-name-rules.ts';
import { metricsSettings, MetricSpecError, type MetricSettings } from './metric-settings.ts';
import { recordMeasurement, type MeasurementReport } from './record-measurement.ts';
import { retentionLimits, trimMeasurements } from './retention.ts';
import { lastMeasurement, scheduleMetric, type ScheduleDecision } from './schedule.ts';
import { formatTimestamp, parseTimestamp } from '../conventions/timestamps.ts';

export interface ReconcileOptions {
  evaluate: ConditionEvaluator;
  /** What the providers reported for the measurements the previous call said were due. */
  reports?: readonly MeasurementReport[];
  /** Values of the run's `valueFrom.secretKeyRef` args, read by the runtime (see secretArgRefs). */
  secrets?: SecretValues;
}

export interface DueMeasurement {
  metricName: string;
  /** The metric with its args substituted, secrets included: for the provider only, never persisted or logged. */
  metric: Metric;
  action: 'measure' | 'resume' | 'terminate';
  /** The in-flight measurement to resume or terminate. */
  measurement?: Measurement;
  /** When it became due (epoch ms, <= now). */
  at: number;
}

export interface ReconcileResult {
  status: AnalysisRunStatus;
  due: DueMeasurement[];
  /** When to call again for the next scheduled measurement; undefined when nothing is scheduled. */
  requeueAfterMs?: number;
  events: AnalysisEvent[];
  /** Hides secret values; use it on anything about this run that goes to logs. */
  redact: (text: string) => string;
}

const SECRET_PLACEHOLDER = 'temp-for-secret';

/** What a run's spec means once args are substituted and checked. */
interface PreparedRun {
  metrics: Metric[];
  settings: Map<string, MetricSettings>;
  dryRun: Set<string>;
  retention: Map<string, number>;
}

export function reconcileAnalysisRun(run: AnalysisRun, now: number, options: ReconcileOptions): ReconcileResult {
  const status: AnalysisRunStatus = structuredClone(run.status ?? {});
  const redact = redactor(Object.values(options.secrets ?? {}));
  if (isCompleted(status.phase)) return finishInFlight(run, status, now, options, redact);
  status.startedAt ??= formatTimestamp(now);
  status.metricResults ??= [];

  const prepared = prepareRun(run, options.secrets);
  if (typeof prepared === 'string') return failed(status, now, prepared, redact);
  const { metrics, settings, dryRun, retention } = prepared;

  recordReports(run, status, prepared, now, options, redact);

  const previousPhase = status.phase;
  const assessment = assessRun({
    metrics,
    settings,
    results: status.metricResults,
    dryRun,
    terminate: run.spec.terminate ?? false,
  });
  const events = assessment.events.map((event) => ({ ...event, message: redact(event.message) }));
  status.metricResults = trimMeasurements(assessment.results, retention);
  status.runSummary = assessment.runSummary;
  status.dryRunSummary = assessment.dryRunSummary;
  const { dueNow, requeueAfterMs } = plan(
    prepared,
    status,
    now,
    assessment.terminating || isCompleted(assessment.phase),
  );
  // As Argo, a run that stops terminates its in-flight measurements first and completes from their
  // answers (a job stopped before it finished is Inconclusive): the next call, with the reports.
  const terminatingInFlight = dueNow.some(({ decision }) => decision.kind === 'terminate');
  if (assessment.phase !== previousPhase && !(isCompleted(assessment.phase) && terminatingInFlight)) {
    status.phase = assessment.phase;
    setMessage(status, redact(assessment.message));
    if (isCompleted(assessment.phase)) {
      status.completedAt = formatTimestamp(now);
      events.push(completionEvent(assessment.phase));
    }
  }

  let due: DueMeasurement[] = [];
  if (dueNow.length > 0) {
    try {
      const realArgs = runArgs(run.spec.args, options.secrets);
      due = dueNow.map(({ metric, decision }) => dueMeasurement(run, metric, decision, realArgs));
    } catch (error) {
      if (!(error instanceof ArgsError)) throw error;
      const errored = failed(status, now, `Unable to resolve metric arguments: ${error.message}`, redact);
      return { ...errored, events: [...events, ...errored.events] };
    }
  }
  return { status, due, ...(requeueAfterMs === undefined ? {} : { requeueAfterMs }), events, redact };
}

/** Args substituted (secrets as placeholders) and the spec checked; a string is the reason the run errors. */
function prepareRun(run: AnalysisRun, secrets: SecretValues | undefined): PreparedRun | string {
  let metrics: Metric[];
  try {
    metrics = resolveAll(run.spec.metrics ?? [], runArgs(run.spec.args, secrets, SECRET_PLACEHOLDER));
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error;
    return `Unable to resolve metric arguments: ${error.message}`;
  }
  try {
    const names = metrics.map((metric) => metric.name);
    return {
      metrics,
      settings: metricsSettings(metrics),
      dryRun: dryRunMetricNames(run.spec.dryRun, names),
      retention: retentionLimits(run.spec.measurementRetention, names),
    };
  } catch (error) {
    if (!(error instanceof MetricSpecError || error instanceof MetricNameRuleError)) throw error;
    return `Analysis spec invalid: ${error.message}`;
  }
}

/** Adds the providers' reports to status; reports for unknown or completed metrics are ignored. */
function recordReports(
  run: AnalysisRun,
  status: AnalysisRunStatus,
  prepared: PreparedRun,
  now: number,
  options: ReconcileOptions,
  redact: (text: string) => string,
): void {
  const reports = options.reports ?? [];
  if (reports.length === 0) return;
  let results = status.metricResults ?? [];
  const terminating = isTerminating(run.spec.terminate ?? false, results, prepared.dryRun);
  // Conditions may use secret args too: judge with the real values when the runtime gave them.
  const judgedMetrics = metricsWithSecrets(run, options.secrets) ?? prepared.metrics;
  for (const report of reports) {
    const metric = judgedMetrics[prepared.metrics.findIndex((candidate) => candidate.name === report.metricName)];
    const previous = results.find((result) => result.name === report.metricName);
    if (!metric || (previous && isCompleted(previous.phase))) continue;
    const context = { now, evaluate: options.evaluate, redact, terminating, dryRun: prepared.dryRun.has(metric.name) };
    results = upsert(results, recordMeasurement(previous, metric, report, context));
  }
  status.metricResults = results;
}

type ActiveDecision = Exclude<ScheduleDecision, { kind: 'none' }>;

/** The measurements due now, and how long until the next one. */
function plan(
  prepared: PreparedRun,
  status: AnalysisRunStatus,
  now: number,
  terminating: boolean,
): { dueNow: Array<{ metric: Metric; decision: ActiveDecision }>; requeueAfterMs?: number } {
  const runStartedAt = parseTimestamp(status.startedAt) ?? now;
  const active = prepared.metrics.flatMap((metric) => {
    const settings = prepared.settings.get(metric.name);
    if (!settings) return [];
    const result = status.metricResults?.find((candidate) => candidate.name === metric.name);
    const decision = scheduleMetric({ settings, result, runStartedAt, terminating, now });
    return decision.kind === 'none' ? [] : [{ metric, decision }];
  });
  const later = active.flatMap(({ decision }) => (decision.at > now ? [decision.at] : []));
  return {
    dueNow: active.filter(({ decision }) => decision.at <= now),
    ...(later.length > 0 ? { requeueAfterMs: Math.min(...later) - now } : {}),
  };
}

function resolveAll(metrics: readonly Metric[], args: RunArgs): Metric[] {
  return metrics.map((metric, index) => resolveMetricArgs(metric, args.values, `spec.metrics[${index}]`));
}

function metricsWithSecrets(run: AnalysisRun, secrets: SecretValues | undefined): Metric[] | undefined {
  try {
    return resolveAll(run.spec.metrics ?? [], runArgs(run.spec.args, secrets));
  } catch (error) {
    if (error instanceof ArgsError) return undefined;
    throw error;
  }
}

function dueMeasurement(run: AnalysisRun, metric: Metric, decision: ActiveDecision, args: RunArgs): DueMeasurement {
  const index = (run.spec.metrics ?? []).findIndex((candidate) => candidate.name === metric.name);
  const source = run.spec.metrics[index] ?? metric;
  const resolved = resolveMetricArgs(source, args.values, `spec.metrics[${index}]`);
  const base = { metricName: metric.name, metric: resolved, at: decision.at };
  if (decision.kind === 'measure') return { ...base, action: 'measure' };
  return { ...base, action: decision.kind, measurement: decision.measurement };
}

function upsert(results: MetricResult[], result: MetricResult): MetricResult[] {
  const index = results.findIndex((candidate) => candidate.name === result.name);
  if (index < 0) return [...results, result];
  return results.map((candidate, at) => (at === index ? result : candidate));
}

function setMessage(status: AnalysisRunStatus, message: string): void {
  if (message) status.message = message;
  else delete status.message;
}

function completionEvent(phase: NonNullable<AnalysisRunStatus['phase']>): AnalysisEvent {
  return {
    type: phase === 'Failed' || phase === 'Error' ? 'Warning' : 'Normal',
    reason: `AnalysisRun${phase}`,
    message: `Analysis Completed. Result: ${phase}`,
  };
}

/** The whole run ends in Error (invalid spec, unresolvable args), as Argo does. */
function failed(
  status: AnalysisRunStatus,
  now: number,
  message: string,
  redact: (text: string) => string,
): ReconcileResult {
  const next: AnalysisRunStatus = {
    ...status,
    phase: 'Error',
    message: redact(message),
    completedAt: formatTimestamp(now),
  };
  next.startedAt ??= formatTimestamp(now);
  return { status: next, due: [], events: [completionEvent('Error')], redact };
}

/**
 * Metrics whose in-flight measurement was just closed end as a terminated run's metrics do
 * (Successful), so no metric of a completed run stays Running; the run's own phase is final.
 */
function settleMetricPhases(run: AnalysisRun, status: AnalysisRunStatus, options: ReconcileOptions): void {
  const prepared = prepareRun(run, options.secrets);
  if (typeof prepared === 'string') return;
  const { metrics, settings, dryRun } = prepared;
  const assessment = assessRun({ metrics, settings, results: status.metricResults ?? [], dryRun, terminate: true });
  status.metricResults = assessment.results;
  status.runSummary = assessment.runSummary;
  status.dryRunSummary = assessment.dryRunSummary;
}

/**
 * A completed run measures nothing more, but a measurement still in flight when it completed
 * (a job) is terminated, and the provider's answer closes it without changing any counter.
 */
function finishInFlight(
  run: AnalysisRun,
  status: AnalysisRunStatus,
  now: number,
  options: ReconcileOptions,
  redact: (text: string) => string,
): ReconcileResult {
  const results = status.metricResults ?? [];
  for (const report of options.reports ?? []) {
    const result = results.find((candidate) => candidate.name === report.metricName);
    const last = lastMeasurement(result);
    if (!result || !last || last.finishedAt !== undefined || report.outcome.kind === 'running') continue;
    const closed: Measurement = {
      ...last,
      phase:
        report.outcome.kind === 'judged'
          ? report.outcome.phase
          : report.outcome.kind === 'error'
            ? 'Error'
            : 'Successful',
      finishedAt: formatTimestamp(report.finishedAt ?? now),
    };
    delete closed.resumeAt;
    delete closed.message;
    if (report.outcome.kind === 'error') closed.message = redact(report.outcome.message);
    else if (closed.phase === 'Successful' || closed.phase === 'Inconclusive') closed.message = 'Metric Terminated';
    result.measurements = [...(result.measurements ?? []).slice(0, -1), closed];
  }
  settleMetricPhases(run, status, options);
  const due: DueMeasurement[] = [];
  try {
    const args = runArgs(run.spec.args, options.secrets);
    run.spec.metrics.forEach((metric, index) => {
      const last = lastMeasurement(results.find((candidate) => candidate.name === metric.name));
      if (last && last.finishedAt === undefined) {
        due.push({
          metricName: metric.name,
          metric: resolveMetricArgs(metric, args.values, `spec.metrics[${index}]`),
          action: 'terminate',
          measurement: last,
          at: now,
        });
      }
    });
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error;
  }
  return { status, due, events: [], redact };
}
