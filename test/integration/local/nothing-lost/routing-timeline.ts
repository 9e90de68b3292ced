// The routing in force at every moment of a test, recorded from the runtime's store: each time a
// VirtualService or Service changes, the share of requests that should reach each pod-template
// hash (VirtualService weight of each destination x the hash its Service selects). The mesh reads
// the same store synchronously, so a change seen here is what the gateway routes by from then on.
import type { Service } from '../../../../src/api/types/core.ts';
import type { VirtualService } from '../../../../src/api/types/istio.ts';
import type { ObjectStore } from '../../../../src/runtime/local/store/object-store.ts';

export interface RoutingPeriod {
  from: number;
  to: number;
  /** Expected share per pod-template hash; undefined when a destination's Service selects no single hash. */
  expected?: Record<string, number>;
  /** `web-stable 80 -> 1a2b3, web-canary 20 -> 4c5d6` */
  description: string;
}

const HASH = 'rollouts-pod-template-hash';

export class RoutingTimeline {
  readonly #store: ObjectStore;
  readonly #namespace: string;
  readonly #virtualService: string;
  readonly #changes: Array<{ at: number; expected?: Record<string, number>; description: string }> = [];
  readonly #stop: () => void;

  constructor(store: ObjectStore, namespace: string, virtualService: string) {
    this.#store = store;
    this.#namespace = namespace;
    this.#virtualService = virtualService;
    this.#record();
    this.#stop = store.subscribe((change) => {
      if (change.ref.kind === 'VirtualService' || change.ref.kind === 'Service') this.#record();
    });
  }

  /** The periods between changes, up to `until`. */
  periods(until: number): RoutingPeriod[] {
    this.#stop();
    return this.#changes.map((change, index) => ({
      from: change.at,
      to: this.#changes[index + 1]?.at ?? until,
      description: change.description,
      ...(change.expected ? { expected: change.expected } : {}),
    }));
  }

  #record(): void {
    const vs = this.#store.get('VirtualService', this.#namespace, this.#virtualService) as VirtualService | undefined;
    const route = vs?.spec.http?.[0]?.route ?? [];
    const expected: Record<string, number> = {};
    let known = true;
    const parts: string[] = [];
    for (const destination of route) {
      const weight = destination.weight ?? 0;
      const service = this.#store.get('Service', this.#namespace, destination.destination.host) as Service | undefined;
      const hash = service?.spec.selector?.[HASH];
      parts.push(`${destination.destination.host} ${weight} -> ${hash ?? '(any)'}`);
      if (weight === 0) continue;
      if (hash === undefined) known = false;
      else expected[hash] = (expected[hash] ?? 0) + weight / 100;
    }
    const description = parts.join(', ');
    if (this.#changes.at(-1)?.description === description) return;
    this.#changes.push({ at: Date.now(), description, ...(known ? { expected } : {}) });
  }
}
