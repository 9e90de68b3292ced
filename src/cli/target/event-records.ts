// core/v1 Events as the Target hands them back: type, reason, message, a count of repeats, first
// and last time, oldest first. An Event written through events.k8s.io/v1 (or by a recorder that sets
// only eventTime and series) has no first/last timestamps: its eventTime, series and creation stand in.
import type { RolloutEventRecord } from './target.ts';

export interface CoreEvent {
  metadata: { creationTimestamp?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string } | null;
}

export function eventRecordsOf(events: readonly CoreEvent[]): RolloutEventRecord[] {
  const records = events.map((event) => {
    const first = event.firstTimestamp || event.eventTime || event.metadata.creationTimestamp || '';
    return {
      type: event.type ?? 'Normal',
      reason: event.reason ?? '',
      message: event.message ?? '',
      count: event.count || event.series?.count || 1,
      firstTimestamp: first,
      lastTimestamp: event.lastTimestamp || event.series?.lastObservedTime || first,
    };
  });
  return records
    .map((record, index) => ({ record, index, at: Date.parse(record.firstTimestamp) || 0 }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map(({ record }) => record);
}
