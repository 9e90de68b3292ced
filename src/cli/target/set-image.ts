// `set image ROLLOUT CONTAINER=IMAGE` on a cluster: the rollout with the image of the named
// container (init containers included), or of every container for `*`.
import type { Rollout } from '../../api/types/rollout.ts';
import { CliError } from '../shared/errors.ts';

export function withImage(rollout: Rollout, container: string, image: string): Rollout {
  const copy = structuredClone(rollout);
  const spec = copy.spec.template?.spec;
  const name = rollout.metadata.name ?? '';
  if (!spec) throw new CliError(`rollout '${name}' has no spec.template: a workloadRef rollout takes its image from the referenced workload; change that one`);
  let found = false;
  for (const list of [spec.initContainers, spec.containers]) {
    for (const candidate of list ?? []) {
      if (container !== '*' && candidate.name !== container) continue;
      candidate.image = image;
      found = true;
    }
  }
  if (!found) {
    const names = [...(spec.initContainers ?? []), ...spec.containers].map((c) => c.name).join(', ');
    throw new CliError(`rollout '${name}' has no container named "${container}" (containers: ${names}); use one of those, or * for all`);
  }
  return copy;
}
