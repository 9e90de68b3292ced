// The labels of Istio's standard request metrics, as the local mesh fills them. Istio reads the
// workload and canonical names from the pod's owner and labels; here the pod's labels and name are
// all there is, so:
// - destination_workload: the pod's ReplicaSet name when the pod carries
//   `rollouts-pod-template-hash` and is named `<replicaset>-<suffix>` with the ReplicaSet named
//   `<rollout>-<hash>` (Istio reports a Rollout's ReplicaSet by its own name, since only a
//   Deployment's `pod-template-hash` is stripped); else the `app` label; else the pod name.
// - destination_app / destination_version: the `app` / `version` labels ("unknown" when absent).
// - destination_canonical_service / _revision: Istio's label precedence
//   (`service.istio.io/canonical-name`, `app.kubernetes.io/name`, `app`; `.../canonical-revision`,
//   `app.kubernetes.io/version`, `version`, else "latest").
import type { PodEndpoint } from '../services/endpoint-source.ts';

export const POD_TEMPLATE_HASH_LABEL = 'rollouts-pod-template-hash';
export const UNKNOWN = 'unknown';

/** Label names in the order they are written, as Istio's metrics carry them. */
export const ISTIO_LABEL_NAMES = [
  'reporter',
  'source_workload',
  'source_workload_namespace',
  'source_principal',
  'source_app',
  'source_version',
  'source_canonical_service',
  'source_canonical_revision',
  'source_cluster',
  'destination_workload',
  'destination_workload_namespace',
  'destination_principal',
  'destination_app',
  'destination_version',
  'destination_service',
  'destination_service_name',
  'destination_service_namespace',
  'destination_canonical_service',
  'destination_canonical_revision',
  'destination_cluster',
  'request_protocol',
  'response_code',
  'grpc_response_status',
  'response_flags',
  'connection_security_policy',
] as const;

export type IstioLabelName = (typeof ISTIO_LABEL_NAMES)[number];
export type IstioLabels = Record<IstioLabelName, string>;

export const CLUSTER_NAME = 'Kubernetes';

export interface Workload {
  name: string;
  namespace: string;
  labels: Record<string, string>;
}

export function workloadOfPod(endpoint: PodEndpoint): Workload {
  const labels = endpoint.labels;
  const hash = labels[POD_TEMPLATE_HASH_LABEL];
  let name = labels.app ?? endpoint.pod;
  if (hash) {
    const marker = `-${hash}-`;
    const at = endpoint.pod.lastIndexOf(marker);
    if (at > 0) name = endpoint.pod.slice(0, at + marker.length - 1);
  }
  return { name, namespace: endpoint.namespace, labels };
}

export function canonicalService(workload: Workload): string {
  const l = workload.labels;
  return l['service.istio.io/canonical-name'] ?? l['app.kubernetes.io/name'] ?? l.app ?? workload.name;
}

export function canonicalRevision(workload: Workload): string {
  const l = workload.labels;
  return l['service.istio.io/canonical-revision'] ?? l['app.kubernetes.io/version'] ?? l.version ?? 'latest';
}

/** The source- or destination-side labels of a workload; all "unknown" when the peer is not known. */
export function sideLabels(side: 'source' | 'destination', workload: Workload | undefined): Partial<IstioLabels> {
  const p = side;
  if (!workload) {
    return {
      [`${p}_workload`]: UNKNOWN,
      [`${p}_workload_namespace`]: UNKNOWN,
      [`${p}_principal`]: UNKNOWN,
      [`${p}_app`]: UNKNOWN,
      [`${p}_version`]: UNKNOWN,
      [`${p}_canonical_service`]: UNKNOWN,
      [`${p}_canonical_revision`]: UNKNOWN,
      [`${p}_cluster`]: UNKNOWN,
    } as Partial<IstioLabels>;
  }
  return {
    [`${p}_workload`]: workload.name,
    [`${p}_workload_namespace`]: workload.namespace,
    [`${p}_principal`]: UNKNOWN,
    [`${p}_app`]: workload.labels.app ?? UNKNOWN,
    [`${p}_version`]: workload.labels.version ?? UNKNOWN,
    [`${p}_canonical_service`]: canonicalService(workload),
    [`${p}_canonical_revision`]: canonicalRevision(workload),
    [`${p}_cluster`]: CLUSTER_NAME,
  } as Partial<IstioLabels>;
}

export function serviceFqdn(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.cluster.local`;
}
