// A clock for driving whole analysis runs in tests: real time plus an offset, where sleeping
// moves the offset forward at once. Providers still do real I/O with real timeouts; the run's
// schedule (intervals, 10 s error retries) passes without waiting.
import type { Clock } from '../../src/runtime/analysis/clock.ts';

export function fastForwardClock(): Clock & { skipped(): number } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    async sleep(ms, signal) {
      if (!signal?.aborted) offset += Math.max(0, ms);
    },
    skipped: () => offset,
  };
}
