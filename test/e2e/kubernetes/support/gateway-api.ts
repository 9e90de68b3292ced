// Gateway API objects for the scenarios, and reading HTTPRoutes back.
import type { KubeClient } from '../../../../src/platform/kubernetes/client/client.ts';
import type { KubeObject } from '../../../../src/platform/kubernetes/client/objects.ts';
import { custom } from '../../../../src/platform/kubernetes/client/resources.ts';
import type { RouteRule } from '../../../../src/traffic/routers/gateway-api/types.ts';
import { defaultCrdPaths, upstreamCrdsDir } from '../../../controlplane/paths.ts';
import path from 'node:path';

export const httpRoutes = custom<KubeObject & { spec: { rules?: RouteRule[] } }>(
  'HTTPRoute',
  'gateway.networking.k8s.io',
  'v1',
  'httproutes',
);

/** The default CRDs and the Gateway API's (read from the shared upstream folder). */
export function gatewayApiCrdPaths(): string[] {
  return [...defaultCrdPaths(), path.join(upstreamCrdsDir(), 'gateway-api')];
}

/** HTTPRoute `name`: `/` weighted between web-stable and web-canary (100/0), `/admin` to the admin Service. */
export function webHttpRoute(name = 'web-route'): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, labels: { team: 'web' } },
    spec: {
      parentRefs: [{ name: 'edge' }],
      hostnames: ['web.example.com'],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [
            { name: 'web-stable', port: 80, weight: 100 },
            { name: 'web-canary', port: 80, weight: 0 },
          ],
        },
        {
          matches: [{ path: { type: 'PathPrefix', value: '/admin' } }],
          backendRefs: [{ name: 'admin', port: 80 }],
        },
      ],
    },
  };
}

export async function routeRules(client: KubeClient, namespace: string, name = 'web-route'): Promise<RouteRule[]> {
  return (await client.get(httpRoutes, namespace, name)).spec.rules ?? [];
}

/** Every rule as `name: backend=weight ...` (`-` for a rule without a name), in order. */
export function describeRules(rules: RouteRule[]): string[] {
  return rules.map(
    (rule) =>
      `${rule.name ?? '-'}: ${(rule.backendRefs ?? []).map((ref) => `${ref.name}${ref.weight === undefined ? '' : `=${ref.weight}`}`).join(' ')}`,
  );
}
