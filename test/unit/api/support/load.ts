// Test helpers around loadManifests.
import { loadManifests } from '../../../../src/api/load-manifests.ts';
import { withResolvedTemplate, type WorkloadSource } from '../../../../src/api/workload-ref.ts';
import type { ParsedObject } from '../../../../src/api/manifests/parsed-object.ts';
import type { Rollout } from '../../../../src/api/types/rollout.ts';

export { loadManifests };

/** The first Rollout resolved with the first Deployment, and the Rollout as loaded. */
export function withResolvedTemplateForTest(objects: readonly ParsedObject[]): {
  resolved: Rollout;
  original: Rollout;
} {
  const original = objects.find((item) => item.object.kind === 'Rollout')?.object as Rollout;
  const source = objects.find((item) => item.object.kind === 'Deployment')?.object as WorkloadSource;
  return { resolved: withResolvedTemplate(original, source), original };
}
