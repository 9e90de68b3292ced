// The endpoints the listeners route to, kept from an EndpointSource: which pods are routable (ready
// and not terminating), which of them a label selector picks (cached until the next change), the
// round-robin turn per selector, and the requests in flight to each pod, so that a stopping pod can
// wait until it is drained.
import type { EndpointEvent, EndpointSource, PodEndpoint } from './endpoint-source.ts';

export interface TrackedEndpoint {
  readonly key: string;
  endpoint: PodEndpoint;
  routable: boolean;
}

interface Selection {
  version: number;
  endpoints: TrackedEndpoint[];
  turn: number;
}

function keyOf(namespace: string, pod: string): string {
  return `${namespace}/${pod}`;
}

export function selectorKey(namespace: string, selector: Record<string, string>): string {
  const keys = Object.keys(selector).sort();
  return `${namespace}|${keys.map((k) => `${k}=${selector[k]}`).join(',')}`;
}

export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  for (const key in selector) if (labels[key] !== selector[key]) return false;
  return true;
}

export class EndpointTable {
  readonly #endpoints = new Map<string, TrackedEndpoint>();
  readonly #inFlight = new Map<string, number>();
  readonly #idleWaiters = new Map<string, Set<() => void>>();
  readonly #selections = new Map<string, Selection>();
  readonly #changeListeners = new Set<() => void>();
  readonly #unsubscribe: () => void;
  #version = 0;

  constructor(source: EndpointSource) {
    this.#unsubscribe = source.subscribe((event) => this.#apply(event), { replay: true });
  }

  close(): void {
    this.#unsubscribe();
  }

  get version(): number {
    return this.#version;
  }

  /** Called after every change of the endpoints (for scrape targets and the like). */
  onChange(listener: () => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  all(): TrackedEndpoint[] {
    return [...this.#endpoints.values()];
  }

  #apply(event: EndpointEvent): void {
    const { endpoint } = event;
    const key = keyOf(endpoint.namespace, endpoint.pod);
    if (event.kind === 'removed') {
      this.#endpoints.delete(key);
    } else {
      const terminating = endpoint.terminating || event.kind === 'terminating';
      const ready = event.kind === 'ready' ? true : event.kind === 'notReady' ? false : endpoint.ready;
      const routable = ready && !terminating;
      const tracked = this.#endpoints.get(key);
      if (tracked) {
        tracked.endpoint = endpoint;
        tracked.routable = routable;
      } else {
        this.#endpoints.set(key, { key, endpoint, routable });
      }
    }
    this.#version++;
    for (const listener of [...this.#changeListeners]) listener();
  }

  /** Routable endpoints in `namespace` whose labels carry every pair of `selector`; an empty selector selects none, as a selectorless Service. */
  select(namespace: string, selector: Record<string, string>): TrackedEndpoint[] {
    return this.#selection(namespace, selector).endpoints;
  }

  #selection(namespace: string, selector: Record<string, string>): Selection {
    const key = selectorKey(namespace, selector);
    let selection = this.#selections.get(key);
    if (selection && selection.version === this.#version) return selection;
    const endpoints =
      Object.keys(selector).length === 0
        ? []
        : [...this.#endpoints.values()]
            .filter((t) => t.routable && t.endpoint.namespace === namespace && selects(selector, t.endpoint.labels))
            .sort((a, b) => (a.key < b.key ? -1 : 1));
    selection = { version: this.#version, endpoints, turn: selection?.turn ?? 0 };
    this.#selections.set(key, selection);
    return selection;
  }

  /**
   * The next endpoint in round-robin order that `usable` accepts (all, when not given) and that is
   * not in `tried`; undefined when every such endpoint was tried.
   */
  pick(
    namespace: string,
    selector: Record<string, string>,
    tried?: ReadonlySet<TrackedEndpoint>,
    usable?: (tracked: TrackedEndpoint) => boolean,
  ): TrackedEndpoint | undefined {
    const selection = this.#selection(namespace, selector);
    const { endpoints } = selection;
    for (let i = 0; i < endpoints.length; i++) {
      const candidate = endpoints[selection.turn++ % endpoints.length];
      if (selection.turn >= 1_000_000_000) selection.turn = 0;
      if (!candidate || (usable && !usable(candidate))) continue;
      if (!tried?.has(candidate)) return candidate;
    }
    return undefined;
  }

  /** Whether the endpoint may still take new requests (it may have left since it was picked). */
  isRoutable(tracked: TrackedEndpoint): boolean {
    return tracked.routable && this.#endpoints.get(tracked.key) === tracked;
  }

  started(tracked: TrackedEndpoint): void {
    this.#inFlight.set(tracked.key, (this.#inFlight.get(tracked.key) ?? 0) + 1);
  }

  finished(tracked: TrackedEndpoint): void {
    const left = (this.#inFlight.get(tracked.key) ?? 1) - 1;
    if (left > 0) {
      this.#inFlight.set(tracked.key, left);
      return;
    }
    this.#inFlight.delete(tracked.key);
    const waiters = this.#idleWaiters.get(tracked.key);
    if (!waiters) return;
    this.#idleWaiters.delete(tracked.key);
    for (const wake of waiters) wake();
  }

  inFlight(namespace: string, pod: string): number {
    return this.#inFlight.get(keyOf(namespace, pod)) ?? 0;
  }

  /** Whether nothing is in flight to the pod: a stopping pod may be stopped once this holds. */
  drained(namespace: string, pod: string): boolean {
    return this.inFlight(namespace, pod) === 0;
  }

  /** Resolves once no request to the pod is in flight (at once when none is); rejects when `signal` aborts first. */
  whenIdle(namespace: string, pod: string, signal?: AbortSignal): Promise<void> {
    const key = keyOf(namespace, pod);
    if (!this.#inFlight.has(key)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const waiters = this.#idleWaiters.get(key) ?? new Set<() => void>();
      this.#idleWaiters.set(key, waiters);
      const onAbort = () => {
        waiters.delete(wake);
        reject(signal?.reason);
      };
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      waiters.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
