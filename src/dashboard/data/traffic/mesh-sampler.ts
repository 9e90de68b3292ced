// The local mesh's request counters sampled over time in the dashboard process: every `everyMs`
// its metrics endpoint (the runtime's /stats/prometheus) is read and the counters kept, for the
// last `windowMs` (a bounded ring), so the traffic chart has a history from when the dashboard
// started. A failed read is skipped (the chart shows a gap), and said once in the log.
import { requestCounters } from './request-counters.ts';
import type { CounterSample } from './series.ts';

export interface MeshSamplerOptions {
  metricsUrl: string;
  everyMs?: number;
  windowMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

export const DEFAULT_SAMPLE_EVERY_MS = 5_000;
export const DEFAULT_WINDOW_MS = 10 * 60 * 1000;

export class MeshSampler {
  readonly metricsUrl: string;
  readonly #everyMs: number;
  readonly #maxSamples: number;
  readonly #now: () => number;
  readonly #log: (line: string) => void;
  readonly #samples: CounterSample[] = [];
  #timer: NodeJS.Timeout | undefined;
  #failing = false;
  #pending: Promise<void> | undefined;

  constructor(options: MeshSamplerOptions) {
    this.metricsUrl = options.metricsUrl;
    this.#everyMs = options.everyMs ?? DEFAULT_SAMPLE_EVERY_MS;
    this.#maxSamples = Math.max(2, Math.ceil((options.windowMs ?? DEFAULT_WINDOW_MS) / this.#everyMs) + 1);
    this.#now = options.now ?? Date.now;
    this.#log = options.log ?? (() => undefined);
  }

  start(): void {
    if (this.#timer) return;
    void this.sample();
    this.#timer = setInterval(() => void this.sample(), this.#everyMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** The samples kept, oldest first. */
  samples(): CounterSample[] {
    return [...this.#samples];
  }

  /** Reads the counters once (one read at a time) and keeps them. */
  sample(): Promise<void> {
    this.#pending ??= this.#read().finally(() => (this.#pending = undefined));
    return this.#pending;
  }

  async #read(): Promise<void> {
    try {
      const response = await fetch(this.metricsUrl, { signal: AbortSignal.timeout(this.#everyMs) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const counters = requestCounters(await response.text());
      this.#samples.push({ at: this.#now(), counters });
      if (this.#samples.length > this.#maxSamples) this.#samples.splice(0, this.#samples.length - this.#maxSamples);
      this.#failing = false;
    } catch (error) {
      if (!this.#failing)
        this.#log(`dashboard: could not read the mesh's metrics at ${this.metricsUrl}: ${(error as Error).message}`);
      this.#failing = true;
    }
  }
}
