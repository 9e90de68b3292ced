// The local runtime's rollout controller in this process, over a real object store and real pods
// (the built-in colorapi), for tests that watch the store's changes one by one and for the
// scenario driver. The objects come from the tests' one manifest builder (test/scenarios/manifests.ts),
// in the namespace `demo`.
import type { Deployment } from '../../../../src/api/types/core.ts';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import {
  applyControlPatch,
  controlPatch,
  type ControlAction,
  type ControlParameters,
} from '../../../../src/runtime/local/api/control-actions.ts';
import { EventLog } from '../../../../src/runtime/local/controller/event-log.ts';
import { RolloutController } from '../../../../src/runtime/local/controller/rollout-controller.ts';
import { ObjectStore, type StoreChange } from '../../../../src/runtime/local/store/object-store.ts';
import { waitFor } from '../../../support/ports.ts';
import type { ManifestObject } from '../../../scenarios/manifests.ts';
import { testEnvironment } from '../pods/fixtures.ts';

export const NAMESPACE = 'demo';

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

export async function startLocalController(
  objects: readonly (ManifestObject | Deployment)[],
): Promise<LocalController> {
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
    waitFor: (name, what, check) =>
      waitFor(`${name}: ${what}`, async () => (check(rollout(name)) ? rollout(name) : undefined), 60_000),
    stop: () => controller.stop(),
  };
}

/** Paused at `stepIndex` with the canary weight in place and verified. */
export function pausedAt(stepIndex: number, weight: number): (rollout: Rollout) => boolean {
  return (rollout) => {
    const status = rollout.status;
    return (
      status?.phase === 'Paused' &&
      status.currentStepIndex === stepIndex &&
      status.canary?.weights?.canary.weight === weight &&
      status.canary.weights.verified === true
    );
  };
}
