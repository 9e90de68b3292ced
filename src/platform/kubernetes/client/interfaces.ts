// The client surface in controller-runtime's shape: a reader, a writer and a status writer. The
// API client implements all three; the informer caches implement the reader (cache-reader.ts); the
// in-memory fake (fake/fake-client.ts) implements all three for unit tests. Code that takes these
// interfaces instead of KubeClient runs against any of them.
import type {
  DeleteOptions,
  ListOptions,
  ObjectBase,
  ObjectList,
  PatchOptions,
  Stored,
  WriteOptions,
} from './objects.ts';
import type { Resource, ResourceType } from './resources.ts';
import type { Watch, WatchOptions } from './watch.ts';
import type { WatchEvent } from './watch-events.ts';

export interface ObjectReader {
  /** The object, or NotFoundError. */
  get<T extends ObjectBase>(
    resource: Resource<T>,
    namespace: string,
    name: string,
    options?: { signal?: AbortSignal },
  ): Promise<Stored<T>>;
  /** One page (the whole list unless `limit` is given); omit the namespace for all namespaces. */
  list<T extends ObjectBase>(resource: Resource<T>, options?: ListOptions): Promise<ObjectList<Stored<T>>>;
}

export interface ObjectWriter {
  /** AlreadyExistsError when the name is taken; with only metadata.generateName, the server picks the name. */
  create<T extends ObjectBase>(
    resource: Resource<T>,
    namespace: string,
    object: T,
    options?: WriteOptions,
  ): Promise<Stored<T>>;
  /** Replaces the object but its status; with metadata.resourceVersion set, a stale copy fails with ConflictError. */
  update<T extends ObjectBase>(resource: Resource<T>, object: T, options?: WriteOptions): Promise<Stored<T>>;
  /** A merge patch by default; a metadata.resourceVersion in the patch is a precondition (ConflictError). */
  patch<T extends ObjectBase>(
    resource: Resource<T>,
    namespace: string,
    name: string,
    patch: unknown,
    options?: PatchOptions,
  ): Promise<Stored<T>>;
  /** NotFoundError when there is no such object. */
  delete(resource: ResourceType, namespace: string, name: string, options?: DeleteOptions): Promise<unknown>;
}

/** Writes through the status subresource: only the status changes. */
export interface StatusWriter {
  updateStatus<T extends ObjectBase>(resource: Resource<T>, object: T, options?: WriteOptions): Promise<Stored<T>>;
  patchStatus<T extends ObjectBase>(
    resource: Resource<T>,
    namespace: string,
    name: string,
    patch: unknown,
    options?: PatchOptions,
  ): Promise<Stored<T>>;
}

/** Reader, writer and status writer in one: what the API client and the fake both are. */
export interface ObjectClient extends ObjectReader, ObjectWriter, StatusWriter {
  /** Evicts a pod (pods/eviction); TooManyRequestsError when a PodDisruptionBudget refuses. */
  evict(namespace: string, podName: string, options?: DeleteOptions): Promise<void>;
}

/** What an informer needs: every object of a kind, and a watch from a resourceVersion. */
export interface ListWatchClient {
  listAll<T extends ObjectBase>(
    resource: Resource<T>,
    options?: ListOptions,
  ): Promise<{ items: Array<Stored<T>>; resourceVersion: string }>;
  watch<T extends ObjectBase>(
    resource: Resource<T>,
    options: WatchOptions,
    onEvent: (event: WatchEvent<Stored<T>>) => void,
  ): Promise<Watch>;
}
