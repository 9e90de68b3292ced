// Where the Service listeners and the mesh learn which pods exist: a feed of endpoint changes
// (added, ready, not ready, terminating, labels changed, removed). The local runtime's pod registry
// provides it (these are its event types); tests use an in-memory one.

export interface EndpointPort {
  /** The container that declares the port (the pod registry says; an in-memory source may not). */
  container?: string;
  /** The port the manifest declares (containerPort); undefined when the container declares none. */
  containerPort?: number;
  /** The declared port's name, used by a Service's named targetPort. */
  name?: string;
  protocol: string;
  /** Where the process really listens, on `ip`. */
  port: number;
}

export interface PodEndpoint {
  pod: string;
  namespace: string;
  labels: Record<string, string>;
  ip: string;
  ports: EndpointPort[];
  ready: boolean;
  terminating: boolean;
}

export type EndpointEventKind = 'added' | 'ready' | 'notReady' | 'terminating' | 'labelsChanged' | 'removed';

export interface EndpointEvent {
  kind: EndpointEventKind;
  endpoint: PodEndpoint;
}

export interface EndpointSource {
  /**
   * Calls `listener` on every change, synchronously, so that a pod that stops being ready gets no
   * new request once the call returns. With `replay`, the endpoints known now are sent first as
   * `added` events. Returns the unsubscribe function.
   */
  subscribe(listener: (event: EndpointEvent) => void, options?: { replay?: boolean }): () => void;
}

/** An EndpointSource fed by hand: for tests, and for callers that already hold the pods. */
export class ManualEndpointSource implements EndpointSource {
  readonly #endpoints = new Map<string, PodEndpoint>();
  readonly #listeners = new Set<(event: EndpointEvent) => void>();

  subscribe(listener: (event: EndpointEvent) => void, options: { replay?: boolean } = {}): () => void {
    this.#listeners.add(listener);
    if (options.replay) for (const endpoint of this.#endpoints.values()) listener({ kind: 'added', endpoint });
    return () => this.#listeners.delete(listener);
  }

  publish(kind: EndpointEventKind, endpoint: PodEndpoint): void {
    const key = `${endpoint.namespace}/${endpoint.pod}`;
    if (kind === 'removed') this.#endpoints.delete(key);
    else
      this.#endpoints.set(key, {
        ...endpoint,
        labels: { ...endpoint.labels },
        ports: endpoint.ports.map((p) => ({ ...p })),
      });
    for (const listener of [...this.#listeners]) listener({ kind, endpoint });
  }
}
