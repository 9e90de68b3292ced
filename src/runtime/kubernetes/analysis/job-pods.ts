// What an analysis Job's pods say about it, as Argo Rollouts reads them (processJobPods in
// metricproviders/job/job.go): a container or init container waiting with a reason that never
// clears by itself (the image cannot be pulled, or its name is invalid) means the Job will never
// make progress. Which pods are the Job's: its spec.selector, as the Job controller set it.
import type { JobObject } from './job-naming.ts';

/** Waiting reasons Argo treats as terminal for an analysis Job's container. */
export const TERMINAL_WAITING_REASONS: ReadonlySet<string> = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
]);

interface ContainerStatus {
  name?: string;
  state?: { waiting?: { reason?: string; message?: string } };
}

export interface JobPod {
  metadata: { name?: string };
  status?: { initContainerStatuses?: ContainerStatus[]; containerStatuses?: ContainerStatus[] };
}

export interface TerminalWaiting {
  pod: string;
  container: string;
  reason: string;
  message: string;
}

/** The first container (init containers of a pod first) waiting for a terminal reason, if any. */
export function terminalWaiting(pods: readonly JobPod[]): TerminalWaiting | undefined {
  for (const pod of pods) {
    for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
      const waiting = status.state?.waiting;
      if (waiting?.reason !== undefined && TERMINAL_WAITING_REASONS.has(waiting.reason)) {
        return {
          pod: pod.metadata.name ?? '',
          container: status.name ?? '',
          reason: waiting.reason,
          message: waiting.message ?? '',
        };
      }
    }
  }
  return undefined;
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/**
 * The labelSelector query of the Job's pods, from its spec.selector (the API server sets it when
 * the Job is created); its controller-uid label when the Job has no selector yet.
 */
export function jobPodSelector(job: JobObject): string {
  const selector = (job.spec?.selector ?? {}) as LabelSelector;
  const requirements = [
    ...Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`),
    ...(selector.matchExpressions ?? []).map(expressionRequirement),
  ];
  if (requirements.length > 0) return requirements.join(',');
  return `batch.kubernetes.io/controller-uid=${job.metadata.uid ?? ''}`;
}

function expressionRequirement({
  key,
  operator,
  values = [],
}: {
  key: string;
  operator: string;
  values?: string[];
}): string {
  switch (operator) {
    case 'In':
      return `${key} in (${values.join(',')})`;
    case 'NotIn':
      return `${key} notin (${values.join(',')})`;
    case 'Exists':
      return key;
    default:
      return `!${key}`;
  }
}
