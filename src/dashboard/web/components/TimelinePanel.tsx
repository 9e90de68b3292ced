import { useEffect, useState } from 'preact/hooks';
import type { RolloutPage, Timeline } from '../../contract.ts';
import { getJson, rolloutPath } from '../api.ts';
import { TimelineChart } from '../charts/TimelineChart.tsx';
import { clockTime } from '../format.ts';
import { StatusBadge } from './StatusBadge.tsx';

const SHOWN = 30;

/** What happened to the rollout (steps, weights, pauses, aborts), read again whenever the rollout changes. */
export function TimelinePanel({ namespace, name, version }: { namespace: string; name: string; version: RolloutPage }) {
  const [timeline, setTimeline] = useState<Timeline>();
  const [error, setError] = useState('');
  useEffect(() => {
    const controller = new AbortController();
    // A burst of changes reads the timeline once.
    const timer = setTimeout(() => {
      getJson<Timeline>(rolloutPath(namespace, name, 'timeline'), controller.signal).then(
        (next) => {
          setTimeline(next);
          setError('');
        },
        (failure: Error) => {
          if (!controller.signal.aborted) setError(failure.message);
        },
      );
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [namespace, name, version]);

  const entries = timeline ? [...timeline.entries].sort((a, b) => b.at - a.at) : [];
  return (
    <section aria-labelledby="timeline-heading" class="panel timeline" data-testid="timeline">
      <h2 id="timeline-heading">Timeline</h2>
      {error && <p class="notice notice-error">{error}</p>}
      {timeline && entries.length === 0 && <p class="muted">Nothing has happened yet.</p>}
      {entries.length > 0 && (
        <>
          <TimelineChart entries={timeline?.entries ?? []} />
          <ol class="timeline-list" aria-label="Events, newest first">
            {entries.slice(0, SHOWN).map((entry, index) => (
              <li
                key={`${entry.at}-${index}`}
                class={`event event-${entry.kind}`}
                data-testid="timeline-entry"
                data-kind={entry.kind}
              >
                <time dateTime={new Date(entry.at).toISOString()}>{clockTime(entry.at)}</time>{' '}
                <span class="tag">{entry.kind}</span> <StatusBadge status={entry.status} />{' '}
                <strong>{entry.reason}</strong> <span class="message">{entry.message}</span>
              </li>
            ))}
          </ol>
          {entries.length > SHOWN && <p class="muted small">and {entries.length - SHOWN} earlier events</p>}
        </>
      )}
    </section>
  );
}
