// The kinds the controller reads and writes, as typed client resources: a read of
// argoResources.rollouts is a Stored<Rollout>. Where each kind lives comes from the table of
// src/api/kinds.ts; the platform's coreResources are the same built-in kinds without object types.
import { type ISTIO_VERSIONS, KIND_TABLE, type KindInfo } from '../../api/kinds.ts';
import type { AnalysisRun, AnalysisTemplate, ClusterAnalysisTemplate } from '../../api/types/analysis.ts';
import type { Deployment, ReplicaSet, Service } from '../../api/types/core.ts';
import type { Experiment } from '../../api/types/experiment.ts';
import type { DestinationRule, VirtualService } from '../../api/types/istio.ts';
import type { Rollout } from '../../api/types/rollout.ts';
import type { ObjectBase } from '../../platform/kubernetes/client/objects.ts';
import { builtin, coreResources, custom, type Resource } from '../../platform/kubernetes/client/resources.ts';
import type { JobObject } from './analysis/job-naming.ts';
import type { KubePod } from './rollouts/caches.ts';

export type IstioVersion = (typeof ISTIO_VERSIONS)[number];

/** The client resource of a kind of the table, at `version` (default: the one sluice writes). */
export function resourceOf<T extends ObjectBase>(info: KindInfo, version = info.versions[0]!): Resource<T> {
  const make = info.builtin ? builtin<T> : custom<T>;
  return make(info.kind, info.group, version, info.plural, info.namespaced);
}

export const argoResources = {
  rollouts: resourceOf<Rollout>(KIND_TABLE.Rollout),
  analysisTemplates: resourceOf<AnalysisTemplate>(KIND_TABLE.AnalysisTemplate),
  clusterAnalysisTemplates: resourceOf<ClusterAnalysisTemplate>(KIND_TABLE.ClusterAnalysisTemplate),
  analysisRuns: resourceOf<AnalysisRun>(KIND_TABLE.AnalysisRun),
  experiments: resourceOf<Experiment>(KIND_TABLE.Experiment),
} as const;

/** The built-in kinds a rollout is made of, with the types the controller reads them as. */
export const workloadResources = {
  replicaSets: resourceOf<ReplicaSet>(KIND_TABLE.ReplicaSet),
  pods: resourceOf<KubePod>(KIND_TABLE.Pod),
  services: resourceOf<Service>(KIND_TABLE.Service),
  deployments: resourceOf<Deployment>(KIND_TABLE.Deployment),
  jobs: resourceOf<JobObject>(KIND_TABLE.Job),
} as const;

export function istioResources(version: IstioVersion = 'v1beta1') {
  return {
    virtualServices: resourceOf<VirtualService>(KIND_TABLE.VirtualService, version),
    destinationRules: resourceOf<DestinationRule>(KIND_TABLE.DestinationRule, version),
  } as const;
}

/** Every kind sluice uses, with Istio at the given version. */
export function resourceTable(options: { istioVersion?: IstioVersion } = {}) {
  return { ...coreResources, ...workloadResources, ...argoResources, ...istioResources(options.istioVersion) };
}

export type ResourceTable = ReturnType<typeof resourceTable>;
