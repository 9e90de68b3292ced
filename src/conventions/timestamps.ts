// Timestamps as the API server writes metav1.Time: RFC 3339 in UTC with whole seconds.

/** `2026-01-02T15:04:05Z` for an epoch-milliseconds instant (sub-second part dropped, as Kubernetes does). */
export function formatTimestamp(epochMs: number): string {
  const seconds = wholeSeconds(epochMs);
  // A pass stamps every condition and pause with the same instant: the last text is kept.
  if (seconds !== lastFormatted.seconds)
    lastFormatted = { seconds, text: new Date(seconds).toISOString().replace(/\.\d{3}Z$/, 'Z') };
  return lastFormatted.text;
}

let lastFormatted = { seconds: Number.NaN, text: '' };

/** The instant a timestamp written now will read back as: Kubernetes times have whole seconds. */
export function wholeSeconds(epochMs: number): number {
  return Math.floor(epochMs / 1000) * 1000;
}

/** Epoch milliseconds of an RFC 3339 timestamp, or undefined when it cannot be read. */
export function parseTimestamp(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
