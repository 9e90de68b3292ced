// The IstioObjectStore contract and the TrafficRouter contract over the stores that live in one
// process: the local runtime's store (istioObjectsOf, what the local router really writes through)
// and the test store the router's unit tests use.
import { ObjectStore } from '../../../../../src/runtime/local/store/object-store.ts';
import { istioObjectsOf } from '../../../../../src/runtime/local/store/istio-objects.ts';
import {
  runIstioObjectStoreContract,
  type IstioObject,
  type IstioStoreSubject,
} from '../../../../contracts/istio-object-store-contract.ts';
import { istioRouterCases, istioRouterContract } from '../../../../contracts/istio-router-over-store.ts';
import { runTrafficRouterContract } from '../../../traffic/router-contract.ts';
import { MemoryIstioStore } from '../../../traffic/istio/memory-store.ts';

const namespace = 'rollout-demo';

async function localStore(seed: (namespace: string) => IstioObject[]): Promise<IstioStoreSubject> {
  const objects = new ObjectStore();
  for (const object of seed(namespace)) objects.put(object);
  return {
    store: istioObjectsOf(objects),
    namespace,
    readBack: async (kind, name) => objects.get(kind, namespace, name),
    writeBehind: async (object) => {
      objects.put(object);
    },
  };
}

async function memoryStore(seed: (namespace: string) => IstioObject[]): Promise<IstioStoreSubject> {
  const store = new MemoryIstioStore(seed(namespace));
  return {
    store,
    namespace,
    readBack: async (kind, name) => store.read<IstioObject>(kind, namespace, name),
    writeBehind: async (object) => store.put(object),
  };
}

runIstioObjectStoreContract({ name: 'local store (istioObjectsOf)', create: localStore });

runIstioObjectStoreContract({
  name: 'test store (MemoryIstioStore)',
  create: memoryStore,
  skips: { 'stale-conflict': 'test fake: keeps no resourceVersion, so it cannot tell a stale copy' },
});

for (const routerCase of istioRouterCases({ rich: true, storeIsServed: true })) {
  runTrafficRouterContract(istioRouterContract('the local store', routerCase, localStore));
}
