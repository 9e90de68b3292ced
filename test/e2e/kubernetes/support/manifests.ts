// Objects the scenarios apply: a Rollout around a one-container pod template, Services, Istio objects.
import type { KubeObject } from '../../../../src/platform/kubernetes/client/objects.ts';

export interface RolloutShape {
  name: string;
  replicas: number;
  image?: string;
  strategy: Record<string, unknown>;
  labels?: Record<string, string>;
  /** Pod template annotations (controlplane.sluice.dev/ready: "false" starts pods unready). */
  podAnnotations?: Record<string, string>;
  minReadySeconds?: number;
}

export function rollout(shape: RolloutShape): KubeObject {
  const app = { app: shape.name };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: shape.name, ...(shape.labels ? { labels: shape.labels } : {}) },
    spec: {
      replicas: shape.replicas,
      revisionHistoryLimit: 3,
      ...(shape.minReadySeconds !== undefined ? { minReadySeconds: shape.minReadySeconds } : {}),
      selector: { matchLabels: app },
      template: {
        metadata: { labels: app, ...(shape.podAnnotations ? { annotations: shape.podAnnotations } : {}) },
        spec: {
          containers: [
            {
              name: 'app',
              image: shape.image ?? 'registry.local/app:1',
              ports: [{ name: 'http', containerPort: 8080 }],
            },
          ],
        },
      },
      strategy: shape.strategy,
    },
  };
}

export function service(name: string, app: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector: { app }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
}

/** JSON patch that sets the image of the first container (a new revision). */
export function imagePatch(image: string): string {
  return JSON.stringify([{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: image }]);
}

export interface WeightedRoute {
  name: string;
  stable: { host: string; subset?: string };
  canary: { host: string; subset?: string };
}

/** A VirtualService with an unmanaged route `other` before the weighted ones and fields a rollout never touches. */
export function virtualService(name: string, routes: WeightedRoute[]): KubeObject {
  const destination = (target: { host: string; subset?: string }) => ({
    host: target.host,
    ...(target.subset ? { subset: target.subset } : {}),
    port: { number: 80 },
  });
  return {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'VirtualService',
    metadata: { name },
    spec: {
      hosts: ['web.example.com'],
      gateways: ['web-gateway'],
      http: [
        {
          name: 'other',
          match: [{ uri: { prefix: '/admin' } }],
          route: [{ destination: destination(routes[0]!.stable) }],
          timeout: '5s',
        },
        ...routes.map((route) => ({
          name: route.name,
          retries: { attempts: 2 },
          route: [
            { destination: destination(route.stable), weight: 100 },
            { destination: destination(route.canary), weight: 0 },
          ],
        })),
      ],
    },
  };
}

/** The VirtualService of the scenarios' host-level canary `web`: weighted route `primary` between web-stable and web-canary. */
export function webVirtualService(): KubeObject {
  return virtualService('web-vs', [
    { name: 'primary', stable: { host: 'web-stable' }, canary: { host: 'web-canary' } },
  ]);
}

/**
 * The host-level Istio canary most scenarios share: Services web-stable and web-canary, the
 * VirtualService web-vs and the Rollout web (2 replicas) routed through them. `canary` adds the
 * steps and analysis; `managedRoutes` names the routes its setHeaderRoute or setMirrorRoute steps add.
 */
export function webHostLevelCanary(canary: Record<string, unknown>, managedRoutes: string[] = []): KubeObject[] {
  const istio = { virtualService: { name: 'web-vs', routes: ['primary'] } };
  const trafficRouting =
    managedRoutes.length > 0 ? { managedRoutes: managedRoutes.map((name) => ({ name })), istio } : { istio };
  return [
    service('web-stable', 'web'),
    service('web-canary', 'web'),
    webVirtualService(),
    rollout({
      name: 'web',
      replicas: 2,
      strategy: { canary: { canaryService: 'web-canary', stableService: 'web-stable', trafficRouting, ...canary } },
    }),
  ];
}

export function destinationRule(name: string, host: string): KubeObject {
  return {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'DestinationRule',
    metadata: { name },
    spec: {
      host,
      trafficPolicy: { connectionPool: { tcp: { maxConnections: 100 } } },
      subsets: [
        { name: 'stable', labels: { app: 'web' } },
        { name: 'canary', labels: { app: 'web' } },
      ],
    },
  };
}

/** An AnalysisTemplate with one web metric that succeeds while `{$.ok}` of the answer is true. */
export function webTemplate(
  name: string,
  url: string,
  options: { interval?: string; count?: number; failureLimit?: number } = {},
): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name },
    spec: {
      metrics: [
        {
          name: 'ok',
          successCondition: 'result == true',
          ...(options.interval ? { interval: options.interval } : {}),
          ...(options.count !== undefined ? { count: options.count } : {}),
          ...(options.failureLimit !== undefined ? { failureLimit: options.failureLimit } : {}),
          provider: { web: { url, jsonPath: '{$.ok}' } },
        },
      ],
    },
  };
}
