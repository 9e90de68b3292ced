// An Experiment as `list experiments` and `get experiment` show it: its status, duration and the
// time it has left (Argo's list columns), its templates and its analyses.
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

export interface ExperimentDetail extends ExperimentListRow {
  message: string;
  templates: Array<{ name: string; status: string; replicas: string; service: string; message: string }>;
  analyses: Array<{ name: string; run: string; status: string; message: string }>;
}

export function experimentDetail(experiment: Experiment, now: number): ExperimentDetail {
  const status = experiment.status ?? {};
  return {
    ...experimentListRow(experiment, now),
    message: status.message ?? '',
    templates: experiment.spec.templates.map((template) => {
      const entry = status.templateStatuses?.find((item) => item.name === template.name);
      return {
        name: template.name,
        status: entry?.status ?? '',
        replicas: `${entry?.availableReplicas ?? 0}/${template.replicas ?? 1}`,
        service: entry?.serviceName ?? '',
        message: entry?.message ?? '',
      };
    }),
    analyses: (experiment.spec.analyses ?? []).map((analysis) => {
      const entry = status.analysisRuns?.find((item) => item.name === analysis.name);
      return {
        name: analysis.name,
        run: entry?.analysisRun ?? '',
        status: entry?.phase ?? '',
        message: entry?.message ?? '',
      };
    }),
  };
}
