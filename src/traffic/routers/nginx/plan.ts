// The NGINX plan: for each stable Ingress, the canary Ingress to create or the changes to write to
// the one in place, or the problems that stop the change (then nothing is written at all).
// On an existing canary Ingress Argo replaces the annotations, labels and spec and keeps the rest.
import type { Rollout } from '../../../api/types/rollout.ts';
import { jsonEqual } from '../../../api/json-equal.ts';
import type { DesiredTraffic, TrafficProblem } from '../../desired.ts';
import { describeRef, type RouteObject } from '../../route-objects.ts';
import type { ObjectWrite } from '../../staged.ts';
import { type Ingress, ingressRef } from '../ingress/ingress.ts';
import { buildCanaryIngress, controlledBy } from './canary-ingress.ts';
import { canaryIngressName, nginxRefsOf } from './references.ts';

export interface NginxPlan {
  /** Canary Ingresses to create (no `before`) or to update (`before` as read). */
  writes: ObjectWrite[];
  problems: TrafficProblem[];
}

/** The Ingresses read for a plan, by name (a name missing from the map was not found). */
export type IngressesByName = ReadonlyMap<string, Ingress>;

/** The names of the Ingresses an NGINX rollout reads: each stable Ingress and its canary Ingress. */
export function nginxIngressNames(rollout: Rollout): string[] {
  const refs = nginxRefsOf(rollout);
  if (!refs) return [];
  return refs.stableIngresses.flatMap((name) => [name, canaryIngressName(rollout.metadata.name ?? '', name)]);
}

export function planNginxTraffic(rollout: Rollout, desired: DesiredTraffic, ingresses: IngressesByName): NginxPlan {
  const refs = nginxRefsOf(rollout);
  const plan: NginxPlan = { writes: [], problems: [] };
  if (!refs) return plan;
  const rolloutObject = `Rollout ${refs.namespace}/${rollout.metadata.name}`;
  if (refs.stableIngresses.length === 0) {
    plan.problems.push({
      object: rolloutObject,
      path: 'spec.strategy.canary.trafficRouting.nginx',
      message: 'names no Ingress: set stableIngress or stableIngresses',
    });
    return plan;
  }
  if (desired.headerRoutes.length > 1)
    plan.problems.push({
      object: rolloutObject,
      path: 'spec.strategy.canary.steps',
      message: `${desired.headerRoutes.length} header routes at once: an NGINX canary Ingress carries one (remove one with setHeaderRoute and no match)`,
    });
  const canary = rollout.spec.strategy.canary;
  const services = { stable: canary?.stableService ?? '', canary: canary?.canaryService ?? '' };
  for (const stableName of refs.stableIngresses) {
    const stable = ingresses.get(stableName);
    if (!stable) {
      plan.problems.push({
        object: describeRef(ingressRef(refs.namespace, stableName)),
        path: '',
        message: 'not found (spec.strategy.canary.trafficRouting.nginx): create it or fix the name',
      });
      continue;
    }
    const canaryName = canaryIngressName(rollout.metadata.name ?? '', stableName);
    const built = buildCanaryIngress({
      rollout,
      refs,
      stable,
      canaryName,
      canaryWeight: desired.canaryWeight,
      headerRoute: desired.headerRoutes[0],
      services,
    });
    plan.problems.push(...built.problems);
    if (!built.ingress) continue;
    const current = ingresses.get(canaryName);
    if (!current) {
      plan.writes.push({ after: built.ingress });
      continue;
    }
    if (!controlledBy(current, rollout)) {
      plan.problems.push({
        object: describeRef(ingressRef(refs.namespace, canaryName)),
        path: 'metadata.ownerReferences',
        message: `is controlled by another object than Rollout ${rollout.metadata.name}: delete it or rename the stable Ingress`,
      });
      continue;
    }
    const next: Ingress = structuredClone(current);
    const annotations = built.ingress.metadata.annotations ?? {};
    if (
      jsonEqual(current.metadata.annotations ?? {}, annotations) &&
      current.metadata.labels === undefined &&
      jsonEqual(current.spec ?? {}, built.ingress.spec)
    )
      continue;
    next.metadata.annotations = annotations;
    delete next.metadata.labels;
    next.spec = structuredClone(built.ingress.spec);
    plan.writes.push({ before: current as RouteObject, after: next });
  }
  if (plan.problems.length > 0) plan.writes = [];
  return plan;
}
