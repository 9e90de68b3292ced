// What one experiment pass reads and accumulates: the experiment as read, the status it builds,
// its actions, events and the earliest time to look again.
import type { Experiment, ExperimentStatus } from '../../api/types/experiment.ts';
import { formatTimestamp } from '../../conventions/timestamps.ts';
import { isTerminating } from './rules.ts';
import type { ExperimentAction, ExperimentEvent, ObservedExperiment } from './types.ts';

export interface ExperimentContext {
  observed: ObservedExperiment;
  experiment: Experiment;
  now: number;
  /** `now` as the API server writes it. */
  nowStamp: string;
  /** Judged once on the status as read (Argo's isTerminating): nothing new starts, everything scales down. */
  terminating: boolean;
  status: ExperimentStatus;
  actions: ExperimentAction[];
  events: ExperimentEvent[];
  requeueAfterMs: number | undefined;
}

export function experimentContext(observed: ObservedExperiment, now: number): ExperimentContext {
  const experiment = observed.experiment;
  return {
    observed,
    experiment,
    now,
    nowStamp: formatTimestamp(now),
    terminating: isTerminating(experiment),
    status: structuredClone(experiment.status ?? {}),
    actions: [],
    events: [],
    requeueAfterMs: undefined,
  };
}

export function requeueWithin(ctx: ExperimentContext, ms: number): void {
  const wait = Math.max(0, ms);
  if (ctx.requeueAfterMs === undefined || wait < ctx.requeueAfterMs) ctx.requeueAfterMs = wait;
}

export function emit(ctx: ExperimentContext, type: ExperimentEvent['type'], reason: string, message: string): void {
  ctx.events.push({ type, reason, message });
}
