// The job provider: a measurement starts a job (JobRunner) and stays Running, with the job's
// name in its metadata (`job-name`, as Argo); resuming asks the runner: completion is
// Successful, failure Failed, a job stuck on a container that can never start Inconclusive (as
// Argo's processJobPods: the rollout pauses for someone to look). Terminating stops the job.
import type { Measurement, Metric } from '../../../api/types/analysis.ts';
import {
  errorReport,
  messageOf,
  type MeasureContext,
  type MeasurementReport,
  type MetricProvider,
} from '../provider.ts';
import type { JobRunner, JobState } from './runner.ts';

export const JOB_NAME_KEY = 'job-name';

export interface JobProviderOptions {
  runner: JobRunner;
  /** How soon to look at a running job again (ms). */
  pollIntervalMs?: number;
}

export class JobProvider implements MetricProvider {
  readonly key = 'job';
  readonly #runner: JobRunner;
  readonly #pollMs: number;

  constructor(options: JobProviderOptions) {
    this.#runner = options.runner;
    this.#pollMs = options.pollIntervalMs ?? 1000;
  }

  async measure(metric: Metric, context: MeasureContext): Promise<MeasurementReport> {
    const startedAt = context.now();
    const job = metric.provider.job;
    if (!job) return errorReport(metric, startedAt, `metric "${metric.name}" has no provider.job`);
    const name = jobName(context, metric.name);
    try {
      await this.#runner.start({ name, job, run: context.run, metricName: metric.name });
    } catch (error) {
      return {
        ...errorReport(metric, startedAt, `job ${name} could not be started: ${messageOf(error)}`, context.now()),
        metadata: { [JOB_NAME_KEY]: name },
      };
    }
    return this.#running(metric, startedAt, name, context);
  }

  async resume(metric: Metric, measurement: Measurement, context: MeasureContext): Promise<MeasurementReport> {
    const startedAt = startOf(measurement, context);
    const name = measurement.metadata?.[JOB_NAME_KEY];
    if (!name)
      return errorReport(metric, startedAt, 'job metadata reference missing: the measurement does not name its job');
    const state = await this.#runner.status(name);
    const metadata = { [JOB_NAME_KEY]: name };
    switch (state.phase) {
      case 'running':
        return this.#running(metric, startedAt, name, context);
      case 'succeeded':
        return {
          metricName: metric.name,
          startedAt,
          finishedAt: context.now(),
          outcome: { kind: 'judged', phase: 'Successful' },
          metadata,
        };
      case 'failed':
        return {
          metricName: metric.name,
          startedAt,
          finishedAt: context.now(),
          outcome: { kind: 'judged', phase: 'Failed' },
          message: state.message,
          metadata,
        };
      case 'stuck':
        return {
          metricName: metric.name,
          startedAt,
          finishedAt: context.now(),
          outcome: { kind: 'judged', phase: 'Inconclusive' },
          message: stuckMessage(state),
          metadata,
        };
      case 'not-found':
        return {
          ...errorReport(metric, startedAt, `job ${name} not found: it was deleted or never started`, context.now()),
          metadata,
        };
    }
  }

  async terminate(metric: Metric, measurement: Measurement, context: MeasureContext): Promise<MeasurementReport> {
    const startedAt = startOf(measurement, context);
    const name = measurement.metadata?.[JOB_NAME_KEY];
    if (!name)
      return errorReport(metric, startedAt, 'job metadata reference missing: the measurement does not name its job');
    try {
      await this.#runner.stop(name);
    } catch (error) {
      return {
        ...errorReport(metric, startedAt, `job ${name} could not be stopped: ${messageOf(error)}`, context.now()),
        metadata: { [JOB_NAME_KEY]: name },
      };
    }
    // As Argo's job provider: a job stopped before it finished judged nothing, so it is Inconclusive.
    return {
      metricName: metric.name,
      startedAt,
      finishedAt: context.now(),
      outcome: { kind: 'judged', phase: 'Inconclusive' },
      metadata: { [JOB_NAME_KEY]: name },
    };
  }

  #running(metric: Metric, startedAt: number, name: string, context: MeasureContext): MeasurementReport {
    return {
      metricName: metric.name,
      startedAt,
      outcome: { kind: 'running', resumeAt: context.now() + this.#pollMs },
      metadata: { [JOB_NAME_KEY]: name },
    };
  }
}

/** The longest job name whose `job-name` label Kubernetes accepts (a label value). */
export const JOB_NAME_LIMIT = 63;

/**
 * `<run uid, or namespace.name>.<metric>.<n>`, n counting the metric's measurements from 1. A
 * name over 63 characters loses the end of its metric part (as Argo Rollouts names its jobs), since
 * Kubernetes copies the job's name into the `job-name` label of its pods, and a label value is at
 * most 63 characters; the metric part keeps at least one character.
 */
export function jobName(context: MeasureContext, metricName: string): string {
  const owner = context.run.uid ?? `${context.run.namespace}.${context.run.name}`;
  const name = `${owner}.${metricName}.${context.attempt}`;
  if (name.length <= JOB_NAME_LIMIT) return name;
  const keep = Math.max(1, metricName.length - (name.length - JOB_NAME_LIMIT));
  return `${owner}.${metricName.slice(0, keep)}.${context.attempt}`;
}

/** Argo's wording, trailing newline included (it is part of the message Argo stores). */
function stuckMessage(state: Extract<JobState, { phase: 'stuck' }>): string {
  return `Pod ${state.pod}, container ${state.container} has terminal error (${state.reason}): ${state.message}\n`;
}

function startOf(measurement: Measurement, context: MeasureContext): number {
  const parsed = measurement.startedAt ? Date.parse(measurement.startedAt) : Number.NaN;
  return Number.isNaN(parsed) ? context.now() : parsed;
}
