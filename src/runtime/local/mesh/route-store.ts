// The objects the mesh routes from: VirtualServices, DestinationRules, Services and Gateway API
// HTTPRoutes. The Istio
// router writes here (it is an IstioObjectStore), the orchestrator puts the manifests' objects, and
// the proxy reads a snapshot on every request. Each write makes a new version; the snapshot is
// rebuilt only when the version changed, so a request costs no copying.
import type { Service } from '../../../api/types/core.ts';
import type { DestinationRule, VirtualService } from '../../../api/types/istio.ts';
import type { GatewayRoute, MeshConfig, MeshService } from '../../../traffic/match.ts';
import type { IstioObjectStore } from '../../../traffic/routers.ts';

export interface RouteSnapshot {
  version: number;
  config: MeshConfig;
  /** Services by `namespace/name`. */
  services: ReadonlyMap<string, Service>;
}

type Kind = 'VirtualService' | 'DestinationRule' | 'Service' | 'HTTPRoute';

/** What the mesh routes from, as stored. */
export type MeshObject = VirtualService | DestinationRule | Service | (GatewayRoute & { kind: 'HTTPRoute' });

function keyOf(namespace: string | undefined, name: string | undefined): string {
  return `${namespace ?? 'default'}/${name ?? ''}`;
}

function creationOrder<T extends { metadata: { creationTimestamp?: string } }>(objects: T[]): T[] {
  // Istio gives a host to the oldest VirtualService; objects without a timestamp keep insertion order.
  return objects
    .map((o, i) => ({ o, i }))
    .sort((a, b) => {
      const ta = a.o.metadata.creationTimestamp ?? '';
      const tb = b.o.metadata.creationTimestamp ?? '';
      return ta === tb ? a.i - b.i : ta && tb ? (ta < tb ? -1 : 1) : ta ? -1 : 1;
    })
    .map(({ o }) => o);
}

export class MeshRouteStore implements IstioObjectStore {
  readonly #objects: Record<Kind, Map<string, string>> = {
    VirtualService: new Map(),
    DestinationRule: new Map(),
    Service: new Map(),
    HTTPRoute: new Map(),
  };
  readonly #listeners = new Set<() => void>();
  #version = 0;
  #snapshot: RouteSnapshot | undefined;

  get version(): number {
    return this.#version;
  }

  /** Called after every write. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #write(kind: Kind, object: MeshObject): void {
    // Stored serialised: a caller keeping the object cannot change what is served behind our back.
    this.#objects[kind].set(keyOf(object.metadata.namespace, object.metadata.name), JSON.stringify(object));
    this.#changed();
  }

  #changed(): void {
    this.#version++;
    for (const listener of [...this.#listeners]) listener();
  }

  #read<T>(kind: Kind, namespace: string, name: string): T | undefined {
    const stored = this.#objects[kind].get(keyOf(namespace, name));
    return stored === undefined ? undefined : (JSON.parse(stored) as T);
  }

  async getVirtualService(namespace: string, name: string): Promise<VirtualService | undefined> {
    return this.#read<VirtualService>('VirtualService', namespace, name);
  }

  async getDestinationRule(namespace: string, name: string): Promise<DestinationRule | undefined> {
    return this.#read<DestinationRule>('DestinationRule', namespace, name);
  }

  async putVirtualService(virtualService: VirtualService): Promise<void> {
    this.#write('VirtualService', virtualService);
  }

  async putDestinationRule(destinationRule: DestinationRule): Promise<void> {
    this.#write('DestinationRule', destinationRule);
  }

  putService(service: Service): void {
    this.#write('Service', service);
  }

  getService(namespace: string, name: string): Service | undefined {
    return this.#read<Service>('Service', namespace, name);
  }

  /** Removes an object; true when it was there. */
  delete(kind: Kind, namespace: string, name: string): boolean {
    const removed = this.#objects[kind].delete(keyOf(namespace, name));
    if (removed) this.#changed();
    return removed;
  }

  /** Puts any of the four kinds; other kinds are refused (the caller routes them elsewhere). */
  put(object: MeshObject): void {
    this.#write(object.kind, object);
  }

  snapshot(): RouteSnapshot {
    if (this.#snapshot?.version === this.#version) return this.#snapshot;
    const parse = <T>(kind: Kind): T[] => [...this.#objects[kind].values()].map((s) => JSON.parse(s) as T);
    const services = parse<Service>('Service');
    const meshServices: MeshService[] = services.map((s) => ({
      name: s.metadata.name ?? '',
      namespace: s.metadata.namespace ?? 'default',
      selector: { ...(s.spec.selector ?? {}) },
    }));
    this.#snapshot = {
      version: this.#version,
      config: {
        virtualServices: creationOrder(parse<VirtualService>('VirtualService')),
        destinationRules: creationOrder(parse<DestinationRule>('DestinationRule')),
        services: meshServices,
        httpRoutes: parse<GatewayRoute>('HTTPRoute'),
      },
      services: new Map(services.map((s) => [keyOf(s.metadata.namespace, s.metadata.name), s])),
    };
    return this.#snapshot;
  }
}
