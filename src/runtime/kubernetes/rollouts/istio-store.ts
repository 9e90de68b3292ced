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
import { AlreadyExistsError, ConflictError, NotFoundError } from '../../../platform/kubernetes/client/errors.ts';
import type { ObjectReader, ObjectWriter } from '../../../platform/kubernetes/client/interfaces.ts';
import type { ObjectBase, Stored } from '../../../platform/kubernetes/client/objects.ts';
import type { Resource, ResourceType } from '../../../platform/kubernetes/client/resources.ts';
import type { ReadableStore } from '../../../platform/kubernetes/informers/object-store.ts';
import { mergePatchBetween } from './merge-patch.ts';

export interface IstioResources {
  virtualServices: Resource<VirtualService>;
  destinationRules: Resource<DestinationRule>;
}

export interface KubeIstioStore extends IstioObjectStore {
  /** Objects written since the store was made (for the cache freshness check). */
  readonly written: Array<Stored<ObjectBase>>;
}

export interface IstioCaches {
  virtualServices: ReadableStore<Stored<VirtualService>>;
  destinationRules: ReadableStore<Stored<DestinationRule>>;
}

/** What the store needs of the API: reads and merge patches (the client, or the fake). */
export type IstioClient = Pick<ObjectReader, 'get'> & Pick<ObjectWriter, 'patch'>;

type RouterFields = ObjectBase & { spec?: unknown };

export function kubeIstioStore(client: IstioClient, resources: IstioResources, caches?: IstioCaches): KubeIstioStore {
  const lastRead = new Map<string, Stored<RouterFields>>();
  const written: Array<Stored<ObjectBase>> = [];
  const key = (resource: ResourceType, namespace: string, name: string): string =>
    `${resource.plural}/${namespace}/${name}`;
  let readFromServer = caches === undefined;

  async function read<T extends RouterFields>(
    resource: Resource<T>,
    cache: ReadableStore<Stored<T>> | undefined,
    namespace: string,
    name: string,
  ): Promise<T | undefined> {
    const cached = readFromServer ? undefined : cache?.getByName(namespace, name);
    if (cached) {
      lastRead.set(key(resource, namespace, name), structuredClone(cached));
      return structuredClone(cached);
    }
    try {
      const object = await client.get(resource, namespace, name);
      lastRead.set(key(resource, namespace, name), structuredClone(object));
      return object;
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async function write<T extends RouterFields>(resource: Resource<T>, object: T): Promise<void> {
    const namespace = object.metadata.namespace ?? '';
    const name = object.metadata.name ?? '';
    const before = lastRead.get(key(resource, namespace, name));
    if (!before) throw new Error(`${resource.kind} ${namespace}/${name} was not read before being written`);
    // The router changes the spec and, on a DestinationRule it manages, its annotations and labels.
    const patch = mergePatchBetween(routerFields(before), routerFields(object)) as
      | { metadata?: Record<string, unknown> }
      | undefined;
    if (patch === undefined) return;
    const body = { ...patch, metadata: { ...patch.metadata, resourceVersion: before.metadata.resourceVersion } };
    let result: Stored<T>;
    try {
      result = await client.patch(resource, namespace, name, body);
    } catch (error) {
      if (error instanceof ConflictError) readFromServer = true;
      throw error;
    }
    lastRead.set(key(resource, namespace, name), structuredClone(result));
    written.push(result);
  }

  return {
    written,
    getVirtualService: (namespace, name) => read(resources.virtualServices, caches?.virtualServices, namespace, name),
    getDestinationRule: (namespace, name) =>
      read(resources.destinationRules, caches?.destinationRules, namespace, name),
    putVirtualService: (virtualService) => write(resources.virtualServices, virtualService),
    putDestinationRule: (destinationRule) => write(resources.destinationRules, destinationRule),
  };
}

function routerFields(object: RouterFields): Record<string, unknown> {
  const { annotations, labels } = object.metadata;
  return { spec: object.spec, metadata: { ...(annotations ? { annotations } : {}), ...(labels ? { labels } : {}) } };
}

/**
 * Applies `desired`, reading again and planning again after a conflicting write (a stale
 * resourceVersion, or a create of an object someone made meanwhile), at most `attempts` times.
 */
export async function applyTrafficWithRetry(
  router: TrafficRouter,
  desired: DesiredTraffic,
  attempts = 5,
): Promise<ApplyResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await router.apply(desired);
    } catch (error) {
      if (!(error instanceof ConflictError || error instanceof AlreadyExistsError) || attempt >= attempts) throw error;
    }
  }
}
