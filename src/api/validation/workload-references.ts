// spec.workloadRef: the Deployment or ReplicaSet named must exist among the manifests given
// (when others of its kind are), and the Rollout's selector must select its pod template.
import type { Rollout } from '../types/rollout.ts';
import type { ParsedObject } from '../manifests/parsed-object.ts';
import { workloadRefTarget, type WorkloadSource } from '../workload-ref.ts';
import type { Finding } from './finding.ts';
import { isEmptySelector, selectorMatches, unmetRequirements } from './label-selector.ts';
import { namespaceOf, where, type ObjectIndex } from './object-index.ts';

export function referencedWorkload(rollout: Rollout, index: ObjectIndex): ParsedObject<WorkloadSource> | undefined {
  const target = workloadRefTarget(rollout);
  if (!target) return undefined;
  return index.find<WorkloadSource>(target.kind, namespaceOf(rollout), target.name);
}

export function workloadReferenceFindings(item: ParsedObject<Rollout>, index: ObjectIndex): Finding[] {
  const rollout = item.object;
  const target = workloadRefTarget(rollout);
  if (!target) return [];
  const namespace = namespaceOf(rollout);
  const source = referencedWorkload(rollout, index);
  if (!source) {
    if (!index.hasAny(target.kind, namespace)) return [];
    return [
      {
        path: ['spec', 'workloadRef', 'name'],
        message: `no ${target.kind} named "${target.name}" in namespace ${namespace} among the given manifests: add it or fix the name`,
      },
    ];
  }
  const selector = rollout.spec.selector ?? source.object.spec.selector;
  if (isEmptySelector(selector)) return []; // reported on the selector that is empty
  const labels = source.object.spec.template?.metadata?.labels ?? {};
  if (selectorMatches(selector, labels)) return [];
  const whose = rollout.spec.selector ? 'spec.selector' : `the selector of ${target.kind} "${target.name}"`;
  return [
    {
      path: ['spec', 'workloadRef', 'name'],
      message: `${whose} does not select the pod template of ${target.kind} "${target.name}" (${where(source, 'spec.template.metadata.labels')}): its labels must meet ${unmetRequirements(selector, labels).join(' and ')}`,
    },
  ];
}
