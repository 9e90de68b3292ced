// Timers driven by the test: time moves only when advance() is called.
import type { Timers, TimerHandle } from '../../../../../src/platform/kubernetes/client/timers.ts';

interface Pending {
  id: number;
  at: number;
  callback: () => void;
}

export class FakeTimers implements Timers {
  #now: number;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  /** Every delay asked for, in order. */
  readonly requested: number[] = [];

  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.#nextId++;
    this.requested.push(ms);
    this.#pending.set(id, { id, at: this.#now + Math.max(0, ms), callback });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.#pending.delete((handle as { id: number }).id);
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Moves time forward by `ms`, firing due timers in time order (and letting promises settle between them). */
  async advance(ms: number): Promise<void> {
    const until = this.#now + ms;
    for (;;) {
      await settle();
      const next = [...this.#pending.values()]
        .filter((p) => p.at <= until)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (next === undefined) break;
      this.#pending.delete(next.id);
      this.#now = Math.max(this.#now, next.at);
      next.callback();
    }
    this.#now = until;
    await settle();
  }

  /** Fires the next pending timer, whatever its delay. Returns false when none is pending. */
  async fireNext(): Promise<boolean> {
    await settle();
    const next = [...this.#pending.values()].sort((a, b) => a.at - b.at || a.id - b.id)[0];
    if (next === undefined) return false;
    await this.advance(next.at - this.#now);
    return true;
  }
}

/** Lets queued promise callbacks run (several turns of the microtask queue and one macrotask). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}
