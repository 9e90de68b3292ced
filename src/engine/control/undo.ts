// `undo`: write the pod template of an earlier revision back into spec.template. The engine then
// reuses that revision's ReplicaSet with a new revision number.
import type { PodTemplateSpec } from '../../api/types/pod.ts';
import type { Rollout } from '../../api/types/rollout.ts';
import type { ObservedReplicaSet } from '../types.ts';
import { POD_TEMPLATE_HASH_LABEL } from '../../conventions/labels.ts';
import { ControlError, type ControlPatch } from './patch.ts';
import { withoutInjectedAntiAffinity } from '../core/anti-affinity.ts';

/** `toRevision` 0 (the default) means the revision before the current one. */
export function undoPatch(rollout: Rollout, replicaSets: ObservedReplicaSet[], toRevision = 0): ControlPatch {
  const name = rollout.metadata.name ?? '';
  const byRevision = [...replicaSets].sort((a, b) => b.revision - a.revision);
  const current = rollout.status?.currentPodHash;
  let target: ObservedReplicaSet | undefined;
  if (toRevision === 0) target = byRevision.find((rs) => rs.podTemplateHash !== current);
  else target = byRevision.find((rs) => rs.revision === toRevision);
  if (!target) {
    const known = byRevision.map((rs) => rs.revision).join(', ') || 'none';
    throw new ControlError(
      toRevision === 0
        ? `rollout '${name}' has no earlier revision to go back to`
        : `rollout '${name}' has no revision ${toRevision} (revisions kept: ${known}); pick one of those`,
    );
  }
  // The anti-affinity term the engine injected is not part of that revision's template either.
  return { spec: { template: withoutHashLabel(withoutInjectedAntiAffinity(target.template, rollout)) } };
}

function withoutHashLabel(template: PodTemplateSpec): PodTemplateSpec {
  const copy: PodTemplateSpec = structuredClone(template);
  if (copy.metadata?.labels) delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  return copy;
}
