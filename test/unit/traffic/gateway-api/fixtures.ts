// Rollouts and routes for the Gateway API router's tests.
import assert from 'node:assert/strict';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import type { DesiredTraffic } from '../../../../src/traffic/desired.ts';
import type { RouteObject, RouteObjectStore } from '../../../../src/traffic/route-objects.ts';
import { createGatewayApiTrafficRouter } from '../../../../src/traffic/routers/gateway-api/gateway-api-router.ts';
import type { RouteRule } from '../../../../src/traffic/routers/gateway-api/types.ts';
import type { ContractSubject } from '../router-contract.ts';

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

export const REF = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', namespace: 'shop', name: 'web' };
const MANAGED = ['header-route', 'mirror-route'];
const OTHER = {
  matches: [{ path: { type: 'PathPrefix', value: '/admin' } }],
  backendRefs: [{ name: 'admin', port: 80 }],
};

/**
 * A TrafficRouter contract subject: the Gateway API router over `store`, with the HTTPRoute
 * shop/web (the weighted rule and an /admin rule) put there as a user's apply would (`put`).
 */
export async function gatewaySubject(
  store: RouteObjectStore,
  put: (object: RouteObject) => void | Promise<void>,
  storeIsServed: boolean,
): Promise<ContractSubject> {
  await put(httpRoute('web', 0, [OTHER]));
  const read = async () => {
    const object = await store.get(REF);
    assert.ok(object, 'the HTTPRoute is there');
    return object;
  };
  const rules = async () => ((await read()).spec as { rules: RouteRule[] }).rules;
  return {
    router: createGatewayApiTrafficRouter(gatewayRollout(), store, { storeIsServed }),
    snapshot: async () => (await read()).spec,
    untouchable: async () => {
      const object = structuredClone(await read());
      const spec = object.spec as { rules: RouteRule[] };
      spec.rules = spec.rules.filter((rule) => !MANAGED.includes(rule.name ?? ''));
      for (const rule of spec.rules) for (const ref of rule.backendRefs ?? []) delete ref.weight;
      for (const field of ['resourceVersion', 'generation', 'managedFields'])
        delete (object.metadata as Record<string, unknown>)[field];
      return object;
    },
    breakConfiguration: async () => {
      const object = await read();
      const backend = (object.spec as { rules: RouteRule[] }).rules[0]?.backendRefs?.[1];
      assert.ok(backend);
      backend.name = 'renamed';
      await put(object);
    },
    routeWeights: async () => {
      const weighted = (await rules()).filter((rule) => rule.backendRefs?.some((ref) => ref.name === 'web-canary'));
      return weighted.map((rule) => {
        const weight = (name: string) => rule.backendRefs?.find((ref) => ref.name === name)?.weight ?? 0;
        return [weight('web-canary'), weight('web-stable')];
      });
    },
  };
}
