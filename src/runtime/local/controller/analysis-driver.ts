// Drives every AnalysisRun in the store on its own schedule: one stepAnalysisRun (measure what is
// due, judge it) at a time per run, the status written back to the store, then again when the next
// measurement is due or when the run is asked to terminate. Runs left Running by an earlier start of
// the runtime resume where they were (the job provider finds its job again in the state directory).
import type { AnalysisRun } from '../../../api/types/analysis.ts';
import { isCompleted } from '../../../analysis/assess-metric.ts';
import type { ProviderRegistry } from '../../../analysis/providers/index.ts';
import { stepAnalysisRun } from '../../analysis/run-loop.ts';
import { keyOf, type ObjectRef } from '../store/object-key.ts';
import type { ObjectStore, StoreChange } from '../store/object-store.ts';
import { WorkQueue } from './work-queue.ts';

export interface AnalysisDriverOptions {
  store: ObjectStore;
  providers: ProviderRegistry;
  log?: (line: string) => void;
}

const RETRY_AFTER_ERROR_MS = 5_000;

export class AnalysisDriver {
  readonly #store: ObjectStore;
  readonly #providers: ProviderRegistry;
  readonly #log: (line: string) => void;
  readonly #queue = new WorkQueue((key) => this.#step(key));
  readonly #refs = new Map<string, ObjectRef>();
  /** The generation each run had when last seen: a new one (spec.terminate) is a reason to step at once. */
  readonly #generations = new Map<string, number>();
  readonly #stop = new AbortController();
  #unsubscribe: (() => void) | undefined;

  constructor(options: AnalysisDriverOptions) {
    this.#store = options.store;
    this.#providers = options.providers;
    this.#log = options.log ?? (() => undefined);
  }

  start(): void {
    this.#unsubscribe = this.#store.subscribe((change) => this.#changed(change));
    for (const run of this.#store.list('AnalysisRun')) {
      if (!isCompleted(run.status?.phase)) this.#schedule(run, 0);
    }
  }

  /** Stops stepping; runs stay as last written and resume on the next start. */
  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#stop.abort();
    await this.#queue.stop();
  }

  #schedule(run: AnalysisRun, delayMs: number): void {
    const ref: ObjectRef = {
      kind: 'AnalysisRun',
      namespace: run.metadata.namespace ?? 'default',
      name: run.metadata.name ?? '',
    };
    const key = keyOf(ref);
    this.#refs.set(key, ref);
    this.#generations.set(key, run.metadata.generation ?? 1);
    this.#queue.enqueue(key, delayMs);
  }

  #changed(change: StoreChange): void {
    if (change.ref.kind !== 'AnalysisRun') return;
    const key = keyOf(change.ref);
    if (change.type === 'DELETED') {
      this.#refs.delete(key);
      this.#generations.delete(key);
      void this.#queue.forget(key);
      return;
    }
    const run = change.object as AnalysisRun;
    if (isCompleted(run.status?.phase)) return;
    if (change.type === 'ADDED' || this.#generations.get(key) !== (run.metadata.generation ?? 1))
      this.#schedule(run, 0);
  }

  async #step(key: string): Promise<void> {
    const ref = this.#refs.get(key);
    if (!ref) return;
    const run = this.#store.get('AnalysisRun', ref.namespace, ref.name);
    if (!run || isCompleted(run.status?.phase)) return;
    try {
      const result = await stepAnalysisRun(run, { providers: this.#providers, stop: this.#stop.signal });
      if (this.#stop.signal.aborted) return;
      const latest = this.#store.get('AnalysisRun', ref.namespace, ref.name);
      if (!latest) return;
      this.#store.writeStatus(ref, result.run.status);
      // A terminate that arrived during the step is acted on at once.
      if (latest.spec.terminate && !run.spec.terminate) this.#queue.enqueue(key, 0);
      else if (!result.completed) this.#queue.enqueue(key, result.requeueAfterMs ?? 1000);
      for (const event of result.events)
        this.#log(`analysisrun ${ref.namespace}/${ref.name}: ${event.reason}: ${event.message}`);
    } catch (error) {
      this.#log(`analysisrun ${ref.namespace}/${ref.name}: step failed: ${(error as Error).message}`);
      this.#queue.enqueue(key, RETRY_AFTER_ERROR_MS);
    }
  }
}
