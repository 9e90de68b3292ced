// What the informers keep of each object. metadata.managedFields (server-side apply bookkeeping) is
// often the largest part of an object and no controller here reads it; a cache without it holds the
// same objects in far less memory. An update sent from a cached copy without managedFields leaves
// them as they are on the server.
import type { ObjectBase } from '../client/objects.ts';

/** Drops metadata.managedFields, in place (the object is fresh from the wire). */
export function withoutManagedFields<T extends ObjectBase>(object: T): T {
  const metadata = object.metadata as { managedFields?: unknown } | undefined;
  if (metadata?.managedFields !== undefined) delete metadata.managedFields;
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
