import { useEffect, useState } from 'preact/hooks';
import type { AnalysisRunDetailView } from '../../contract.ts';
import { apiPath, getJson } from '../api.ts';
import { Link } from '../components/Link.tsx';
import { MetricPanel } from '../components/MetricPanel.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { useTitle } from '../navigation.ts';
import { routeHref } from '../route.ts';

const REFRESH_MS = 5000;

/** An analysis run: its status and each metric with its chart and measurements (read again while it runs). */
export function AnalysisRunPage({ namespace, rollout, name }: { namespace: string; rollout: string; name: string }) {
  useTitle(`Analysis ${name}`);
  const [run, setRun] = useState<AnalysisRunDetailView>();
  const [error, setError] = useState('');
  const running = run === undefined || run.status.kind === 'progressing' || run.status.kind === 'waiting';
  useEffect(() => {
    const controller = new AbortController();
    const load = () => {
      getJson<AnalysisRunDetailView>(apiPath('namespaces', namespace, 'analysisruns', name), controller.signal).then(
        (next) => {
          setRun(next);
          setError('');
        },
        (failure: Error) => {
          if (!controller.signal.aborted) setError(failure.message);
        },
      );
    };
    load();
    // A tab in the background does not poll.
    const timer = running ? setInterval(() => document.hidden || load(), REFRESH_MS) : undefined;
    return () => {
      controller.abort();
      if (timer) clearInterval(timer);
    };
  }, [namespace, name, running]);

  return (
    <>
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <Link href={routeHref({ page: 'list', namespace: undefined })}>Rollouts</Link> ›{' '}
        <Link href={routeHref({ page: 'rollout', namespace, name: rollout })}>{rollout}</Link> ›{' '}
        <span aria-current="page">{name}</span>
      </nav>
      <h1>Analysis run {name}</h1>
      {error && (
        <p role="alert" class="notice notice-error">
          {error}
        </p>
      )}
      {run && (
        <>
          <section class="panel summary" aria-label="Summary" data-testid="analysis-run-summary">
            <dl class="facts">
              <div>
                <dt>Status</dt>
                <dd>
                  <StatusBadge status={run.status} testId="analysis-run-status" /> {run.message}
                </dd>
              </div>
              <div>
                <dt>Revision</dt>
                <dd>{run.revision}</dd>
              </div>
              <div>
                <dt>Started</dt>
                <dd>{run.startedAgo ? `${run.startedAgo} ago` : '-'}</dd>
              </div>
              <div>
                <dt>Measurements</dt>
                <dd>
                  {run.counts.successful} successful, {run.counts.failed} failed, {run.counts.inconclusive}{' '}
                  inconclusive, {run.counts.error} errors
                </dd>
              </div>
            </dl>
          </section>
          {run.metrics.map((metric) => (
            <MetricPanel key={metric.name} metric={metric} />
          ))}
        </>
      )}
    </>
  );
}
