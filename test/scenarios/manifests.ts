// One manifest builder for tests: a canary or blue-green Rollout of the built-in colorapi with what
// it names (its Services, a VirtualService for a host-level Istio split, an AnalysisTemplate for a
// background analysis), as a user would apply them. Scenarios, the local runtime's tests and the
// drivers build their objects here.
import type { AnalysisTemplate } from '../../src/api/types/analysis.ts';
import type { Service } from '../../src/api/types/core.ts';
import type { VirtualService } from '../../src/api/types/istio.ts';
import type {
  BlueGreenStrategy,
  CanaryStep,
  CanaryStrategy,
  Rollout,
  RolloutStrategy,
} from '../../src/api/types/rollout.ts';

export interface CanaryManifest {
  name?: string;
  namespace?: string;
  replicas?: number;
  /** The colorapi version the pods run: image `sluice/colorapi:<version>`. */
  version?: string;
  steps: CanaryStep[];
  /** `istio-host`: stable and canary Services split by one VirtualService; `none`: replica counts only. */
  traffic: 'istio-host' | 'none';
  /**
   * A background analysis with its own AnalysisTemplate (`<name>-check`). Its one metric waits an
   * hour before measuring, so its runs stay Running within a test unless the test ends them.
   */
  backgroundAnalysis?: boolean;
  /** Other fields of the canary strategy (scale-down delays, ...). */
  strategy?: Partial<CanaryStrategy>;
}

/** A blue-green Rollout with its Services `<name>-active` and `<name>-preview`. */
export interface BlueGreenManifest {
  name?: string;
  namespace?: string;
  replicas?: number;
  version?: string;
  /** Fields of the blue-green strategy besides the two Services. */
  blueGreen: Partial<BlueGreenStrategy>;
}

export type RolloutManifest = CanaryManifest | BlueGreenManifest;

export type ManifestObject = Rollout | Service | VirtualService | AnalysisTemplate;

export const COLORAPI = 'sluice/colorapi';

export function rolloutManifests(manifest: RolloutManifest): ManifestObject[] {
  return 'blueGreen' in manifest ? blueGreenManifests(manifest) : canaryManifests(manifest);
}

function serviceFor(name: string, namespace: string, app: string): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { selector: { app }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  };
}

function colorapiRollout(
  manifest: { name?: string; namespace?: string; replicas?: number; version?: string },
  strategy: RolloutStrategy,
): Rollout {
  const name = manifest.name ?? 'web';
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name, namespace: manifest.namespace ?? 'demo' },
    spec: {
      replicas: manifest.replicas ?? 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            { name: 'web', image: `${COLORAPI}:${manifest.version ?? '1.0'}`, ports: [{ containerPort: 8080 }] },
          ],
        },
      },
      strategy,
    },
  };
}

export function blueGreenManifests(manifest: BlueGreenManifest): ManifestObject[] {
  const name = manifest.name ?? 'web';
  const namespace = manifest.namespace ?? 'demo';
  const blueGreen: BlueGreenStrategy = {
    ...manifest.blueGreen,
    activeService: `${name}-active`,
    previewService: `${name}-preview`,
  };
  return [
    serviceFor(`${name}-active`, namespace, name),
    serviceFor(`${name}-preview`, namespace, name),
    colorapiRollout(manifest, { blueGreen }),
  ];
}

export function canaryManifests(manifest: CanaryManifest): ManifestObject[] {
  const name = manifest.name ?? 'web';
  const namespace = manifest.namespace ?? 'demo';
  const metadata = (object: string) => ({ name: object, namespace });
  const host = (object: string) => `${object}.${namespace}.svc.cluster.local`;
  const objects: ManifestObject[] = [];
  const canary: CanaryStrategy = { ...(manifest.strategy ?? {}), steps: manifest.steps };
  if (manifest.traffic === 'istio-host') {
    objects.push(serviceFor(`${name}-stable`, namespace, name), serviceFor(`${name}-canary`, namespace, name), {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'VirtualService',
      metadata: metadata(`${name}-vs`),
      spec: {
        hosts: [host(name)],
        http: [
          {
            name: 'primary',
            route: [
              { destination: { host: host(`${name}-stable`) }, weight: 100 },
              { destination: { host: host(`${name}-canary`) }, weight: 0 },
            ],
          },
        ],
      },
    });
    Object.assign(canary, {
      stableService: `${name}-stable`,
      canaryService: `${name}-canary`,
      trafficRouting: { istio: { virtualService: { name: `${name}-vs`, routes: ['primary'] } } },
    });
  }
  if (manifest.backgroundAnalysis) {
    objects.push({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisTemplate',
      metadata: metadata(`${name}-check`),
      spec: { metrics: [{ name: 'up', initialDelay: '1h', provider: { web: { url: 'http://127.0.0.1:9/' } } }] },
    });
    canary.analysis = { templates: [{ templateName: `${name}-check` }] };
  }
  objects.push(colorapiRollout(manifest, { canary }));
  return objects;
}

/** The Rollout among the objects. */
export function rolloutOf(objects: readonly ManifestObject[]): Rollout {
  const rollout = objects.find((object): object is Rollout => object.kind === 'Rollout');
  if (!rollout) throw new Error('the manifests hold no Rollout');
  return rollout;
}
