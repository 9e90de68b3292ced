// GET /namespaces/NS/rollouts/NAME/timeline: the rollout's Events through the target, once the
// identity may read the rollout and list Events in its namespace.
import { guardAll, readNeeds } from '../auth/access-needs.ts';
import type { Timeline } from '../contract.ts';
import type { RouteContext } from '../server/route.ts';
import { timelineOf } from './timeline.ts';

export async function rolloutTimeline(context: RouteContext): Promise<Timeline> {
  const { namespace = '', name = '' } = context.params;
  await guardAll(context.guard, readNeeds({ route: 'timeline', namespace, name }));
  return timelineOf(await context.target.events(namespace, name));
}
