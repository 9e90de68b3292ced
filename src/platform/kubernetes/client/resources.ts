// Where a kind lives in the API (group, version, plural) and whether it is namespaced, and the
// built-in kinds every controller uses. The kinds of a product (its custom resources) are declared
// by the product with `custom`. Built-in kinds accept strategic merge patches; custom
// resources do not.

import type { KubeObject, ObjectBase } from './objects.ts';

export interface ResourceType {
  kind: string;
  /** "" for the core group. */
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
  /** The API server accepts application/strategic-merge-patch+json (built-in kinds only). */
  strategicMerge: boolean;
}

/**
 * A kind that carries the type of its objects, so that `client.get(rollouts, ...)` returns a typed
 * Rollout. `objectType` is never set: it only holds the type.
 */
export interface Resource<T extends ObjectBase = KubeObject> extends ResourceType {
  readonly objectType?: T;
}

export function apiVersionOf(resource: ResourceType): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}

/** A built-in kind (accepts strategic merge patches). */
export function builtin<T extends ObjectBase = KubeObject>(
  kind: string,
  group: string,
  version: string,
  plural: string,
  namespaced = true,
): Resource<T> {
  return { kind, group, version, plural, namespaced, strategicMerge: true };
}

/** A custom resource (merge and JSON patches only). */
export function custom<T extends ObjectBase = KubeObject>(
  kind: string,
  group: string,
  version: string,
  plural: string,
  namespaced = true,
): Resource<T> {
  return { kind, group, version, plural, namespaced, strategicMerge: false };
}

export const coreResources = {
  pods: builtin('Pod', '', 'v1', 'pods'),
  services: builtin('Service', '', 'v1', 'services'),
  secrets: builtin('Secret', '', 'v1', 'secrets'),
  configMaps: builtin('ConfigMap', '', 'v1', 'configmaps'),
  events: builtin('Event', '', 'v1', 'events'),
  serviceAccounts: builtin('ServiceAccount', '', 'v1', 'serviceaccounts'),
  namespaces: builtin('Namespace', '', 'v1', 'namespaces', false),
  nodes: builtin('Node', '', 'v1', 'nodes', false),
  replicaSets: builtin('ReplicaSet', 'apps', 'v1', 'replicasets'),
  deployments: builtin('Deployment', 'apps', 'v1', 'deployments'),
  jobs: builtin('Job', 'batch', 'v1', 'jobs'),
  leases: builtin('Lease', 'coordination.k8s.io', 'v1', 'leases'),
  roles: builtin('Role', 'rbac.authorization.k8s.io', 'v1', 'roles'),
  roleBindings: builtin('RoleBinding', 'rbac.authorization.k8s.io', 'v1', 'rolebindings'),
} as const;

/** Finds a kind in the table by `kind` (and apiVersion when given, to tell versions apart). */
export function resourceForKind(
  table: Record<string, ResourceType>,
  kind: string,
  apiVersion?: string,
): ResourceType | undefined {
  return Object.values(table).find(
    (resource) => resource.kind === kind && (apiVersion === undefined || apiVersionOf(resource) === apiVersion),
  );
}
