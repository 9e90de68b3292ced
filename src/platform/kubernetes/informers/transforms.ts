// What the informers keep of each object. metadata.managedFields (server-side apply bookkeeping) is
// often the largest part of an object and no controller here reads it; a cache without it holds the
// same objects in far less memory. An update sent from a cached copy without managedFields leaves
// them as they are on the server.
import type { ObjectBase } from '../client/objects.ts';

/**
 * Drops metadata.managedFields (the object is fresh from the wire: its metadata is replaced in
 * place). The metadata is copied without the field rather than the field deleted: V8 turns an
 * object that loses a property into a dictionary (a hash table of its properties), several times
 * the size of the same object with fast properties; at 2,000 rollouts that was 4.5 MB of the
 * caches' metadata alone, and every read of a name or label a hash lookup.
 */
export function withoutManagedFields<T extends ObjectBase>(object: T): T {
  const metadata = object.metadata as ({ managedFields?: unknown } & ObjectBase['metadata']) | undefined;
  if (metadata?.managedFields === undefined) return object;
  const { managedFields: _dropped, ...kept } = metadata;
  (object as { metadata: ObjectBase['metadata'] }).metadata = kept;
  return object;
}

/**
 * A pod reduced to what the rollout controller reads: identity, labels, annotations, owners,
 * creation and deletion times, node, phase and conditions. Pods are the most numerous and the
 * largest objects a controller caches (containers, volumes, tolerations, container statuses).
 */
export function podEssentials<T extends ObjectBase>(pod: T): T {
  const {
    name,
    namespace,
    uid,
    resourceVersion,
    labels,
    annotations,
    ownerReferences,
    creationTimestamp,
    deletionTimestamp,
  } = pod.metadata;
  const { spec, status } = pod as ObjectBase & {
    spec?: { nodeName?: string };
    status?: { phase?: string; conditions?: unknown[] };
  };
  const metadata = Object.fromEntries(
    Object.entries({
      name,
      namespace,
      uid,
      resourceVersion,
      labels,
      annotations,
      ownerReferences,
      creationTimestamp,
      deletionTimestamp,
    }).filter(([, value]) => value !== undefined),
  );
  return {
    apiVersion: pod.apiVersion,
    kind: pod.kind,
    metadata,
    spec: spec?.nodeName !== undefined ? { nodeName: spec.nodeName } : {},
    status: {
      ...(status?.phase !== undefined ? { phase: status.phase } : {}),
      ...(status?.conditions !== undefined ? { conditions: status.conditions } : {}),
    },
    // The pod's own type keeps every field optional but metadata: what is left out was optional.
  } as unknown as T;
}

/** Strings longer than this are never shared: long values (certificates, scripts) are rarely equal. */
const SHARED_STRING_MAX_LENGTH = 128;

/**
 * One copy of each string value the caches hold many times. Each object parsed from the wire
 * carries its own copies of its strings ("argoproj.io/v1alpha1", the namespace, the image, condition
 * reasons and messages, label values); at 10,000 rollouts they are a fifth of the caches. The table
 * is bounded: two generations of at most `limit` strings each, a string seen in the older one moved
 * to the newer, the older dropped when the newer fills. So strings every object repeats stay shared,
 * and unique ones (uids, names, resource versions) pass through without being kept.
 */
export class SharedStrings {
  readonly #limit: number;
  #current = new Map<string, string>();
  #previous = new Map<string, string>();

  constructor(limit = 4096) {
    this.#limit = limit;
  }

  /** Strings the table holds now (at most twice the limit). */
  get size(): number {
    return this.#current.size + this.#previous.size;
  }

  /** The table's copy of `value` (the first one seen), or `value` itself, now remembered. */
  share(value: string): string {
    if (value.length > SHARED_STRING_MAX_LENGTH) return value;
    const current = this.#current.get(value);
    if (current !== undefined) return current;
    const shared = this.#previous.get(value) ?? value;
    if (this.#current.size >= this.#limit) {
      this.#previous = this.#current;
      this.#current = new Map();
    }
    this.#current.set(shared, shared);
    return shared;
  }

  /** Replaces, in place, every string value of `object` (not its keys: JSON.parse shares those) by the shared copy. */
  shareIn<T>(object: T): T {
    return this.#walk(object) as T;
  }

  #walk(value: unknown): unknown {
    if (typeof value === 'string') return this.share(value);
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) value[index] = this.#walk(value[index]);
      return value;
    }
    if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) record[key] = this.#walk(record[key]);
    }
    return value;
  }
}
