// The Istio router's store port over the local store: the router reads and writes the
// VirtualServices and DestinationRules held here, and the mesh routes from the same objects.
// As on the API server, a write carrying a resourceVersion other than the stored one was planned
// from a copy someone has changed since (e.g. a re-applied VirtualService): it is refused, not
// written over their change.
import type { DestinationRule, VirtualService } from '../../../api/types/istio.ts';
import type { IstioObjectStore } from '../../../traffic/routers.ts';
import type { ObjectStore } from './object-store.ts';

export class StaleWriteError extends Error {
  override name = 'StaleWriteError';
}

function putUnlessStale(store: Pick<ObjectStore, 'get' | 'put'>, object: VirtualService | DestinationRule): void {
  const { namespace = 'default', name = '', resourceVersion } = object.metadata;
  const stored = store.get(object.kind, namespace, name)?.metadata.resourceVersion;
  if (resourceVersion !== undefined && stored !== undefined && resourceVersion !== stored) {
    throw new StaleWriteError(
      `${object.kind} ${namespace}/${name} changed since it was read (resourceVersion ${resourceVersion}, now ${stored}): read it again and plan the write from the current copy`,
    );
  }
  store.put(object);
}

export function istioObjectsOf(store: Pick<ObjectStore, 'get' | 'put'>): IstioObjectStore {
  return {
    async getVirtualService(namespace: string, name: string): Promise<VirtualService | undefined> {
      return store.get('VirtualService', namespace, name);
    },
    async getDestinationRule(namespace: string, name: string): Promise<DestinationRule | undefined> {
      return store.get('DestinationRule', namespace, name);
    },
    async putVirtualService(virtualService: VirtualService): Promise<void> {
      putUnlessStale(store, virtualService);
    },
    async putDestinationRule(destinationRule: DestinationRule): Promise<void> {
      putUnlessStale(store, destinationRule);
    },
  };
}
