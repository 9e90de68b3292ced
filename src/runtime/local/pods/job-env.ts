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
    const resolved = resolveContainerEnv(
      container as unknown as Container,
      {
        name: pod.name,
        namespace: pod.namespace,
        labels: {},
        annotations: {},
        ip: POD_IP,
        containers: containers as unknown as Container[],
        node,
      },
      config,
      {},
    );
    return 'problem' in resolved ? `${resolved.problem.reason}: ${resolved.problem.message}` : resolved.env;
  };
}
