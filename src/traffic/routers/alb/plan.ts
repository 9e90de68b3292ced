// The ALB plan: for each Ingress of an ALB rollout, the annotations (and, for header routes, the
// paths) Argo Rollouts writes, or the problems that stop the change (then nothing is written).
// Weights: the forward action annotation of the stable (or root) Service. Header routes: an action
// and a conditions annotation named after the route, and a `use-annotation` path in every rule.
// Every key written is recorded in rollouts.argoproj.io/managed-alb-annotations under the rollout.
import type { Rollout } from '../../../api/types/rollout.ts';
import { jsonEqual } from '../../../api/json-equal.ts';
import type { DesiredTraffic, TrafficProblem } from '../../desired.ts';
import { describeRef } from '../../route-objects.ts';
import {
  backendServiceOf,
  hasRuleWithService,
  type Ingress,
  type IngressPath,
  ingressRef,
  hasPathList,
  rulesOf,
} from '../ingress/ingress.ts';
import {
  forwardAction,
  formatManaged,
  headerRouteAction,
  headerRouteConditions,
  parseManaged,
  stickinessProblem,
} from './annotations.ts';
import {
  type AlbRefs,
  actionKey,
  albRefsOf,
  albServiceRoles,
  conditionKey,
  MANAGED_ALB_ANNOTATIONS,
} from './references.ts';

export interface AlbPlan {
  /** The Ingresses to write: `before` as read, `after` changed. */
  writes: Array<{ before: Ingress; after: Ingress }>;
  problems: TrafficProblem[];
}

export type IngressesByName = ReadonlyMap<string, Ingress>;

const ALB = 'spec.strategy.canary.trafficRouting.alb';

function addManaged(list: string[], keys: string[]): void {
  for (const key of keys) if (!list.includes(key)) list.push(key);
}

function removeManaged(list: string[], keys: string[]): string[] {
  return list.filter((key) => !keys.includes(key));
}

/** Argo's CreateAnnotationBasedPath: a `/*` path to the route's action, first in every rule. */
function addRoutePath(ingress: Ingress, route: string): void {
  if (hasRuleWithService(ingress, route)) return;
  for (const rule of rulesOf(ingress.spec)) {
    if (!hasPathList(rule)) continue;
    const path: IngressPath = {
      path: '/*',
      pathType: 'ImplementationSpecific',
      backend: { service: { name: route, port: { name: 'use-annotation' } } },
    };
    rule.http.paths = [path, ...rule.http.paths];
  }
}

/** Argo's RemovePathByServiceName: the first path to the route in every rule. */
function removeRoutePath(ingress: Ingress, route: string): void {
  for (const rule of rulesOf(ingress.spec)) {
    if (!hasPathList(rule)) continue;
    const paths = rule.http.paths;
    const index = paths.findIndex((path) => backendServiceOf(path) === route);
    if (index >= 0) rule.http.paths = paths.filter((_, at) => at !== index);
  }
}

/** Argo's SortHttpPaths: managed routes in their precedence order, every other path after them, order kept. */
function sortRoutePaths(ingress: Ingress, managedRoutes: string[]): void {
  const rank = (path: IngressPath) => {
    const index = managedRoutes.indexOf(backendServiceOf(path));
    return index < 0 ? managedRoutes.length : index;
  };
  for (const rule of rulesOf(ingress.spec)) {
    if (hasPathList(rule)) rule.http.paths = [...rule.http.paths].sort((a, b) => rank(a) - rank(b));
  }
}

function planIngress(
  refs: AlbRefs,
  current: Ingress,
  desired: DesiredTraffic,
  services: { stable: string; canary: string },
): { ingress?: Ingress; problems: TrafficProblem[] } {
  const object = describeRef(ingressRef(refs.namespace, current.metadata.name ?? ''));
  if (!hasRuleWithService(current, refs.actionService))
    return {
      problems: [
        {
          object,
          path: 'spec.rules',
          message: `has no rule that sends to Service "${refs.actionService}" (the ${refs.actionService === services.stable ? 'stable' : 'root'} Service): add a path with that backend`,
        },
      ],
    };
  const next: Ingress = structuredClone(current);
  const annotations: Record<string, string> = { ...(current.metadata.annotations ?? {}) };
  const managedAll = parseManaged(annotations[MANAGED_ALB_ANNOTATIONS]);
  if (typeof managedAll === 'string')
    return {
      problems: [
        {
          object,
          path: `metadata.annotations.${MANAGED_ALB_ANNOTATIONS}`,
          message: `${managedAll}: fix or remove the annotation`,
        },
      ],
    };
  let managed = [...(managedAll[refs.rolloutName] ?? [])];

  const weightKey = actionKey(refs, refs.actionService);
  annotations[weightKey] = forwardAction(refs, services, desired.canaryWeight, desired.additional);
  addManaged(managed, [weightKey]);

  const wanted = new Map(desired.headerRoutes.map((route) => [route.name, route]));
  for (const route of desired.headerRoutes) {
    const conditions = headerRouteConditions(route);
    if (typeof conditions === 'string')
      return { problems: [{ object, path: 'metadata.annotations', message: conditions }] };
    const keys = [actionKey(refs, route.name), conditionKey(refs, route.name)];
    annotations[keys[0] ?? ''] = headerRouteAction(refs, services.canary);
    annotations[keys[1] ?? ''] = conditions.value;
    addManaged(managed, keys);
    addRoutePath(next, route.name);
  }
  for (const name of refs.managedRoutes) {
    if (wanted.has(name)) continue;
    const keys = [actionKey(refs, name), conditionKey(refs, name)];
    for (const key of keys) delete annotations[key];
    managed = removeManaged(managed, keys);
    if (hasRuleWithService(next, name)) removeRoutePath(next, name);
  }
  sortRoutePaths(next, refs.managedRoutes);
  managedAll[refs.rolloutName] = managed;
  annotations[MANAGED_ALB_ANNOTATIONS] = formatManaged(managedAll);
  next.metadata.annotations = annotations;
  if (jsonEqual(next.metadata.annotations, current.metadata.annotations ?? {}) && jsonEqual(next.spec, current.spec))
    return { problems: [] };
  return { ingress: next, problems: [] };
}

export function albIngressNames(rollout: Rollout): string[] {
  return albRefsOf(rollout)?.ingresses ?? [];
}

export function planAlbTraffic(rollout: Rollout, desired: DesiredTraffic, ingresses: IngressesByName): AlbPlan {
  const refs = albRefsOf(rollout);
  const plan: AlbPlan = { writes: [], problems: [] };
  if (!refs) return plan;
  const rolloutObject = `Rollout ${refs.namespace}/${refs.rolloutName}`;
  if (refs.ingresses.length === 0)
    plan.problems.push({ object: rolloutObject, path: ALB, message: 'names no Ingress: set ingress or ingresses' });
  if (refs.servicePort === undefined)
    plan.problems.push({
      object: rolloutObject,
      path: `${ALB}.servicePort`,
      message: 'is required: the port of the Services the ALB targets',
    });
  const sticky = stickinessProblem(refs);
  if (sticky) plan.problems.push({ object: rolloutObject, path: `${ALB}.stickinessConfig`, message: sticky });
  if (plan.problems.length > 0) return plan;
  // As Argo's ALB router: with pingPong, ping and pong are weighed even when stableService and
  // canaryService are set too (those are then the Istio router's, in a mixed setup).
  const services = desired.pingPong ?? desired.services ?? albServiceRoles(rollout);
  for (const name of refs.ingresses) {
    const current = ingresses.get(name);
    if (!current) {
      plan.problems.push({
        object: describeRef(ingressRef(refs.namespace, name)),
        path: '',
        message: `not found (${ALB}): create it or fix the name`,
      });
      continue;
    }
    const planned = planIngress(refs, current, desired, services);
    plan.problems.push(...planned.problems);
    if (planned.ingress) plan.writes.push({ before: current, after: planned.ingress });
  }
  if (plan.problems.length > 0) plan.writes = [];
  return plan;
}
