// A controller's work queue of keys ("namespace/name"), with client-go's guarantees:
// - a key is held at most once while waiting (adding it again is a no-op);
// - a key is never processed by two workers at once: added while being processed, it is
//   queued again when done() is called for it;
// - addAfter() delays a key (the earliest of several delays wins), addRateLimited() delays it
//   by the rate limiter, forget() resets its failures; a delayed key joins the back of the queue
//   when its time comes, as any other;
// - after shutDown() nothing is accepted, and get() returns undefined once the queue is empty.
// Keys added with addFirst() (and delayed keys added with { first: true }) are handed out first; a worker
// that asks with get({ urgentOnly: true }) takes only those, so they need not wait for a worker
// busy with routine keys.
import type { Timers, TimerHandle } from '../client/timers.ts';
import { DueHeap } from './due-heap.ts';
import { argoRolloutsRateLimiter, type RateLimiter } from './rate-limiters.ts';

export interface WorkQueueOptions<K> {
  timers: Timers;
  rateLimiter?: RateLimiter<K>;
}

export class WorkQueue<K = string> {
  readonly #timers: Timers;
  readonly #rateLimiter: RateLimiter<K>;
  readonly #queue: K[] = [];
  readonly #dirty = new Set<K>();
  readonly #processing = new Set<K>();
  /** Keys asked for with addFirst(): handed out before #queue, in their own order. */
  readonly #urgent: K[] = [];
  readonly #first = new Set<K>();
  readonly #waiting = new DueHeap<K>();
  /** Delayed keys that go first when their time comes (addAfter with { first: true }). */
  readonly #waitingFirst = new Set<K>();
  readonly #getters: ((key: K | undefined) => void)[] = [];
  /** Workers waiting for a key from #urgent only. */
  readonly #urgentGetters: ((key: K | undefined) => void)[] = [];
  #timer: { handle: TimerHandle; at: number } | undefined;
  #shuttingDown = false;
  #drained: (() => void)[] = [];

  constructor(options: WorkQueueOptions<K>) {
    this.#timers = options.timers;
    this.#rateLimiter = options.rateLimiter ?? argoRolloutsRateLimiter<K>();
  }

  add(key: K): void {
    if (this.#shuttingDown || this.#dirty.has(key)) return;
    this.#dirty.add(key);
    if (this.#processing.has(key)) return;
    this.#enqueue(key);
  }

  /**
   * As add(), but ahead of the keys already waiting: for a change that must be acted on at once (an
   * analysis that failed) while many routine ones queue.
   */
  addFirst(key: K): void {
    if (this.#shuttingDown) return;
    this.#first.add(key);
    if (!this.#dirty.has(key)) return this.add(key);
    if (this.#processing.has(key)) return;
    const index = this.#queue.indexOf(key);
    if (index !== -1) {
      this.#queue.splice(index, 1);
      const getter = this.#urgentGetters.shift();
      if (getter) getter(this.#take(key));
      else this.#urgent.push(key);
    }
  }

  /**
   * Adds `key` after `delayMs`; a key already waiting keeps the earlier of the two times. When its
   * time comes it joins the back of the queue (a look again "at once", delayMs 0, at once), as
   * client-go's queue does; with `first`, ahead of the others, as addFirst: for a time-driven pass
   * (a pause that ends, an analysis' next measurement) that has waited already and should not
   * queue behind routine ones.
   */
  addAfter(key: K, delayMs: number, options: { first?: boolean } = {}): void {
    if (this.#shuttingDown) return;
    if (delayMs <= 0) return options.first ? this.addFirst(key) : this.add(key);
    const at = this.#timers.now() + delayMs;
    const current = this.#waiting.dueAt(key);
    if (current !== undefined && current < at) return;
    if (current !== undefined && current === at) {
      if (options.first) this.#waitingFirst.add(key);
      return;
    }
    this.#waiting.set(key, at);
    if (options.first) this.#waitingFirst.add(key);
    else this.#waitingFirst.delete(key);
    this.#schedule();
  }

  addRateLimited(key: K): void {
    this.addAfter(key, this.#rateLimiter.when(key));
  }

  forget(key: K): void {
    this.#rateLimiter.forget(key);
  }

  numRequeues(key: K): number {
    return this.#rateLimiter.numRequeues(key);
  }

  /**
   * The next key to process (call done() with it afterwards), or undefined once shut down and
   * empty. `urgentOnly`: only a key added with addFirst() (or a delayed one added with { first: true }).
   */
  get(options: { urgentOnly?: boolean } = {}): Promise<K | undefined> {
    const key = this.#urgent.shift() ?? (options.urgentOnly ? undefined : this.#queue.shift());
    if (key !== undefined) return Promise.resolve(this.#take(key));
    if (this.#shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => (options.urgentOnly ? this.#urgentGetters : this.#getters).push(resolve));
  }

  done(key: K): void {
    this.#processing.delete(key);
    if (this.#dirty.has(key)) this.#enqueue(key);
    else if (this.#processing.size === 0) this.#notifyDrained();
  }

  /** Keys waiting to be processed (not counting delayed or in-process ones). */
  get length(): number {
    return this.#queue.length + this.#urgent.length;
  }

  get delayedCount(): number {
    return this.#waiting.size;
  }

  get processingCount(): number {
    return this.#processing.size;
  }

  get isShuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Stops accepting keys; delayed keys are dropped; workers get undefined once the queue is empty. */
  shutDown(): void {
    this.#shuttingDown = true;
    this.#waiting.clear();
    this.#waitingFirst.clear();
    this.#first.clear();
    if (this.#timer) this.#timers.clearTimeout(this.#timer.handle);
    this.#timer = undefined;
    this.#releaseIdleGetters();
  }

  /** Shuts down, then resolves when every key being processed is done. */
  shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.#processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  #enqueue(key: K): void {
    const urgent = this.#first.has(key);
    const getter = (urgent ? this.#urgentGetters.shift() : undefined) ?? this.#getters.shift();
    if (getter) getter(this.#take(key));
    else if (urgent) this.#urgent.push(key);
    else this.#queue.push(key);
  }

  #take(key: K): K {
    this.#dirty.delete(key);
    this.#first.delete(key);
    this.#processing.add(key);
    if (this.#shuttingDown) this.#releaseIdleGetters();
    return key;
  }

  /** Once shut down: a worker waiting for a kind of key that can no longer come is told there is none. */
  #releaseIdleGetters(): void {
    const release = (getters: ((key: K | undefined) => void)[]): void => {
      for (const resolve of getters.splice(0)) resolve(undefined);
    };
    if (this.#urgent.length === 0) release(this.#urgentGetters);
    if (this.length === 0) release(this.#getters);
  }

  #notifyDrained(): void {
    if (!this.#shuttingDown) return;
    for (const resolve of this.#drained.splice(0)) resolve();
  }

  #schedule(): void {
    const earliest = this.#waiting.peekAt();
    if (earliest === undefined) return;
    if (this.#timer && this.#timer.at <= earliest) return;
    if (this.#timer) this.#timers.clearTimeout(this.#timer.handle);
    const handle = this.#timers.setTimeout(() => this.#releaseDue(), Math.max(0, earliest - this.#timers.now()));
    this.#timer = { handle, at: earliest };
  }

  #releaseDue(): void {
    this.#timer = undefined;
    const now = this.#timers.now();
    for (let key = this.#waiting.popDue(now); key !== undefined; key = this.#waiting.popDue(now)) {
      const first = this.#waitingFirst.delete(key);
      if (first) this.addFirst(key);
      else this.add(key);
    }
    this.#schedule();
  }
}
