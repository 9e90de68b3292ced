// Which rollouts to look at again when another object changes: the owner of a ReplicaSet or
// AnalysisRun, the owner of a pod's ReplicaSet, and the rollouts naming a Service, a workload
// (workloadRef), a template, an Istio object or another traffic router's object (an HTTPRoute...). Names are looked up in an index of the rollouts
// cache (REFERENCES_INDEX), so an event costs the same with ten rollouts or ten thousand.
import { namedAnalyses, referencedServices } from '../../../api/rollout-references.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import type { RouteKind } from '../../../api/route-kinds.ts';
import { istioRefsOf, routeObjectRefsFor } from '../../../traffic/routers.ts';
import type { ObjectBase, Stored } from '../../../platform/kubernetes/client/objects.ts';
import type { IndexFunction } from '../../../platform/kubernetes/informers/object-store.ts';
import type { RolloutCaches } from './caches.ts';

export type WatchedKind =
  | 'ReplicaSet'
  | 'Pod'
  | 'Service'
  | 'Deployment'
  | 'AnalysisRun'
  | 'Experiment'
  | 'AnalysisTemplate'
  | 'ClusterAnalysisTemplate'
  | 'VirtualService'
  | 'DestinationRule'
  | RouteKind;

/** Index of rollouts by the objects they name, as "Kind/namespace/name" (cluster-scoped: "Kind//name"). */
export const REFERENCES_INDEX = 'references';

const reference = (kind: string, namespace: string, name: string): string => `${kind}/${namespace}/${name}`;

function templateReferences(rollout: Rollout, namespace: string): string[] {
  return namedAnalyses(rollout).flatMap(({ analysis }) =>
    (analysis?.templates ?? []).map((ref) =>
      ref.clusterScope
        ? reference('ClusterAnalysisTemplate', '', ref.templateName ?? '')
        : reference('AnalysisTemplate', namespace, ref.templateName ?? ''),
    ),
  );
}

/** The index function of REFERENCES_INDEX. */
export function rolloutReferences(rollout: Rollout): string[] {
  const namespace = rollout.metadata.namespace ?? '';
  const found = new Set<string>(templateReferences(rollout, namespace));
  for (const ref of referencedServices(rollout)) found.add(reference('Service', namespace, ref.name));
  const workload = rollout.spec.workloadRef;
  if (workload?.name)
    found.add(reference(workload.kind === 'ReplicaSet' ? 'ReplicaSet' : 'Deployment', namespace, workload.name));
  const istio = istioRefsOf(rollout);
  for (const vs of istio?.virtualServices ?? []) found.add(reference('VirtualService', vs.namespace, vs.name));
  if (istio?.destinationRule)
    found.add(reference('DestinationRule', istio.destinationRule.namespace, istio.destinationRule.name));
  for (const ref of routeObjectRefsFor(rollout)) found.add(reference(ref.kind, ref.namespace, ref.name));
  return [...found];
}

/** The indexes the rollouts informer must be created with. */
export function rolloutIndexes(): Record<string, IndexFunction<Stored<Rollout>>> {
  return { [REFERENCES_INDEX]: rolloutReferences };
}

function rolloutOwner(object: Stored<ObjectBase>): string | undefined {
  const owner = object.metadata.ownerReferences?.find((ref) => ref.controller === true && ref.kind === 'Rollout');
  return owner ? `${object.metadata.namespace}/${owner.name}` : undefined;
}

/** The keys of the rollouts naming the object: the cache's own strings, which the queue then holds. */
function naming(caches: RolloutCaches, kind: WatchedKind, namespace: string, name: string): string[] {
  return caches.rollouts.keysByIndex(REFERENCES_INDEX, reference(kind, namespace, name));
}

export function rolloutKeysFor(kind: WatchedKind, object: Stored<ObjectBase>, caches: RolloutCaches): string[] {
  const { namespace, name } = object.metadata;
  switch (kind) {
    case 'AnalysisRun':
    case 'Experiment': {
      const owner = rolloutOwner(object);
      return owner ? [owner] : [];
    }
    case 'ReplicaSet': {
      const owner = rolloutOwner(object);
      const keys = naming(caches, kind, namespace, name);
      return owner && !keys.includes(owner) ? [owner, ...keys] : keys;
    }
    case 'Pod': {
      const rsName = object.metadata.ownerReferences?.find(
        (ref) => ref.controller === true && ref.kind === 'ReplicaSet',
      )?.name;
      const rs = rsName ? caches.replicaSets.getByName(namespace, rsName) : undefined;
      const owner = rs ? rolloutOwner(rs) : undefined;
      return owner ? [owner] : [];
    }
    case 'Ingress': {
      // NGINX's canary Ingress names its Rollout as controller; the rollouts naming it come too.
      const owner = rolloutOwner(object);
      const keys = naming(caches, kind, namespace, name);
      return owner && !keys.includes(owner) ? [owner, ...keys] : keys;
    }
    case 'ClusterAnalysisTemplate':
      return naming(caches, kind, '', name);
    case 'Service':
    case 'Deployment':
    case 'AnalysisTemplate':
    case 'VirtualService':
    case 'DestinationRule':
      return naming(caches, kind, namespace, name);
    default:
      // A traffic router's provider object (HTTPRoute, Ingress, ...): the rollouts naming it.
      return naming(caches, kind, namespace, name);
  }
}
