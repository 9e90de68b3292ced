import { useEffect, useState } from 'preact/hooks';
import type { TrafficSeries } from '../../contract.ts';
import { getJson, rolloutPath } from '../api.ts';
import { TrafficChart } from '../charts/TrafficChart.tsx';

const REFRESH_MS = 5000;

/** Where the requests go per version, read again every few seconds. */
export function TrafficPanel({ namespace, name }: { namespace: string; name: string }) {
  const [series, setSeries] = useState<TrafficSeries>();
  const [error, setError] = useState('');
  useEffect(() => {
    const controller = new AbortController();
    const load = () => {
      getJson<TrafficSeries>(rolloutPath(namespace, name, 'traffic'), controller.signal).then(
        (next) => {
          setSeries(next);
          setError('');
        },
        (failure: Error) => {
          if (!controller.signal.aborted) setError(failure.message);
        },
      );
    };
    load();
    // A tab in the background does not poll.
    const timer = setInterval(() => document.hidden || load(), REFRESH_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [namespace, name]);

  return (
    <section aria-labelledby="traffic-heading" class="panel" data-testid="traffic">
      <h2 id="traffic-heading">Traffic per version</h2>
      {error && <p class="notice notice-error">{error}</p>}
      {series === undefined && !error && <p aria-busy="true">Loading the traffic…</p>}
      {series && (series.unavailable || series.times.length === 0) ? (
        <p class="muted" data-testid="traffic-unavailable">
          {series.unavailable ?? 'No traffic measured yet.'}
        </p>
      ) : series ? (
        <TrafficChart series={series} />
      ) : null}
    </section>
  );
}
