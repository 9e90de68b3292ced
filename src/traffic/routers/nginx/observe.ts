// What the canary Ingresses of an NGINX rollout route now: the canary-weight of each (out of
// canary-weight-total, 100 when unset) and the header route the canary-by-header annotations carry.
import type { Rollout } from '../../../api/types/rollout.ts';
import type { TrafficInPlace } from '../../router.ts';
import { describeRef } from '../../route-objects.ts';
import { ingressRef } from '../ingress/ingress.ts';
import { HEADER_ROUTE_ANNOTATION } from './canary-ingress.ts';
import type { IngressesByName } from './plan.ts';
import { canaryIngressName, nginxRefsOf } from './references.ts';

export function observeNginxTraffic(rollout: Rollout, ingresses: IngressesByName): TrafficInPlace {
  const inPlace: TrafficInPlace = {
    canaryWeight: undefined,
    routes: [],
    headerRoutes: [],
    mirrorRoutes: [],
    problems: [],
  };
  const refs = nginxRefsOf(rollout);
  if (!refs) return inPlace;
  for (const stableName of refs.stableIngresses) {
    const name = canaryIngressName(rollout.metadata.name ?? '', stableName);
    const object = describeRef(ingressRef(refs.namespace, name));
    const canary = ingresses.get(name);
    if (!canary) {
      inPlace.problems.push({ object, path: '', message: 'not created yet' });
      continue;
    }
    const annotations = canary.metadata.annotations ?? {};
    const weight = Number.parseInt(annotations[`${refs.annotationPrefix}/canary-weight`] ?? '', 10);
    if (!Number.isFinite(weight)) {
      inPlace.problems.push({
        object,
        path: `metadata.annotations.${refs.annotationPrefix}/canary-weight`,
        message: 'missing or not a number',
      });
      continue;
    }
    inPlace.routes.push({
      where: `${object} metadata.annotations`,
      canaryWeight: weight,
      stableWeight: refs.total - weight,
    });
    const route = annotations[HEADER_ROUTE_ANNOTATION];
    if (route !== undefined && !inPlace.headerRoutes.includes(route)) inPlace.headerRoutes.push(route);
  }
  const first = inPlace.routes[0];
  if (first && inPlace.routes.every((route) => route.canaryWeight === first.canaryWeight))
    inPlace.canaryWeight = first.canaryWeight;
  return inPlace;
}
