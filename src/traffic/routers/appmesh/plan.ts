// App Mesh: the VirtualService `appMesh.virtualService.name` is provided by a VirtualRouter
// (spec.provider.virtualRouter.virtualRouterRef); in its routes (those named in
// `appMesh.virtualService.routes`, else all) the weighted target whose virtualNodeRef is the stable
// VirtualNode gets 100 - canary and the canary VirtualNode's gets the canary weight. The two
// VirtualNodes of `appMesh.virtualNodeGroup` select the pods of their ReplicaSet: the router writes
// the pod-template hash into spec.podSelector.matchLabels and marks them managed by the Rollout, as
// Argo does (stable-hash / canary-hash while there is no second ReplicaSet). Nodes are written
// before the router, so a weight never points at a node selecting the wrong pods.
import type { Rollout } from '../../../api/types/rollout.ts';
import type { DesiredTraffic, TrafficProblem } from '../../desired.ts';
import { describeRef, type RouteObject, type RouteObjectRef } from '../../route-objects.ts';
import type { RouteWeightsInPlace, TrafficInPlace } from '../../router.ts';
import { changed, inPlaceFrom, isRecord, unsupportedRouteProblems, type ObjectPlan } from '../object-plan.ts';

export const APPMESH_API_VERSION = 'appmesh.k8s.aws/v1beta2';
export const POD_TEMPLATE_HASH = 'rollouts-pod-template-hash';
export const MANAGED_BY = 'argo-rollouts.argoproj.io/managed-by-rollouts';
const ROUTE_TYPES = ['httpRoute', 'tcpRoute', 'http2Route', 'grpcRoute'];

export interface AppMeshObjects {
  virtualService: RouteObject | undefined;
  /** The VirtualRouter the VirtualService names; undefined when it names none or it does not exist. */
  virtualRouter: RouteObject | undefined;
  canaryNode: RouteObject | undefined;
  stableNode: RouteObject | undefined;
}

function ref(rollout: Rollout, kind: string, name: string, namespace?: string): RouteObjectRef {
  return {
    apiVersion: APPMESH_API_VERSION,
    kind,
    namespace: namespace ?? rollout.metadata.namespace ?? 'default',
    name,
  };
}

function appMesh(rollout: Rollout) {
  return rollout.spec.strategy?.canary?.trafficRouting?.appMesh;
}

export function virtualServiceRef(rollout: Rollout): RouteObjectRef {
  return ref(rollout, 'VirtualService', appMesh(rollout)?.virtualService?.name ?? '');
}

export function virtualNodeRefs(rollout: Rollout): { canary: RouteObjectRef; stable: RouteObjectRef } {
  const group = appMesh(rollout)?.virtualNodeGroup;
  return {
    canary: ref(rollout, 'VirtualNode', group?.canaryVirtualNodeRef?.name ?? ''),
    stable: ref(rollout, 'VirtualNode', group?.stableVirtualNodeRef?.name ?? ''),
  };
}

/** The VirtualRouter a VirtualService is provided by; undefined when it is not provided by one. */
export function virtualRouterRefOf(rollout: Rollout, virtualService: RouteObject): RouteObjectRef | undefined {
  const spec = isRecord(virtualService.spec) ? virtualService.spec : {};
  const provider = isRecord(spec.provider) ? spec.provider : {};
  const router = isRecord(provider.virtualRouter) ? provider.virtualRouter : {};
  const routerRef = isRecord(router.virtualRouterRef) ? router.virtualRouterRef : undefined;
  if (!routerRef || typeof routerRef.name !== 'string') return undefined;
  const namespace =
    typeof routerRef.namespace === 'string' && routerRef.namespace
      ? routerRef.namespace
      : virtualService.metadata.namespace;
  return ref(rollout, 'VirtualRouter', routerRef.name, namespace);
}

/** Argo's hashes: stable-hash before the first ReplicaSet, canary-hash while the canary is the stable. */
export function nodeHashes(desired: Pick<DesiredTraffic, 'stableHash' | 'canaryHash'>): {
  stable: string;
  canary: string;
} {
  const stable = desired.stableHash || 'stable-hash';
  const canary = !desired.canaryHash || desired.canaryHash === stable ? 'canary-hash' : desired.canaryHash;
  return { stable, canary };
}

interface WeightedTarget {
  where: string;
  target: Record<string, unknown>;
}

/** The selected routes' weighted targets, with where each route is; problems for malformed routes. */
function selectedRoutes(
  rollout: Rollout,
  router: RouteObject,
): { routes: Array<{ name: string; path: string; targets: WeightedTarget[] }>; problems: TrafficProblem[] } {
  const where = describeRef(ref(rollout, 'VirtualRouter', router.metadata.name ?? '', router.metadata.namespace));
  const spec = isRecord(router.spec) ? router.spec : {};
  if (!Array.isArray(spec.routes))
    return {
      routes: [],
      problems: [{ object: where, path: 'spec.routes', message: 'the VirtualRouter has no routes' }],
    };
  const wanted = appMesh(rollout)?.virtualService?.routes ?? [];
  const problems: TrafficProblem[] = [];
  const routes: Array<{ name: string; path: string; targets: WeightedTarget[] }> = [];
  spec.routes.forEach((route: unknown, index: number) => {
    if (!isRecord(route) || typeof route.name !== 'string') {
      problems.push({ object: where, path: `spec.routes[${index}].name`, message: 'the route has no name' });
      return;
    }
    if (wanted.length > 0 && !wanted.includes(route.name)) return;
    const type = ROUTE_TYPES.find((candidate) => isRecord(route[candidate]));
    const rule = type ? (route[type] as Record<string, unknown>) : undefined;
    const action = rule && isRecord(rule.action) ? rule.action : undefined;
    if (!type || !action || !Array.isArray(action.weightedTargets)) {
      problems.push({
        object: where,
        path: `spec.routes[${index}]`,
        message: `route "${route.name}" has no ${ROUTE_TYPES.join('/')} with action.weightedTargets`,
      });
      return;
    }
    const path = `spec.routes[${index}].${type}.action.weightedTargets`;
    routes.push({
      name: route.name,
      path,
      targets: action.weightedTargets.filter(isRecord).map((target) => ({ where: path, target })),
    });
  });
  for (const name of wanted)
    if (!spec.routes.some((route: unknown) => isRecord(route) && route.name === name))
      problems.push({
        object: where,
        path: 'spec.routes',
        message: `no route named "${name}": fix appMesh.virtualService.routes`,
      });
  return { routes, problems };
}

function targetNode(rollout: Rollout, target: Record<string, unknown>): string | undefined {
  const nodeRef = isRecord(target.virtualNodeRef) ? target.virtualNodeRef : undefined;
  const namespace =
    typeof nodeRef?.namespace === 'string' && nodeRef.namespace ? nodeRef.namespace : rollout.metadata.namespace;
  if (namespace !== rollout.metadata.namespace) return undefined;
  return typeof nodeRef?.name === 'string' ? nodeRef.name : undefined;
}

function referenceProblems(rollout: Rollout, objects: AppMeshObjects): TrafficProblem[] {
  const vsRef = virtualServiceRef(rollout);
  const nodes = virtualNodeRefs(rollout);
  const problems: TrafficProblem[] = [];
  const missing = (at: RouteObjectRef, field: string) =>
    problems.push({
      object: describeRef(at),
      path: '',
      message: `no ${at.kind} "${at.name}" in namespace ${at.namespace}: create it or fix ${field}`,
    });
  if (!objects.virtualService) missing(vsRef, 'appMesh.virtualService.name');
  else {
    const routerRef = virtualRouterRefOf(rollout, objects.virtualService);
    if (!routerRef)
      problems.push({
        object: describeRef(vsRef),
        path: 'spec.provider.virtualRouter.virtualRouterRef',
        message:
          'the VirtualService is not provided by a VirtualRouter: set spec.provider.virtualRouter.virtualRouterRef',
      });
    else if (!objects.virtualRouter) missing(routerRef, `the VirtualService's virtualRouterRef`);
  }
  if (!objects.canaryNode) missing(nodes.canary, 'appMesh.virtualNodeGroup.canaryVirtualNodeRef.name');
  if (!objects.stableNode) missing(nodes.stable, 'appMesh.virtualNodeGroup.stableVirtualNodeRef.name');
  return problems;
}

function routeProblems(rollout: Rollout, router: RouteObject): TrafficProblem[] {
  const { routes, problems } = selectedRoutes(rollout, router);
  const nodes = virtualNodeRefs(rollout);
  const where = describeRef(ref(rollout, 'VirtualRouter', router.metadata.name ?? '', router.metadata.namespace));
  for (const route of routes)
    for (const [role, node] of [
      ['canary', nodes.canary.name],
      ['stable', nodes.stable.name],
    ] as const)
      if (!route.targets.some(({ target }) => targetNode(rollout, target) === node))
        problems.push({
          object: where,
          path: route.path,
          message: `route "${route.name}" has no weighted target for the ${role} VirtualNode "${node}": add { virtualNodeRef: { name: ${node} }, weight: 0 }`,
        });
  return problems;
}

function withHash(rollout: Rollout, node: RouteObject, hash: string): RouteObject | undefined {
  return changed(node, (copy) => {
    copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), [MANAGED_BY]: rollout.metadata.name ?? '' };
    const spec = isRecord(copy.spec) ? copy.spec : (copy.spec = {});
    const selector = isRecord(spec.podSelector) ? spec.podSelector : (spec.podSelector = {});
    selector.matchLabels = {
      ...(isRecord(selector.matchLabels) ? selector.matchLabels : {}),
      [POD_TEMPLATE_HASH]: hash,
    };
  });
}

export function planAppMeshTraffic(rollout: Rollout, desired: DesiredTraffic, objects: AppMeshObjects): ObjectPlan {
  const vsRef = virtualServiceRef(rollout);
  const problems = [
    ...unsupportedRouteProblems('App Mesh', describeRef(vsRef), desired),
    ...referenceProblems(rollout, objects),
  ];
  if (objects.virtualRouter) problems.push(...routeProblems(rollout, objects.virtualRouter));
  const { virtualRouter, canaryNode, stableNode } = objects;
  if (problems.length > 0 || !virtualRouter || !canaryNode || !stableNode) return { writes: [], problems };
  const hashes = nodeHashes(desired);
  const nodes = virtualNodeRefs(rollout);
  const writes: ObjectPlan['writes'] = [];
  const stable = withHash(rollout, stableNode, hashes.stable);
  if (stable) writes.push({ action: 'update', object: stable });
  const canary = withHash(rollout, canaryNode, hashes.canary);
  if (canary) writes.push({ action: 'update', object: canary });
  const weighted = changed(virtualRouter, (copy) => {
    for (const route of selectedRoutes(rollout, copy).routes)
      for (const { target } of route.targets) {
        const node = targetNode(rollout, target);
        if (node === nodes.stable.name) target.weight = 100 - desired.canaryWeight;
        else if (node === nodes.canary.name) target.weight = desired.canaryWeight;
      }
  });
  if (weighted) writes.push({ action: 'update', object: weighted });
  return { writes, problems: [] };
}

function hashOf(node: RouteObject | undefined): string | undefined {
  const spec = node && isRecord(node.spec) ? node.spec : {};
  const selector = isRecord(spec.podSelector) ? spec.podSelector : {};
  const labels = isRecord(selector.matchLabels) ? selector.matchLabels : {};
  return typeof labels[POD_TEMPLATE_HASH] === 'string' ? labels[POD_TEMPLATE_HASH] : undefined;
}

export function observeAppMeshTraffic(rollout: Rollout, objects: AppMeshObjects): TrafficInPlace {
  const problems = referenceProblems(rollout, objects);
  const routes: RouteWeightsInPlace[] = [];
  const nodes = virtualNodeRefs(rollout);
  if (objects.virtualRouter) {
    problems.push(...routeProblems(rollout, objects.virtualRouter));
    const where = describeRef(
      ref(
        rollout,
        'VirtualRouter',
        objects.virtualRouter.metadata.name ?? '',
        objects.virtualRouter.metadata.namespace,
      ),
    );
    for (const route of selectedRoutes(rollout, objects.virtualRouter).routes) {
      const weightOf = (name: string) =>
        route.targets
          .filter(({ target }) => targetNode(rollout, target) === name)
          .reduce((sum, { target }) => sum + (typeof target.weight === 'number' ? target.weight : 0), 0);
      const canary = weightOf(nodes.canary.name);
      const total = canary + weightOf(nodes.stable.name);
      const share = total === 0 ? 0 : Math.round((canary * 100) / total);
      routes.push({ where: `${where} ${route.path}`, canaryWeight: share, stableWeight: 100 - share });
    }
  }
  const inPlace = inPlaceFrom(routes, problems);
  const canaryHash = hashOf(objects.canaryNode);
  const stableHash = hashOf(objects.stableNode);
  return { ...inPlace, ...(canaryHash ? { canaryHash } : {}), ...(stableHash ? { stableHash } : {}) };
}
