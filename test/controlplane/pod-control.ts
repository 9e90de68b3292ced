// Steering pods on the fake node. kwok owns pod status; a test asks for a change through an
// annotation that a kwok stage (kwok-stages.yaml) turns into status, so kwok never undoes
// it. Each helper returns once the pod's status shows the change.
import { kubectlJson, kubectlOrThrow, type Kubectl } from './kubectl.ts';
import { pollUntil } from './poll.ts';

export const readyAnnotation = 'controlplane.sluice.dev/ready';
export const phaseAnnotation = 'controlplane.sluice.dev/phase';

export interface PodStatusView {
  metadata: { name: string; namespace: string; annotations?: Record<string, string> };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

interface PodList {
  items: PodStatusView[];
}

const defaultTimeoutMs = 30_000;

export function podIsReady(pod: PodStatusView): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Makes a running pod Ready or not Ready (as a failing readiness probe would). */
export async function setPodReady(kubectl: Kubectl, namespace: string, name: string, ready: boolean): Promise<void> {
  await annotatePod(kubectl, namespace, name, readyAnnotation, String(ready));
  await pollUntil(
    async () => {
      const pod = await getPod(kubectl, namespace, name);
      return pod.status?.phase === 'Running' && podIsReady(pod) === ready;
    },
    { what: `pod ${namespace}/${name} to become ${ready ? 'Ready' : 'not Ready'}`, timeoutMs: defaultTimeoutMs },
  );
}

/** Ends a running pod: its containers exit 1 (Failed) or 0 (Succeeded). */
export async function endPod(
  kubectl: Kubectl,
  namespace: string,
  name: string,
  phase: 'Succeeded' | 'Failed',
): Promise<void> {
  await annotatePod(kubectl, namespace, name, phaseAnnotation, phase);
  await pollUntil(async () => (await getPod(kubectl, namespace, name)).status?.phase === phase, {
    what: `pod ${namespace}/${name} to reach phase ${phase}`,
    timeoutMs: defaultTimeoutMs,
  });
}

export function failPod(kubectl: Kubectl, namespace: string, name: string): Promise<void> {
  return endPod(kubectl, namespace, name, 'Failed');
}

/**
 * Completes the running pods of a Job, with success or failure, once it has any.
 * Returns the names of the pods it completed.
 */
export async function completeJobPod(
  kubectl: Kubectl,
  namespace: string,
  jobName: string,
  succeeded: boolean,
): Promise<string[]> {
  const running = await pollUntil(
    async () => {
      const list = await kubectlJson<PodList>(kubectl, [
        'get',
        'pods',
        '-n',
        namespace,
        '-l',
        `batch.kubernetes.io/job-name=${jobName}`,
      ]);
      const names = list.items
        .filter((pod) => pod.status?.phase === 'Running' && pod.metadata.annotations?.[phaseAnnotation] === undefined)
        .map((pod) => pod.metadata.name);
      return names.length > 0 ? names : undefined;
    },
    { what: `a running pod of job ${namespace}/${jobName}`, timeoutMs: defaultTimeoutMs },
  );
  const phase = succeeded ? 'Succeeded' : 'Failed';
  await Promise.all(running.map((name) => endPod(kubectl, namespace, name, phase)));
  return running;
}

async function annotatePod(
  kubectl: Kubectl,
  namespace: string,
  name: string,
  key: string,
  value: string,
): Promise<void> {
  await kubectlOrThrow(kubectl, ['annotate', 'pod', name, '-n', namespace, '--overwrite', `${key}=${value}`]);
}

function getPod(kubectl: Kubectl, namespace: string, name: string): Promise<PodStatusView> {
  return kubectlJson<PodStatusView>(kubectl, ['get', 'pod', name, '-n', namespace]);
}
