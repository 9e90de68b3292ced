// One informer (one cache, one watch) per kind and scope, shared by every user that asks
// for it, as client-go's SharedInformerFactory does.
import type { ListWatchClient } from '../client/interfaces.ts';
import type { KubeObject, ObjectBase, Stored } from '../client/objects.ts';
import { apiVersionOf, type Resource, type ResourceType } from '../client/resources.ts';
import type { Timers } from '../client/timers.ts';
import { Informer } from './informer.ts';
import { clientListWatcher, type Scope } from './list-watcher.ts';
import type { IndexFunction } from './object-store.ts';
import { SharedStrings, withoutManagedFields } from './transforms.ts';

export interface InformerFactoryOptions extends Scope {
  resyncPeriodMs?: number;
  timers?: Timers;
  random?: () => number;
  onError?: (error: Error) => void;
  minWatchTimeoutSeconds?: number;
  /** Applied to every object of every informer before it is cached; default withoutManagedFields. */
  transform?: <T extends ObjectBase>(object: T) => T;
  /** Whether the informers' caches share equal string values (SharedStrings), after the transform; default true. */
  shareStrings?: boolean;
}

export interface InformerRequest<T> extends Scope {
  /** Extra indexes; only honoured by the call that creates the informer. */
  indexes?: Record<string, IndexFunction<T>>;
  /** What the cache keeps of each object, instead of the factory's transform; only honoured by the call that creates the informer. */
  transform?: (object: T) => T;
  /** false: this informer's strings stay out of the shared table (Secrets); only honoured by the call that creates the informer. */
  shareStrings?: false;
}

export class SharedInformerFactory {
  readonly #client: ListWatchClient;
  readonly #options: InformerFactoryOptions;
  readonly #informers = new Map<string, Informer<ObjectBase>>();
  /** One table for every informer: a Rollout, its ReplicaSets and pods repeat each other's strings. */
  readonly #strings: SharedStrings | undefined;
  #started = false;

  constructor(client: ListWatchClient, options: InformerFactoryOptions = {}) {
    this.#client = client;
    this.#options = options;
    this.#strings = options.shareStrings === false ? undefined : new SharedStrings();
  }

  /** The informer for `resource` in the factory's scope (or the one given); created on first use. */
  informerFor<T extends ObjectBase>(resource: Resource<T>, request?: InformerRequest<Stored<T>>): Informer<Stored<T>>;
  informerFor<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    request?: InformerRequest<Stored<T>>,
  ): Informer<Stored<T>>;
  informerFor<T extends ObjectBase>(resource: ResourceType, request: InformerRequest<T> = {}): Informer<T> {
    const scope: Scope = {
      namespace: resource.namespaced ? (request.namespace ?? this.#options.namespace) : undefined,
      labelSelector: request.labelSelector ?? this.#options.labelSelector,
      fieldSelector: request.fieldSelector ?? this.#options.fieldSelector,
    };
    const key = [
      apiVersionOf(resource),
      resource.plural,
      scope.namespace ?? '',
      scope.labelSelector ?? '',
      scope.fieldSelector ?? '',
    ].join('|');
    const existing = this.#informers.get(key);
    // One map holds the informers of every kind; the key (apiVersion, plural, scope) is what ties an
    // entry to its object type, which the map's type cannot express.
    if (existing !== undefined) return existing as unknown as Informer<T>;
    const source = clientListWatcher<T>(this.#client, resource, {
      ...scope,
      ...(this.#options.random ? { random: this.#options.random } : {}),
      ...(this.#options.minWatchTimeoutSeconds ? { minWatchTimeoutSeconds: this.#options.minWatchTimeoutSeconds } : {}),
    });
    const transform = request.transform ?? this.#options.transform ?? withoutManagedFields;
    const informer = new Informer<T>(source, {
      ...(this.#options.timers ? { timers: this.#options.timers } : {}),
      ...(this.#options.random ? { random: this.#options.random } : {}),
      ...(this.#options.resyncPeriodMs ? { resyncPeriodMs: this.#options.resyncPeriodMs } : {}),
      ...(this.#options.onError ? { onError: this.#options.onError } : {}),
      ...(request.indexes ? { indexes: request.indexes } : {}),
      transform: request.shareStrings === false ? transform : this.#sharing(transform),
    });
    // Stored under the key that ties it to T (see above); Informer<T> is invariant in T.
    this.#informers.set(key, informer as unknown as Informer<ObjectBase>);
    if (this.#started) informer.start();
    return informer;
  }

  /** `transform`, then the shared strings (when on). */
  #sharing<T extends ObjectBase>(transform: (object: T) => T): (object: T) => T {
    const strings = this.#strings;
    return strings === undefined ? transform : (object) => strings.shareIn(transform(object));
  }

  /** Starts every informer made so far; later ones start as soon as they are made. */
  start(): void {
    this.#started = true;
    for (const informer of this.#informers.values()) informer.start();
  }

  /** Resolves true once every informer has synced, false when `signal` aborts first. */
  async waitForCacheSync(signal?: AbortSignal): Promise<boolean> {
    const results = await Promise.all([...this.#informers.values()].map((informer) => informer.waitForSync(signal)));
    return results.every(Boolean);
  }

  hasSynced(): boolean {
    return [...this.#informers.values()].every((informer) => informer.hasSynced());
  }

  get size(): number {
    return this.#informers.size;
  }

  /** Stops every informer and closes their watches. */
  async stop(): Promise<void> {
    this.#started = false;
    await Promise.all([...this.#informers.values()].map((informer) => informer.stop()));
  }
}
