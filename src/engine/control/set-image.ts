// `set image ROLLOUT CONTAINER=IMAGE`, as the kubectl plugin does it: the image of the named
// container is replaced in the pod template, init and ephemeral containers included; the name `*`
// replaces the image of every container.
import type { Container, PodTemplateSpec } from '../../api/types/pod.ts';
import type { Rollout } from '../../api/types/rollout.ts';
import { ControlError, type ControlPatch } from './patch.ts';

/** Every container of the name (every one for `*`). */
export const ALL_CONTAINERS = '*';

/** A copy of the rollout's pod template with the new image; the rollout is left unchanged. */
export function templateWithImage(rollout: Rollout, container: string, image: string): PodTemplateSpec {
  const name = rollout.metadata.name ?? '';
  const template = structuredClone(rollout.spec.template);
  const spec = template?.spec;
  if (!template || !spec)
    throw new ControlError(
      `rollout '${name}' has no spec.template: a workloadRef rollout takes its image from the referenced workload; change that one`,
    );
  const lists = containerLists(spec);
  let found = false;
  for (const candidate of lists.flat()) {
    if (container !== ALL_CONTAINERS && candidate.name !== container) continue;
    candidate.image = image;
    found = true;
  }
  if (!found) {
    const names = lists
      .flat()
      .map((candidate) => candidate.name)
      .join(', ');
    throw new ControlError(
      `rollout '${name}' has no container named "${container}" (containers: ${names}); use one of those, or ${ALL_CONTAINERS} for all`,
    );
  }
  return template;
}

/** The change as a patch of spec.template (what the local API applies). */
export function setImagePatch(rollout: Rollout, container: string, image: string): ControlPatch {
  return { spec: { template: templateWithImage(rollout, container, image) } };
}

/** Init containers, containers and ephemeral containers (not in the typed model, kept as given), in that order. */
function containerLists(spec: NonNullable<PodTemplateSpec['spec']>): Container[][] {
  const ephemeral = (spec as { ephemeralContainers?: unknown }).ephemeralContainers;
  return [spec.initContainers ?? [], spec.containers ?? [], Array.isArray(ephemeral) ? (ephemeral as Container[]) : []];
}
