// The object shapes the client reads and writes, and the options of its verbs.

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** metav1.ObjectMeta: the fields the client and the caches read; the rest pass through. */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [field: string]: unknown;
}

/**
 * What every object of the API has. Typed objects (a Rollout, a ReplicaSet) satisfy it as they are:
 * it is the bound of the client's type parameters.
 */
export interface ObjectBase {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
}

/** An object of no particular type (controller-runtime's unstructured): any field may be read. */
export interface KubeObject extends ObjectBase {
  [field: string]: unknown;
}

/**
 * The metadata the API server sets on every object it stores. `namespace` is '' for a
 * cluster-scoped kind (the client and the fake fill it in so).
 */
export interface StoredMeta {
  name: string;
  namespace: string;
  uid: string;
  resourceVersion: string;
}

/** An object as the API server (or a cache of it) returns it: its identity is always there. */
export type Stored<T extends ObjectBase> = T & { metadata: T['metadata'] & StoredMeta };

/**
 * Marks what the API server returned as stored: fills in metadata.namespace '' on cluster-scoped
 * objects, the only StoredMeta field the server leaves out.
 */
export function asStored<T extends ObjectBase>(object: T): Stored<T> {
  // A proxy that answers 200 with an empty or foreign body must not pass for an object.
  if (typeof object?.metadata !== 'object' || object.metadata === null) {
    throw new Error(
      `the API server answered without an object (${object === undefined ? 'an empty body' : 'no metadata'}); check that the server address points at a Kubernetes API server`,
    );
  }
  if (object.metadata.namespace === undefined) object.metadata.namespace = '';
  // The server always sets name, uid and resourceVersion; namespace was filled in just above.
  return object as Stored<T>;
}

export interface ObjectList<T> {
  items: T[];
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
}

export interface ListOptions {
  /** Omit (or "") for all namespaces. */
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  /** Page size; with `continue` for the next page. */
  limit?: number | undefined;
  continue?: string | undefined;
  resourceVersion?: string | undefined;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan' | undefined;
  signal?: AbortSignal | undefined;
}

export interface WriteOptions {
  fieldManager?: string;
  dryRun?: boolean;
  signal?: AbortSignal;
}

/**
 * merge: RFC 7386 JSON merge patch (any kind); json: RFC 6902 JSON patch; strategic: Kubernetes'
 * strategic merge patch (built-in kinds only); apply: server-side apply (needs fieldManager).
 */
export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

export const patchContentTypes: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface PatchOptions extends WriteOptions {
  type?: PatchType;
  /** e.g. "status". */
  subresource?: string;
  /** Server-side apply: take over fields owned by other managers. */
  force?: boolean;
}

export interface DeleteOptions {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  gracePeriodSeconds?: number;
  /** The delete only happens when the object still has this uid / resourceVersion (else 409). */
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
  signal?: AbortSignal;
}
