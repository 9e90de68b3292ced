// The RouteObjectStore of the traffic routers other than Istio's over the local store: the routers
// read and write the Ingresses, HTTPRoutes, TrafficSplits... held here, and the mesh routes from the
// same objects. As on the API server, a kind is read at any version of its group (the store holds
// the one applied), a create of a name that is taken fails, and an update carrying a resourceVersion
// other than the stored one was planned from a copy someone has changed since: it is refused.
import { groupOf } from '../../../api/manifests/kind-resolution.ts';
import { routeKindOf } from '../../../api/route-kinds.ts';
import type { RouteKindObject } from '../../../api/types/route-object.ts';
import type { RouteObject, RouteObjectRef, RouteObjectStore } from '../../../traffic/routers.ts';
import { StaleWriteError } from './istio-objects.ts';
import type { ObjectStore } from './object-store.ts';

export class RouteObjectExistsError extends Error {
  override name = 'RouteObjectExistsError';
}

type RouteKind = RouteKindObject['kind'];

function checkedKind(apiVersion: string, kind: string): RouteKind {
  if (!routeKindOf(apiVersion, kind))
    throw new Error(
      `${kind} (${apiVersion}) is not a kind any traffic router reads or writes (src/api/route-kinds.ts)`,
    );
  return kind as RouteKind;
}

export function routeObjectsOf(store: Pick<ObjectStore, 'get' | 'put' | 'delete'>): RouteObjectStore {
  function stored(ref: RouteObjectRef): RouteKindObject | undefined {
    const object = store.get(checkedKind(ref.apiVersion, ref.kind), ref.namespace, ref.name);
    if (!object || groupOf(object.apiVersion) !== groupOf(ref.apiVersion)) return undefined;
    return object;
  }
  return {
    async get(ref) {
      return stored(ref) as RouteObject | undefined;
    },
    async create(object) {
      const ref = { ...object, namespace: object.metadata.namespace ?? 'default', name: object.metadata.name ?? '' };
      checkedKind(object.apiVersion, object.kind);
      if (store.get(object.kind as RouteKind, ref.namespace, ref.name))
        throw new RouteObjectExistsError(`${object.kind} ${ref.namespace}/${ref.name} exists already`);
      store.put(object as RouteKindObject);
    },
    async update(object) {
      const { namespace = 'default', name = '', resourceVersion } = object.metadata;
      const current = store.get(checkedKind(object.apiVersion, object.kind), namespace, name);
      if (!current) throw new StaleWriteError(`${object.kind} ${namespace}/${name} was deleted since it was read`);
      if (resourceVersion !== undefined && resourceVersion !== current.metadata.resourceVersion)
        throw new StaleWriteError(
          `${object.kind} ${namespace}/${name} changed since it was read (resourceVersion ${resourceVersion}, now ${current.metadata.resourceVersion}): read it again and plan the write from the current copy`,
        );
      store.put(object as RouteKindObject);
    },
    async delete(ref) {
      store.delete({ kind: checkedKind(ref.apiVersion, ref.kind), namespace: ref.namespace, name: ref.name });
    },
  };
}
