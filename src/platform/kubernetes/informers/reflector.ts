// Keeps a cache in step with the API: list, then watch from the list's resourceVersion.
// - the stream ends normally (server timeout): watch again from the last resourceVersion seen;
// - the connection fails: watch again from there after a back-off (which starts over when
//   the broken watch had delivered events);
// - 410 Gone (as an HTTP answer or an ERROR event): list again at once (after a back-off
//   when it comes twice in a row before any event, so a broken server is not hammered);
// - another ERROR event or a refused list: list again after a back-off;
// - BOOKMARK events only move the resourceVersion forward.
import { Backoff, watchBackoff, type BackoffPolicy } from '../client/backoff.ts';
import { errorFromStatus, GoneError, KubeApiError } from '../client/errors.ts';
import type { ObjectBase } from '../client/objects.ts';
import { sleep, type Timers } from '../client/timers.ts';
import type { Watch } from '../client/watch.ts';
import type { WatchEvent } from '../client/watch-events.ts';
import type { ListWatcher } from './list-watcher.ts';

export interface ReflectorSink<T> {
  /** The complete current state, after a (re)list. */
  replace(items: T[], resourceVersion: string): void;
  /** One ADDED/MODIFIED/DELETED event. */
  apply(event: Extract<WatchEvent<T>, { type: 'ADDED' | 'MODIFIED' | 'DELETED' }>): void;
  /** A failure the reflector recovers from by itself (reported for logs and metrics). */
  error(error: Error): void;
}

export interface ReflectorOptions {
  timers: Timers;
  random?: () => number;
  backoff?: BackoffPolicy;
  /** A watch that ends sooner than this without events counts as a failure (no tight loops). Default 1 s. */
  minHealthyWatchMs?: number;
}

type WatchOutcome = 'relist' | 'relist-after-backoff' | 'stopped';

export class Reflector<T extends ObjectBase> {
  readonly #source: ListWatcher<T>;
  readonly #sink: ReflectorSink<T>;
  readonly #options: ReflectorOptions;
  readonly #abort = new AbortController();
  readonly #listBackoff: Backoff;
  #current: Watch | undefined;
  #resourceVersion = '';
  #eventsSinceList = 0;
  /** 410s in a row that came before any event of their watch. */
  #goneAtOnce = 0;
  #running: Promise<void> | undefined;

  constructor(source: ListWatcher<T>, sink: ReflectorSink<T>, options: ReflectorOptions) {
    this.#source = source;
    this.#sink = sink;
    this.#options = options;
    this.#listBackoff = new Backoff(options.backoff ?? watchBackoff, options.random);
  }

  /** The last resourceVersion seen (list, event or bookmark). */
  get resourceVersion(): string {
    return this.#resourceVersion;
  }

  start(): void {
    this.#running ??= this.#run();
  }

  /** Stops listing and watching and closes the watch socket; resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.#abort.abort();
    this.#current?.stop();
    await this.#running;
  }

  get #stopped(): boolean {
    return this.#abort.signal.aborted;
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      try {
        if (!(await this.#list())) return;
      } catch (error) {
        if (this.#stopped) return;
        this.#sink.error(describe(error, `listing ${this.#source.description} failed`));
        await this.#sleep(this.#listBackoff.next());
        continue;
      }
      const outcome = await this.#watchLoop();
      // A 410 right after a fresh list means something is wrong upstream: do not spin.
      this.#goneAtOnce = outcome === 'relist' && this.#eventsSinceList === 0 ? this.#goneAtOnce + 1 : 0;
      if (outcome === 'relist-after-backoff' || this.#goneAtOnce >= 2) await this.#sleep(this.#listBackoff.next());
      else this.#listBackoff.reset();
    }
  }

  /**
   * Lists and hands the items to the sink; false when stopped meanwhile. Its own frame, which ends
   * here: a list held in #run's frame would stay reachable while it awaits the watch loop (V8 keeps
   * a suspended function's locals), so a cache that transforms its objects into new ones (pods)
   * would keep every listed original beside its own copy until the next list.
   */
  async #list(): Promise<boolean> {
    const listed = await this.#source.list(this.#abort.signal);
    if (this.#stopped) return false;
    this.#resourceVersion = listed.resourceVersion;
    this.#eventsSinceList = 0;
    this.#sink.replace(listed.items, listed.resourceVersion);
    return true;
  }

  async #watchLoop(): Promise<WatchOutcome> {
    const backoff = new Backoff(this.#options.backoff ?? watchBackoff, this.#options.random);
    while (!this.#stopped) {
      const outcome = await this.#watchOnce();
      if (this.#stopped) return 'stopped';
      if (outcome.kind === 'gone') return 'relist';
      if (outcome.kind === 'error-event') {
        this.#sink.error(outcome.error);
        return 'relist-after-backoff';
      }
      if (outcome.kind === 'failed') {
        this.#sink.error(describe(outcome.error, `watching ${this.#source.description} failed`));
        if (
          outcome.error instanceof KubeApiError &&
          outcome.error.statusCode < 500 &&
          outcome.error.statusCode !== 429
        ) {
          return 'relist-after-backoff';
        }
        // A watch that delivered events before it broke made progress: start the back-off over.
        if (outcome.events > 0) backoff.reset();
        await this.#sleep(backoff.next());
        continue;
      }
      // Closed normally: a watch that delivered nothing and ended at once is not healthy.
      if (outcome.events === 0 && outcome.durationMs < (this.#options.minHealthyWatchMs ?? 1000)) {
        await this.#sleep(backoff.next());
      } else {
        backoff.reset();
      }
    }
    return 'stopped';
  }

  async #watchOnce(): Promise<
    | { kind: 'closed'; events: number; durationMs: number }
    | { kind: 'gone' }
    | { kind: 'error-event'; error: Error }
    | { kind: 'failed'; error: unknown; events: number }
  > {
    const started = this.#options.timers.now();
    let events = 0;
    let ending: { kind: 'gone' } | { kind: 'error-event'; error: Error } | undefined;
    const onEvent = (event: WatchEvent<T>): void => {
      if (ending !== undefined || this.#stopped) return;
      switch (event.type) {
        case 'BOOKMARK':
          if (event.object.metadata.resourceVersion) this.#resourceVersion = event.object.metadata.resourceVersion;
          return;
        case 'ERROR': {
          const error = errorFromStatus(event.object.code ?? 0, event.object);
          ending = error instanceof GoneError ? { kind: 'gone' } : { kind: 'error-event', error };
          this.#current?.stop();
          return;
        }
        default:
          events += 1;
          this.#eventsSinceList += 1;
          if (event.object.metadata.resourceVersion) this.#resourceVersion = event.object.metadata.resourceVersion;
          this.#sink.apply(event);
      }
    };
    try {
      const watch = await this.#source.watch(this.#resourceVersion, onEvent);
      this.#current = watch;
      if (this.#stopped || ending !== undefined) watch.stop();
      const end = await watch.ended;
      this.#current = undefined;
      if (ending !== undefined) return ending;
      if (end.reason === 'error') return { kind: 'failed', error: end.error, events };
      return { kind: 'closed', events, durationMs: this.#options.timers.now() - started };
    } catch (error) {
      if (error instanceof GoneError) return { kind: 'gone' };
      return { kind: 'failed', error, events: 0 };
    }
  }

  #sleep(ms: number): Promise<void> {
    return sleep(this.#options.timers, ms, this.#abort.signal);
  }
}

function describe(error: unknown, context: string): Error {
  if (error instanceof Error) return new Error(`${context}: ${error.message}`, { cause: error });
  return new Error(`${context}: ${String(error)}`);
}
