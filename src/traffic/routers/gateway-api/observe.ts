// What the Gateway API router finds in place: the weights of every rule that sends traffic to the
// stable and canary Services, and the managed rules present (a rule with a RequestMirror filter is
// a mirror route, any other a header route).
import { gatewayApiConfigOf } from '../../../api/gateway-api-config.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import { describeRef } from '../../route-objects.ts';
import type { RouteWeightsInPlace, TrafficInPlace } from '../../router.ts';
import { managedNames, refersTo, routeRefOf, servicesOf, type GatewayRoutes } from './plan.ts';
import { mirroredPercentage } from './rules.ts';
import type { GatewayRoute } from './types.ts';

export function observeGatewayTraffic(rollout: Rollout, current: GatewayRoutes): TrafficInPlace {
  const config = gatewayApiConfigOf(rollout);
  const managed = managedNames(rollout);
  const { stable, canary } = servicesOf(rollout);
  const inPlace: TrafficInPlace = {
    canaryWeight: undefined,
    routes: [],
    headerRoutes: [],
    mirrorRoutes: [],
    problems: [],
  };
  for (const ref of config?.routes ?? []) {
    const key = describeRef(routeRefOf(ref));
    const found = current.found.get(key) as GatewayRoute | undefined;
    if (!found) {
      inPlace.problems.push({ object: key, path: '', message: 'not found' });
      continue;
    }
    const rules = found.spec?.rules ?? [];
    rules.forEach((rule, index) => {
      if (rule.name !== undefined && managed.includes(rule.name)) {
        const percentage = mirroredPercentage(rule);
        if (percentage === undefined) {
          if (!inPlace.headerRoutes.includes(rule.name)) inPlace.headerRoutes.push(rule.name);
        } else if (!inPlace.mirrorRoutes.some((mirror) => mirror.name === rule.name)) {
          inPlace.mirrorRoutes.push({ name: rule.name, percentage });
        }
        return;
      }
      if (!refersTo(rule, canary) || !refersTo(rule, stable)) return;
      const weightOf = (name: string) =>
        (rule.backendRefs ?? [])
          .filter((backend) => backend.name === name)
          .reduce((sum, backend) => sum + (backend.weight ?? 1), 0);
      const where: RouteWeightsInPlace = {
        where: `${key} spec.rules[${rule.name ? `name=${rule.name}` : index}]`,
        canaryWeight: weightOf(canary),
        stableWeight: weightOf(stable),
      };
      inPlace.routes.push(where);
    });
  }
  const weights = new Set(inPlace.routes.map((route) => route.canaryWeight));
  if (weights.size === 1) inPlace.canaryWeight = [...weights][0];
  const order = (name: string) => managed.indexOf(name);
  inPlace.headerRoutes.sort((a, b) => order(a) - order(b));
  inPlace.mirrorRoutes.sort((a, b) => order(a.name) - order(b.name));
  return inPlace;
}
