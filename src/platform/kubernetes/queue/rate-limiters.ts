// How long an item waits before it is processed again after a failure. The work queue's default
// is Argo Rollouts' (per item, 1 ms doubling up to 10 s, and nothing else): a rollout whose
// reconciles failed through an API server outage is tried again at most 10 s after the server is
// back. client-go's controller rate limiter (per item, 5 ms doubling up to 1000 s; overall, a token
// bucket of 10 per second with a burst of 100; the longer of the two wins) would leave it waiting
// up to 16 minutes.

export interface RateLimiter<K> {
  /** The delay before `item` may be processed again; counts one more requeue of it. */
  when(item: K): number;
  /** The item succeeded: its failures are forgotten. */
  forget(item: K): void;
  numRequeues(item: K): number;
}

export class ItemExponentialRateLimiter<K> implements RateLimiter<K> {
  readonly #baseMs: number;
  readonly #maxMs: number;
  readonly #failures = new Map<K, number>();

  constructor(baseMs = 5, maxMs = 1_000_000) {
    this.#baseMs = baseMs;
    this.#maxMs = maxMs;
  }

  when(item: K): number {
    const failures = this.#failures.get(item) ?? 0;
    this.#failures.set(item, failures + 1);
    // 2^failures overflows to Infinity long after it passes the cap; min() handles both.
    return Math.min(this.#maxMs, this.#baseMs * Math.pow(2, failures));
  }

  forget(item: K): void {
    this.#failures.delete(item);
  }

  numRequeues(item: K): number {
    return this.#failures.get(item) ?? 0;
  }
}

/**
 * A token bucket shared by all items: `qps` tokens a second, at most `burst` saved. Each
 * when() reserves the next token, so a burst of failures spreads out over time.
 */
export class BucketRateLimiter<K> implements RateLimiter<K> {
  readonly #qps: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #updatedAt: number;

  constructor(qps: number, burst: number, now: () => number) {
    this.#qps = qps;
    this.#burst = burst;
    this.#now = now;
    this.#tokens = burst;
    this.#updatedAt = now();
  }

  when(_item: K): number {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#updatedAt) / 1000) * this.#qps);
    this.#updatedAt = now;
    this.#tokens -= 1;
    // A negative balance is a reservation: wait until the bucket has refilled up to zero.
    return this.#tokens >= 0 ? 0 : Math.ceil((-this.#tokens / this.#qps) * 1000);
  }

  forget(_item: K): void {}

  numRequeues(_item: K): number {
    return 0;
  }
}

export class MaxOfRateLimiter<K> implements RateLimiter<K> {
  readonly #limiters: readonly RateLimiter<K>[];

  constructor(...limiters: RateLimiter<K>[]) {
    this.#limiters = limiters;
  }

  when(item: K): number {
    return this.#limiters.reduce((longest, limiter) => Math.max(longest, limiter.when(item)), 0);
  }

  forget(item: K): void {
    for (const limiter of this.#limiters) limiter.forget(item);
  }

  numRequeues(item: K): number {
    return this.#limiters.reduce((most, limiter) => Math.max(most, limiter.numRequeues(item)), 0);
  }
}

/** Argo Rollouts' DefaultArgoRolloutsRateLimiter, for every queue of its controller. */
export function argoRolloutsRateLimiter<K>(): RateLimiter<K> {
  return new ItemExponentialRateLimiter<K>(1, 10_000);
}

/** client-go's DefaultControllerRateLimiter. */
export function defaultControllerRateLimiter<K>(now: () => number): RateLimiter<K> {
  return new MaxOfRateLimiter<K>(
    new ItemExponentialRateLimiter<K>(5, 1_000_000),
    new BucketRateLimiter<K>(10, 100, now),
  );
}
