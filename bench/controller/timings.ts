// What the bench watches: pause conditions of the Rollouts, the canary weight in each VirtualService
// and failed measurements in AnalysisRuns, each stamped with the time the watch delivered it.
import type { KubeClient } from '../../src/runtime/kubernetes/client/client.ts';
import { TooManyRequestsError } from '../../src/runtime/kubernetes/client/errors.ts';
import type { KubeObject } from '../../src/runtime/kubernetes/client/objects.ts';
import { argoResources, istioResources, type ResourceType } from '../../src/runtime/kubernetes/client/resources.ts';
import type { Watch } from '../../src/runtime/kubernetes/client/watch.ts';
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
  readonly #watches: Watch[] = [];

  async start(client: KubeClient, namespace: string): Promise<void> {
    const istio = istioResources('v1beta1');
    await Promise.all([
      this.#watch(client, argoResources.rollouts, namespace, (object) => this.#onRollout(object)),
      this.#watch(client, istio.virtualServices, namespace, (object) => this.#onVirtualService(object)),
      this.#watch(client, argoResources.analysisRuns, namespace, (object) => this.#onAnalysisRun(object)),
    ]);
  }

  stop(): void {
    for (const watch of this.#watches) watch.stop();
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
      const zero = (this.weights.get(rollout) ?? []).find((change) => change.weight === 0 && change.at >= failedAt - 5000);
      if (zero) times.push(Math.max(0, zero.at - failedAt));
      else missing++;
    }
    return { times, missing };
  }

  async #watch(client: KubeClient, resource: ResourceType, namespace: string, onObject: (object: KubeObject) => void): Promise<void> {
    // A CRD installed a moment ago answers 429 ("storage is (re)initializing") for a little while.
    for (let attempt = 1; ; attempt++) {
      try {
        const watch = await client.watch<KubeObject>(resource, { namespace, timeoutSeconds: 3600 }, (event) => {
          if (event.type === 'ADDED' || event.type === 'MODIFIED') onObject(event.object);
        });
        this.#watches.push(watch);
        return;
      } catch (error) {
        if (!(error instanceof TooManyRequestsError) || attempt >= 60) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
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
    const spec = object['spec'] as { http?: Array<{ name?: string; route?: Array<{ destination: { host: string }; weight?: number }> }> };
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
    const status = object['status'] as { metricResults?: Array<{ measurements?: Array<{ phase?: string }> }> } | undefined;
    const failed = status?.metricResults?.some((metric) => metric.measurements?.some((measurement) => measurement.phase === 'Failed'));
    if (failed) this.failedAt.set(owner, Date.now());
  }
}

export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
