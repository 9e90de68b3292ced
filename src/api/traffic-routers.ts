// The traffic routers of Argo Rollouts by the names a Rollout writes them under, and the ones sluice
// routes with. A router is added in two lines: its name in IMPLEMENTED_ROUTERS here, and its factory
// in the dispatch table (src/traffic/dispatch.ts), which is typed by these names so neither can be
// left out. The capability table (src/api/capabilities.ts) reads IMPLEMENTED_ROUTERS: a router is
// accepted by lint and the engine exactly when it is registered.
import type { RolloutTrafficRouting } from './types/traffic-routing.ts';

/** The routers written as a field of trafficRouting (plugins aside). */
export const ROUTER_FIELDS = ['istio', 'nginx', 'alb', 'smi', 'ambassador', 'appMesh', 'traefik', 'apisix'] as const;

/** The router plugins of Argo sluice knows by name (`trafficRouting.plugins.<name>`). */
export const ROUTER_PLUGINS = ['argoproj-labs/gatewayAPI', 'argoproj-labs/openshift'] as const;

export type RouterField = (typeof ROUTER_FIELDS)[number];
export type RouterPlugin = (typeof ROUTER_PLUGINS)[number];

/** The routers sluice routes with, one line each. */
// biome-ignore format: one line per router, so that routers added at the same time merge cleanly.
export const IMPLEMENTED_ROUTERS = [
  'istio',
  'smi',
  'traefik',
  'ambassador',
  'apisix',
  'appMesh',
  'argoproj-labs/openshift',
  'argoproj-labs/gatewayAPI',
  'nginx',
  'alb',
] as const satisfies ReadonlyArray<RouterField | RouterPlugin>;

export type ImplementedRouter = (typeof IMPLEMENTED_ROUTERS)[number];

export function isImplementedRouter(name: string): name is ImplementedRouter {
  return (IMPLEMENTED_ROUTERS as readonly string[]).includes(name);
}

/** The names of the routers sluice routes with, for messages: `istio, argoproj-labs/gatewayAPI`. */
export function implementedRouterList(): string {
  return IMPLEMENTED_ROUTERS.join(', ');
}

/** The same as a choice: `istio`, `istio or nginx`, `istio, nginx or alb`. */
export function implementedRouterChoice(): string {
  const names: string[] = [...IMPLEMENTED_ROUTERS];
  const last = names.pop() ?? '';
  return names.length === 0 ? last : `${names.join(', ')} or ${last}`;
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * The routers a trafficRouting names, in Argo's order (the fields, then the plugins as written),
 * with the path segments below trafficRouting where each is written.
 */
export function routersNamed(routing: RolloutTrafficRouting | undefined): Array<{ name: string; at: string[] }> {
  if (!routing) return [];
  const named: Array<{ name: string; at: string[] }> = [];
  for (const field of ROUTER_FIELDS) if (isSet(routing[field])) named.push({ name: field, at: [field] });
  const plugins = routing.plugins;
  if (plugins && typeof plugins === 'object')
    for (const [name, config] of Object.entries(plugins))
      if (isSet(config)) named.push({ name, at: ['plugins', name] });
  return named;
}
