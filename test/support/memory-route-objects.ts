// An in-memory RouteObjectStore for unit tests of the routers: objects are kept serialised (a
// router can never alias them), each write bumps a resourceVersion, and an update carrying a stale
// resourceVersion is refused as the API server refuses it.
import type { RouteObject, RouteObjectRef, RouteObjectStore } from '../../src/traffic/route-objects.ts';
import { refOf } from '../../src/traffic/route-objects.ts';

export class StaleRouteObjectError extends Error {
  override name = 'StaleRouteObjectError';
}

export class MemoryRouteObjectStore implements RouteObjectStore {
  readonly objects = new Map<string, string>();
  writes = 0;
  #version = 0;

  constructor(objects: RouteObject[] = []) {
    for (const object of objects) this.put(object);
  }

  #key(ref: RouteObjectRef): string {
    return `${ref.apiVersion}/${ref.kind}/${ref.namespace}/${ref.name}`;
  }

  /** Stores `object` as a user's apply would (no precondition). */
  put(object: RouteObject): void {
    const stored: RouteObject = structuredClone(object);
    stored.metadata.resourceVersion = String(++this.#version);
    stored.metadata.namespace ??= 'default';
    this.objects.set(this.#key(refOf(stored)), JSON.stringify(stored));
  }

  read(ref: RouteObjectRef): RouteObject | undefined {
    const stored = this.objects.get(this.#key(ref));
    return stored === undefined ? undefined : (JSON.parse(stored) as RouteObject);
  }

  async get(ref: RouteObjectRef): Promise<RouteObject | undefined> {
    return this.read(ref);
  }

  async create(object: RouteObject): Promise<void> {
    if (this.read(refOf(object)))
      throw new StaleRouteObjectError(`${object.kind} ${object.metadata.name} exists already`);
    this.writes++;
    this.put(object);
  }

  async update(object: RouteObject): Promise<void> {
    const current = this.read(refOf(object));
    if (!current) throw new StaleRouteObjectError(`${object.kind} ${object.metadata.name} is gone`);
    if (object.metadata.resourceVersion !== current.metadata.resourceVersion)
      throw new StaleRouteObjectError(`${object.kind} ${object.metadata.name} changed since it was read`);
    this.writes++;
    this.put(object);
  }

  async delete(ref: RouteObjectRef): Promise<void> {
    if (this.objects.delete(this.#key(ref))) this.writes++;
  }
}
