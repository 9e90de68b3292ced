// The clock and timers of the kubernetes runtime, passed in so tests drive time by hand.
import { setLongTimeout, type LongTimeout } from '../../long-timer.ts';

export type TimerHandle = { readonly __timer: unique symbol } | object;

export interface TimerOptions {
  /**
   * The pending timer keeps the process running (a retry wait inside a request someone awaits).
   * By default it does not: a resync or renewal timer alone must not keep a finished command alive.
   */
  keepAlive?: boolean;
}

export interface Timers {
  /** Epoch milliseconds. */
  now(): number;
  setTimeout(callback: () => void, ms: number, options?: TimerOptions): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemTimers: Timers = {
  now: () => Date.now(),
  // Delays come from specs and the engine (a 30-day pause): longer than one Node timer takes.
  setTimeout: (callback, ms, options) => setLongTimeout(callback, ms, { unref: !options?.keepAlive }),
  clearTimeout: (handle) => (handle as LongTimeout | undefined)?.cancel(),
};

/** Waits `ms` on `timers`; resolves early (never rejects) when `signal` aborts. */
export function sleep(timers: Timers, ms: number, signal?: AbortSignal, options?: TimerOptions): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    const handle = timers.setTimeout(done, ms, options);
    const onAbort = (): void => {
      timers.clearTimeout(handle);
      done();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
