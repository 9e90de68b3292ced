// The runtime's clock for the analysis loop: the time, and a wait that an AbortSignal cuts short.
import { setTimeout as delay } from 'node:timers/promises';

export interface Clock {
  now(): number;
  /** Waits `ms`; resolves early (never rejects) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  async sleep(ms, signal) {
    if (signal?.aborted) return;
    try {
      await delay(Math.max(0, ms), undefined, signal ? { signal } : {});
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    }
  },
};
