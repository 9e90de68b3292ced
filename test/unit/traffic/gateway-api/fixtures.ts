// Rollouts and routes for the Gateway API router's tests.
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import type { DesiredTraffic } from '../../../../src/traffic/desired.ts';
import type { RouteObject } from '../../../../src/traffic/route-objects.ts';

export const PLUGIN = 'argoproj-labs/gatewayAPI';

export function gatewayRollout(
  config: Record<string, unknown> = { httpRoute: 'web' },
  extra: Partial<Rollout['spec']['strategy']['canary']> = {},
): Rollout {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } },
      strategy: {
        canary: {
          stableService: 'web-stable',
          canaryService: 'web-canary',
          trafficRouting: {
            plugins: { [PLUGIN]: config },
            managedRoutes: [{ name: 'header-route' }, { name: 'mirror-route' }],
          },
          ...extra,
        },
      },
    },
  };
}

export function httpRoute(name = 'web', canaryWeight = 0, extraRules: unknown[] = []): RouteObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: 'shop', labels: { team: 'shop' } },
    spec: {
      parentRefs: [{ name: 'gateway' }],
      hostnames: ['web.example.com'],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [
            { name: 'web-stable', port: 80, weight: 100 - canaryWeight },
            { name: 'web-canary', port: 80, weight: canaryWeight },
          ],
        },
        ...extraRules,
      ],
    },
  };
}

export function state(
  canaryWeight: number,
  routes: Partial<Pick<DesiredTraffic, 'headerRoutes' | 'mirrorRoutes'>> = {},
): DesiredTraffic {
  return { stableHash: 'aaa111', canaryHash: 'bbb222', canaryWeight, headerRoutes: [], mirrorRoutes: [], ...routes };
}

export const header = { name: 'header-route', match: [{ headerName: 'x-canary', headerValue: { exact: 'true' } }] };
export const mirror = { name: 'mirror-route', match: [{ path: { prefix: '/api' } }], percentage: 50 };
