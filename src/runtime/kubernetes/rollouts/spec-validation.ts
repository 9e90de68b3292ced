// The checks `sluice lint` makes on a Rollout, applied to the object the API server holds: the one
// validation of parsed objects (checkObjects: the schema, then Argo's semantic rules), on the Rollout
// alone. Objects from the API have no file or line, so each problem names its field path. Errors
// only: warnings do not block a rollout.
import { jsonEqual } from '../../../api/json-equal.ts';
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

/** The last spec check of one Rollout: the version of what it read, and what it found. */
export interface SpecCheckMemory {
  specCheck?: {
    /** What the check read: the object's apiVersion and the metadata it holds (uid, generation, name, namespace, labels, annotations). */
    apiVersion: string | undefined;
    metadata: Rollout['metadata'];
    problems: readonly string[];
  };
}

/** Whether two versions of a Rollout hold the same of what the check reads (the spec by its generation). */
function sameRead(before: Rollout['metadata'], after: Rollout['metadata']): boolean {
  return (
    before.uid === after.uid &&
    before.generation === after.generation &&
    before.name === after.name &&
    before.namespace === after.namespace &&
    jsonEqual(before.labels, after.labels) &&
    jsonEqual(before.annotations, after.annotations)
  );
}

/**
 * rolloutSpecProblems once per version of what it reads, remembered in the rollout's memory: the
 * spec (its generation, which the API server raises on every change of the spec) and the metadata
 * the check reads (name, namespace, labels, annotations: a change of those leaves the generation).
 * A pass that only follows a status or a ReplicaSet reuses the last answer; one that reads the same
 * cached object again (a resync, a ReplicaSet's event: an informer replaces its objects, never
 * changes one) compares nothing. An object without uid or generation (not from an API server) is
 * checked every time.
 */
export function specProblemsOnce(
  memory: SpecCheckMemory,
  check: (rollout: Rollout) => string[] = rolloutSpecProblems,
): (rollout: Rollout) => string[] {
  return (rollout) => {
    const { metadata, apiVersion } = rollout;
    if (metadata.uid === undefined || metadata.generation === undefined) return check(rollout);
    let known = memory.specCheck;
    if (known?.metadata !== metadata || known.apiVersion !== apiVersion) {
      if (!known || known.apiVersion !== apiVersion || !sameRead(known.metadata, metadata))
        known = memory.specCheck = { apiVersion, metadata, problems: check(rollout) };
      else known.metadata = metadata;
    }
    // The pass adds its own problems to the list it is given.
    return [...known.problems];
  };
}
