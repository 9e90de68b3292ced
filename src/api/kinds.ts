// Every kind sluice reads or writes, once: its API group, versions, plural name and scope. The
// schema registry (schema/registry.ts), the Kubernetes client's resources
// (runtime/kubernetes/resources.ts) and the local store (runtime/local/store/object-key.ts) all
// read this table.

export interface KindInfo {
  kind: string;
  /** "" for the core group. */
  group: string;
  /** The versions sluice reads; the first is the one it writes. */
  versions: readonly string[];
  plural: string;
  namespaced: boolean;
  /** A kind of Kubernetes itself (accepts strategic merge patches), not a custom resource. */
  builtin: boolean;
}

const ARGO = 'argoproj.io';
const ISTIO = 'networking.istio.io';
/** Istio's networking versions, oldest first; the client writes the one the cluster serves. */
export const ISTIO_VERSIONS = ['v1alpha3', 'v1beta1', 'v1'] as const;

export const KIND_TABLE = {
  Rollout: {
    kind: 'Rollout',
    group: ARGO,
    versions: ['v1alpha1'],
    plural: 'rollouts',
    namespaced: true,
    builtin: false,
  },
  AnalysisTemplate: {
    kind: 'AnalysisTemplate',
    group: ARGO,
    versions: ['v1alpha1'],
    plural: 'analysistemplates',
    namespaced: true,
    builtin: false,
  },
  ClusterAnalysisTemplate: {
    kind: 'ClusterAnalysisTemplate',
    group: ARGO,
    versions: ['v1alpha1'],
    plural: 'clusteranalysistemplates',
    namespaced: false,
    builtin: false,
  },
  AnalysisRun: {
    kind: 'AnalysisRun',
    group: ARGO,
    versions: ['v1alpha1'],
    plural: 'analysisruns',
    namespaced: true,
    builtin: false,
  },
  Experiment: {
    kind: 'Experiment',
    group: ARGO,
    versions: ['v1alpha1'],
    plural: 'experiments',
    namespaced: true,
    builtin: false,
  },
  Service: { kind: 'Service', group: '', versions: ['v1'], plural: 'services', namespaced: true, builtin: true },
  Deployment: {
    kind: 'Deployment',
    group: 'apps',
    versions: ['v1'],
    plural: 'deployments',
    namespaced: true,
    builtin: true,
  },
  ReplicaSet: {
    kind: 'ReplicaSet',
    group: 'apps',
    versions: ['v1'],
    plural: 'replicasets',
    namespaced: true,
    builtin: true,
  },
  Pod: { kind: 'Pod', group: '', versions: ['v1'], plural: 'pods', namespaced: true, builtin: true },
  Job: { kind: 'Job', group: 'batch', versions: ['v1'], plural: 'jobs', namespaced: true, builtin: true },
  VirtualService: {
    kind: 'VirtualService',
    group: ISTIO,
    versions: ISTIO_VERSIONS,
    plural: 'virtualservices',
    namespaced: true,
    builtin: false,
  },
  DestinationRule: {
    kind: 'DestinationRule',
    group: ISTIO,
    versions: ISTIO_VERSIONS,
    plural: 'destinationrules',
    namespaced: true,
    builtin: false,
  },
} as const satisfies Record<string, KindInfo>;

export type TableKind = keyof typeof KIND_TABLE;

/** "argoproj.io/v1alpha1", "v1": the apiVersions of a kind, in the table's order. */
export function apiVersionsOf(info: KindInfo): string[] {
  return info.versions.map((version) => (info.group === '' ? version : `${info.group}/${version}`));
}

/** The kinds that live outside namespaces (ClusterAnalysisTemplate). */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set(
  Object.values(KIND_TABLE)
    .filter((info) => !info.namespaced)
    .map((info) => info.kind),
);
