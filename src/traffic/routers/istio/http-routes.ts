// Which http routes of a VirtualService carry the canary/stable weights: those named in
// `virtualService(s)[].routes`, or, when the rollout names no route at all, the VirtualService's
// only http route that is not a managed (header/mirror) route.
import type { TrafficProblem } from '../../desired.ts';
import type { VirtualServiceRef } from './references.ts';

export function routeName(route: unknown): string | undefined {
  const name = (route as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : undefined;
}

export function httpPath(route: unknown, index: number): string {
  const name = routeName(route);
  return name ? `spec.http[name=${name}]` : `spec.http[${index}]`;
}

/** Indexes of the named http routes, in the order the rollout names them; a missing name is a problem. */
export function namedHttpRoutes(
  http: unknown[],
  ref: VirtualServiceRef,
  object: string,
): { indexes: number[]; problems: TrafficProblem[] } {
  const indexes: number[] = [];
  const problems: TrafficProblem[] = [];
  const present = http.map(routeName).filter((name): name is string => name !== undefined);
  for (const name of ref.routes) {
    const index = http.findIndex((route) => routeName(route) === name);
    if (index >= 0) {
      if (!indexes.includes(index)) indexes.push(index);
      continue;
    }
    const known =
      present.length > 0
        ? `its http routes are named ${present.map((n) => `'${n}'`).join(', ')}`
        : 'it has no named http route';
    problems.push({
      object,
      path: 'spec.http',
      message: `no http route named '${name}' (listed in ${ref.field}.routes); ${known}: name the route or fix ${ref.field}.routes`,
    });
  }
  return { indexes, problems };
}

/** When the rollout names no route: the only non-managed http route, if there is exactly one. */
export function implicitHttpRoute(
  http: unknown[],
  managed: ReadonlySet<string>,
  ref: VirtualServiceRef,
  object: string,
): { indexes: number[]; problems: TrafficProblem[] } {
  const candidates = http.flatMap((route, index) => (managed.has(routeName(route) ?? '\u0000') ? [] : [index]));
  if (candidates.length <= 1) return { indexes: candidates, problems: [] };
  return {
    indexes: [],
    problems: [
      {
        object,
        path: 'spec.http',
        message: `the VirtualService has ${candidates.length} http routes and ${ref.field}.routes names none: list the route(s) whose weights the rollout controls`,
      },
    ],
  };
}
