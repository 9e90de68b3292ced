// What the ALB Ingresses of a rollout route now: the weights of the canary and stable target
// groups in the forward action, and the managed header routes whose conditions are written.
import type { Rollout } from '../../../api/types/rollout.ts';
import type { TrafficInPlace } from '../../router.ts';
import { describeRef } from '../../route-objects.ts';
import { ingressRef } from '../ingress/ingress.ts';
import type { AlbAction } from './annotations.ts';
import type { IngressesByName } from './plan.ts';
import { actionKey, albRefsOf, albServiceRoles, conditionKey } from './references.ts';

function parseAction(text: string | undefined): AlbAction | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as AlbAction;
    return Array.isArray(parsed?.ForwardConfig?.TargetGroups) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function observeAlbTraffic(rollout: Rollout, ingresses: IngressesByName): TrafficInPlace {
  const inPlace: TrafficInPlace = {
    canaryWeight: undefined,
    routes: [],
    headerRoutes: [],
    mirrorRoutes: [],
    problems: [],
  };
  const refs = albRefsOf(rollout);
  if (!refs) return inPlace;
  const roles = albServiceRoles(rollout);
  for (const name of refs.ingresses) {
    const object = describeRef(ingressRef(refs.namespace, name));
    const ingress = ingresses.get(name);
    if (!ingress) {
      inPlace.problems.push({ object, path: '', message: 'not found' });
      continue;
    }
    const annotations = ingress.metadata.annotations ?? {};
    const key = actionKey(refs, refs.actionService);
    const action = parseAction(annotations[key]);
    if (!action) {
      inPlace.problems.push({
        object,
        path: `metadata.annotations.${key}`,
        message: 'missing or not a forward action',
      });
      continue;
    }
    const weightOf = (service: string) =>
      action.ForwardConfig.TargetGroups.filter((group) => group.ServiceName === service).reduce(
        (sum, group) => sum + (typeof group.Weight === 'number' ? group.Weight : 0),
        0,
      );
    inPlace.routes.push({
      where: `${object} metadata.annotations.${key}`,
      canaryWeight: weightOf(roles.canary),
      stableWeight: weightOf(roles.stable),
    });
    for (const route of refs.managedRoutes)
      if (annotations[conditionKey(refs, route)] !== undefined && !inPlace.headerRoutes.includes(route))
        inPlace.headerRoutes.push(route);
  }
  const first = inPlace.routes[0];
  if (first && inPlace.routes.every((route) => route.canaryWeight === first.canaryWeight))
    inPlace.canaryWeight = first.canaryWeight;
  return inPlace;
}
