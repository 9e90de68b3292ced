// The environment of a job metric's container (the job provider runs its pod's containers as
// processes): env and envFrom as kubelet builds them for a pod, from the runtime's ConfigMaps and
// Secrets and the downward API, with the job's name as the pod's. The pod's labels are the
// template's with those Kubernetes' Job controller adds (job-name, controller-uid, and their
// batch.kubernetes.io/ forms), its annotations the template's, its uid and the Job's made as a
// local pod's are, its service account the template's.
import type { Container } from '../../../api/types/pod.ts';
import type { ConfigLookup } from '../config/config-data.ts';
import { resolveContainerEnv } from './config-env.ts';
import { localUid, POD_IP } from './local-pod.ts';
import type { NodeAllocatable } from './resource-fields.ts';

/** The job's pod template as the job metric gives it (untyped): what the downward API reads of it. */
export interface JobPodTemplate {
  metadata?: { labels?: unknown; annotations?: unknown };
  spec?: { serviceAccountName?: unknown; serviceAccount?: unknown };
}

export function jobContainerEnv(
  pod: { namespace: string; name: string; template?: JobPodTemplate },
  config: ConfigLookup,
  node: NodeAllocatable,
  now: () => number = Date.now,
): (
  container: Record<string, unknown>,
  containers: readonly Record<string, unknown>[],
) => Record<string, string> | string {
  const createdAt = now();
  const jobUid = localUid(pod.namespace, `job/${pod.name}`, createdAt);
  const labels = {
    ...stringMap(pod.template?.metadata?.labels),
    'batch.kubernetes.io/controller-uid': jobUid,
    'batch.kubernetes.io/job-name': pod.name,
    'controller-uid': jobUid,
    'job-name': pod.name,
  };
  const annotations = stringMap(pod.template?.metadata?.annotations);
  const account = pod.template?.spec?.serviceAccountName ?? pod.template?.spec?.serviceAccount;
  return (container, containers) => {
    for (const field of ['env', 'envFrom'])
      if (container[field] !== undefined && !Array.isArray(container[field]))
        return `container "${String(container['name'])}" ${field} must be a list`;
    // A container of the job's pod template, untyped in the job provider's port: what the env
    // resolution reads of it (name, env, envFrom, resources) is checked just above or where it is read.
    const resolved = resolveContainerEnv(
      container as unknown as Container, // a container of the job's template (above)
      {
        name: pod.name,
        namespace: pod.namespace,
        labels,
        annotations,
        ip: POD_IP,
        uid: localUid(pod.namespace, pod.name, createdAt),
        ...(typeof account === 'string' && account !== '' ? { serviceAccountName: account } : {}),
        containers: containers as unknown as Container[], // the job template's containers (above)
        node,
      },
      config,
      {},
    );
    return 'problem' in resolved ? `${resolved.problem.reason}: ${resolved.problem.message}` : resolved.env;
  };
}

/** The string values of a metadata map (labels, annotations) as given. */
function stringMap(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}
