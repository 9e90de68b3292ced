// One pod as `get rollout` shows it: kubectl's status reason (the STATUS column of
// `kubectl get pods`), ready containers and restarts.
import { parseTimestamp } from '../conventions/timestamps.ts';
import type { Pod, PodContainerStatus } from './inputs.ts';
import type { PodView } from './model.ts';
import { ageAt } from './human-duration.ts';
import { podStatusKind } from './status-kinds.ts';

export function podView(pod: Pod, now: number): PodView {
  const { reason, ready, total, restarts } = podCondition(pod);
  const createdAt = parseTimestamp(pod.metadata.creationTimestamp);
  const readyText = `${ready}/${total}`;
  const info = [`ready:${readyText}`];
  if (restarts > 0) info.push(`restarts:${restarts}`);
  return {
    kind: 'Pod',
    name: pod.metadata.name ?? '',
    ...(pod.metadata.namespace ? { namespace: pod.metadata.namespace } : {}),
    status: { text: reason, kind: podStatusKind(reason) },
    ...(createdAt !== undefined ? { createdAt } : {}),
    age: ageAt(createdAt, now),
    ready: readyText,
    restarts,
    info,
  };
}

interface PodCondition {
  reason: string;
  ready: number;
  total: number;
  restarts: number;
}

function podCondition(pod: Pod): PodCondition {
  const status = pod.status ?? {};
  const containers = status.containerStatuses ?? [];
  const total = pod.spec?.containers.length ?? containers.length;
  let reason: string = status.reason || status.phase || '';

  const init = initContainersReason(pod);
  let restarts = init.restarts;
  let ready = 0;
  if (init.reason !== undefined) {
    reason = init.reason;
  } else {
    restarts = 0;
    let anyRunning = false;
    // The first container's state wins: walk them from the last to the first.
    for (const container of [...containers].reverse()) {
      restarts += container.restartCount;
      const stateReason = containerReason(container);
      if (stateReason !== undefined) reason = stateReason;
      else if (container.ready && container.state?.running) {
        anyRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && anyRunning) reason = 'Running';
  }

  if (pod.metadata.deletionTimestamp) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return { reason, ready, total, restarts };
}

/** Why a container is not running (`CrashLoopBackOff`, `Error`, `ExitCode:1`), or undefined. */
function containerReason(container: PodContainerStatus): string | undefined {
  const state = container.state ?? {};
  if (state.waiting?.reason) return state.waiting.reason;
  if (state.terminated) {
    if (state.terminated.reason) return state.terminated.reason;
    if (state.terminated.signal) return `Signal:${state.terminated.signal}`;
    return `ExitCode:${state.terminated.exitCode}`;
  }
  return undefined;
}

/** The reason an init container holds the pod back (`Init:0/2`, `Init:Error`), with init restarts. */
function initContainersReason(pod: Pod): { reason: string | undefined; restarts: number } {
  const statuses = pod.status?.initContainerStatuses ?? [];
  const specs = pod.spec?.initContainers ?? [];
  const sidecars = new Set(specs.filter((spec) => spec.restartPolicy === 'Always').map((spec) => spec.name));
  let restarts = 0;
  for (const [index, container] of statuses.entries()) {
    restarts += container.restartCount;
    const state = container.state ?? {};
    if (state.terminated && state.terminated.exitCode === 0) continue;
    if (state.terminated) {
      if (state.terminated.reason) return { reason: `Init:${state.terminated.reason}`, restarts };
      if (state.terminated.signal) return { reason: `Init:Signal:${state.terminated.signal}`, restarts };
      return { reason: `Init:ExitCode:${state.terminated.exitCode}`, restarts };
    }
    if (sidecars.has(container.name) && container.started) {
      if (container.ready) continue;
      return { reason: undefined, restarts };
    }
    if (state.waiting?.reason && state.waiting.reason !== 'PodInitializing')
      return { reason: `Init:${state.waiting.reason}`, restarts };
    return { reason: `Init:${index}/${specs.length || statuses.length}`, restarts };
  }
  return { reason: undefined, restarts };
}
