// Watches the event loop: a timer ticks every `intervalMs`; how late each tick fires is how long
// the loop was blocked. The liveness check fails while the latest lateness is over the limit, so a
// controller stuck in a synchronous loop is restarted by its liveness probe.
import type { Timers, TimerHandle } from '../../../platform/kubernetes/client/timers.ts';
import { failed, passed, type HealthCheck } from './checks.ts';

export interface EventLoopMonitorOptions {
  timers: Timers;
  /** Default 1000 ms. */
  intervalMs?: number;
  /** Lateness that counts as blocked; default 10 000 ms. */
  maxBlockMs?: number;
}

export class EventLoopMonitor {
  readonly #timers: Timers;
  readonly #intervalMs: number;
  readonly #maxBlockMs: number;
  #expectedAt = 0;
  #lastLatenessMs = 0;
  #handle: TimerHandle | undefined;

  constructor(options: EventLoopMonitorOptions) {
    this.#timers = options.timers;
    this.#intervalMs = options.intervalMs ?? 1000;
    this.#maxBlockMs = options.maxBlockMs ?? 10_000;
  }

  start(): void {
    if (this.#handle !== undefined) return;
    this.#schedule();
  }

  stop(): void {
    if (this.#handle !== undefined) this.#timers.clearTimeout(this.#handle);
    this.#handle = undefined;
  }

  /** How late the last tick was, or how late the pending one already is, whichever is larger. */
  get blockedMs(): number {
    const pendingLateness = this.#handle === undefined ? 0 : Math.max(0, this.#timers.now() - this.#expectedAt);
    return Math.max(this.#lastLatenessMs, pendingLateness);
  }

  readonly check: HealthCheck = () => {
    const blocked = this.blockedMs;
    return blocked > this.#maxBlockMs
      ? failed(`the event loop was blocked for ${blocked} ms (limit ${this.#maxBlockMs} ms)`)
      : passed;
  };

  #schedule(): void {
    this.#expectedAt = this.#timers.now() + this.#intervalMs;
    this.#handle = this.#timers.setTimeout(() => {
      this.#lastLatenessMs = Math.max(0, this.#timers.now() - this.#expectedAt);
      this.#schedule();
    }, this.#intervalMs);
  }
}
