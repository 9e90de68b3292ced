// What the Istio objects route now: the weights on the weighted routes, the managed routes present,
// the hashes the DestinationRule subsets select. Used to verify, to report, and to notice that
// someone re-applied a VirtualService mid-rollout (the next apply then puts the weights back).
import type { Rollout } from '../../../api/types/rollout.ts';
import type { DesiredTraffic } from '../../desired.ts';
import type { RouteWeightsInPlace, TrafficInPlace } from '../../router.ts';
import { POD_TEMPLATE_HASH_LABEL, subsetsOf } from './destination-rule.ts';
import { routeName } from './http-routes.ts';
import { planIstioTraffic, type IstioObjects } from './plan.ts';
import { istioRefsOf, objectLabel } from './references.ts';
import { roleOf, routeDestinationProblems, weightOf } from './route-weights.ts';
import { weightedRoutesOf } from './virtual-service.ts';

export function observeIstioTraffic(rollout: Rollout, current: IstioObjects): TrafficInPlace {
  const inPlace: TrafficInPlace = {
    canaryWeight: undefined,
    routes: [],
    headerRoutes: [],
    mirrorRoutes: [],
    problems: [],
  };
  const refs = istioRefsOf(rollout);
  if (!refs) return inPlace;
  const managed = new Set(refs.managedRoutes);
  for (const ref of refs.virtualServices) {
    const object = objectLabel('VirtualService', ref.namespace, ref.name);
    const vs = current.virtualServices.find(
      (o) => o.metadata.name === ref.name && (o.metadata.namespace ?? refs.namespace) === ref.namespace,
    );
    if (!vs) {
      inPlace.problems.push({ object, path: '', message: `not found (${ref.field}.name)` });
      continue;
    }
    const selected = weightedRoutesOf(vs, ref, refs);
    inPlace.problems.push(...selected.problems);
    const spec = vs.spec as Record<string, unknown>;
    for (const route of selected.routes) {
      const destinations = (((spec[route.kind] as unknown[])[route.index] ?? {}) as { route?: unknown }).route;
      const problems = routeDestinationProblems(destinations, refs, object, `${route.path}.route`);
      inPlace.problems.push(...problems);
      if (problems.length > 0 || !Array.isArray(destinations)) continue;
      const weights: RouteWeightsInPlace = { where: `${object} ${route.path}`, canaryWeight: 0, stableWeight: 0 };
      for (const entry of destinations) {
        const role = roleOf(entry, refs);
        if (role === 'canary') weights.canaryWeight += weightOf(entry);
        if (role === 'stable') weights.stableWeight += weightOf(entry);
      }
      inPlace.routes.push(weights);
    }
    const http = Array.isArray(spec.http) ? (spec.http as unknown[]) : [];
    for (const route of http) {
      const name = routeName(route);
      if (!name || !managed.has(name)) continue;
      const mirror = route as { mirror?: unknown; mirrorPercentage?: { value?: unknown } };
      if (mirror.mirror) {
        const value = mirror.mirrorPercentage?.value;
        if (!inPlace.mirrorRoutes.some((m) => m.name === name))
          inPlace.mirrorRoutes.push({ name, percentage: typeof value === 'number' ? value : 100 });
      } else if (!inPlace.headerRoutes.includes(name)) {
        inPlace.headerRoutes.push(name);
      }
    }
  }
  const first = inPlace.routes[0];
  if (first && inPlace.routes.every((route) => route.canaryWeight === first.canaryWeight))
    inPlace.canaryWeight = first.canaryWeight;
  const ruleRef = refs.destinationRule;
  if (ruleRef && current.destinationRule) {
    const subsets = subsetsOf(current.destinationRule);
    const hashOf = (name: string) => subsets.find((s) => s.name === name)?.labels?.[POD_TEMPLATE_HASH_LABEL];
    const canaryHash = hashOf(ruleRef.canarySubsetName);
    const stableHash = hashOf(ruleRef.stableSubsetName);
    if (canaryHash !== undefined) inPlace.canaryHash = canaryHash;
    if (stableHash !== undefined) inPlace.stableHash = stableHash;
  }
  return inPlace;
}

/** True when applying `desired` to these objects would change nothing: the desired state is what they hold. */
export function istioTrafficInPlace(rollout: Rollout, desired: DesiredTraffic, current: IstioObjects): boolean {
  const plan = planIstioTraffic(rollout, desired, current);
  return (
    plan.problems.length === 0 && plan.virtualServices.every((vs) => !vs.changed) && !plan.destinationRule?.changed
  );
}
