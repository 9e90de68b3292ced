// One reconciliation at a time per key, on demand or after a delay. A request that arrives while
// the key is being reconciled runs once more right after, so no change is missed. Delays may be
// longer than one Node timer takes (a pause of 30 days): they are waited in steps.
import { setLongTimeout, type LongTimeout } from '../../../platform/long-timer.ts';

export class WorkQueue {
  readonly #work: (key: string) => Promise<void>;
  readonly #timers = new Map<string, { at: number; timer: LongTimeout }>();
  readonly #running = new Map<string, Promise<void>>();
  readonly #again = new Set<string>();
  #stopped = false;

  constructor(work: (key: string) => Promise<void>) {
    this.#work = work;
  }

  /** Runs `key` after `delayMs` (at the earliest of all pending requests for it). */
  enqueue(key: string, delayMs = 0): void {
    if (this.#stopped) return;
    if (this.#running.has(key) && delayMs <= 0) {
      this.#again.add(key);
      return;
    }
    const at = Date.now() + Math.max(0, delayMs);
    const pending = this.#timers.get(key);
    if (pending && pending.at <= at) return;
    if (pending) pending.timer.cancel();
    this.#timers.set(key, { at, timer: setLongTimeout(() => this.#start(key), delayMs) });
  }

  /** Forgets pending requests for `key` and resolves once a running one has finished. */
  async forget(key: string): Promise<void> {
    const pending = this.#timers.get(key);
    if (pending) pending.timer.cancel();
    this.#timers.delete(key);
    this.#again.delete(key);
    await this.#running.get(key);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const { timer } of this.#timers.values()) timer.cancel();
    this.#timers.clear();
    this.#again.clear();
    await Promise.all(this.#running.values());
  }

  #start(key: string): void {
    this.#timers.delete(key);
    if (this.#stopped) return;
    if (this.#running.has(key)) {
      this.#again.add(key);
      return;
    }
    const running = this.#work(key)
      .catch(() => undefined)
      .finally(() => {
        this.#running.delete(key);
        if (this.#again.delete(key)) this.enqueue(key, 0);
      });
    this.#running.set(key, running);
  }
}
