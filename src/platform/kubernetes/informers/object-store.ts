// An informer's cache: objects by "namespace/name" (or "name" for cluster-scoped kinds), with
// secondary indexes that map an index value to the keys holding it. Built-in indexes: by
// namespace and by controller/owner uid; labelIndex(key) adds one by a label's value.
import type { ObjectBase } from '../client/objects.ts';

/** The values an object has for one index (none, one or several). */
export type IndexFunction<T> = (object: T) => string[];

export const namespaceIndex = 'namespace';
export const ownerUidIndex = 'ownerUid';

/**
 * The object's key, "namespace/name" (or "name"), one flat string: appended, it would be a rope
 * that holds the object's own name string, which a cache keeps for as long as the key (after an
 * update, beside the new object's copy of the same name).
 */
export function objectKey(object: ObjectBase): string {
  const { namespace, name } = object.metadata;
  return namespace ? [namespace, '/', name ?? ''].join('') : (name ?? '');
}

export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return slash === -1 ? { namespace: '', name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

export function defaultIndexes<T extends ObjectBase>(): Record<string, IndexFunction<T>> {
  return {
    [namespaceIndex]: (object) => (object.metadata.namespace ? [object.metadata.namespace] : []),
    [ownerUidIndex]: (object) => (object.metadata.ownerReferences ?? []).map((owner) => owner.uid),
  };
}

/** An index of the value of label `key` (index name "label:KEY"). */
export function labelIndex<T extends ObjectBase>(key: string): Record<string, IndexFunction<T>> {
  return {
    [`label:${key}`]: (object) => (object.metadata.labels?.[key] !== undefined ? [object.metadata.labels[key]] : []),
  };
}

export interface ReadableStore<T> {
  get(key: string): T | undefined;
  getByName(namespace: string, name: string): T | undefined;
  list(): T[];
  listKeys(): string[];
  /** Objects whose index `indexName` has `value`, e.g. byIndex('ownerUid', rollout.metadata.uid). */
  byIndex(indexName: string, value: string): T[];
  /**
   * The keys of those objects: the strings the store holds, so a table that keeps one (a work
   * queue, a controller's memory per object) shares it instead of making another.
   */
  keysByIndex(indexName: string, value: string): string[];
  readonly size: number;
}

/**
 * Each object's key is one string, made when the object is first stored and held by the table and
 * by every index: an update keeps it (the table keeps an entry's first key; an index entry whose
 * value did not change is left as it is), so the store holds no second copy per object. At 10,000
 * rollouts, with a key made again for the indexes at each update, the caches held 12 key strings
 * per rollout where 6 objects need 6.
 */
export class ObjectStore<T extends ObjectBase> implements ReadableStore<T> {
  readonly #objects = new Map<string, T>();
  readonly #indexFunctions: Record<string, IndexFunction<T>>;
  readonly #indexes = new Map<string, Map<string, Set<string>>>();

  constructor(indexes: Record<string, IndexFunction<T>> = defaultIndexes<T>()) {
    this.#indexFunctions = indexes;
    for (const name of Object.keys(indexes)) this.#indexes.set(name, new Map());
  }

  get size(): number {
    return this.#objects.size;
  }

  get(key: string): T | undefined {
    return this.#objects.get(key);
  }

  getByName(namespace: string, name: string): T | undefined {
    return this.#objects.get(namespace ? `${namespace}/${name}` : name);
  }

  list(): T[] {
    return [...this.#objects.values()];
  }

  listKeys(): string[] {
    return [...this.#objects.keys()];
  }

  byIndex(indexName: string, value: string): T[] {
    return this.keysByIndex(indexName, value).flatMap((key) => {
      const object = this.#objects.get(key);
      return object === undefined ? [] : [object];
    });
  }

  keysByIndex(indexName: string, value: string): string[] {
    const index = this.#indexes.get(indexName);
    if (index === undefined) throw new Error(`the store has no index named ${indexName}`);
    const keys = index.get(value);
    return keys === undefined ? [] : [...keys];
  }

  /** Each object with its key, the store's own string. */
  entries(): IterableIterator<[string, T]> {
    return this.#objects.entries();
  }

  /**
   * Stores the object; returns the one it replaced. `key` is objectKey(object), given when the
   * caller made it already (it then is the store's key of a new object, to hand on).
   */
  upsert(object: T, key: string = objectKey(object)): T | undefined {
    const previous = this.#objects.get(key);
    // Setting an existing key keeps the entry's first key string.
    this.#objects.set(key, object);
    if (previous === undefined) this.#index(key, object);
    else this.#reindex(key, previous, object);
    return previous;
  }

  /** Removes the object under `key`; returns it. */
  remove(key: string): T | undefined {
    const previous = this.#objects.get(key);
    if (previous === undefined) return undefined;
    this.#unindex(key, previous);
    this.#objects.delete(key);
    return previous;
  }

  #index(key: string, object: T): void {
    for (const [name, fn] of Object.entries(this.#indexFunctions)) {
      const index = this.#indexes.get(name)!;
      for (const value of fn(object)) {
        let keys = index.get(value);
        if (keys === undefined) index.set(value, (keys = new Set()));
        keys.add(key);
      }
    }
  }

  /**
   * Moves the key between index entries where the object's values changed only: an entry whose
   * value stays keeps the key string it holds. A value the object gained gets `key` (a copy of the
   * store's key while it stays; values rarely change: an owner, a label, a rollout's references).
   */
  #reindex(key: string, previous: T, object: T): void {
    for (const [name, fn] of Object.entries(this.#indexFunctions)) {
      const index = this.#indexes.get(name)!;
      const before = fn(previous);
      const after = fn(object);
      for (const value of before) {
        if (after.includes(value)) continue;
        const keys = index.get(value);
        if (keys === undefined) continue;
        keys.delete(key);
        if (keys.size === 0) index.delete(value);
      }
      for (const value of after) {
        if (before.includes(value)) continue;
        let keys = index.get(value);
        if (keys === undefined) index.set(value, (keys = new Set()));
        keys.add(key);
      }
    }
  }

  #unindex(key: string, object: T): void {
    for (const [name, fn] of Object.entries(this.#indexFunctions)) {
      const index = this.#indexes.get(name)!;
      for (const value of fn(object)) {
        const keys = index.get(value);
        if (keys === undefined) continue;
        keys.delete(key);
        if (keys.size === 0) index.delete(value);
      }
    }
  }
}
