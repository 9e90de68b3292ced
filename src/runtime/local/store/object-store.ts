// The local runtime's object store: what a Kubernetes API server holds for the rollouts it runs.
// Every write gets a new resourceVersion; a changed spec bumps metadata.generation; status is
// written separately (the status subresource) and a spec write keeps it. Every change is saved
// to disk at once and announced to the subscribers.
import { randomUUID } from 'node:crypto';
import { jsonEqual } from '../../../api/json-equal.ts';
import type { KnownObject } from '../../../api/types/index.ts';
import { formatTimestamp } from '../../../conventions/timestamps.ts';
import { keyOf, refOf, type ObjectRef, type StoredKind } from './object-key.ts';
import type { StorePersistence } from './persistence.ts';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreChange {
  type: ChangeType;
  ref: ObjectRef;
  /** The object after the change (before it, for DELETED). */
  object: KnownObject;
}

export type KindOf<K extends StoredKind> = Extract<KnownObject, { kind: K }>;

export interface ObjectStoreOptions {
  persistence?: StorePersistence;
  now?: () => number;
}

export class ObjectStore {
  readonly #objects = new Map<string, KnownObject>();
  readonly #listeners = new Set<(change: StoreChange) => void>();
  readonly #persistence: StorePersistence | undefined;
  readonly #now: () => number;
  #resourceVersion = 0;

  constructor(options: ObjectStoreOptions = {}) {
    this.#persistence = options.persistence;
    this.#now = options.now ?? (() => Date.now());
    for (const object of this.#persistence?.load() ?? []) {
      this.#objects.set(keyOf(refOf(object)), object);
      this.#resourceVersion = Math.max(this.#resourceVersion, Number(object.metadata.resourceVersion ?? 0) || 0);
    }
  }

  get resourceVersion(): number {
    return this.#resourceVersion;
  }

  /** Called synchronously after every change. */
  subscribe(listener: (change: StoreChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get<K extends StoredKind>(kind: K, namespace: string, name: string): KindOf<K> | undefined {
    const object = this.#objects.get(keyOf({ kind, namespace, name }));
    return object === undefined ? undefined : (structuredClone(object) as KindOf<K>);
  }

  /** Objects of a kind, in one namespace or all, ordered by namespace and name. */
  list<K extends StoredKind>(kind: K, namespace?: string): Array<KindOf<K>> {
    const found: Array<KindOf<K>> = [];
    for (const object of this.#objects.values()) {
      if (object.kind !== kind) continue;
      if (namespace !== undefined && refOf(object).namespace !== namespace) continue;
      found.push(structuredClone(object) as KindOf<K>);
    }
    return found.sort((a, b) => keyOf(refOf(a)).localeCompare(keyOf(refOf(b))));
  }

  /** Every object (for comparisons and validation against what is stored). */
  all(): KnownObject[] {
    return [...this.#objects.values()].map((object) => structuredClone(object));
  }

  /**
   * Creates or replaces an object (not its status, which only writeStatus changes). A changed spec
   * bumps generation; uid and creationTimestamp are kept. Returns the stored object, or the
   * unchanged one when nothing differs.
   */
  put<T extends KnownObject>(object: T): T {
    const ref = refOf(object);
    const key = keyOf(ref);
    const existing = this.#objects.get(key);
    const next = structuredClone(object) as T & { status?: unknown; spec?: unknown };
    const metadata = { ...next.metadata };
    if (ref.namespace !== '') metadata.namespace = ref.namespace;
    else delete metadata.namespace;
    if (existing) {
      const before = existing as KnownObject & { status?: unknown; spec?: unknown };
      metadata.uid = existing.metadata.uid;
      metadata.creationTimestamp = existing.metadata.creationTimestamp;
      const generation = existing.metadata.generation ?? 1;
      metadata.generation = jsonEqual(before.spec ?? null, next.spec ?? null) ? generation : generation + 1;
      if (before.status === undefined) delete next.status;
      else next.status = structuredClone(before.status);
      metadata.resourceVersion = existing.metadata.resourceVersion;
      next.metadata = metadata;
      if (jsonEqual(next, existing)) return structuredClone(existing) as T;
    } else {
      metadata.uid = metadata.uid ?? randomUUID();
      metadata.creationTimestamp = metadata.creationTimestamp ?? formatTimestamp(this.#now());
      metadata.generation = 1;
    }
    metadata.resourceVersion = String(++this.#resourceVersion);
    next.metadata = metadata;
    return this.#commit(existing ? 'MODIFIED' : 'ADDED', ref, next) as T;
  }

  /** Replaces the status of a stored object (no generation change); false when it does not exist. */
  writeStatus(ref: ObjectRef, status: unknown): boolean {
    const key = keyOf(ref);
    const existing = this.#objects.get(key) as (KnownObject & { status?: unknown }) | undefined;
    if (!existing) return false;
    if (jsonEqual(existing.status ?? null, status ?? null)) return true;
    const next = { ...structuredClone(existing), status: structuredClone(status) } as KnownObject & {
      status?: unknown;
    };
    if (status === undefined) delete next.status;
    next.metadata = { ...next.metadata, resourceVersion: String(++this.#resourceVersion) };
    this.#commit('MODIFIED', ref, next);
    return true;
  }

  /** Changes a stored object in place with `change` (spec and metadata; status is kept as `change` leaves it). */
  update<K extends StoredKind>(
    kind: K,
    namespace: string,
    name: string,
    change: (object: KindOf<K>) => void,
  ): KindOf<K> | undefined {
    const object = this.get(kind, namespace, name);
    if (!object) return undefined;
    const status = (object as { status?: unknown }).status;
    change(object);
    const stored = this.put(object);
    const changedStatus = (object as { status?: unknown }).status;
    if (!jsonEqual(changedStatus ?? null, status ?? null)) this.writeStatus(refOf(stored), changedStatus);
    return this.get(kind, namespace, name);
  }

  delete(ref: ObjectRef): boolean {
    const key = keyOf(ref);
    const existing = this.#objects.get(key);
    if (!existing) return false;
    this.#objects.delete(key);
    this.#resourceVersion++;
    this.#persistence?.remove(ref);
    this.#announce({ type: 'DELETED', ref, object: structuredClone(existing) });
    return true;
  }

  #commit(type: ChangeType, ref: ObjectRef, object: KnownObject): KnownObject {
    this.#objects.set(keyOf(ref), object);
    this.#persistence?.save(ref, object);
    this.#announce({ type, ref, object: structuredClone(object) });
    return structuredClone(object);
  }

  #announce(change: StoreChange): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch {
        // A subscriber's failure must not stop the others from hearing about the change.
      }
    }
  }
}
