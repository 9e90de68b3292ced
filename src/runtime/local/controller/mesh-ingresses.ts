// The mesh serves the Ingresses of the store: every Ingress applied or written by the NGINX router
// is put in the mesh's Ingress store synchronously, so what the router reads back is what the
// gateway serves (the NGINX router verifies locally by reading back).
import type { Ingress } from '../../../api/types/ingress.ts';
import type { MeshIngressStore } from '../mesh/ingress-store.ts';
import type { ObjectStore } from '../store/object-store.ts';

/** Copies the Ingresses stored now and follows every change; returns the function that stops following. */
export function followIngressesInMesh(store: ObjectStore, ingresses: MeshIngressStore): () => void {
  for (const object of store.list('Ingress')) ingresses.put(object as Ingress);
  return store.subscribe((change) => {
    if (change.ref.kind !== 'Ingress') return;
    if (change.type === 'DELETED') ingresses.delete(change.ref.namespace, change.ref.name);
    else ingresses.put(change.object as Ingress);
  });
}
