// How the local store names objects: by kind, namespace and name, as the API server does. Cluster-
// scoped kinds (ClusterAnalysisTemplate) have the namespace ''.
import { CLUSTER_SCOPED_KINDS } from '../../../api/kinds.ts';
import type { KnownObject } from '../../../api/types/index.ts';

export type StoredKind = KnownObject['kind'];

export interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
}

/** The namespace an object lives in: '' for cluster-scoped kinds, `default` when none is written. */
export function namespaceOf(object: { kind: string; metadata: { namespace?: string } }): string {
  if (CLUSTER_SCOPED_KINDS.has(object.kind)) return '';
  return object.metadata.namespace || 'default';
}

export function refOf(object: { kind: string; metadata: { namespace?: string; name?: string } }): ObjectRef {
  return { kind: object.kind, namespace: namespaceOf(object), name: object.metadata.name ?? '' };
}

export function keyOf(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** `Rollout default/web`, `ClusterAnalysisTemplate success-rate`: for messages. */
export function describeRef(ref: ObjectRef): string {
  return ref.namespace === '' ? `${ref.kind} ${ref.name}` : `${ref.kind} ${ref.namespace}/${ref.name}`;
}
