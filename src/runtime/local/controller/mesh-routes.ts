// The mesh routes from the store: every Service, VirtualService, DestinationRule and HTTPRoute
// written to the store (by apply, by a traffic router, by a setServiceSelector) is put in the mesh's route store
// synchronously, so what the router reads back is what the proxy serves.
import type { MeshObject, MeshRouteStore } from '../mesh/route-store.ts';
import type { ObjectStore } from '../store/object-store.ts';

const ROUTED_KINDS = new Set(['Service', 'VirtualService', 'DestinationRule', 'HTTPRoute']);

/** Copies what is stored now and follows every change; returns the function that stops following. */
export function followStoreInMesh(store: ObjectStore, mesh: MeshRouteStore): () => void {
  for (const kind of ['Service', 'VirtualService', 'DestinationRule', 'HTTPRoute'] as const) {
    // Only HTTPRoutes of gateway.networking.k8s.io are stored under that kind (route-kinds.ts).
    for (const object of store.list(kind)) mesh.put(object as MeshObject);
  }
  return store.subscribe((change) => {
    if (!ROUTED_KINDS.has(change.ref.kind)) return;
    // The kind was checked just above: one of the four the mesh routes from.
    const object = change.object as MeshObject;
    if (change.type === 'DELETED') mesh.delete(object.kind, change.ref.namespace, change.ref.name);
    else mesh.put(object);
  });
}
