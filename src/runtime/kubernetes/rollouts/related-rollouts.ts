// Which rollouts to look at again when another object changes: the owner of a ReplicaSet or
// AnalysisRun, the owner of a pod's ReplicaSet, the rollouts naming a Service, a Deployment
// (workloadRef), a template or an Istio object.
import type { Rollout } from '../../../api/types/rollout.ts';
import { istioRefsOf } from '../../../traffic/routers/istio/references.ts';
import type { KubeObject } from '../client/objects.ts';
import { namespaceIndex, objectKey } from '../informers/object-store.ts';
import type { RolloutCaches } from './caches.ts';
import { referencedServices } from './observe.ts';

export type WatchedKind =
  | 'ReplicaSet'
  | 'Pod'
  | 'Service'
  | 'Deployment'
  | 'AnalysisRun'
  | 'AnalysisTemplate'
  | 'ClusterAnalysisTemplate'
  | 'VirtualService'
  | 'DestinationRule';

function rolloutOwner(object: KubeObject): string | undefined {
  const owner = object.metadata.ownerReferences?.find((ref) => ref.controller === true && ref.kind === 'Rollout');
  return owner ? `${object.metadata.namespace ?? ''}/${owner.name}` : undefined;
}

function keys(rollouts: Rollout[]): string[] {
  return rollouts.map((rollout) => objectKey(rollout as unknown as KubeObject));
}

function rolloutsIn(caches: RolloutCaches, namespace: string): Rollout[] {
  return caches.rollouts.byIndex(namespaceIndex, namespace);
}

function namesTemplate(rollout: Rollout, name: string, clusterScope: boolean): boolean {
  const { canary, blueGreen } = rollout.spec.strategy ?? {};
  const analyses = [canary?.analysis, blueGreen?.prePromotionAnalysis, blueGreen?.postPromotionAnalysis, ...(canary?.steps ?? []).map((step) => step.analysis)];
  return analyses.some((analysis) => analysis?.templates?.some((ref) => ref.templateName === name && (ref.clusterScope ?? false) === clusterScope));
}

export function rolloutKeysFor(kind: WatchedKind, object: KubeObject, caches: RolloutCaches): string[] {
  const namespace = object.metadata.namespace ?? '';
  const name = object.metadata.name ?? '';
  switch (kind) {
    case 'ReplicaSet':
    case 'AnalysisRun': {
      const owner = rolloutOwner(object);
      return owner ? [owner] : [];
    }
    case 'Pod': {
      const rsName = object.metadata.ownerReferences?.find((ref) => ref.controller === true && ref.kind === 'ReplicaSet')?.name;
      const rs = rsName ? caches.replicaSets.getByName(namespace, rsName) : undefined;
      const owner = rs ? rolloutOwner(rs as unknown as KubeObject) : undefined;
      return owner ? [owner] : [];
    }
    case 'Service':
      return keys(rolloutsIn(caches, namespace).filter((rollout) => referencedServices(rollout).some((ref) => ref.name === name)));
    case 'Deployment':
      return keys(rolloutsIn(caches, namespace).filter((rollout) => rollout.spec.workloadRef?.name === name));
    case 'AnalysisTemplate':
      return keys(rolloutsIn(caches, namespace).filter((rollout) => namesTemplate(rollout, name, false)));
    case 'ClusterAnalysisTemplate':
      return keys(caches.rollouts.list().filter((rollout) => namesTemplate(rollout, name, true)));
    case 'VirtualService':
    case 'DestinationRule':
      return keys(
        caches.rollouts.list().filter((rollout) => {
          const refs = istioRefsOf(rollout);
          if (!refs) return false;
          if (kind === 'DestinationRule') return refs.destinationRule?.namespace === namespace && refs.destinationRule.name === name;
          return refs.virtualServices.some((vs) => vs.namespace === namespace && vs.name === name);
        }),
      );
  }
}
