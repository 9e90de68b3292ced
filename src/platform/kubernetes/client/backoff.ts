// Jittered exponential back-off, and the Retry-After header the API server sends with 429/503.

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** Fraction of the delay that is random: 0.2 gives a delay between 0.8x and 1x of the step. */
  jitter: number;
}

/** Requests: 100 ms, 200 ms, ... up to 10 s. */
export const requestBackoff: BackoffPolicy = { initialMs: 100, maxMs: 10_000, factor: 2, jitter: 0.5 };

/** Re-establishing a watch or a list: 800 ms, 1.6 s, ... up to 30 s (close to client-go's reflector). */
export const watchBackoff: BackoffPolicy = { initialMs: 800, maxMs: 30_000, factor: 2, jitter: 0.5 };

/**
 * The delay before retry number `attempt` (0 for the first retry). `random` returns a number
 * in [0, 1); the delay never exceeds the policy's maximum.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number): number {
  const step = Math.min(policy.maxMs, policy.initialMs * Math.pow(policy.factor, Math.max(0, attempt)));
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  return Math.round(step * (1 - jitter * random()));
}

/**
 * Retry-After as milliseconds: either delta-seconds or an HTTP date (relative to `nowMs`).
 * Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** A tracker of consecutive failures, reset by a success. */
export class Backoff {
  readonly #policy: BackoffPolicy;
  readonly #random: () => number;
  #failures = 0;

  constructor(policy: BackoffPolicy, random: () => number = Math.random) {
    this.#policy = policy;
    this.#random = random;
  }

  /** The delay to wait after one more failure. */
  next(): number {
    const delay = backoffDelay(this.#policy, this.#failures, this.#random);
    this.#failures += 1;
    return delay;
  }

  reset(): void {
    this.#failures = 0;
  }

  get failures(): number {
    return this.#failures;
  }
}
