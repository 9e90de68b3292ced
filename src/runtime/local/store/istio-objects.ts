// The Istio router's store port over the local store: the router reads and writes the
// VirtualServices and DestinationRules held here, and the mesh routes from the same objects.
import type { DestinationRule, VirtualService } from '../../../api/types/istio.ts';
import type { IstioObjectStore } from '../../../traffic/routers/istio/istio-router.ts';
import type { ObjectStore } from './object-store.ts';

export function istioObjectsOf(store: Pick<ObjectStore, 'get' | 'put'>): IstioObjectStore {
  return {
    async getVirtualService(namespace: string, name: string): Promise<VirtualService | undefined> {
      return store.get('VirtualService', namespace, name);
    },
    async getDestinationRule(namespace: string, name: string): Promise<DestinationRule | undefined> {
      return store.get('DestinationRule', namespace, name);
    },
    async putVirtualService(virtualService: VirtualService): Promise<void> {
      store.put(virtualService);
    },
    async putDestinationRule(destinationRule: DestinationRule): Promise<void> {
      store.put(destinationRule);
    },
  };
}
