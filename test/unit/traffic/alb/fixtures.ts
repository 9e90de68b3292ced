import type { Rollout } from '../../../../src/api/types/rollout.ts';
import type { DesiredTraffic } from '../../../../src/traffic/desired.ts';
import type { Ingress } from '../../../../src/traffic/routers/ingress/ingress.ts';

export function albRollout(
  alb: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
  canary: Record<string, unknown> = {},
): Rollout {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web', namespace: 'demo', uid: 'uid-web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } },
      strategy: {
        canary: {
          stableService: 'web-stable',
          canaryService: 'web-canary',
          trafficRouting: { alb: { ingress: 'web-ingress', servicePort: 80, ...alb }, ...extra },
          ...canary,
        },
      },
    },
  } as Rollout;
}

export function albIngress(
  name = 'web-ingress',
  service = 'web-stable',
  annotations: Record<string, string> = {},
): Ingress {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name,
      namespace: 'demo',
      annotations: { 'alb.ingress.kubernetes.io/scheme': 'internet-facing', ...annotations },
    },
    spec: {
      ingressClassName: 'alb',
      rules: [
        {
          http: {
            paths: [
              {
                path: '/*',
                pathType: 'ImplementationSpecific',
                backend: { service: { name: service, port: { name: 'use-annotation' } } },
              },
              { path: '/health', pathType: 'Exact', backend: { service: { name: 'health', port: { number: 80 } } } },
            ],
          },
        },
      ],
    },
  };
}

export function desired(
  canaryWeight: number,
  headerRoutes: DesiredTraffic['headerRoutes'] = [],
  services?: DesiredTraffic['services'],
): DesiredTraffic {
  return {
    stableHash: 'aaa',
    canaryHash: 'bbb',
    canaryWeight,
    headerRoutes,
    mirrorRoutes: [],
    ...(services ? { services } : {}),
  };
}
