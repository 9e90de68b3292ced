// An AnalysisRun as a node of the rollout tree: its phase, the ✔/✖/?/⚠ measurement counts of all
// its metrics, and the Jobs its job metrics started.
import type { AnalysisRun } from '../api/types/analysis.ts';
import { REVISION_ANNOTATION } from '../conventions/labels.ts';
import { parseTimestamp } from '../conventions/timestamps.ts';
import type { Job } from './inputs.ts';
import type { AnalysisCounts, AnalysisRunView, JobView } from './model.ts';
import { ageAt } from './human-duration.ts';
import { analysisStatusKind } from './status-kinds.ts';
import { parseRevision } from './replica-set-view.ts';

/** The measurement metadata key naming the Job a job metric started. */
export const JOB_NAME_METADATA_KEY = 'job-name';

export function analysisRunView(run: AnalysisRun, jobs: Job[], now: number): AnalysisRunView {
  const phase = run.status?.phase ?? '';
  const createdAt = parseTimestamp(run.metadata.creationTimestamp);
  return {
    kind: 'AnalysisRun',
    name: run.metadata.name ?? '',
    ...(run.metadata.namespace ? { namespace: run.metadata.namespace } : {}),
    status: { text: phase, kind: analysisStatusKind(phase) },
    ...(createdAt !== undefined ? { createdAt } : {}),
    age: ageAt(createdAt, now),
    revision: parseRevision(run.metadata.annotations?.[REVISION_ANNOTATION]),
    counts: analysisCounts(run),
    jobs: jobViews(run, jobs, now),
  };
}

/** Newest revision first, then oldest first, then by name descending (as `get rollout` orders runs). */
export function compareAnalysisRuns(a: AnalysisRunView, b: AnalysisRunView): number {
  return (
    b.revision - a.revision ||
    (a.createdAt ?? 0) - (b.createdAt ?? 0) ||
    (a.name < b.name ? 1 : a.name > b.name ? -1 : 0)
  );
}

export function analysisCounts(run: AnalysisRun): AnalysisCounts {
  const counts: AnalysisCounts = { successful: 0, failed: 0, inconclusive: 0, error: 0 };
  for (const result of run.status?.metricResults ?? []) {
    counts.successful += result.successful ?? 0;
    counts.failed += result.failed ?? 0;
    counts.inconclusive += result.inconclusive ?? 0;
    counts.error += result.error ?? 0;
  }
  return counts;
}

function jobViews(run: AnalysisRun, jobs: Job[], now: number): JobView[] {
  const views: JobView[] = [];
  for (const result of run.status?.metricResults ?? []) {
    for (const measurement of result.measurements ?? []) {
      const name = measurement.metadata?.[JOB_NAME_METADATA_KEY];
      if (!name) continue;
      const job = jobs.find((candidate) => candidate.metadata.name === name);
      const createdAt = parseTimestamp(measurement.startedAt) ?? parseTimestamp(job?.metadata.creationTimestamp);
      views.push({
        kind: 'Job',
        name,
        ...(run.metadata.namespace ? { namespace: run.metadata.namespace } : {}),
        status: { text: measurement.phase, kind: analysisStatusKind(measurement.phase) },
        ...(createdAt !== undefined ? { createdAt } : {}),
        age: ageAt(createdAt, now),
      });
    }
  }
  return views;
}
