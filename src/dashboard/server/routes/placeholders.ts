// The timeline and the traffic series until their data sources (src/dashboard/data/) are wired:
// an empty timeline, and a series that says it is not available yet.
import type { Timeline, TrafficSeries } from '../../contract.ts';
import type { RouteContext } from '../route.ts';
import { rollouts } from './rollouts.ts';

export async function emptyTimeline(context: RouteContext): Promise<Timeline> {
  await context.guard(rollouts('get', context.params['namespace'], context.params['name']));
  return { entries: [] };
}

export async function unavailableTraffic(context: RouteContext): Promise<TrafficSeries> {
  await context.guard(rollouts('get', context.params['namespace'], context.params['name']));
  return { unavailable: 'this dashboard has no traffic source yet', times: [], versions: [] };
}
