// An in-memory ObjectClient that answers as the API server does where a controller depends on it:
// every write gets a new resourceVersion; a write that carries a stale resourceVersion fails with
// ConflictError (409), a missing object with NotFoundError (404), a taken name with
// AlreadyExistsError (409); generateName picks a free name; kinds with a status subresource keep
// their status on ordinary writes and change it only through updateStatus / patchStatus (so a
// create drops it), while the others store it like any field and have no /status (404).
// test/contracts/kube-client-contract.ts holds it and the real API server to the same answers.
//
// Watches (for informers over the fake) replay the changes after the resourceVersion asked for, or
// the objects that exist as ADDED events, then every change; they end only when stopped.
//
// Not modelled: bookmarks, a watch's timeout, an object leaving a label selector (no DELETED), server-side apply, field selectors other than metadata.name and
// metadata.namespace, admission, defaulting, garbage collection of owned objects, finalizers.
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { errorFromStatus, type KubeApiError, type RequestTarget } from '../client/errors.ts';
import type { ListWatchClient, ObjectClient } from '../client/interfaces.ts';
import { matchesLabelSelector } from '../client/label-selector.ts';
import type {
  DeleteOptions,
  KubeObject,
  ListOptions,
  ObjectBase,
  ObjectList,
  PatchOptions,
  Stored,
  WriteOptions,
} from '../client/objects.ts';
import { apiVersionOf, type Resource, type ResourceType } from '../client/resources.ts';
import type { Watch, WatchEnd, WatchOptions } from '../client/watch.ts';
import type { WatchEvent } from '../client/watch-events.ts';
import { applyJsonPatch, applyMergePatch } from './patches.ts';

export interface FakeKubeClientOptions {
  /** Kinds served with a status subresource (controller-runtime's WithStatusSubresource). */
  statusSubresource?: readonly ResourceType[];
  /** The clock of creationTimestamp. Default Date.now. */
  now?: () => number;
}

type Entry = Stored<KubeObject>;

interface Change {
  resourceVersion: number;
  resource: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: Entry;
}

interface Watcher {
  resource: string;
  matches(object: Entry): boolean;
  deliver(change: Change): void;
}

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

export class FakeKubeClient implements ObjectClient, ListWatchClient {
  readonly #objects = new Map<string, Entry>();
  readonly #changes: Change[] = [];
  readonly #watchers = new Set<Watcher>();
  readonly #withStatus: Set<string>;
  readonly #now: () => number;
  #resourceVersion = 0;
  /** Every write, in order, as "verb plural namespace/name": for tests that assert what was written. */
  readonly actions: string[] = [];

  constructor(options: FakeKubeClientOptions = {}) {
    this.#withStatus = new Set((options.statusSubresource ?? []).map(resourceKey));
    this.#now = options.now ?? (() => Date.now());
  }

  get<T extends ObjectBase>(resource: Resource<T>, namespace: string, name: string): Promise<Stored<T>>;
  get<T extends KubeObject = KubeObject>(resource: ResourceType, namespace: string, name: string): Promise<Stored<T>>;
  async get(resource: ResourceType, namespace: string, name: string): Promise<Entry> {
    return structuredClone(this.#existing(resource, namespace, name, 'get'));
  }

  list<T extends ObjectBase>(resource: Resource<T>, options?: ListOptions): Promise<ObjectList<Stored<T>>>;
  list<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    options?: ListOptions,
  ): Promise<ObjectList<Stored<T>>>;
  async list(resource: ResourceType, options: ListOptions = {}): Promise<ObjectList<Entry>> {
    const prefix = `${resourceKey(resource)}|`;
    const namespace = resource.namespaced ? options.namespace || undefined : undefined;
    const fields = fieldRequirements(options.fieldSelector);
    const matching = [...this.#objects.entries()]
      .filter(
        ([key, object]) =>
          key.startsWith(prefix) &&
          (namespace === undefined || object.metadata.namespace === namespace) &&
          (options.labelSelector === undefined ||
            matchesLabelSelector(options.labelSelector, object.metadata.labels)) &&
          fields.every(
            ([field, value]) =>
              (field === 'metadata.name' ? object.metadata.name : object.metadata.namespace) === value,
          ),
      )
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, object]) => structuredClone(object));
    const offset = options.continue ? Number(options.continue) : 0;
    const end = options.limit ? offset + options.limit : matching.length;
    return {
      items: matching.slice(offset, end),
      metadata: {
        resourceVersion: String(this.#resourceVersion),
        ...(end < matching.length ? { continue: String(end), remainingItemCount: matching.length - end } : {}),
      },
    };
  }

  /** Every object of the kind (one page), as KubeClient.listAll answers. */
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
  ): Promise<{ items: Entry[]; resourceVersion: string }> {
    const page = await this.list(resource, { ...options, limit: undefined, continue: undefined });
    return { items: page.items, resourceVersion: page.metadata.resourceVersion ?? '' };
  }

  /** A watch of the kind in the scope of `options`: the changes after options.resourceVersion (or ADDED for what exists), then every change. */
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
  async watch(
    resource: ResourceType,
    options: WatchOptions,
    onEvent: (event: WatchEvent<Entry>) => void,
  ): Promise<Watch> {
    const namespace = resource.namespaced ? options.namespace || undefined : undefined;
    const fields = fieldRequirements(options.fieldSelector);
    const labels = options.labelSelector;
    const pending: Change[] = [];
    let stopped = false;
    let endWatch: (end: WatchEnd) => void = () => undefined;
    const ended = new Promise<WatchEnd>((resolve) => (endWatch = resolve));
    const flush = (): void => {
      for (let change = pending.shift(); change !== undefined && !stopped; change = pending.shift()) {
        onEvent({ type: change.type, object: structuredClone(change.object) });
      }
    };
    const watcher: Watcher = {
      resource: resourceKey(resource),
      matches: (object) =>
        (namespace === undefined || object.metadata.namespace === namespace) &&
        (labels === undefined || matchesLabelSelector(labels, object.metadata.labels)) &&
        fields.every(
          ([field, value]) => (field === 'metadata.name' ? object.metadata.name : object.metadata.namespace) === value,
        ),
      deliver: (change) => {
        pending.push(change);
        if (pending.length === 1) queueMicrotask(flush);
      },
    };
    const from = options.resourceVersion ? Number(options.resourceVersion) : undefined;
    if (from === undefined || from === 0) {
      const prefix = `${resourceKey(resource)}|`;
      for (const [key, object] of [...this.#objects.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        if (key.startsWith(prefix) && watcher.matches(object))
          watcher.deliver({
            resourceVersion: this.#resourceVersion,
            resource: watcher.resource,
            type: 'ADDED',
            object,
          });
      }
    } else {
      for (const change of this.#changes)
        if (change.resourceVersion > from && change.resource === watcher.resource && watcher.matches(change.object))
          watcher.deliver(change);
    }
    this.#watchers.add(watcher);
    return {
      stop: () => {
        stopped = true;
        this.#watchers.delete(watcher);
        endWatch({ reason: 'stopped' });
      },
      ended,
    };
  }

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
  ): Promise<Entry> {
    const scope = resource.namespaced ? namespace : '';
    const given = structuredClone(object) as KubeObject;
    const target = (name?: string): RequestTarget => ({
      verb: 'create',
      resource: resource.plural,
      ...(scope ? { namespace: scope } : {}),
      ...(name ? { name } : {}),
    });
    if (resource.namespaced && given.metadata.namespace && given.metadata.namespace !== namespace) {
      throw failure(
        400,
        'BadRequest',
        'the namespace of the provided object does not match the namespace sent on the request',
        target(),
      );
    }
    if (given.metadata.resourceVersion)
      throw failure(400, 'BadRequest', 'resourceVersion should not be set on objects to be created', target());
    let name = given.metadata.name;
    if (!name) {
      if (!given.metadata.generateName)
        throw failure(
          422,
          'Invalid',
          `${resource.kind} "" is invalid: metadata.name: Required value: name or generateName is required`,
          target(),
        );
      do name = given.metadata.generateName + randomSuffix();
      while (this.#objects.has(objectKey(resource, scope, name)));
    }
    const key = objectKey(resource, scope, name);
    if (this.#objects.has(key))
      throw failure(409, 'AlreadyExists', `${qualified(resource)} "${name}" already exists`, target(name));
    if (this.#withStatus.has(resourceKey(resource))) delete given['status'];
    const stored: Entry = {
      ...given,
      apiVersion: apiVersionOf(resource),
      kind: resource.kind,
      metadata: {
        ...given.metadata,
        name,
        namespace: scope,
        uid: randomUUID(),
        resourceVersion: '',
        creationTimestamp: new Date(Math.floor(this.#now() / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
        ...(hasGeneration(resource, given) ? { generation: 1 } : {}),
      },
    };
    return this.#store(key, stored, 'create', options);
  }

  update<T extends ObjectBase>(resource: Resource<T>, object: T, options?: WriteOptions): Promise<Stored<T>>;
  update<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    object: T,
    options?: WriteOptions,
  ): Promise<Stored<T>>;
  async update(resource: ResourceType, object: ObjectBase, options: WriteOptions = {}): Promise<Entry> {
    return this.#replace(resource, object as KubeObject, 'main', 'update', options);
  }

  updateStatus<T extends ObjectBase>(resource: Resource<T>, object: T, options?: WriteOptions): Promise<Stored<T>>;
  updateStatus<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    object: T,
    options?: WriteOptions,
  ): Promise<Stored<T>>;
  async updateStatus(resource: ResourceType, object: ObjectBase, options: WriteOptions = {}): Promise<Entry> {
    return this.#replace(resource, object as KubeObject, 'status', 'update status of', options);
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
  ): Promise<Entry> {
    const part = options.subresource === 'status' ? 'status' : 'main';
    const type = options.type ?? 'merge';
    if (type === 'apply') throw new Error('the fake client does not do server-side apply; use a merge patch');
    if (type === 'strategic' && !resource.strategicMerge) {
      throw new Error(
        `${resource.kind} (${apiVersionOf(resource)}) does not accept strategic merge patches; use a merge patch`,
      );
    }
    const current = this.#existing(resource, namespace, name, 'patch');
    let patched: KubeObject;
    try {
      patched = (type === 'json' ? applyJsonPatch(current, patch) : applyMergePatch(current, patch)) as KubeObject;
    } catch (error) {
      throw failure(422, 'Invalid', `${qualified(resource)} "${name}": ${(error as Error).message}`, {
        verb: 'patch',
        resource: resource.plural,
        namespace,
        name,
      });
    }
    // A resourceVersion in the patch is a precondition; none means "whatever is stored".
    const precondition = (patch as { metadata?: { resourceVersion?: unknown } } | null)?.metadata?.resourceVersion;
    if (typeof precondition !== 'string' || type === 'json')
      patched.metadata.resourceVersion = current.metadata.resourceVersion;
    return this.#replace(resource, patched, part, part === 'status' ? 'patch status of' : 'patch', options);
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
  ): Promise<Entry> {
    return this.patch(resource, namespace, name, patch, { ...options, subresource: 'status' });
  }

  async delete(resource: ResourceType, namespace: string, name: string, options: DeleteOptions = {}): Promise<unknown> {
    const current = this.#existing(resource, namespace, name, 'delete');
    const { uid, resourceVersion } = options.preconditions ?? {};
    const target: RequestTarget = { verb: 'delete', resource: resource.plural, namespace, name };
    if (uid !== undefined && uid !== current.metadata.uid) {
      throw failure(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualified(resource)} "${name}": Precondition failed: UID in precondition: ${uid}, UID in object meta: ${current.metadata.uid}`,
        target,
      );
    }
    if (resourceVersion !== undefined && resourceVersion !== current.metadata.resourceVersion) {
      throw failure(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualified(resource)} "${name}": Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
        target,
      );
    }
    if (options.dryRun) return structuredClone(current);
    this.#objects.delete(objectKey(resource, resource.namespaced ? namespace : '', name));
    this.#announce(resourceKey(resource), 'DELETED', {
      ...structuredClone(current),
      metadata: { ...structuredClone(current.metadata), resourceVersion: String(++this.#resourceVersion) },
    });
    this.actions.push(`delete ${resource.plural} ${describe(resource, namespace, name)}`);
    return {
      apiVersion: 'v1',
      kind: 'Status',
      status: 'Success',
      details: { name, kind: resource.plural, uid: current.metadata.uid },
    };
  }

  async evict(namespace: string, podName: string, options: DeleteOptions = {}): Promise<void> {
    await this.delete(PODS, namespace, podName, options);
  }

  #announce(resource: string, type: Change['type'], object: Entry): void {
    const change: Change = { resourceVersion: this.#resourceVersion, resource, type, object: structuredClone(object) };
    this.#changes.push(change);
    for (const watcher of this.#watchers)
      if (watcher.resource === resource && watcher.matches(change.object)) watcher.deliver(change);
  }

  #existing(resource: ResourceType, namespace: string, name: string, verb: string): Entry {
    const object = this.#objects.get(objectKey(resource, resource.namespaced ? namespace : '', name));
    if (object === undefined)
      throw failure(404, 'NotFound', `${qualified(resource)} "${name}" not found`, {
        verb,
        resource: resource.plural,
        ...(resource.namespaced ? { namespace } : {}),
        name,
      });
    return object;
  }

  #replace(
    resource: ResourceType,
    object: KubeObject,
    part: 'main' | 'status',
    verb: string,
    options: WriteOptions,
  ): Entry {
    const name = object.metadata.name;
    if (!name) throw new Error(`cannot ${verb} a ${resource.kind} without metadata.name`);
    const namespace = resource.namespaced ? (object.metadata.namespace ?? '') : '';
    const withStatus = this.#withStatus.has(resourceKey(resource));
    if (part === 'status' && !withStatus) {
      throw failure(
        404,
        'NotFound',
        `the server could not find the requested resource (${verb} ${qualified(resource)} ${name})`,
        { verb, resource: resource.plural, namespace, name },
      );
    }
    const current = this.#existing(resource, namespace, name, verb);
    const target: RequestTarget = { verb, resource: resource.plural, ...(namespace ? { namespace } : {}), name };
    const sent = object.metadata.resourceVersion;
    if (!sent && !resource.strategicMerge && part === 'main') {
      throw failure(
        422,
        'Invalid',
        `${resource.kind}.${resource.group} "${name}" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update`,
        target,
      );
    }
    if (sent && sent !== current.metadata.resourceVersion) {
      throw failure(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualified(resource)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        target,
      );
    }
    let next: Entry;
    if (part === 'status') {
      next = { ...structuredClone(current), status: structuredClone(object['status']) };
      if (object['status'] === undefined) delete next['status'];
    } else {
      const given = structuredClone(object);
      if (withStatus) {
        if (current['status'] === undefined) delete given['status'];
        else given['status'] = structuredClone(current['status']);
      }
      // Identity, creation time and generation belong to the server.
      const { uid, creationTimestamp, generation } = current.metadata;
      next = {
        ...given,
        apiVersion: current.apiVersion,
        kind: current.kind,
        metadata: {
          ...given.metadata,
          name,
          uid,
          resourceVersion: current.metadata.resourceVersion,
          creationTimestamp,
          ...(generation !== undefined ? { generation } : {}),
        },
      } as Entry;
      next.metadata.namespace = namespace;
      if (generation !== undefined && !isDeepStrictEqual(specOf(current), specOf(next)))
        next.metadata.generation = generation + 1;
    }
    if (isDeepStrictEqual(next, current)) return structuredClone(current);
    return this.#store(objectKey(resource, namespace, name), next, verb, options);
  }

  #store(key: string, object: Entry, verb: string, options: WriteOptions): Entry {
    if (options.dryRun) return structuredClone(object);
    object.metadata.resourceVersion = String(++this.#resourceVersion);
    const type = this.#objects.has(key) ? 'MODIFIED' : 'ADDED';
    this.#objects.set(key, structuredClone(object));
    this.#announce(key.split('|')[0]!, type, object);
    this.actions.push(
      `${verb} ${key.split('|')[1]} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`,
    );
    return structuredClone(object);
  }
}

const PODS: ResourceType = {
  kind: 'Pod',
  group: '',
  version: 'v1',
  plural: 'pods',
  namespaced: true,
  strategicMerge: true,
};

function resourceKey(resource: ResourceType): string {
  return `${resource.group}/${resource.plural}`;
}

function objectKey(resource: ResourceType, namespace: string, name: string): string {
  return `${resourceKey(resource)}|${resource.plural}|${namespace}/${name}`;
}

function qualified(resource: ResourceType): string {
  return resource.group === '' ? resource.plural : `${resource.plural}.${resource.group}`;
}

function describe(resource: ResourceType, namespace: string, name: string): string {
  return resource.namespaced ? `${namespace}/${name}` : name;
}

function randomSuffix(): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_CHARS[Math.floor(Math.random() * NAME_CHARS.length)];
  return suffix;
}

/** Custom resources and built-in kinds with a spec carry metadata.generation. */
function hasGeneration(resource: ResourceType, object: KubeObject): boolean {
  return !resource.strategicMerge || object['spec'] !== undefined;
}

/** What a generation counts changes of: everything but metadata and status. */
function specOf(object: KubeObject): Record<string, unknown> {
  const { metadata: _metadata, status: _status, apiVersion: _apiVersion, kind: _kind, ...rest } = object;
  return rest;
}

function fieldRequirements(selector: string | undefined): Array<[string, string]> {
  if (!selector) return [];
  return selector.split(',').map((term) => {
    const match = /^(metadata\.name|metadata\.namespace)==?(.*)$/.exec(term.trim());
    if (!match)
      throw new Error(
        `field selector "${selector}": the fake client reads only metadata.name=... and metadata.namespace=...`,
      );
    return [match[1]!, match[2]!];
  });
}

function failure(code: number, reason: string, message: string, target: RequestTarget): KubeApiError {
  return errorFromStatus(code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code }, target);
}
