// The local runtime's rollout controller in this process, over a real object store and real pods
// (node programs), for tests that watch the store's changes one by one. Rollouts are host-level
// Istio canaries: two Services and a VirtualService each.
import process from 'node:process';
import type { AnalysisTemplate } from '../../../../src/api/types/analysis.ts';
import type { Service } from '../../../../src/api/types/core.ts';
import type { VirtualService } from '../../../../src/api/types/istio.ts';
import type { CanaryStep, Rollout } from '../../../../src/api/types/rollout.ts';
import { applyControlPatch, controlPatch, type ControlAction, type ControlParameters } from '../../../../src/runtime/local/api/control-actions.ts';
import { EventLog } from '../../../../src/runtime/local/controller/event-log.ts';
import { RolloutController } from '../../../../src/runtime/local/controller/rollout-controller.ts';
import { ObjectStore, type StoreChange } from '../../../../src/runtime/local/store/object-store.ts';
import { waitFor } from '../../../support/ports.ts';
import { HTTP_SERVER, testEnvironment } from '../pods/fixtures.ts';

export const NAMESPACE = 'demo';

export interface CanaryOptions {
  steps: CanaryStep[];
  replicas?: number;
  /** A background analysis with this template (applied too). */
  analysis?: string;
}

/** A host-level Istio canary `name` with its Services `<name>-stable`, `<name>-canary` and VirtualService `<name>-vs`. */
export function hostLevelCanary(name: string, options: CanaryOptions): Array<Rollout | Service | VirtualService | AnalysisTemplate> {
  const metadata = (object: string) => ({ name: object, namespace: NAMESPACE });
  const service = (object: string): Service => ({ apiVersion: 'v1', kind: 'Service', metadata: metadata(object), spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] } });
  const host = (object: string) => `${object}.${NAMESPACE}.svc.cluster.local`;
  const virtualService: VirtualService = {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'VirtualService',
    metadata: metadata(`${name}-vs`),
    spec: { hosts: [host(name)], http: [{ name: 'primary', route: [{ destination: { host: host(`${name}-stable`) }, weight: 100 }, { destination: { host: host(`${name}-canary`) }, weight: 0 }] }] },
  };
  const rollout: Rollout = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: metadata(name),
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', command: [process.execPath, '-e', HTTP_SERVER], env: [{ name: 'VERSION', value: '1' }] }] },
      },
      strategy: {
        canary: {
          stableService: `${name}-stable`,
          canaryService: `${name}-canary`,
          trafficRouting: { istio: { virtualService: { name: `${name}-vs`, routes: ['primary'] } } },
          steps: options.steps,
          ...(options.analysis ? { analysis: { templates: [{ templateName: options.analysis }] } } : {}),
        },
      },
    },
  };
  const objects: Array<Rollout | Service | VirtualService | AnalysisTemplate> = [service(`${name}-stable`), service(`${name}-canary`), virtualService];
  if (options.analysis) {
    objects.push({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisTemplate', metadata: metadata(options.analysis), spec: { metrics: [{ name: 'up', provider: { web: { url: 'http://127.0.0.1:9/' } } }] } });
  }
  return [...objects, rollout];
}

export interface LocalController {
  store: ObjectStore;
  controller: RolloutController;
  /** Every store change since the start, in order. */
  changes: StoreChange[];
  rollout(name: string): Rollout;
  /** A control action as the API carries it out (set-image, promote, abort, ...). */
  control(name: string, action: ControlAction, parameters?: ControlParameters): void;
  /** Waits (60 s at most) until `check` holds for the rollout. */
  waitFor(name: string, what: string, check: (rollout: Rollout) => boolean): Promise<Rollout>;
  stop(): Promise<void>;
}

export async function startLocalController(objects: ReadonlyArray<Rollout | Service | VirtualService | AnalysisTemplate>): Promise<LocalController> {
  const store = new ObjectStore();
  const changes: StoreChange[] = [];
  store.subscribe((change) => changes.push(change));
  for (const object of objects) store.put(object);
  const controller = new RolloutController({ store, environment: testEnvironment(), events: new EventLog() });
  await controller.start();
  const rollout = (name: string): Rollout => {
    const found = store.get('Rollout', NAMESPACE, name);
    if (!found) throw new Error(`no Rollout ${NAMESPACE}/${name}`);
    return found;
  };
  return {
    store,
    controller,
    changes,
    rollout,
    control(name, action, parameters = {}) {
      applyControlPatch(store, NAMESPACE, name, controlPatch(action, rollout(name), [], parameters, Date.now()));
    },
    waitFor: (name, what, check) => waitFor(`${name}: ${what}`, async () => (check(rollout(name)) ? rollout(name) : undefined), 60_000),
    stop: () => controller.stop(),
  };
}

/** Paused at `stepIndex` with the canary weight in place and verified. */
export function pausedAt(stepIndex: number, weight: number): (rollout: Rollout) => boolean {
  return (rollout) => {
    const status = rollout.status;
    return status?.phase === 'Paused' && status.currentStepIndex === stepIndex && status.canary?.weights?.canary.weight === weight && status.canary.weights.verified === true;
  };
}
