// What the API shows of a plain Deployment, as of a rollout: the Deployment (with the status the
// local controller wrote), the ReplicaSets it owns and their pods, shaped as the Kubernetes API
// returns them.
import type { Deployment, ReplicaSet } from '../../../api/types/core.ts';
import type { Pod } from '../../../view/inputs.ts';
import type { PodStatus } from '../pods/pod-status.ts';
import type { ObjectStore } from '../store/object-store.ts';
import { HttpError } from './http-error.ts';
import { imagesOf, podObject } from './rollout-details.ts';

export interface DeploymentDetail {
  deployment: Deployment;
  replicaSets: ReplicaSet[];
  pods: Pod[];
}

/** What the local Deployment controller tells of a Deployment's ReplicaSets and pods. */
export interface DeploymentSource {
  replicaSets(namespace: string, name: string): ReplicaSet[];
  podsByReplicaSet(namespace: string, name: string): Map<string, PodStatus[]>;
  /** Hears `namespace/name` whenever a pod of that Deployment changes (the watch stream). */
  onPodChange?(listener: (key: string) => void): () => void;
}

export function deploymentAt(store: ObjectStore, namespace: string, name: string): Deployment {
  const deployment = store.get('Deployment', namespace, name);
  if (!deployment) throw new HttpError(404, `deployment ${namespace}/${name} not found`);
  return deployment;
}

/** Every Deployment's detail, ordered by namespace and name (the watch stream's first events). */
export function allDeploymentDetails(store: ObjectStore, source: DeploymentSource | undefined): DeploymentDetail[] {
  return store
    .list('Deployment')
    .map((d) => deploymentDetail(store, source, d.metadata.namespace ?? 'default', d.metadata.name ?? ''));
}

export function deploymentDetail(
  store: ObjectStore,
  source: DeploymentSource | undefined,
  namespace: string,
  name: string,
): DeploymentDetail {
  const deployment = deploymentAt(store, namespace, name);
  const replicaSets = source?.replicaSets(namespace, name) ?? [];
  const templates = new Map(replicaSets.map((rs) => [rs.metadata.name ?? '', rs.spec.template]));
  const pods: Pod[] = [];
  for (const [replicaSet, statuses] of source?.podsByReplicaSet(namespace, name) ?? [])
    for (const status of statuses) pods.push(podObject(status, replicaSet, imagesOf(templates.get(replicaSet))));
  return { deployment, replicaSets, pods };
}
