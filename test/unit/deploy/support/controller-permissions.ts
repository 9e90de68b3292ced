// What the controller may do, as a table: the specification the RBAC files are checked against,
// in unit tests (the rules say exactly this) and against the real API server (kubectl auth can-i).
// Each entry: API group, resource (with subresource), verbs, and whether it is cluster-scoped.

export interface Permission {
  group: string;
  resource: string;
  verbs: readonly string[];
  clusterScoped?: boolean;
}

const READ = ['get', 'list', 'watch'] as const;

/** The controller's permissions on the objects it manages (ClusterRole, and Role per namespace). */
export const CONTROLLER_PERMISSIONS: readonly Permission[] = [
  { group: 'argoproj.io', resource: 'rollouts', verbs: [...READ, 'update', 'patch'] },
  { group: 'argoproj.io', resource: 'rollouts/status', verbs: ['get', 'update', 'patch'] },
  { group: 'argoproj.io', resource: 'rollouts/finalizers', verbs: ['update'] },
  { group: 'argoproj.io', resource: 'analysisruns', verbs: [...READ, 'create', 'update', 'patch', 'delete'] },
  { group: 'argoproj.io', resource: 'analysisruns/finalizers', verbs: ['update'] },
  { group: 'argoproj.io', resource: 'experiments', verbs: [...READ, 'create', 'update', 'patch', 'delete'] },
  { group: 'argoproj.io', resource: 'experiments/finalizers', verbs: ['update'] },
  { group: 'argoproj.io', resource: 'analysistemplates', verbs: READ },
  { group: 'argoproj.io', resource: 'clusteranalysistemplates', verbs: READ, clusterScoped: true },
  { group: 'apps', resource: 'replicasets', verbs: [...READ, 'create', 'update', 'patch', 'delete'] },
  { group: 'apps', resource: 'deployments', verbs: [...READ, 'patch'] },
  { group: '', resource: 'services', verbs: [...READ, 'create', 'patch', 'delete'] },
  { group: '', resource: 'pods', verbs: [...READ, 'patch', 'delete'] },
  { group: '', resource: 'pods/eviction', verbs: ['create'] },
  { group: '', resource: 'secrets', verbs: READ },
  // The notification ConfigMap (argo-rollouts-notification-configmap), as Argo's ClusterRole grants.
  { group: '', resource: 'configmaps', verbs: READ },
  { group: 'batch', resource: 'jobs', verbs: [...READ, 'create', 'delete'] },
  { group: 'networking.istio.io', resource: 'virtualservices', verbs: [...READ, 'patch'] },
  { group: 'networking.istio.io', resource: 'destinationrules', verbs: [...READ, 'patch'] },
  ...[
    ['networking.k8s.io', 'ingresses'],
    ['gateway.networking.k8s.io', 'httproutes'],
    ['gateway.networking.k8s.io', 'grpcroutes'],
    ['gateway.networking.k8s.io', 'tcproutes'],
    ['split.smi-spec.io', 'trafficsplits'],
    ['traefik.io', 'traefikservices'],
    ['traefik.containo.us', 'traefikservices'],
    ['getambassador.io', 'mappings'],
    ['x.getambassador.io', 'mappings'],
    ['apisix.apache.org', 'apisixroutes'],
    ['appmesh.k8s.aws', 'virtualservices'],
    ['appmesh.k8s.aws', 'virtualrouters'],
    ['appmesh.k8s.aws', 'virtualnodes'],
    ['route.openshift.io', 'routes'],
  ].map(([group, resource]) => ({ group: group!, resource: resource!, verbs: [...READ, 'create', 'patch', 'delete'] })),
  { group: '', resource: 'events', verbs: ['create', 'patch'] },
];

/** Leader election: in the controller's own namespace only. */
export const LEADER_ELECTION_PERMISSIONS: readonly Permission[] = [
  { group: 'coordination.k8s.io', resource: 'leases', verbs: ['get', 'create', 'update'] },
];

/** Things the controller must not be able to do (checked against the real API server). */
export const FORBIDDEN: readonly Permission[] = [
  { group: '', resource: 'secrets', verbs: ['create', 'update', 'patch', 'delete'] },
  { group: '', resource: 'configmaps', verbs: ['create', 'update', 'patch', 'delete'] },
  { group: '', resource: 'nodes', verbs: ['get', 'patch'], clusterScoped: true },
  { group: '', resource: 'namespaces', verbs: ['delete'], clusterScoped: true },
  { group: '', resource: 'pods', verbs: ['create', 'update'] },
  { group: '', resource: 'pods/exec', verbs: ['create'] },
  { group: '', resource: 'services', verbs: ['update'] },
  { group: '', resource: 'serviceaccounts', verbs: ['impersonate'] },
  { group: 'apps', resource: 'deployments', verbs: ['create', 'update', 'delete'] },
  { group: 'argoproj.io', resource: 'rollouts', verbs: ['create', 'delete'] },
  { group: 'argoproj.io', resource: 'analysistemplates', verbs: ['create', 'update', 'delete'] },
  {
    group: 'rbac.authorization.k8s.io',
    resource: 'clusterroles',
    verbs: ['create', 'bind', 'escalate'],
    clusterScoped: true,
  },
  { group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings', verbs: ['create'], clusterScoped: true },
  { group: 'rbac.authorization.k8s.io', resource: 'roles', verbs: ['create'] },
  {
    group: 'apiextensions.k8s.io',
    resource: 'customresourcedefinitions',
    verbs: ['create', 'delete'],
    clusterScoped: true,
  },
];

/** `group/resource:verb` for each verb, the form both the rules and the table expand to. */
export function expand(permissions: readonly Permission[]): string[] {
  return permissions.flatMap((p) => p.verbs.map((verb) => `${p.group}/${p.resource}:${verb}`)).sort();
}

/** The same for the rules of a Role or ClusterRole. */
export function expandRules(
  rules: readonly { apiGroups?: string[]; resources?: string[]; verbs?: string[] }[],
): string[] {
  return rules
    .flatMap((rule) =>
      (rule.apiGroups ?? []).flatMap((group) =>
        (rule.resources ?? []).flatMap((resource) => (rule.verbs ?? []).map((verb) => `${group}/${resource}:${verb}`)),
      ),
    )
    .sort();
}
