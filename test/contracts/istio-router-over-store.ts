// The TrafficRouter contract's subject for the Istio router over any IstioObjectStore: the same
// rollouts and VirtualServices/DestinationRules for every store, so the router is held to one
// contract over the test store, the local runtime's store and the controller's store.
import type { DestinationRule, VirtualService } from '../../src/api/types/istio.ts';
import type { Rollout } from '../../src/api/types/rollout.ts';
import { createIstioTrafficRouter } from '../../src/traffic/routers/istio/istio-router.ts';
import type { ContractOptions, ContractSubject } from '../unit/traffic/router-contract.ts';
import {
  hostLevelRollout,
  hostLevelVirtualService,
  richVirtualService,
  subsetLevelDestinationRule,
  subsetLevelRollout,
  subsetLevelVirtualService,
} from '../unit/traffic/istio/fixtures.ts';
import type { IstioObject, IstioStoreSubject } from './istio-object-store-contract.ts';

const MANAGED = ['header-route', 'mirror-route'];
const VOLATILE_METADATA = ['resourceVersion', 'generation', 'managedFields'] as const;

export interface IstioRouterCase {
  name: string;
  rollout: Rollout;
  objects: IstioObject[];
  storeIsServed: boolean;
}

/** The Istio cases of the TrafficRouter contract; `rich` adds the VirtualService using every field (for stores that keep unknown fields). */
export function istioRouterCases(options: { rich: boolean; storeIsServed: boolean }): IstioRouterCase[] {
  const cases: IstioRouterCase[] = [
    {
      name: 'host-level',
      rollout: hostLevelRollout({ managedRoutes: MANAGED }),
      objects: [hostLevelVirtualService()],
      storeIsServed: options.storeIsServed,
    },
    {
      name: 'subset-level',
      rollout: subsetLevelRollout(MANAGED),
      objects: [subsetLevelVirtualService(), subsetLevelDestinationRule()],
      storeIsServed: options.storeIsServed,
    },
  ];
  if (options.rich)
    cases.push({
      name: 'host-level, every VirtualService field',
      rollout: hostLevelRollout({ managedRoutes: MANAGED }),
      objects: [richVirtualService()],
      storeIsServed: options.storeIsServed,
    });
  return cases;
}

function inNamespace<T extends Rollout | IstioObject>(object: T, namespace: string): T {
  const copy = structuredClone(object);
  copy.metadata = { ...copy.metadata, namespace };
  delete copy.metadata.resourceVersion;
  return copy;
}

function withoutVolatile(object: IstioObject | undefined): IstioObject | undefined {
  if (!object) return undefined;
  const copy = structuredClone(object);
  for (const field of VOLATILE_METADATA) delete (copy.metadata as Record<string, unknown>)[field];
  return copy;
}

/** The object with the router's parts taken out: managed routes, the primary route's weights, the subsets' hash labels, the DestinationRule's annotations. */
function withoutRouting(vs: VirtualService | undefined, rule: DestinationRule | undefined): unknown {
  const copy = withoutVolatile(vs) as VirtualService | undefined;
  if (copy?.spec.http) {
    copy.spec.http = copy.spec.http.filter((route) => !MANAGED.includes(route.name ?? ''));
    for (const route of copy.spec.http)
      if (route.name === 'primary') for (const d of route.route ?? []) delete d.weight;
  }
  const ruleCopy = withoutVolatile(rule) as DestinationRule | undefined;
  for (const subset of ruleCopy?.spec.subsets ?? []) delete subset.labels?.['rollouts-pod-template-hash'];
  delete ruleCopy?.metadata.annotations;
  return { vs: copy, rule: ruleCopy };
}

/**
 * Contract options for one case over one kind of store: `makeStore` returns a fresh store subject
 * seeded with the case's objects (moved to the namespace the subject chooses).
 */
export function istioRouterContract(
  storeName: string,
  routerCase: IstioRouterCase,
  makeStore: (seed: (namespace: string) => IstioObject[]) => Promise<IstioStoreSubject>,
  skips?: ContractOptions['skips'],
): ContractOptions {
  return {
    name: `istio ${routerCase.name} over ${storeName}${routerCase.storeIsServed ? '' : ' (cannot verify)'}`,
    ...(skips ? { skips } : {}),
    async create(): Promise<ContractSubject> {
      const subject = await makeStore((namespace) =>
        routerCase.objects.map((object) => inNamespace(object, namespace)),
      );
      const rollout = inNamespace(routerCase.rollout, subject.namespace);
      const read = async () => ({
        vs: (await subject.readBack('VirtualService', 'rollout-vsvc')) as VirtualService | undefined,
        rule: (await subject.readBack('DestinationRule', 'rollout-ds')) as DestinationRule | undefined,
      });
      return {
        router: createIstioTrafficRouter(rollout, subject.store, { storeIsServed: routerCase.storeIsServed }),
        snapshot: read,
        untouchable: async () => {
          const { vs, rule } = await read();
          return withoutRouting(vs, rule);
        },
        breakConfiguration: async () => {
          const current = (await read()).vs;
          const primary = current?.spec.http?.find((route) => route.name === 'primary');
          if (!current || !primary) throw new Error('breakConfiguration: no route primary to rename');
          primary.name = 'renamed';
          await subject.writeBehind(current);
        },
        routeWeights: async () => {
          const primary = (await read()).vs?.spec.http?.find((route) => route.name === 'primary');
          const isCanary = (d: { destination: { host: string; subset?: string } }) =>
            d.destination.subset === 'canary' || d.destination.host.startsWith('canary-svc');
          const canary = (primary?.route ?? []).filter(isCanary).reduce((s, d) => s + (d.weight ?? 0), 0);
          const stable = (primary?.route ?? []).filter((d) => !isCanary(d)).reduce((s, d) => s + (d.weight ?? 0), 0);
          return [[canary, stable]];
        },
      };
    },
  };
}
