// The mesh routes from the store: every Service, VirtualService and DestinationRule written to the
// store (by apply, by the Istio router, by a setServiceSelector) is put in the mesh's route store
// synchronously, so what the router reads back is what the proxy serves.
import type { Service } from '../../../api/types/core.ts';
import type { DestinationRule, VirtualService } from '../../../api/types/istio.ts';
import type { MeshRouteStore } from '../mesh/route-store.ts';
import type { ObjectStore } from '../store/object-store.ts';

type Routed = Service | VirtualService | DestinationRule;
const ROUTED_KINDS = new Set(['Service', 'VirtualService', 'DestinationRule']);

/** Copies what is stored now and follows every change; returns the function that stops following. */
export function followStoreInMesh(store: ObjectStore, mesh: MeshRouteStore): () => void {
  for (const kind of ['Service', 'VirtualService', 'DestinationRule'] as const) {
    for (const object of store.list(kind)) mesh.put(object);
  }
  return store.subscribe((change) => {
    if (!ROUTED_KINDS.has(change.ref.kind)) return;
    const object = change.object as Routed;
    if (change.type === 'DELETED') mesh.delete(object.kind, change.ref.namespace, change.ref.name);
    else mesh.put(object);
  });
}
