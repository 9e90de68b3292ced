// The store port every traffic router other than Istio's reads and writes its provider objects
// through (Ingresses, HTTPRoutes, TrafficSplits, TraefikServices, Mappings, ApisixRoutes,
// VirtualRouters, OpenShift Routes): the Kubernetes API on a cluster, the local runtime's store on
// one machine, a map in unit tests. Routers stay pure in their plans; only this port does I/O.
import type { TypedObject } from '../api/types/meta.ts';

/** Which object: its API group and version as written in `apiVersion`, its kind, namespace and name. */
export interface RouteObjectRef {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

/** A provider object as stored: any kind, with the fields the router reads kept as they are. */
export type RouteObject = TypedObject & { spec?: unknown; [field: string]: unknown };

export interface RouteObjectStore {
  /** The stored object, or undefined when there is none (or the cluster does not serve its kind). */
  get(ref: RouteObjectRef): Promise<RouteObject | undefined>;
  /**
   * Creates `object`. Fails (throws) when an object of that name exists already: a router then
   * reads it and plans again.
   */
  create(object: RouteObject): Promise<void>;
  /**
   * Writes the changes a router made to an object it read with `get`. The write carries the
   * resourceVersion read: an object changed meanwhile (someone re-applied it) makes it throw, and
   * the router re-reads and plans again, never writing over that change.
   */
  update(object: RouteObject): Promise<void>;
  /** Deletes the object; nothing happens when it is gone already. */
  delete(ref: RouteObjectRef): Promise<void>;
}

export function refOf(object: RouteObject): RouteObjectRef {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.metadata.namespace ?? 'default',
    name: object.metadata.name ?? '',
  };
}

/** `Ingress demo/web`, as messages and TrafficProblem.object name an object. */
export function describeRef(ref: RouteObjectRef): string {
  return `${ref.kind} ${ref.namespace}/${ref.name}`;
}
