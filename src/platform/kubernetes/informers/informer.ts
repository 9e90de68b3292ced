// A shared informer: one reflector filling one cache for a kind (in one namespace or all),
// and any number of event handlers. Handlers run synchronously in event order; one that
// throws is reported and does not stop the others.
import type { ObjectBase } from '../client/objects.ts';
import { systemTimers, type Timers, type TimerHandle } from '../client/timers.ts';
import type { WatchEvent } from '../client/watch-events.ts';
import type { ListWatcher } from './list-watcher.ts';
import { defaultIndexes, objectKey, ObjectStore, type IndexFunction, type ReadableStore } from './object-store.ts';
import { Reflector } from './reflector.ts';

export interface EventHandlers<T> {
  /**
   * `key`: the cache's key of the object, the string its table and indexes hold: hand it on (to a
   * work queue, a table per object) rather than make another, and they share the one string.
   */
  onAdd?(object: T, key: string): void;
  /** Also called by the resync (with the same object twice). */
  onUpdate?(previous: T, current: T): void;
  /** The last state known; after a relist it may be older than the actual deletion. */
  onDelete?(object: T): void;
}

export interface InformerOptions<T> {
  timers?: Timers;
  random?: () => number;
  /** Calls onUpdate(object, object) for every cached object this often. Default: never. */
  resyncPeriodMs?: number;
  /** Extra indexes besides namespace and ownerUid. */
  indexes?: Record<string, IndexFunction<T>>;
  /** Failures the informer recovers from (list/watch errors, handler exceptions). */
  onError?: (error: Error) => void;
  /** Applied to every object before it is cached or handed to handlers (e.g. to drop fields nobody reads). */
  transform?: (object: T) => T;
}

export class Informer<T extends ObjectBase> {
  readonly #store: ObjectStore<T>;
  readonly #handlers = new Set<EventHandlers<T>>();
  readonly #reflector: Reflector<T>;
  readonly #timers: Timers;
  readonly #options: InformerOptions<T>;
  readonly #syncWaiters: (() => void)[] = [];
  readonly description: string;
  #synced = false;
  #started = false;
  #resyncTimer: TimerHandle | undefined;

  constructor(source: ListWatcher<T>, options: InformerOptions<T> = {}) {
    this.#options = options;
    this.#timers = options.timers ?? systemTimers;
    this.description = source.description;
    this.#store = new ObjectStore<T>({ ...defaultIndexes<T>(), ...options.indexes });
    this.#reflector = new Reflector<T>(
      source,
      {
        replace: (items) => this.#replace(items),
        apply: (event) => this.#apply(event),
        error: (error) => this.#report(error),
      },
      { timers: this.#timers, ...(options.random ? { random: options.random } : {}) },
    );
  }

  get store(): ReadableStore<T> {
    return this.#store;
  }

  /** The resourceVersion the cache reflects (last list, event or bookmark). */
  get lastSyncResourceVersion(): string {
    return this.#reflector.resourceVersion;
  }

  /** Adds handlers; when the cache is already filled they get onAdd for every object now. Returns a remover. */
  addEventHandler(handlers: EventHandlers<T>): () => void {
    this.#handlers.add(handlers);
    if (this.#synced) {
      for (const [key, object] of [...this.#store.entries()]) this.#call(() => handlers.onAdd?.(object, key));
    }
    return () => {
      this.#handlers.delete(handlers);
    };
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#reflector.start();
    this.#scheduleResync();
  }

  get started(): boolean {
    return this.#started;
  }

  /** True once the first list has filled the cache. */
  hasSynced(): boolean {
    return this.#synced;
  }

  /** Resolves true once synced, or false when `signal` aborts first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.#synced) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = (): void => resolve(false);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#syncWaiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      });
    });
  }

  async stop(): Promise<void> {
    if (this.#resyncTimer !== undefined) this.#timers.clearTimeout(this.#resyncTimer);
    this.#resyncTimer = undefined;
    this.#started = false;
    await this.#reflector.stop();
  }

  #replace(listed: T[]): void {
    const seen = new Set<string>();
    const transform = this.#options.transform;
    for (const item of transform ? listed.map(transform) : listed) {
      const key = objectKey(item);
      seen.add(key);
      const previous = this.#store.upsert(item, key);
      if (previous === undefined) this.#emit((h) => h.onAdd?.(item, key));
      else if (previous.metadata.resourceVersion !== item.metadata.resourceVersion)
        this.#emit((h) => h.onUpdate?.(previous, item));
    }
    for (const key of this.#store.listKeys()) {
      if (seen.has(key)) continue;
      const removed = this.#store.remove(key);
      if (removed !== undefined) this.#emit((h) => h.onDelete?.(removed));
    }
    if (!this.#synced) {
      this.#synced = true;
      for (const resolve of this.#syncWaiters.splice(0)) resolve();
    }
  }

  #apply(event: Extract<WatchEvent<T>, { type: 'ADDED' | 'MODIFIED' | 'DELETED' }>): void {
    const object = this.#options.transform ? this.#options.transform(event.object) : event.object;
    if (event.type === 'DELETED') {
      this.#store.remove(objectKey(object));
      this.#emit((h) => h.onDelete?.(object));
      return;
    }
    const key = objectKey(object);
    const previous = this.#store.upsert(object, key);
    if (previous === undefined) this.#emit((h) => h.onAdd?.(object, key));
    else this.#emit((h) => h.onUpdate?.(previous, object));
  }

  #scheduleResync(): void {
    const period = this.#options.resyncPeriodMs;
    if (period === undefined || period <= 0 || !this.#started) return;
    this.#resyncTimer = this.#timers.setTimeout(() => {
      if (!this.#started) return;
      if (this.#synced) {
        for (const object of this.#store.list()) this.#emit((h) => h.onUpdate?.(object, object));
      }
      this.#scheduleResync();
    }, period);
  }

  #emit(call: (handlers: EventHandlers<T>) => void): void {
    for (const handlers of [...this.#handlers]) this.#call(() => call(handlers));
  }

  #call(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#report(
        new Error(`an event handler of ${this.description} failed: ${(error as Error).message}`, { cause: error }),
      );
    }
  }

  #report(error: Error): void {
    try {
      this.#options.onError?.(error);
    } catch {
      // A failing error reporter must not break the informer.
    }
  }
}
