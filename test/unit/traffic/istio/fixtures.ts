// Rollouts, VirtualServices and DestinationRules shaped as in the reference articles and Argo
// Rollouts' Istio documentation.
import type { DestinationRule, VirtualService } from '../../../../src/api/types/istio.ts';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import type { DesiredTraffic } from '../../../../src/traffic/desired.ts';

export function desired(canaryWeight: number, extra: Partial<DesiredTraffic> = {}): DesiredTraffic {
  return {
    stableHash: 'stable-hash',
    canaryHash: 'canary-hash',
    canaryWeight,
    headerRoutes: [],
    mirrorRoutes: [],
    ...extra,
  };
}

/** Host-level split: canary and stable Services, route `primary` (Argo's Istio docs, article 002). */
export function hostLevelRollout(overrides: { routes?: string[]; managedRoutes?: string[] } = {}): Rollout {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'rollout-example', namespace: 'rollout-demo' },
    spec: {
      strategy: {
        canary: {
          canaryService: 'canary-svc',
          stableService: 'stable-svc',
          trafficRouting: {
            istio: { virtualService: { name: 'rollout-vsvc', routes: overrides.routes ?? ['primary'] } },
            ...(overrides.managedRoutes ? { managedRoutes: overrides.managedRoutes.map((name) => ({ name })) } : {}),
          },
          steps: [{ setWeight: 20 }, { pause: {} }],
        },
      },
    },
  };
}

export function hostLevelVirtualService(): VirtualService {
  return {
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'VirtualService',
    metadata: { name: 'rollout-vsvc', namespace: 'rollout-demo' },
    spec: {
      gateways: ['istio-rollout-gateway'],
      hosts: ['istio-rollout.dev.argoproj.io'],
      http: [
        {
          name: 'primary',
          route: [
            { destination: { host: 'stable-svc', port: { number: 80 } }, weight: 100 },
            { destination: { host: 'canary-svc', port: { number: 80 } }, weight: 0 },
          ],
        },
      ],
    },
  };
}

/** Subset-level split: one Service, DestinationRule subsets `canary`/`stable` (article 002, alternative 2). */
export function subsetLevelRollout(managedRoutes?: string[]): Rollout {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'istio-rollout', namespace: 'rollout-demo' },
    spec: {
      strategy: {
        canary: {
          trafficRouting: {
            istio: {
              virtualService: { name: 'rollout-vsvc', routes: ['primary'] },
              destinationRule: { name: 'rollout-ds', canarySubsetName: 'canary', stableSubsetName: 'stable' },
            },
            ...(managedRoutes ? { managedRoutes: managedRoutes.map((name) => ({ name })) } : {}),
          },
        },
      },
    },
  };
}

export function subsetLevelVirtualService(): VirtualService {
  return {
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'VirtualService',
    metadata: { name: 'rollout-vsvc', namespace: 'rollout-demo' },
    spec: {
      hosts: ['istio-rollout.rollout-demo.svc'],
      http: [
        {
          name: 'primary',
          route: [
            { destination: { host: 'istio-rollout', subset: 'stable' }, weight: 80 },
            { destination: { host: 'istio-rollout', subset: 'canary' }, weight: 20 },
          ],
        },
      ],
    },
  };
}

export function subsetLevelDestinationRule(): DestinationRule {
  return {
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'DestinationRule',
    metadata: { name: 'rollout-ds', namespace: 'rollout-demo' },
    spec: {
      host: 'istio-rollout',
      trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } },
      subsets: [
        { name: 'stable', labels: { version: 'stable' } },
        { name: 'canary', labels: { version: 'canary' } },
        { name: 'legacy', labels: { version: 'v0' }, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
      ],
    },
  };
}

/** A VirtualService using every http feature next to the weighted route, plus tls and tcp sections. */
export function richVirtualService(): VirtualService {
  return {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'VirtualService',
    metadata: {
      name: 'rollout-vsvc',
      namespace: 'rollout-demo',
      labels: { team: 'web' },
      annotations: { note: 'kept' },
      resourceVersion: '42',
    },
    spec: {
      hosts: ['istio-rollout.dev.argoproj.io', 'stable-svc'],
      gateways: ['istio-rollout-gateway', 'mesh'],
      exportTo: ['*'],
      http: [
        {
          name: 'admin',
          match: [{ uri: { prefix: '/admin' }, ignoreUriCase: true }],
          rewrite: { uri: '/' },
          route: [{ destination: { host: 'admin-svc' } }],
        },
        {
          name: 'primary',
          match: [
            { uri: { prefix: '/' }, headers: { 'x-env': { exact: 'prod' } }, queryParams: { v: { regex: '[0-9]+' } } },
          ],
          retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure' },
          timeout: '10s',
          corsPolicy: { allowOrigins: [{ exact: 'https://example.com' }], allowMethods: ['GET'], maxAge: '24h' },
          fault: { delay: { percentage: { value: 0.1 }, fixedDelay: '5s' } },
          headers: { request: { set: { 'x-routed-by': 'mesh' } }, response: { remove: ['server'] } },
          route: [
            {
              destination: { host: 'stable-svc.rollout-demo.svc.cluster.local', port: { number: 8080 } },
              weight: 100,
              headers: { response: { add: { 'x-version': 'stable' } } },
            },
            {
              destination: { host: 'canary-svc.rollout-demo.svc.cluster.local', port: { number: 8080 } },
              weight: 0,
              headers: { response: { add: { 'x-version': 'canary' } } },
            },
          ],
          mirror: { host: 'shadow-svc' },
          mirrorPercentage: { value: 5 },
        },
        {
          name: 'fallback',
          directResponse: { status: 503, body: { string: 'unavailable' } },
        },
      ],
      tls: [
        {
          match: [{ port: 443, sniHosts: ['secure.example.com'] }],
          route: [{ destination: { host: 'secure-svc', port: { number: 443 } } }],
        },
      ],
      tcp: [
        {
          match: [{ port: 5432 }],
          route: [{ destination: { host: 'postgres', port: { number: 5432 } } }],
        },
      ],
      futureIstioField: { keep: ['me'] },
    },
  };
}

/** Every JSON path whose value differs between `a` and `b` (arrays by index, objects by key). */
export function changedPaths(a: unknown, b: unknown, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const bothObjects =
    a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) return [path || '(root)'];
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return [path];
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  return [...keys].flatMap((key) =>
    changedPaths(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      Array.isArray(a) ? `${path}[${key}]` : path ? `${path}.${key}` : key,
    ),
  );
}
