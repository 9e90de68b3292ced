// Waiting for the cluster to reach a state, with a deadline, and reading what the tests check.
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import type { ReplicaSet, Service } from '../../../../src/api/types/core.ts';
import type { KubeClient } from '../../../../src/platform/kubernetes/client/client.ts';
import type { KubeObject, Stored } from '../../../../src/platform/kubernetes/client/objects.ts';
import { coreResources } from '../../../../src/platform/kubernetes/client/resources.ts';
import { argoResources, workloadResources } from '../../../../src/runtime/kubernetes/resources.ts';
import { pollUntil } from '../../../controlplane/poll.ts';

export { pollUntil };

export async function getRollout(client: KubeClient, namespace: string, name: string): Promise<Stored<Rollout>> {
  return client.get(argoResources.rollouts, namespace, name);
}

/** The ReplicaSets a rollout owns, with their pod-template hash and revision. */
export async function rolloutReplicaSets(
  client: KubeClient,
  namespace: string,
  rollout: Rollout,
): Promise<ReplicaSet[]> {
  const list = await client.list(workloadResources.replicaSets, { namespace });
  return list.items.filter((rs) => rs.metadata.ownerReferences?.some((owner) => owner.uid === rollout.metadata.uid));
}

export async function getService(client: KubeClient, namespace: string, name: string): Promise<Service> {
  return client.get(workloadResources.services, namespace, name);
}

/** Pods by the `rollouts-pod-template-hash` label, counting only Running and Ready ones not being deleted. */
export async function readyPodsByHash(
  client: KubeClient,
  namespace: string,
  selector: string,
): Promise<Record<string, number>> {
  const list = await client.list<KubeObject>(coreResources.pods, { namespace, labelSelector: selector });
  const counts: Record<string, number> = {};
  for (const pod of list.items) {
    if (pod.metadata.deletionTimestamp) continue;
    const status = pod['status'] as { conditions?: Array<{ type: string; status: string }> } | undefined;
    if (!status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) continue;
    const hash = pod.metadata.labels?.['rollouts-pod-template-hash'] ?? '';
    counts[hash] = (counts[hash] ?? 0) + 1;
  }
  return counts;
}

export interface RolloutWait {
  what: string;
  timeoutMs?: number;
}

/** Polls the rollout until `check` holds; the message names the rollout's last status. */
export async function waitForRollout(
  client: KubeClient,
  namespace: string,
  name: string,
  check: (rollout: Rollout) => boolean,
  wait: RolloutWait,
): Promise<Rollout> {
  let last: Rollout | undefined;
  try {
    return await pollUntil(
      async () => {
        last = await getRollout(client, namespace, name);
        return check(last) ? last : undefined;
      },
      { what: wait.what, timeoutMs: wait.timeoutMs ?? 60_000, intervalMs: 200 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last status: ${JSON.stringify(last?.status ?? null)}`, {
      cause: error,
    });
  }
}

/** The rollout's status says it is paused at step `index` (Argo's CanaryPauseStep). */
export function pausedAtStep(index: number): (rollout: Rollout) => boolean {
  return (rollout) =>
    rollout.status?.currentStepIndex === index &&
    (rollout.status.pauseConditions ?? []).some((c) => c.reason === 'CanaryPauseStep');
}

export function healthy(rollout: Rollout): boolean {
  const status = rollout.status;
  return status?.phase === 'Healthy' && status.observedGeneration === String(rollout.metadata.generation);
}
