// An informer's cache: objects by "namespace/name" (or "name" for cluster-scoped kinds), with
// secondary indexes that map an index value to the keys holding it. Built-in indexes: by
// namespace and by controller/owner uid; labelIndex(key) adds one by a label's value.
import type { ObjectBase } from '../client/objects.ts';

/** The values an object has for one index (none, one or several). */
export type IndexFunction<T> = (object: T) => string[];

export const namespaceIndex = 'namespace';
export const ownerUidIndex = 'ownerUid';

export function objectKey(object: ObjectBase): string {
  const { namespace, name } = object.metadata;
  return namespace ? `${namespace}/${name ?? ''}` : (name ?? '');
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
  readonly size: number;
}

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
    const index = this.#indexes.get(indexName);
    if (index === undefined) throw new Error(`the store has no index named ${indexName}`);
    const keys = index.get(value);
    if (keys === undefined) return [];
    return [...keys].flatMap((key) => {
      const object = this.#objects.get(key);
      return object === undefined ? [] : [object];
    });
  }

  /** Stores the object; returns the one it replaced. */
  upsert(object: T): T | undefined {
    const key = objectKey(object);
    const previous = this.#objects.get(key);
    if (previous !== undefined) this.#unindex(key, previous);
    this.#objects.set(key, object);
    this.#index(key, object);
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
