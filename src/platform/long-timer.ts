// Timers for delays of any length. Node's timers take at most 2^31-1 ms (about 24.8 days): a
// longer delay is replaced by 1 ms with a TimeoutOverflowWarning, so a loop that waits for a long
// pause or interval would wake at once, find nothing due, and wait again, over and over. These
// wait in steps no longer than that maximum, so any delay (Infinity too: never) is honoured.

/** The longest delay one Node timer can take. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** The primitive timers the long ones are built on; tests pass fakes. */
export interface BaseTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const nodeTimers: BaseTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface LongTimerOptions {
  /** Does not keep the process alive while waiting (as timer.unref()). */
  unref?: boolean;
  timers?: BaseTimers;
}

/** A pending long timeout; cancel() is idempotent and safe after it fired. */
export interface LongTimeout {
  cancel(): void;
  readonly pending: boolean;
}

/**
 * Calls `callback` once `delayMs` has passed. A negative or NaN delay runs it on the next turn
 * (as setTimeout(callback, 0)); Infinity never runs it.
 */
export function setLongTimeout(callback: () => void, delayMs: number, options: LongTimerOptions = {}): LongTimeout {
  const timers = options.timers ?? nodeTimers;
  let remaining = delayMs > 0 ? delayMs : 0;
  let handle: unknown;
  let pending = true;
  const arm = (): void => {
    const step = Math.min(remaining, MAX_TIMER_DELAY_MS);
    handle = timers.setTimeout(() => {
      if (!pending) return;
      remaining -= step;
      if (remaining > 0) return arm();
      pending = false;
      callback();
    }, step);
    if (options.unref) (handle as { unref?: () => void } | undefined)?.unref?.();
  };
  arm();
  return {
    cancel() {
      if (!pending) return;
      pending = false;
      timers.clearTimeout(handle);
    },
    get pending() {
      return pending;
    },
  };
}

/** Waits `delayMs`; resolves early (never rejects) when `signal` aborts. */
export function sleepLong(delayMs: number, options: LongTimerOptions & { signal?: AbortSignal } = {}): Promise<void> {
  const { signal } = options;
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    const timeout = setLongTimeout(done, delayMs, options);
    const onAbort = (): void => {
      timeout.cancel();
      done();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
