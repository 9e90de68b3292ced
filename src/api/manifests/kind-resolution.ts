// Which schema reads an object of a given apiVersion and kind, or why none does. Folders of
// manifests mix in kinds sluice does not read (Secrets, ConfigMaps, Gateways, Argo CD
// Applications, Argo Workflows ...): those are skipped with a warning. In argoproj.io, a kind
// close to one sluice reads is a misspelling and an error, and so is an unknown version of a
// group sluice reads for that kind.
import { KINDS, kindEntry, type KindEntry } from '../schema/registry.ts';
import { closestName } from '../validation/suggest.ts';

/** Groups where a kind close to one sluice reads is taken for a misspelling of it. */
const MISSPELLING_GROUPS: ReadonlySet<string> = new Set(['argoproj.io']);

/** The argoproj.io kinds of Argo's other projects, named in the warning that skips them. */
const OTHER_ARGO_PROJECTS: Readonly<Record<string, string>> = {
  Application: 'Argo CD',
  ApplicationSet: 'Argo CD',
  AppProject: 'Argo CD',
  Workflow: 'Argo Workflows',
  WorkflowTemplate: 'Argo Workflows',
  ClusterWorkflowTemplate: 'Argo Workflows',
  CronWorkflow: 'Argo Workflows',
  WorkflowEventBinding: 'Argo Workflows',
  WorkflowTaskSet: 'Argo Workflows',
  WorkflowTaskResult: 'Argo Workflows',
  WorkflowArtifactGCTask: 'Argo Workflows',
  EventSource: 'Argo Events',
  Sensor: 'Argo Events',
  EventBus: 'Argo Events',
};

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
      return {
        outcome: 'refused',
        field: 'apiVersion',
        message: `unknown apiVersion "${apiVersion}" for kind ${entry.kind}: use ${versions}`,
      };
    }
  }
  const project =
    group === 'argoproj.io' && Object.hasOwn(OTHER_ARGO_PROJECTS, kind) ? OTHER_ARGO_PROJECTS[kind] : undefined;
  if (project)
    return {
      outcome: 'skipped',
      message: `kind ${kind} (${apiVersion}) belongs to ${project}, not Argo Rollouts: sluice does not run it; it is skipped`,
    };
  const sameGroup = KINDS.filter((item) => item.apiVersions.some((version) => groupOf(version) === group)).map(
    (item) => item.kind,
  );
  const suggestion = closestName(kind, sameGroup);
  if (MISSPELLING_GROUPS.has(group) && suggestion && suggestion !== kind) {
    return {
      outcome: 'refused',
      field: 'kind',
      message: `unknown kind "${kind}" in ${apiVersion}: did you mean ${suggestion}?`,
    };
  }
  const hint = suggestion && suggestion !== kind ? ` (did you mean ${suggestion}?)` : '';
  return { outcome: 'skipped', message: `kind ${kind} (${apiVersion}) is not read by sluice; it is skipped${hint}` };
}

/** The API group of an apiVersion: "" for the core group ("v1"). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}
