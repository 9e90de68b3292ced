// GET /namespaces/NS/rollouts/NAME/traffic: requests per second and error share per version over
// time, from the dashboard's traffic source (the local mesh, or the Prometheus of the analysis),
// once the identity may read the rollout.
import { guardAll, readNeeds } from '../auth/access-needs.ts';
import type { TrafficSeries } from '../contract.ts';
import type { Route, RouteContext } from '../server/route.ts';
import type { TrafficSource } from './traffic/traffic-source.ts';

export function trafficRoute(source: TrafficSource): Route {
  return {
    method: 'GET',
    pattern: '/namespaces/:namespace/rollouts/:name/traffic',
    handle: async (context: RouteContext): Promise<TrafficSeries> => {
      const { namespace = '', name = '' } = context.params;
      await guardAll(context.guard, readNeeds({ route: 'traffic', namespace, name }));
      return source.series(context.target, await context.target.rolloutObjects(namespace, name));
    },
  };
}
