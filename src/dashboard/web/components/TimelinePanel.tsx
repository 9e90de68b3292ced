import type { RolloutPage, Timeline } from '../../contract.ts';
import { rolloutPath } from '../api.ts';
import { TIMELINE_GLYPH, TimelineChart } from '../charts/TimelineChart.tsx';
import { clockTime } from '../format.ts';
import { useRefreshedJson } from '../use-refreshed-json.ts';
import { StatusBadge } from './StatusBadge.tsx';

const SHOWN = 30;
// A Normal event's badge (kind neutral) would say nothing its reason does not: only the others get one.

/** What happened to the rollout (steps, weights, pauses, aborts), read again whenever the rollout changes. */
export function TimelinePanel({ namespace, name, version }: { namespace: string; name: string; version: RolloutPage }) {
  const { value: timeline, error } = useRefreshedJson<Timeline>(
    rolloutPath(namespace, name, 'timeline'),
    version,
    2000,
  );
  const entries = timeline ? [...timeline.entries].sort((a, b) => b.at - a.at) : [];
  return (
    <section aria-labelledby="timeline-heading" class="panel timeline" data-testid="timeline">
      <h2 id="timeline-heading">Timeline</h2>
      {error && <p class="notice notice-error">{error}</p>}
      {timeline === undefined && !error && <p aria-busy="true">Loading the timeline…</p>}
      {timeline && entries.length === 0 && <p class="muted">Nothing has happened yet.</p>}
      {entries.length > 0 && (
        <>
          <TimelineChart entries={timeline?.entries ?? []} />
          <p class="muted small" aria-hidden="true">
            {(Object.keys(TIMELINE_GLYPH) as Array<keyof typeof TIMELINE_GLYPH>)
              .filter((kind) => kind !== 'other')
              .map((kind) => `${TIMELINE_GLYPH[kind]} ${kind}`)
              .join(' · ')}
          </p>
          <ol class="timeline-list" aria-label="Events, newest first">
            {entries.slice(0, SHOWN).map((entry, index) => (
              <li
                key={`${entry.at}-${index}`}
                class={`event event-${entry.kind}`}
                data-testid="timeline-entry"
                data-kind={entry.kind}
              >
                <time dateTime={new Date(entry.at).toISOString()}>{clockTime(entry.at)}</time>{' '}
                <span class="tag">{entry.kind}</span>{' '}
                {entry.status.kind !== 'none' && entry.status.kind !== 'neutral' && (
                  <StatusBadge status={entry.status} />
                )}{' '}
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
