// `sluice apply` and `sluice delete` against the store. The new documents are checked together with
// everything already stored (as if given in one lint run), so a reference to an object applied
// earlier resolves; any error refuses the whole request and nothing changes.
import {
  checkObjects,
  compareIssues,
  formatIssue,
  hasErrors,
  loadManifests,
  readManifests,
  type GivenObject,
  type ManifestSource,
} from '../../../api/load-manifests.ts';
import { unnamedObjectIssues } from '../../../api/local-names.ts';
import { localRoutingIssues } from '../../../api/local-routing.ts';
import type { KnownObject } from '../../../api/types/index.ts';
import { POD_TEMPLATE_HASH_LABEL } from '../../../conventions/labels.ts';
import { describeRef, keyOf, refOf, type ObjectRef } from './object-key.ts';
import type { ObjectStore } from './object-store.ts';

export type ApplyOutcome = { ok: true; results: string[]; warnings: string[] } | { ok: false; issues: string[] };

/** Objects the runtime makes itself (ReplicaSets and AnalysisRuns of a rollout) are not the user's to validate. */
function ownedByRollout(object: KnownObject): boolean {
  return object.metadata.ownerReferences?.some((owner) => owner.kind === 'Rollout') ?? false;
}

/** A stored object as its manifest, without what the store added (status, uid, resourceVersion, ...). */
function storedObject(object: KnownObject): GivenObject {
  const { status: _status, ...rest } = object as KnownObject & { status?: unknown };
  const {
    uid: _uid,
    resourceVersion: _rv,
    generation: _generation,
    creationTimestamp: _created,
    ...metadata
  } = rest.metadata;
  return { value: { ...rest, metadata }, origin: `(running) ${describeRef(refOf(object))}` };
}

function check(
  store: ObjectStore,
  sources: readonly ManifestSource[],
): { objects: KnownObject[]; issues: string[]; warnings: string[] } | { issues: string[] } {
  const read = readManifests(sources);
  const given = checkObjects(read.documents, { structureOnly: true });
  const readIssues = [...read.issues, ...given.issues].sort(compareIssues);
  if (hasErrors(readIssues)) return { issues: readIssues.filter((i) => i.severity === 'error').map(formatIssue) };
  // Stored without a name, an object could be neither read back nor replaced. Apply (and the
  // manifests of sluice run) complete no generateName, not even an AnalysisRun's.
  const unnamed = unnamedObjectIssues(read.documents, { runsNamed: false });
  if (unnamed.length > 0) return { issues: unnamed.map(formatIssue) };
  const replaced = new Set(given.objects.map((parsed) => keyOf(refOf(parsed.object))));
  const others = store.all().filter((object) => !ownedByRollout(object) && !replaced.has(keyOf(refOf(object))));
  const { objects, issues } = checkObjects([...read.documents, ...others.map(storedObject)]);
  const mine = new Set(sources.map((source) => source.file));
  if (hasErrors(issues)) return { issues: issues.filter((i) => i.severity === 'error').map(formatIssue) };
  const unroutable = localRoutingIssues(objects.filter((parsed) => mine.has(parsed.file)));
  if (unroutable.length > 0) return { issues: unroutable.map(formatIssue) };
  return {
    objects: objects.filter((parsed) => mine.has(parsed.file)).map((parsed) => parsed.object),
    issues: [],
    warnings: issues.filter((i) => mine.has(i.file)).map(formatIssue),
  };
}

/** Validates, then creates or updates every object of `sources`. */
export function applyManifests(store: ObjectStore, sources: readonly ManifestSource[]): ApplyOutcome {
  const checked = check(store, sources);
  if (!('objects' in checked)) return { ok: false, issues: checked.issues };
  const results: string[] = [];
  for (const object of checked.objects) {
    const ref = refOf(object);
    const before = store.get(ref.kind as KnownObject['kind'], ref.namespace, ref.name);
    const stored = store.put(keepControllerFields(object, before));
    const verb = !before
      ? 'created'
      : before.metadata.resourceVersion === stored.metadata.resourceVersion
        ? 'unchanged'
        : 'configured';
    results.push(`${describeRef(ref)} ${verb}`);
  }
  return { ok: true, results, warnings: checked.warnings };
}

/** Validates the documents, then deletes the objects they name (a missing one is reported, not an error). */
export function deleteManifests(store: ObjectStore, sources: readonly ManifestSource[]): ApplyOutcome {
  const { objects, issues } = loadManifests(sources, { structureOnly: true });
  if (hasErrors(issues)) return { ok: false, issues: issues.filter((i) => i.severity === 'error').map(formatIssue) };
  const results = objects.map((parsed) => {
    const ref: ObjectRef = refOf(parsed.object);
    return `${describeRef(ref)} ${store.delete(ref) ? 'deleted' : 'not found'}`;
  });
  return { ok: true, results, warnings: [] };
}

/**
 * A re-applied Service keeps the `rollouts-pod-template-hash` the rollout put in its selector, as
 * kubectl's three-way merge keeps a field the manifest never set.
 */
function keepControllerFields(object: KnownObject, before: KnownObject | undefined): KnownObject {
  if (object.kind !== 'Service' || before?.kind !== 'Service') return object;
  const hash = before.spec.selector?.[POD_TEMPLATE_HASH_LABEL];
  if (hash === undefined || object.spec.selector?.[POD_TEMPLATE_HASH_LABEL] !== undefined) return object;
  return {
    ...object,
    spec: { ...object.spec, selector: { ...(object.spec.selector ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } },
  };
}
