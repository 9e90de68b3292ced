import type { Rollout } from '../../../../src/api/types/rollout.ts';
import type { DesiredTraffic } from '../../../../src/traffic/desired.ts';
import type { Ingress } from '../../../../src/traffic/routers/ingress/ingress.ts';

export function nginxRollout(nginx: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Rollout {
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
          trafficRouting: { nginx: { stableIngress: 'web-ingress', ...nginx }, ...extra },
        },
      },
    },
  } as Rollout;
}

export function stableIngress(name = 'web-ingress', annotations: Record<string, string> = {}): Ingress {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: 'demo', annotations: { 'kubernetes.io/ingress.class': 'nginx', ...annotations } },
    spec: {
      tls: [{ hosts: ['web.example.com'], secretName: 'web-tls' }],
      rules: [
        {
          host: 'web.example.com',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'web-stable', port: { number: 80 } } } },
              { path: '/other', pathType: 'Prefix', backend: { service: { name: 'other', port: { number: 80 } } } },
            ],
          },
        },
        {
          host: 'admin.example.com',
          http: {
            paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'admin', port: { number: 80 } } } }],
          },
        },
      ],
    },
  };
}

export function desired(canaryWeight: number, headerRoutes: DesiredTraffic['headerRoutes'] = []): DesiredTraffic {
  return { stableHash: 'aaa', canaryHash: 'bbb', canaryWeight, headerRoutes, mirrorRoutes: [] };
}
