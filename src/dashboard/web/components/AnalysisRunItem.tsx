import type { AnalysisRunView } from '../types.ts';
import { routeHref } from '../route.ts';
import { Link } from './Link.tsx';
import { StatusBadge } from './StatusBadge.tsx';

/** An analysis run in its revision: status, measurement counts, and a link to its detail. */
export function AnalysisRunItem({
  run,
  namespace,
  rollout,
}: {
  run: AnalysisRunView;
  namespace: string;
  rollout: string;
}) {
  const { counts } = run;
  return (
    <li class="analysis-run" data-testid="analysis-run" data-name={run.name}>
      <Link href={routeHref({ page: 'analysisrun', namespace, rollout, name: run.name })}>{run.name}</Link>{' '}
      <StatusBadge status={run.status} />{' '}
      <span class="counts">
        <span title="successful measurements">✔ {counts.successful} successful</span>
        <span title="failed measurements">✖ {counts.failed} failed</span>
        {counts.inconclusive > 0 && <span>? {counts.inconclusive} inconclusive</span>}
        {counts.error > 0 && <span>⚠ {counts.error} errors</span>}
      </span>
      {run.jobs.length > 0 && (
        <ul class="jobs">
          {run.jobs.map((job) => (
            <li key={job.name}>
              job {job.name} <StatusBadge status={job.status} />
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
