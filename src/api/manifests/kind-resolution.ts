// Which schema reads an object of a given apiVersion and kind, or why none does. Folders of
// manifests mix in kinds sluice does not read (Secrets, ConfigMaps, Gateways, ...): those are
// skipped with a warning. Within a group whose every kind sluice reads (argoproj.io), an unknown
// kind is a mistake, and so is an unknown version of a group sluice reads for that kind.
import { KINDS, kindEntry, type KindEntry } from '../schema/registry.ts';
import { closestName } from '../validation/suggest.ts';

/** Groups whose every kind sluice reads: any other kind there is a misspelling. */
const FULLY_READ_GROUPS: ReadonlySet<string> = new Set(['argoproj.io']);

export type KindResolution =
  | { outcome: 'read'; entry: KindEntry }
  | { outcome: 'skipped'; message: string }
  | { outcome: 'refused'; field: 'kind' | 'apiVersion'; message: string };

export function resolveKind(apiVersion: string, kind: string): KindResolution {
  const group = groupOf(apiVersion);
  const entry = kindEntry(kind);
  if (entry) {
    if (entry.apiVersions.includes(apiVersion)) return { outcome: 'read', entry };
    // The same kind name in a group sluice does not read for it is another kind (a Knative Service, say).
    if (entry.apiVersions.some((version) => groupOf(version) === group)) {
      const versions = entry.apiVersions.map((version) => `"${version}"`).join(' or ');
      return { outcome: 'refused', field: 'apiVersion', message: `unknown apiVersion "${apiVersion}" for kind ${entry.kind}: use ${versions}` };
    }
  }
  const sameGroup = KINDS.filter((item) => item.apiVersions.some((version) => groupOf(version) === group)).map((item) => item.kind);
  const suggestion = closestName(kind, sameGroup);
  if (FULLY_READ_GROUPS.has(group)) {
    const hint = suggestion ? `did you mean ${suggestion}?` : `use one of ${sameGroup.join(', ')}`;
    return { outcome: 'refused', field: 'kind', message: `unknown kind "${kind}" in ${apiVersion}: ${hint}` };
  }
  const hint = suggestion && suggestion !== kind ? ` (did you mean ${suggestion}?)` : '';
  return { outcome: 'skipped', message: `kind ${kind} (${apiVersion}) is not read by sluice; it is skipped${hint}` };
}

/** The API group of an apiVersion: "" for the core group ("v1"). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}
