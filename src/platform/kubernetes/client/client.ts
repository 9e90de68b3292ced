// The Kubernetes API client: the verbs on the kinds of resources.ts, typed errors, retries
// and a metrics hook. See docs/kubernetes-client.md.
import type { Connection } from './connection.ts';
import type { RequestTarget } from './errors.ts';
import { GoneError } from './errors.ts';
import type {
  DeleteOptions,
  KubeObject,
  ListOptions,
  ObjectBase,
  ObjectList,
  PatchOptions,
  Stored,
  WriteOptions,
} from './objects.ts';
import { asStored, patchContentTypes } from './objects.ts';
import type { ObjectClient } from './interfaces.ts';
import type { RequestObserver } from './request-metrics.ts';
import { queryString, resourcePath } from './request-path.ts';
import { RequestRunner, type RetryMode, type RetryPolicy } from './request-runner.ts';
import { apiVersionOf, coreResources, type Resource, type ResourceType } from './resources.ts';
import { systemTimers, type Timers } from './timers.ts';
import { Transport, type HttpRequest, type TransportOptions } from './transport.ts';
import { openWatch, type Watch, type WatchOptions } from './watch.ts';
import type { WatchEvent } from './watch-events.ts';

export interface KubeClientOptions extends TransportOptions {
  timers?: Timers;
  random?: () => number;
  retry?: RetryPolicy;
  /** Called for every HTTP request sent, retries and watches included. */
  observe?: RequestObserver;
  /** Default fieldManager of writes. Default "sluice". */
  fieldManager?: string;
}

export class KubeClient implements ObjectClient {
  readonly connection: Connection;
  readonly timers: Timers;
  readonly #transport: Transport;
  readonly #runner: RequestRunner;
  readonly #observe: RequestObserver | undefined;
  readonly #fieldManager: string;

  constructor(connection: Connection, options: KubeClientOptions = {}) {
    this.connection = connection;
    this.timers = options.timers ?? systemTimers;
    this.#transport = new Transport(connection, options);
    this.#observe = options.observe;
    this.#fieldManager = options.fieldManager ?? 'sluice';
    this.#runner = new RequestRunner({
      transport: this.#transport,
      timers: this.timers,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.random ? { random: options.random } : {}),
      ...(options.observe ? { observe: options.observe } : {}),
      onUnauthorized: () => connection.credentials.invalidate?.() ?? false,
    });
  }

  /** The namespace of the kubeconfig context or service account. */
  get defaultNamespace(): string {
    return this.connection.namespace;
  }

  /** Sockets open right now (ordinary requests and watches), for leak checks. */
  get openSockets(): number {
    return this.#transport.openSockets;
  }

  /** The object, or NotFoundError. A typed resource gives a typed object; else name the type (unstructured). */
  get<T extends ObjectBase>(
    resource: Resource<T>,
    namespace: string,
    name: string,
    options?: { signal?: AbortSignal },
  ): Promise<Stored<T>>;
  get<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    namespace: string,
    name: string,
    options?: { signal?: AbortSignal },
  ): Promise<Stored<T>>;
  async get(
    resource: ResourceType,
    namespace: string,
    name: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<Stored<KubeObject>> {
    return asStored(
      await this.#json<KubeObject>(
        resource,
        { namespace, name, verb: 'get' },
        { method: 'GET', signal: options.signal },
        'idempotent',
      ),
    );
  }

  /** One page; follow `metadata.continue` for the next, or use listAll. */
  list<T extends ObjectBase>(resource: Resource<T>, options?: ListOptions): Promise<ObjectList<Stored<T>>>;
  list<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    options?: ListOptions,
  ): Promise<ObjectList<Stored<T>>>;
  async list(resource: ResourceType, options: ListOptions = {}): Promise<ObjectList<Stored<KubeObject>>> {
    const query = queryString({
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
      limit: options.limit,
      continue: options.continue,
      resourceVersion: options.resourceVersion,
      resourceVersionMatch: options.resourceVersionMatch,
    });
    const page = await this.#json<ObjectList<KubeObject>>(
      resource,
      { namespace: options.namespace, verb: 'list' },
      { method: 'GET', query, signal: options.signal },
      'idempotent',
    );
    // An empty list may come as "items": null.
    return { ...page, items: (page.items ?? []).map(asStored) };
  }

  /**
   * Every page of a list, and the list's resourceVersion (to watch from). When a continue token
   * expires midway (410), lists again in one piece, as client-go does.
   */
  listAll<T extends ObjectBase>(
    resource: Resource<T>,
    options?: ListOptions,
  ): Promise<{ items: Array<Stored<T>>; resourceVersion: string }>;
  listAll<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    options?: ListOptions,
  ): Promise<{ items: Array<Stored<T>>; resourceVersion: string }>;
  async listAll(
    resource: ResourceType,
    options: ListOptions = {},
  ): Promise<{ items: Array<Stored<KubeObject>>; resourceVersion: string }> {
    const pageSize = options.limit ?? 500;
    const items: Array<Stored<KubeObject>> = [];
    let page = await this.list(resource, { ...options, limit: pageSize, continue: undefined });
    const first = page;
    items.push(...page.items);
    while (page.metadata.continue) {
      try {
        page = await this.list(resource, {
          ...options,
          limit: pageSize,
          continue: page.metadata.continue,
          resourceVersion: undefined,
        });
      } catch (error) {
        if (!(error instanceof GoneError)) throw error;
        const whole = await this.list(resource, { ...options, limit: undefined, continue: undefined });
        return { items: whole.items, resourceVersion: whole.metadata.resourceVersion ?? '' };
      }
      items.push(...page.items);
    }
    return { items, resourceVersion: first.metadata.resourceVersion ?? '' };
  }

  /** Creates `object` (its apiVersion and kind are filled in from the resource when missing). Retried only when the server did not process it. */
  create<T extends ObjectBase>(
    resource: Resource<T>,
    namespace: string,
    object: T,
    options?: WriteOptions,
  ): Promise<Stored<T>>;
  create<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    namespace: string,
    object: T,
    options?: WriteOptions,
  ): Promise<Stored<T>>;
  async create(
    resource: ResourceType,
    namespace: string,
    object: ObjectBase,
    options: WriteOptions = {},
  ): Promise<Stored<KubeObject>> {
    const body = JSON.stringify(withTypeMeta(resource, object));
    return asStored(
      await this.#json<KubeObject>(
        resource,
        { namespace, verb: 'create' },
        { method: 'POST', body, query: this.#writeQuery(options), signal: options.signal },
        'unprocessed-only',
      ),
    );
  }

  /** PUT of the whole object; with metadata.resourceVersion set, a stale copy fails with ConflictError. */
  update<T extends ObjectBase>(resource: Resource<T>, object: T, options?: WriteOptions): Promise<Stored<T>>;
  update<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    object: T,
    options?: WriteOptions,
  ): Promise<Stored<T>>;
  async update(resource: ResourceType, object: ObjectBase, options: WriteOptions = {}): Promise<Stored<KubeObject>> {
    return this.#put(resource, object, undefined, options);
  }

  /** PUT to the /status subresource: only the status is written. */
  updateStatus<T extends ObjectBase>(resource: Resource<T>, object: T, options?: WriteOptions): Promise<Stored<T>>;
  updateStatus<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    object: T,
    options?: WriteOptions,
  ): Promise<Stored<T>>;
  async updateStatus(
    resource: ResourceType,
    object: ObjectBase,
    options: WriteOptions = {},
  ): Promise<Stored<KubeObject>> {
    return this.#put(resource, object, 'status', options);
  }

  patch<T extends ObjectBase>(
    resource: Resource<T>,
    namespace: string,
    name: string,
    patch: unknown,
    options?: PatchOptions,
  ): Promise<Stored<T>>;
  patch<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    namespace: string,
    name: string,
    patch: unknown,
    options?: PatchOptions,
  ): Promise<Stored<T>>;
  async patch(
    resource: ResourceType,
    namespace: string,
    name: string,
    patch: unknown,
    options: PatchOptions = {},
  ): Promise<Stored<KubeObject>> {
    const type = options.type ?? 'merge';
    if (type === 'strategic' && !resource.strategicMerge) {
      throw new Error(
        `${resource.kind} (${apiVersionOf(resource)}) does not accept strategic merge patches; use a merge patch`,
      );
    }
    const fieldManager = options.fieldManager ?? (type === 'apply' ? this.#fieldManager : undefined);
    const query = queryString({
      fieldManager,
      force: type === 'apply' ? options.force : undefined,
      dryRun: options.dryRun ? 'All' : undefined,
    });
    // A JSON patch may add to a list twice if repeated; the others converge on the same result.
    const retry: RetryMode = type === 'json' ? 'unprocessed-only' : 'idempotent';
    return asStored(
      await this.#json<KubeObject>(
        resource,
        { namespace, name, subresource: options.subresource, verb: 'patch' },
        {
          method: 'PATCH',
          body: JSON.stringify(patch),
          query,
          contentType: patchContentTypes[type],
          signal: options.signal,
        },
        retry,
      ),
    );
  }

  patchStatus<T extends ObjectBase>(
    resource: Resource<T>,
    namespace: string,
    name: string,
    patch: unknown,
    options?: PatchOptions,
  ): Promise<Stored<T>>;
  patchStatus<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    namespace: string,
    name: string,
    patch: unknown,
    options?: PatchOptions,
  ): Promise<Stored<T>>;
  async patchStatus(
    resource: ResourceType,
    namespace: string,
    name: string,
    patch: unknown,
    options: PatchOptions = {},
  ): Promise<Stored<KubeObject>> {
    return this.patch(resource, namespace, name, patch, { ...options, subresource: 'status' });
  }

  /** Returns what the API server answers: the object (when deletion is pending) or a Status. */
  async delete(resource: ResourceType, namespace: string, name: string, options: DeleteOptions = {}): Promise<unknown> {
    const body = deleteOptionsBody(options);
    return this.#json<unknown>(
      resource,
      { namespace, name, verb: 'delete' },
      { method: 'DELETE', body, signal: options.signal },
      'idempotent',
    );
  }

  /** Evicts a pod through pods/eviction, which honours PodDisruptionBudgets (a refusal is TooManyRequestsError, not retried). */
  async evict(namespace: string, podName: string, options: DeleteOptions = {}): Promise<void> {
    const eviction = {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: podName, namespace },
      ...(hasDeleteOptions(options) ? { deleteOptions: JSON.parse(deleteOptionsBody(options)) as unknown } : {}),
    };
    await this.#json(
      coreResources.pods,
      { namespace, name: podName, subresource: 'eviction', verb: 'evict' },
      { method: 'POST', body: JSON.stringify(eviction), signal: options.signal },
      'none',
    );
  }

  /** Opens one watch (no reconnection: informers do that). */
  watch<T extends ObjectBase>(
    resource: Resource<T>,
    options: WatchOptions,
    onEvent: (event: WatchEvent<Stored<T>>) => void,
  ): Promise<Watch>;
  watch<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    options: WatchOptions,
    onEvent: (event: WatchEvent<Stored<T>>) => void,
  ): Promise<Watch>;
  watch(
    resource: ResourceType,
    options: WatchOptions,
    onEvent: (event: WatchEvent<Stored<KubeObject>>) => void,
  ): Promise<Watch> {
    const stored = (event: WatchEvent<KubeObject>): void => {
      if (event.type === 'BOOKMARK' || event.type === 'ERROR') onEvent(event);
      else onEvent({ type: event.type, object: asStored(event.object) });
    };
    return openWatch<KubeObject>(
      { transport: this.#transport, timers: this.timers, observe: this.#observe },
      resource,
      options,
      stored,
    );
  }

  /** A raw GET of an API path (discovery, /version, /readyz). */
  async getPath<T = unknown>(path: string, options: { signal?: AbortSignal } = {}): Promise<T> {
    const response = await this.#runner.run({
      target: { verb: 'get', resource: path },
      request: { method: 'GET', path, ...(options.signal ? { signal: options.signal } : {}) },
      retry: 'idempotent',
    });
    return JSON.parse(response.body) as T;
  }

  /** Closes every socket. Watches end; later calls fail. */
  close(): void {
    this.#transport.close();
  }

  async #put(
    resource: ResourceType,
    object: ObjectBase,
    subresource: string | undefined,
    options: WriteOptions,
  ): Promise<Stored<KubeObject>> {
    const name = object.metadata.name;
    if (!name) throw new Error(`cannot update a ${resource.kind} without metadata.name`);
    const body = JSON.stringify(withTypeMeta(resource, object));
    return asStored(
      await this.#json<KubeObject>(
        resource,
        {
          namespace: object.metadata.namespace,
          name,
          subresource,
          verb: subresource ? `update ${subresource} of` : 'update',
        },
        { method: 'PUT', body, query: this.#writeQuery(options), signal: options.signal },
        'idempotent',
      ),
    );
  }

  #writeQuery(options: WriteOptions): string {
    return queryString({ fieldManager: options.fieldManager, dryRun: options.dryRun ? 'All' : undefined });
  }

  async #json<T>(
    resource: ResourceType,
    where: {
      namespace?: string | undefined;
      name?: string | undefined;
      subresource?: string | undefined;
      verb: string;
    },
    send: {
      method: HttpRequest['method'];
      body?: string;
      query?: string;
      contentType?: string;
      signal?: AbortSignal | undefined;
    },
    retry: RetryMode,
  ): Promise<T> {
    const namespace = resource.namespaced && where.namespace ? where.namespace : undefined;
    const target: RequestTarget = {
      verb: where.verb,
      resource: resource.plural,
      group: resource.group,
      ...(where.subresource ? { subresource: where.subresource } : {}),
      ...(namespace ? { namespace } : {}),
      ...(where.name !== undefined ? { name: where.name } : {}),
    };
    const path =
      resourcePath(resource, { namespace, name: where.name, subresource: where.subresource }) + (send.query ?? '');
    const request: HttpRequest = {
      method: send.method,
      path,
      ...(send.body !== undefined
        ? { body: send.body, headers: { 'Content-Type': send.contentType ?? 'application/json' } }
        : {}),
      ...(send.signal ? { signal: send.signal } : {}),
    };
    const response = await this.#runner.run({ target, request, retry });
    return (response.body === '' ? undefined : JSON.parse(response.body)) as T;
  }
}

function withTypeMeta<T extends ObjectBase>(resource: ResourceType, object: T): T {
  return { ...object, apiVersion: object.apiVersion ?? apiVersionOf(resource), kind: object.kind ?? resource.kind };
}

function hasDeleteOptions(options: DeleteOptions): boolean {
  return (
    options.propagationPolicy !== undefined ||
    options.gracePeriodSeconds !== undefined ||
    options.preconditions !== undefined ||
    options.dryRun === true
  );
}

function deleteOptionsBody(options: DeleteOptions): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'DeleteOptions',
    ...(options.propagationPolicy ? { propagationPolicy: options.propagationPolicy } : {}),
    ...(options.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: options.gracePeriodSeconds } : {}),
    ...(options.preconditions ? { preconditions: options.preconditions } : {}),
    ...(options.dryRun ? { dryRun: ['All'] } : {}),
  });
}
