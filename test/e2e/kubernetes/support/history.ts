// What the scenarios watch the whole time, through informers of their own (every change, not a
// sample): the weights of a VirtualService route, and every ReplicaSet and AnalysisRun ever made.
import type { VirtualService } from '../../../../src/api/types/istio.ts';
import type { KubeClient } from '../../../../src/platform/kubernetes/client/client.ts';
import type { KubeObject } from '../../../../src/platform/kubernetes/client/objects.ts';
import { coreResources } from '../../../../src/platform/kubernetes/client/resources.ts';
import { argoResources, istioResources } from '../../../../src/runtime/kubernetes/resources.ts';
import { SharedInformerFactory } from '../../../../src/platform/kubernetes/informers/informer-factory.ts';
import { httpRoute, weightsOf } from './istio.ts';

export interface WeightChange {
  at: number;
  weights: string;
}

export interface History {
  /** Every distinct value of the route's weights, in order (`host=weight host=weight`). */
  readonly weights: readonly WeightChange[];
  /** The weights changes seen since `at`. */
  weightsSince(at: number): WeightChange[];
  /** Names of every ReplicaSet seen, by `rollouts-pod-template-hash`. */
  replicaSetNamesByHash(): Record<string, string[]>;
  /** The name of every AnalysisRun seen (a name twice: made, deleted and made again). */
  analysisRunNames(): string[];
  stop(): Promise<void>;
}

export async function followHistory(
  client: KubeClient,
  namespace: string,
  vs: { name: string; route: string },
): Promise<History> {
  const informers = new SharedInformerFactory(client, { namespace });
  const weights: WeightChange[] = [];
  const replicaSets = new Map<string, KubeObject>();
  const runs = new Map<string, KubeObject>();
  const onVs = (object: VirtualService): void => {
    if (object.metadata.name !== vs.name) return;
    const value = weightsOf(httpRoute(object, vs.route)).join(' ');
    if (weights.at(-1)?.weights !== value) weights.push({ at: Date.now(), weights: value });
  };
  const vsInformer = informers.informerFor(istioResources('v1beta1').virtualServices);
  vsInformer.addEventHandler({ onAdd: onVs, onUpdate: (_previous, object) => onVs(object) });
  const remember =
    (into: Map<string, KubeObject>) =>
    (object: KubeObject): void => {
      into.set(object.metadata.uid ?? '', object);
    };
  informers
    .informerFor<KubeObject>(coreResources.replicaSets)
    .addEventHandler({ onAdd: remember(replicaSets), onUpdate: (_previous, object) => remember(replicaSets)(object) });
  informers
    .informerFor<KubeObject>(argoResources.analysisRuns)
    .addEventHandler({ onAdd: remember(runs), onUpdate: (_previous, object) => remember(runs)(object) });
  informers.start();
  await informers.waitForCacheSync();
  return {
    weights,
    weightsSince: (at) => weights.filter((change) => change.at >= at),
    replicaSetNamesByHash: () => {
      const byHash: Record<string, string[]> = {};
      for (const rs of replicaSets.values()) {
        const hash = rs.metadata.labels?.['rollouts-pod-template-hash'] ?? '';
        (byHash[hash] ??= []).push(rs.metadata.name ?? '');
      }
      return byHash;
    },
    analysisRunNames: () => [...runs.values()].map((run) => run.metadata.name ?? '').sort(),
    stop: () => informers.stop(),
  };
}

/** The canary's weight in a `stable=N canary=M` string. */
export function canaryWeight(weights: string): number {
  return Number(weights.split(' ')[1]?.split('=')[1] ?? Number.NaN);
}
