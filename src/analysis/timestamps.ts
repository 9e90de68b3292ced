// Status timestamps are RFC 3339 with whole seconds, as the API server writes metav1.Time.
// Inside the bookkeeping, times are epoch milliseconds.
import type { Timestamp } from '../api/types/meta.ts';

export function toTimestamp(epochMs: number): Timestamp {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Epoch milliseconds of a status timestamp; undefined when absent or unreadable. */
export function fromTimestamp(timestamp: Timestamp | undefined): number | undefined {
  if (timestamp === undefined) return undefined;
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? undefined : ms;
}
