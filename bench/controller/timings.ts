// What the bench watches: pause conditions of the Rollouts, the canary weight in each VirtualService
// and failed measurements in AnalysisRuns, each stamped with the time its informer delivered it.
import type { KubeClient } from '../../src/platform/kubernetes/client/client.ts';
import type { KubeObject } from '../../src/platform/kubernetes/client/objects.ts';
import type { ResourceType } from '../../src/platform/kubernetes/client/resources.ts';
import { argoResources, istioResources } from '../../src/runtime/kubernetes/resources.ts';
import { SharedInformerFactory } from '../../src/platform/kubernetes/informers/informer-factory.ts';
import type { ReadableStore } from '../../src/platform/kubernetes/informers/object-store.ts';
import { PAUSE_SECONDS, ROUTE } from './fixtures.ts';

interface WeightChange {
  at: number;
  weight: number;
}

export class Timings {
  /** rollout -> pause ends (epoch ms: startTime + duration), one per pause condition seen. */
  readonly pauseEnds = new Map<string, Set<number>>();
  /** rollout -> canary weight changes in its VirtualService, in the order observed. */
  readonly weights = new Map<string, WeightChange[]>();
  /** rollout -> when a failed measurement was first seen in one of its AnalysisRuns. */
  readonly failedAt = new Map<string, number>();
  #informers: SharedInformerFactory | undefined;
  #rollouts: ReadableStore<KubeObject> | undefined;

  /** Informers, not bare watches: a watch the API server closes (a slow reader under load) is watched again from where it was. */
  async start(client: KubeClient, namespace: string): Promise<void> {
    const istio = istioResources('v1beta1');
    const informers = new SharedInformerFactory(client, { namespace });
    this.#informers = informers;
    const follow = (resource: ResourceType, onObject: (object: KubeObject) => void): ReadableStore<KubeObject> => {
      const informer = informers.informerFor<KubeObject>(resource);
      informer.addEventHandler({ onAdd: onObject, onUpdate: (_previous, object) => onObject(object) });
      return informer.store;
    };
    this.#rollouts = follow(argoResources.rollouts, (object) => this.#onRollout(object));
    follow(istio.virtualServices, (object) => this.#onVirtualService(object));
    follow(argoResources.analysisRuns, (object) => this.#onAnalysisRun(object));
    informers.start();
    await informers.waitForCacheSync();
  }

  async stop(): Promise<void> {
    await this.#informers?.stop();
  }

  /** Rollouts Healthy at their current generation with `image`, from the bench's cache. */
  countHealthy(image: string): number {
    return (this.#rollouts?.list() ?? []).filter((item) => {
      const status = item['status'] as { phase?: string; observedGeneration?: string } | undefined;
      const spec = item['spec'] as { template?: { spec?: { containers?: Array<{ image?: string }> } } };
      return (
        status?.phase === 'Healthy' &&
        status.observedGeneration === String(item.metadata.generation) &&
        spec.template?.spec?.containers?.[0]?.image === image
      );
    }).length;
  }

  canaryWeight(rollout: string): number | undefined {
    return this.weights.get(rollout)?.at(-1)?.weight;
  }

  /** Milliseconds from each pause's end to the first weight change observed after it. */
  stepLatencies(): number[] {
    const latencies: number[] = [];
    for (const [rollout, ends] of this.pauseEnds) {
      const changes = this.weights.get(rollout) ?? [];
      for (const end of ends) {
        const after = changes.find((change) => change.at >= end);
        if (after) latencies.push(Math.max(0, after.at - end));
      }
    }
    return latencies;
  }

  /** Milliseconds from the failed measurement to the canary's weight 0, per rollout of `rollouts` that failed. */
  reactionTimes(rollouts: string[]): { times: number[]; missing: number } {
    const times: number[] = [];
    let missing = 0;
    for (const rollout of rollouts) {
      const failedAt = this.failedAt.get(rollout);
      if (failedAt === undefined) continue;
      const zero = (this.weights.get(rollout) ?? []).find(
        (change) => change.weight === 0 && change.at >= failedAt - 5000,
      );
      if (zero) times.push(Math.max(0, zero.at - failedAt));
      else missing++;
    }
    return { times, missing };
  }

  /** Milliseconds from `since` (when the bench turned the analyses bad) to each canary's weight 0 after it. */
  timesToZero(rollouts: string[], since: number): number[] {
    return rollouts.flatMap((rollout) => {
      const zero = (this.weights.get(rollout) ?? []).find((change) => change.weight === 0 && change.at >= since);
      return zero ? [zero.at - since] : [];
    });
  }

  #onRollout(object: KubeObject): void {
    const status = object['status'] as { pauseConditions?: Array<{ reason?: string; startTime?: string }> } | undefined;
    for (const condition of status?.pauseConditions ?? []) {
      if (condition.reason !== 'CanaryPauseStep' || !condition.startTime) continue;
      const ends = this.pauseEnds.get(object.metadata.name ?? '') ?? new Set<number>();
      ends.add(Date.parse(condition.startTime) + PAUSE_SECONDS * 1000);
      this.pauseEnds.set(object.metadata.name ?? '', ends);
    }
  }

  #onVirtualService(object: KubeObject): void {
    const rollout = (object.metadata.name ?? '').replace(/-vs$/, '');
    const spec = object['spec'] as {
      http?: Array<{ name?: string; route?: Array<{ destination: { host: string }; weight?: number }> }>;
    };
    const route = spec.http?.find((entry) => entry.name === ROUTE);
    const canary = route?.route?.find((entry) => entry.destination.host === `${rollout}-canary`);
    const weight = canary?.weight ?? 0;
    const changes = this.weights.get(rollout) ?? [];
    if (changes.at(-1)?.weight !== weight) changes.push({ at: Date.now(), weight });
    this.weights.set(rollout, changes);
  }

  #onAnalysisRun(object: KubeObject): void {
    const owner = object.metadata.ownerReferences?.find((reference) => reference.kind === 'Rollout')?.name;
    if (!owner || this.failedAt.has(owner)) return;
    const status = object['status'] as
      | { metricResults?: Array<{ measurements?: Array<{ phase?: string }> }> }
      | undefined;
    const failed = status?.metricResults?.some((metric) =>
      metric.measurements?.some((measurement) => measurement.phase === 'Failed'),
    );
    if (failed) this.failedAt.set(owner, Date.now());
  }
}

export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
