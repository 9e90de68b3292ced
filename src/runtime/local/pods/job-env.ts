// The environment of a job metric's container (the job provider runs its pod's containers as
// processes): env and envFrom as kubelet builds them for a pod, from the runtime's ConfigMaps and
// Secrets and the downward API, with the job's name as the pod's.
import type { Container } from '../../../api/types/pod.ts';
import type { ConfigLookup } from '../config/config-data.ts';
import { resolveContainerEnv } from './config-env.ts';
import { POD_IP } from './local-pod.ts';
import type { NodeAllocatable } from './resource-fields.ts';

export function jobContainerEnv(
  pod: { namespace: string; name: string },
  config: ConfigLookup,
  node: NodeAllocatable,
): (
  container: Record<string, unknown>,
  containers: readonly Record<string, unknown>[],
) => Record<string, string> | string {
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
        labels: {},
        annotations: {},
        ip: POD_IP,
        containers: containers as unknown as Container[], // the job template's containers (above)
        node,
      },
      config,
      {},
    );
    return 'problem' in resolved ? `${resolved.problem.reason}: ${resolved.problem.message}` : resolved.env;
  };
}
