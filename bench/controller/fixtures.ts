// The objects of one benchmarked rollout: two Services, a VirtualService with one weighted route and
// a one-replica canary Rollout (setWeight 10, pause 5s, setWeight 50, pause 5s) routed by Istio at
// host level. The second update adds a background web analysis against the bench's HTTP server,
// each rollout's at its own path, so the bench can turn one rollout's analysis bad at a time.
import type { KubeObject } from '../../src/platform/kubernetes/client/objects.ts';

export const PAUSE_SECONDS = 5;
export const ROUTE = 'primary';
/**
 * The background analysis measures every 10 s: each measurement is a status write of its run, so at
 * 2 s and 1000 rollouts the runs alone would ask 500 writes a second of the API server.
 */
export const ANALYSIS_INTERVAL_SECONDS = 10;

export const names = (index: number) => {
  const app = `r${index}`;
  return { app, stable: `${app}-stable`, canary: `${app}-canary`, vs: `${app}-vs` };
};

/**
 * A Service of the rollout's pods; `headless` without a cluster IP (the controller reads and writes
 * the same fields of either: the selector and the managed-by annotation).
 */
function service(name: string, app: string, headless: boolean): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: {
      ...(headless ? { clusterIP: 'None' } : {}),
      selector: { app },
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    },
  };
}

/**
 * The objects of rollout `index`. `headless`: its Services without a cluster IP; the API server
 * allocates cluster IPs one at a time, and at 12,000 Services a create waited 2 to 3 s for its IP.
 */
export function objectsFor(
  index: number,
  headless = false,
): Array<{ kind: 'services' | 'virtualServices' | 'rollouts'; object: KubeObject }> {
  const n = names(index);
  const destination = (host: string, weight: number) => ({ destination: { host, port: { number: 80 } }, weight });
  return [
    { kind: 'services', object: service(n.stable, n.app, headless) },
    { kind: 'services', object: service(n.canary, n.app, headless) },
    {
      kind: 'virtualServices',
      object: {
        apiVersion: 'networking.istio.io/v1beta1',
        kind: 'VirtualService',
        metadata: { name: n.vs },
        spec: {
          hosts: [`${n.app}.bench.local`],
          http: [{ name: ROUTE, route: [destination(n.stable, 100), destination(n.canary, 0)] }],
        },
      },
    },
    {
      kind: 'rollouts',
      object: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        metadata: { name: n.app },
        spec: {
          replicas: 1,
          revisionHistoryLimit: 1,
          selector: { matchLabels: { app: n.app } },
          template: {
            metadata: { labels: { app: n.app } },
            spec: {
              containers: [
                { name: 'app', image: 'registry.local/app:1', ports: [{ name: 'http', containerPort: 8080 }] },
              ],
            },
          },
          strategy: {
            canary: {
              canaryService: n.canary,
              stableService: n.stable,
              trafficRouting: { istio: { virtualService: { name: n.vs, routes: [ROUTE] } } },
              steps: [
                { setWeight: 10 },
                { pause: { duration: `${PAUSE_SECONDS}s` } },
                { setWeight: 50 },
                { pause: { duration: `${PAUSE_SECONDS}s` } },
              ],
            },
          },
        },
      },
    },
  ];
}

export function analysisTemplate(url: string): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name: 'bench-health' },
    spec: {
      args: [{ name: 'rollout' }],
      metrics: [
        {
          name: 'ok',
          interval: `${ANALYSIS_INTERVAL_SECONDS}s`,
          successCondition: 'result == true',
          provider: { web: { url, jsonPath: '{$.ok}' } },
        },
      ],
    },
  };
}

/**
 * A merge patch: a new image; for the reaction phase also the background analysis of rollout
 * `analysisFor` (its own URL on the bench's server), and an indefinite
 * pause after setWeight 10 so every canary still carries traffic when the analysis server turns bad.
 */
export function updatePatch(image: string, analysisFor?: string): unknown {
  const analysis = { templates: [{ templateName: 'bench-health' }], args: [{ name: 'rollout', value: analysisFor }] };
  return {
    spec: {
      template: { spec: { containers: [{ name: 'app', image, ports: [{ name: 'http', containerPort: 8080 }] }] } },
      ...(analysisFor !== undefined
        ? { strategy: { canary: { analysis, steps: [{ setWeight: 10 }, { pause: {} }] } } }
        : {}),
    },
  };
}
