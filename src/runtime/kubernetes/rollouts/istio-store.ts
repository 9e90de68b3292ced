// The Istio router's object store over the Kubernetes API. Reads come from the informer caches
// when given (one round trip less per traffic change), else from the API server; a write is a
// merge patch of what the router changed, carrying the resourceVersion read as a precondition, so
// a stale cached copy or a concurrent change (someone re-applying the VirtualService) makes it fail
// with ConflictError instead of overwriting anything. After a conflict the store reads from the
// API server, and applyTrafficWithRetry re-plans from that copy.
import type { DestinationRule, VirtualService } from '../../../api/types/istio.ts';
import type { DesiredTraffic } from '../../../engine/types.ts';
import type { ApplyResult, TrafficRouter } from '../../../traffic/router.ts';
import type { IstioObjectStore } from '../../../traffic/routers.ts';
import type { KubeClient } from '../client/client.ts';
import { ConflictError, NotFoundError } from '../client/errors.ts';
import type { KubeObject } from '../client/objects.ts';
import type { ResourceType } from '../client/resources.ts';
import type { ReadableStore } from '../informers/object-store.ts';
import { mergePatchBetween } from './merge-patch.ts';

export interface IstioResources {
  virtualServices: ResourceType;
  destinationRules: ResourceType;
}

export interface KubeIstioStore extends IstioObjectStore {
  /** Objects written since the store was made (for the cache freshness check). */
  readonly written: KubeObject[];
}

export interface IstioCaches {
  virtualServices: ReadableStore<KubeObject>;
  destinationRules: ReadableStore<KubeObject>;
}

export function kubeIstioStore(client: KubeClient, resources: IstioResources, caches?: IstioCaches): KubeIstioStore {
  const lastRead = new Map<string, KubeObject>();
  const written: KubeObject[] = [];
  const key = (resource: ResourceType, namespace: string, name: string): string => `${resource.plural}/${namespace}/${name}`;
  let readFromServer = caches === undefined;

  async function read<T>(resource: ResourceType, namespace: string, name: string): Promise<T | undefined> {
    const cache = resource === resources.virtualServices ? caches?.virtualServices : caches?.destinationRules;
    const cached = readFromServer ? undefined : cache?.getByName(namespace, name);
    if (cached) {
      lastRead.set(key(resource, namespace, name), structuredClone(cached));
      return structuredClone(cached) as unknown as T;
    }
    try {
      const object = await client.get<KubeObject>(resource, namespace, name);
      lastRead.set(key(resource, namespace, name), structuredClone(object));
      return object as unknown as T;
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async function write(resource: ResourceType, object: KubeObject): Promise<void> {
    const namespace = object.metadata.namespace ?? '';
    const name = object.metadata.name ?? '';
    const before = lastRead.get(key(resource, namespace, name));
    if (!before) throw new Error(`${resource.kind} ${namespace}/${name} was not read before being written`);
    // The router changes the spec and, on a DestinationRule it manages, its annotations and labels.
    const patch = mergePatchBetween(routerFields(before), routerFields(object)) as { metadata?: Record<string, unknown> } | undefined;
    if (patch === undefined) return;
    const body = { ...patch, metadata: { ...patch.metadata, resourceVersion: before.metadata.resourceVersion } };
    let result: KubeObject;
    try {
      result = await client.patch<KubeObject>(resource, namespace, name, body);
    } catch (error) {
      if (error instanceof ConflictError) readFromServer = true;
      throw error;
    }
    lastRead.set(key(resource, namespace, name), structuredClone(result));
    written.push(result);
  }

  return {
    written,
    getVirtualService: (namespace, name) => read<VirtualService>(resources.virtualServices, namespace, name),
    getDestinationRule: (namespace, name) => read<DestinationRule>(resources.destinationRules, namespace, name),
    putVirtualService: (virtualService) => write(resources.virtualServices, virtualService as unknown as KubeObject),
    putDestinationRule: (destinationRule) => write(resources.destinationRules, destinationRule as unknown as KubeObject),
  };
}

function routerFields(object: KubeObject): Record<string, unknown> {
  const { annotations, labels } = object.metadata;
  return { spec: object['spec'], metadata: { ...(annotations ? { annotations } : {}), ...(labels ? { labels } : {}) } };
}

/** Applies `desired`, reading again and planning again after a conflicting write (at most `attempts` times). */
export async function applyTrafficWithRetry(router: TrafficRouter, desired: DesiredTraffic, attempts = 5): Promise<ApplyResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await router.apply(desired);
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= attempts) throw error;
    }
  }
}
