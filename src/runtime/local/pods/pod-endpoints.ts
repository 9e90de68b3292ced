// The local runtime's endpoint feed: which pods exist, with their labels, address and ports, and
// whether they are ready or terminating. Service listeners subscribe to select pods by label and
// route only to ready, non-terminating ones; they also report in-flight requests so a stopping
// pod is signalled as soon as nothing is in flight to it any more.
import { setTimeout as delay } from 'node:timers/promises';
import type { EndpointEvent, EndpointEventKind, PodEndpoint } from '../services/endpoint-source.ts';

/** Something that routes requests to pods (a Service listener) and knows what is in flight. */
export interface DrainTracker {
  /** Resolves once no request to this pod is in flight (at once when none is). */
  whenIdle(namespace: string, pod: string, signal: AbortSignal): Promise<void>;
}

export class PodEndpoints {
  readonly #endpoints = new Map<string, PodEndpoint>();
  readonly #listeners = new Set<(event: EndpointEvent) => void>();
  readonly #trackers = new Set<DrainTracker>();

  /** Listeners are called synchronously, so a pod that stops being ready gets no new request after the call. */
  subscribe(listener: (event: EndpointEvent) => void, options: { replay?: boolean } = {}): () => void {
    this.#listeners.add(listener);
    if (options.replay) for (const endpoint of this.#endpoints.values()) listener({ kind: 'added', endpoint });
    return () => this.#listeners.delete(listener);
  }

  list(): PodEndpoint[] {
    return [...this.#endpoints.values()];
  }

  addDrainTracker(tracker: DrainTracker): () => void {
    this.#trackers.add(tracker);
    return () => this.#trackers.delete(tracker);
  }

  /** Called by pods. */
  publish(kind: EndpointEventKind, endpoint: PodEndpoint): void {
    const key = keyOf(endpoint.namespace, endpoint.pod);
    if (kind === 'removed') this.#endpoints.delete(key);
    else this.#endpoints.set(key, endpoint);
    for (const listener of [...this.#listeners]) {
      try {
        listener({ kind, endpoint });
      } catch {
        // A faulty subscriber must not stop the others from hearing about the change.
      }
    }
  }

  /**
   * Waits until every tracker reports no request in flight to the pod, at most `timeoutMs`. With
   * no tracker registered there is nothing to ask, so it waits the whole period.
   */
  async drain(namespace: string, pod: string, timeoutMs: number): Promise<void> {
    const controller = new AbortController();
    const timeout = delay(timeoutMs, undefined, { signal: controller.signal }).catch(() => undefined);
    const trackers = [...this.#trackers];
    const idle =
      trackers.length === 0
        ? new Promise<void>(() => {})
        : Promise.all(trackers.map((t) => t.whenIdle(namespace, pod, controller.signal).catch(() => undefined)));
    await Promise.race([timeout, idle]);
    controller.abort();
  }
}

function keyOf(namespace: string, pod: string): string {
  return `${namespace}/${pod}`;
}
