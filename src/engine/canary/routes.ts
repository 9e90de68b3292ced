// setHeaderRoute and setMirrorRoute steps: the managed routes in place at the current step,
// accumulated from the steps already reached (a step without `match` removes its route).
import type { Rollout } from '../../api/types/rollout.ts';
import type { HeaderRoute, MirrorRoute } from '../types.ts';
import { stepsOf } from './steps.ts';

export function managedRoutesAt(
  rollout: Rollout,
  index: number,
): { headerRoutes: HeaderRoute[]; mirrorRoutes: MirrorRoute[] } {
  const headers = new Map<string, HeaderRoute>();
  const mirrors = new Map<string, MirrorRoute>();
  const steps = stepsOf(rollout);
  for (let i = 0; i <= index && i < steps.length; i++) {
    const step = steps[i];
    const header = step?.setHeaderRoute;
    if (header?.name) {
      if (header.match && header.match.length > 0) headers.set(header.name, { name: header.name, match: header.match });
      else headers.delete(header.name);
    }
    const mirror = step?.setMirrorRoute;
    if (mirror?.name) {
      if (mirror.match && mirror.match.length > 0)
        mirrors.set(mirror.name, { name: mirror.name, match: mirror.match, percentage: mirror.percentage ?? 100 });
      else mirrors.delete(mirror.name);
    }
  }
  return { headerRoutes: order(rollout, [...headers.values()]), mirrorRoutes: order(rollout, [...mirrors.values()]) };
}

/** Routes in the order of spec.strategy.canary.trafficRouting.managedRoutes (the order Istio evaluates them). */
function order<T extends { name: string }>(rollout: Rollout, routes: T[]): T[] {
  const names = (rollout.spec.strategy.canary?.trafficRouting?.managedRoutes ?? []).map((r) => r.name);
  return routes.sort((a, b) => rank(names, a.name) - rank(names, b.name));
}

function rank(names: string[], name: string): number {
  const index = names.indexOf(name);
  return index === -1 ? names.length : index;
}
