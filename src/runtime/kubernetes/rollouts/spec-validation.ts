// The checks `sluice lint` makes on a Rollout, applied to the object the API server holds: the one
// validation of parsed objects (checkObjects: the schema, then Argo's semantic rules), on the Rollout
// alone. Objects from the API have no file or line, so each problem names its field path. Errors
// only: warnings do not block a rollout.
import { checkObjects } from '../../../api/manifests/check-objects.ts';
import type { Rollout } from '../../../api/types/rollout.ts';

/** The Rollout as a manifest: what the API server adds to metadata (uid, managedFields, ...) and the status left out. */
function asManifest(rollout: Rollout): Rollout {
  const { name, namespace, labels, annotations } = rollout.metadata;
  return {
    // A list's items may come without their type: the object is a Rollout, as its cache says.
    apiVersion: rollout.apiVersion ?? 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name, namespace, ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) },
    spec: rollout.spec,
  };
}

export function rolloutSpecProblems(rollout: Rollout): string[] {
  const { issues } = checkObjects([{ value: asManifest(rollout) }], { withoutReferences: true });
  return issues.filter((issue) => issue.severity === 'error').map((issue) => `${issue.path}: ${issue.message}`);
}
