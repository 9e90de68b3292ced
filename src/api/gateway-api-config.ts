// trafficRouting.plugins["argoproj-labs/gatewayAPI"], read as Argo's Gateway API plugin reads it:
// one route by name (httpRoute, grpcRoute, tcpRoute) or several (httpRoutes, grpcRoutes, tcpRoutes:
// `name` and `useHeaderRoutes`), all in `namespace` (default: the Rollout's). The plugin's
// ConfigMap (`configMap`) records which rules it added; sluice names the rules it adds instead
// (rules[].name, the managed route's name), so the field is accepted and not needed.
import type { PathSegment } from './manifests/field-path.ts';
import type { Rollout } from './types/rollout.ts';

export const GATEWAY_API_PLUGIN = 'argoproj-labs/gatewayAPI';

export type GatewayRouteKind = 'HTTPRoute' | 'GRPCRoute' | 'TCPRoute';

/** The apiVersion each kind is read and written at (the plugin's). */
export const GATEWAY_API_VERSIONS: Readonly<Record<GatewayRouteKind, string>> = {
  HTTPRoute: 'gateway.networking.k8s.io/v1',
  GRPCRoute: 'gateway.networking.k8s.io/v1',
  TCPRoute: 'gateway.networking.k8s.io/v1alpha2',
};

export interface GatewayRouteRef {
  kind: GatewayRouteKind;
  apiVersion: string;
  namespace: string;
  name: string;
  /** Header routes (setHeaderRoute) and mirror routes (setMirrorRoute) are added to this route. */
  useHeaderRoutes: boolean;
  /** Where the reference is written in the Rollout. */
  path: PathSegment[];
}

export interface GatewayApiConfig {
  routes: GatewayRouteRef[];
  /** Fields that are not what the plugin reads, said so a user can fix them. */
  problems: Array<{ path: PathSegment[]; message: string }>;
}

const PLUGIN_PATH: PathSegment[] = ['spec', 'strategy', 'canary', 'trafficRouting', 'plugins', GATEWAY_API_PLUGIN];

const FIELDS: ReadonlyArray<[single: string, list: string, kind: GatewayRouteKind]> = [
  ['httpRoute', 'httpRoutes', 'HTTPRoute'],
  ['grpcRoute', 'grpcRoutes', 'GRPCRoute'],
  ['tcpRoute', 'tcpRoutes', 'TCPRoute'],
];

export function gatewayApiConfigOf(rollout: Rollout): GatewayApiConfig | undefined {
  const raw = rollout.spec.strategy?.canary?.trafficRouting?.plugins?.[GATEWAY_API_PLUGIN];
  if (raw === undefined || raw === null) return undefined;
  const problems: GatewayApiConfig['problems'] = [];
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { routes: [], problems: [{ path: PLUGIN_PATH, message: 'must be an object (httpRoute, httpRoutes, ...)' }] };
  }
  const config = raw as Record<string, unknown>;
  const namespaceField = config.namespace;
  const namespace =
    typeof namespaceField === 'string' && namespaceField !== ''
      ? namespaceField
      : (rollout.metadata.namespace ?? 'default');
  const routes: GatewayRouteRef[] = [];
  for (const [single, list, kind] of FIELDS) {
    const apiVersion = GATEWAY_API_VERSIONS[kind];
    const one = config[single];
    if (typeof one === 'string' && one !== '') {
      // As the plugin: the one route named alone takes header and mirror routes.
      routes.push({ kind, apiVersion, namespace, name: one, useHeaderRoutes: true, path: [...PLUGIN_PATH, single] });
    } else if (one !== undefined && one !== null && one !== '') {
      problems.push({ path: [...PLUGIN_PATH, single], message: `must be the name of a ${kind}` });
    }
    const many = config[list];
    if (many === undefined || many === null) continue;
    if (!Array.isArray(many)) {
      problems.push({ path: [...PLUGIN_PATH, list], message: `must be a list of {name, useHeaderRoutes}` });
      continue;
    }
    many.forEach((entry: unknown, index) => {
      const name = (entry as { name?: unknown } | null)?.name;
      if (typeof name !== 'string' || name === '') {
        problems.push({ path: [...PLUGIN_PATH, list, index, 'name'], message: `the name of a ${kind} is required` });
        return;
      }
      const useHeaderRoutes = (entry as { useHeaderRoutes?: unknown }).useHeaderRoutes === true;
      routes.push({ kind, apiVersion, namespace, name, useHeaderRoutes, path: [...PLUGIN_PATH, list, index, 'name'] });
    });
  }
  if (routes.length === 0 && problems.length === 0)
    problems.push({
      path: PLUGIN_PATH,
      message: 'names no route: set httpRoute, grpcRoute or tcpRoute (or httpRoutes, grpcRoutes, tcpRoutes)',
    });
  return { routes, problems };
}
