// `POST /api/v1/create`: as `kubectl create`, the objects of the sources are created, never
// changed: any one that exists already refuses the whole request. Validation is apply's (the new
// objects checked together with what is stored). ConfigMaps and Secrets, which the store does not
// hold, are checked by the caller (existingElsewhere).
import { loadManifests, type ManifestSource } from '../../../api/load-manifests.ts';
import type { KnownObject } from '../../../api/types/index.ts';
import { applyManifests, type ApplyOutcome } from '../store/apply-manifests.ts';
import { describeRef, refOf } from '../store/object-key.ts';
import type { ObjectStore } from '../store/object-store.ts';

export type CreateOutcome = ApplyOutcome | { ok: false; exists: string[] };

/** `existingElsewhere`: the objects of the sources that exist outside the store (ConfigMaps, Secrets). */
export function createManifests(
  store: ObjectStore,
  sources: readonly ManifestSource[],
  existingElsewhere: readonly string[] = [],
): CreateOutcome {
  const { objects } = loadManifests(sources, { structureOnly: true });
  const exists = objects
    .map((parsed) => refOf(parsed.object))
    .filter((ref) => store.get(ref.kind as KnownObject['kind'], ref.namespace, ref.name) !== undefined)
    .map(describeRef)
    .concat(existingElsewhere)
    .map((object) => `${object} already exists`);
  if (exists.length > 0) return { ok: false, exists };
  return applyManifests(store, sources);
}
