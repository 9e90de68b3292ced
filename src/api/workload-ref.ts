// A Rollout with spec.workloadRef takes its pod template (and, when it has none, its selector)
// from a Deployment or ReplicaSet, as Argo Rollouts does. Pure: the caller finds the object.
import type { Deployment, ReplicaSet } from './types/core.ts';
import type { Rollout } from './types/rollout.ts';

export type WorkloadSource = Deployment | ReplicaSet;

/** The kind and apiVersion sluice reads a workloadRef from (Argo also accepts a v1 PodTemplate). */
export function workloadRefTarget(rollout: Rollout): { kind: WorkloadSource['kind']; name: string } | undefined {
  const ref = rollout.spec.workloadRef;
  if (!ref?.name || ref.apiVersion !== 'apps/v1') return undefined;
  if (ref.kind !== 'Deployment' && ref.kind !== 'ReplicaSet') return undefined;
  return { kind: ref.kind, name: ref.name };
}

/**
 * The Rollout as the controller sees it once its workloadRef is resolved: spec.template is the
 * source's pod template, spec.selector the Rollout's own or else the source's. A Rollout without
 * workloadRef is returned as it is. The input is not changed.
 */
export function withResolvedTemplate<R extends Rollout>(rollout: R, source: WorkloadSource | undefined): R {
  if (!rollout.spec.workloadRef || !source) return rollout;
  return {
    ...rollout,
    spec: {
      ...rollout.spec,
      template: structuredClone(source.spec.template),
      selector: structuredClone(rollout.spec.selector ?? source.spec.selector),
    },
  };
}
