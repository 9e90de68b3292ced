// An Experiment as `list experiments` shows it: its status, duration and the time it has left
// (Argo's list columns).
import type { Experiment } from '../api/types/experiment.ts';
import { parseGoDuration } from '../api/duration.ts';
import { parseTimestamp } from '../conventions/timestamps.ts';
import { ageAt, humanDuration } from './human-duration.ts';

export interface ExperimentListRow {
  namespace: string;
  name: string;
  status: string;
  duration: string;
  remaining: string;
  age: string;
}

const COMPLETED = new Set(['Successful', 'Failed', 'Error', 'Inconclusive']);

function durationMs(experiment: Experiment): number | undefined {
  if (!experiment.spec.duration) return undefined;
  try {
    return parseGoDuration(experiment.spec.duration);
  } catch {
    return undefined;
  }
}

export function experimentListRow(experiment: Experiment, now: number): ExperimentListRow {
  const duration = durationMs(experiment);
  const availableAt = parseTimestamp(experiment.status?.availableAt);
  const phase = experiment.status?.phase ?? '';
  let remaining = '-';
  if (duration !== undefined && availableAt !== undefined && !COMPLETED.has(phase)) {
    const left = availableAt + duration - now;
    if (left > 0) remaining = humanDuration(left);
  }
  return {
    namespace: experiment.metadata.namespace ?? '',
    name: experiment.metadata.name ?? '',
    status: phase,
    duration: duration === undefined ? '-' : humanDuration(duration),
    remaining,
    age: ageAt(parseTimestamp(experiment.metadata.creationTimestamp), now),
  };
}
