// kubelet's restart back-off for a crashing container: base, 2x base, 4x base, ... up to a cap
// (10s, 20s, 40s ... 5m by default), forgotten once the container has run for the reset period.

export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
  /** A run at least this long resets the back-off (kubelet: 10 minutes). */
  resetAfterMs: number;
}

export const KUBELET_BACKOFF: BackoffSettings = { baseMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 };

/** The wait before restart number `consecutiveFailures` (1 for the first restart after a good run). */
export function restartDelayMs(consecutiveFailures: number, settings: BackoffSettings): number {
  if (consecutiveFailures <= 0) return 0;
  const exponent = Math.min(consecutiveFailures - 1, 30);
  return Math.min(settings.baseMs * 2 ** exponent, settings.maxMs);
}

/** The failure count after a run that lasted `ranForMs`: a long enough run starts the count again. */
export function nextFailureCount(previous: number, ranForMs: number, settings: BackoffSettings): number {
  return ranForMs >= settings.resetAfterMs ? 1 : previous + 1;
}
