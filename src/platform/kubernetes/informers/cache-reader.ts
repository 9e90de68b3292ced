// The informer caches as an ObjectReader (controller-runtime's cache reader): the same interface as
// the API client, answered from memory. A read of a kind starts its informer when the factory has
// started (and returns what it holds so far: wait for sync before trusting an empty answer).
// Objects are copies: changing one does not change the cache.
import { errorFromStatus } from '../client/errors.ts';
import type { ObjectReader } from '../client/interfaces.ts';
import { matchesLabelSelector, parseLabelSelector } from '../client/label-selector.ts';
import type { ListOptions, ObjectBase, ObjectList, Stored } from '../client/objects.ts';
import type { Resource } from '../client/resources.ts';
import type { SharedInformerFactory } from './informer-factory.ts';
import type { ReadableStore } from './object-store.ts';

export function cacheReader(factory: SharedInformerFactory): ObjectReader {
  const storeOf = <T extends ObjectBase>(resource: Resource<T>): ReadableStore<Stored<T>> =>
    factory.informerFor(resource).store;
  return {
    async get<T extends ObjectBase>(resource: Resource<T>, namespace: string, name: string): Promise<Stored<T>> {
      const object = storeOf(resource).getByName(resource.namespaced ? namespace : '', name);
      if (object === undefined) {
        const what = resource.group === '' ? resource.plural : `${resource.plural}.${resource.group}`;
        throw errorFromStatus(
          404,
          {
            kind: 'Status',
            reason: 'NotFound',
            code: 404,
            message: `${what} "${name}" not found (in the informer cache)`,
          },
          { verb: 'get', resource: resource.plural, namespace, name },
        );
      }
      return structuredClone(object);
    },
    async list<T extends ObjectBase>(resource: Resource<T>, options: ListOptions = {}): Promise<ObjectList<Stored<T>>> {
      if (options.fieldSelector)
        throw new Error(
          `the informer cache of ${resource.plural} filters by namespace and labels only, not by the field selector "${options.fieldSelector}"`,
        );
      const namespace = resource.namespaced ? options.namespace || undefined : undefined;
      const selector = options.labelSelector ? parseLabelSelector(options.labelSelector) : undefined;
      const items = storeOf(resource)
        .list()
        .filter(
          (object) =>
            (namespace === undefined || object.metadata.namespace === namespace) &&
            (selector === undefined || matchesLabelSelector(selector, object.metadata.labels)),
        )
        .map((object) => structuredClone(object));
      return { items, metadata: {} };
    },
  };
}
