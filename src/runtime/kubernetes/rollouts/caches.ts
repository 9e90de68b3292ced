// The informer caches the rollout controller reads from: one cache per kind, shared with the other
// controllers of the process. Pods are the only kind without a type in src/api: the few fields read
// here are typed below.
import type { AnalysisRun, AnalysisTemplate, ClusterAnalysisTemplate } from '../../../api/types/analysis.ts';
import type { Deployment, ReplicaSet, Service } from '../../../api/types/core.ts';
import type { Experiment } from '../../../api/types/experiment.ts';
import type { DestinationRule, VirtualService } from '../../../api/types/istio.ts';
import type { ObjectMeta } from '../../../api/types/meta.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import type { Stored } from '../../../platform/kubernetes/client/objects.ts';
import type { ReadableStore } from '../../../platform/kubernetes/informers/object-store.ts';

export interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
}

export interface KubePod {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: { nodeName?: string; [field: string]: unknown };
  status?: { phase?: string; conditions?: PodCondition[]; [field: string]: unknown };
  [field: string]: unknown;
}

export interface RolloutCaches {
  rollouts: ReadableStore<Stored<Rollout>>;
  replicaSets: ReadableStore<Stored<ReplicaSet>>;
  pods: ReadableStore<Stored<KubePod>>;
  services: ReadableStore<Stored<Service>>;
  deployments: ReadableStore<Stored<Deployment>>;
  analysisRuns: ReadableStore<Stored<AnalysisRun>>;
  experiments: ReadableStore<Stored<Experiment>>;
  analysisTemplates: ReadableStore<Stored<AnalysisTemplate>>;
  clusterAnalysisTemplates: ReadableStore<Stored<ClusterAnalysisTemplate>>;
  virtualServices: ReadableStore<Stored<VirtualService>>;
  destinationRules: ReadableStore<Stored<DestinationRule>>;
}

/** Index of pods (and ReplicaSets) by their `rollouts-pod-template-hash` label. */
export const HASH_INDEX = 'label:rollouts-pod-template-hash';

/** The uid of the object's controller (the ownerReference with controller: true). */
export function controllerUidOf(metadata: ObjectMeta): string | undefined {
  return metadata.ownerReferences?.find((owner) => owner.controller === true)?.uid;
}
