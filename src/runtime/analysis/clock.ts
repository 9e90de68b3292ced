// The runtime's clock for the analysis loop: the time, and a wait that an AbortSignal cuts short.
// Waits may be far longer than one Node timer takes (an interval of 30 days).
import { sleepLong } from '../../platform/long-timer.ts';

export interface Clock {
  now(): number;
  /** Waits `ms`; resolves early (never rejects) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleepLong(ms, signal ? { signal } : {}),
};
