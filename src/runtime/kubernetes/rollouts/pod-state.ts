// How the engine sees one pod from the API: ready when its Ready condition is True, available once
// it has been ready for the rollout's minReadySeconds (as the ReplicaSet controller counts it).
import { parseTimestamp } from '../../../conventions/timestamps.ts';
import type { ObservedPod } from '../../../engine/types.ts';
import type { KubePod } from './caches.ts';

export function observedPod(pod: KubePod, minReadySeconds: number, now: number): ObservedPod {
  const readyCondition = pod.status?.conditions?.find((condition) => condition.type === 'Ready');
  const ready = readyCondition?.status === 'True' && pod.metadata.deletionTimestamp === undefined;
  const readySince = parseTimestamp(readyCondition?.lastTransitionTime) ?? 0;
  const available = ready && (minReadySeconds <= 0 || readySince + minReadySeconds * 1000 <= now);
  const observed: ObservedPod = {
    name: pod.metadata.name ?? '',
    createdAt: parseTimestamp(pod.metadata.creationTimestamp) ?? 0,
    ready,
    available,
  };
  if (pod.metadata.deletionTimestamp !== undefined) observed.terminating = true;
  return observed;
}
