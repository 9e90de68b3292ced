// Releases the Services and DestinationRules whose rollout is gone or names them no more, as Argo's
// Service controller (service/service.go) and its Istio DestinationRule controller do. Each object
// a rollout points at carries the managed-by annotation naming it; every such object is checked
// when the caches fill (so a Rollout deleted or changed while no controller ran is caught at
// start), on each change of the object, and when a Rollout stops naming it or is deleted. A
// Service loses its `rollouts-pod-template-hash` selector and the annotation, a DestinationRule
// its subsets' hash labels and the annotation (released-references.ts decides, isAbandoned).
import type { Service } from '../../../api/types/core.ts';
import type { DestinationRule } from '../../../api/types/istio.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import { MANAGED_BY_ROLLOUTS_ANNOTATION, POD_TEMPLATE_HASH_LABEL } from '../../../conventions/labels.ts';
import { releasedDestinationRule } from '../../../traffic/routers.ts';
import { NotFoundError } from '../../../platform/kubernetes/client/errors.ts';
import type { ObjectReader, ObjectWriter } from '../../../platform/kubernetes/client/interfaces.ts';
import type { Stored } from '../../../platform/kubernetes/client/objects.ts';
import type { Timers } from '../../../platform/kubernetes/client/timers.ts';
import { WorkQueue } from '../../../platform/kubernetes/queue/work-queue.ts';
import { runWorkers } from '../../../platform/kubernetes/queue/workers.ts';
import {
  isAbandoned,
  managingRollout,
  referencesOf,
  releasedReferences,
  type ManagedKind,
  type RolloutReferences,
} from '../../rollouts/released-references.ts';
import { argoResources, workloadResources } from '../resources.ts';
import { kubeIstioStore, type IstioResources } from './istio-store.ts';
import type { WatchedCache } from './rollout-controller.ts';

export interface ManagedObjectsOptions {
  client: Pick<ObjectReader, 'get'> & Pick<ObjectWriter, 'patch'>;
  informers: {
    rollouts: WatchedCache<Stored<Rollout>>;
    services: WatchedCache<Stored<Service>>;
    destinationRules: WatchedCache<Stored<DestinationRule>>;
  };
  istio: IstioResources;
  timers: Timers;
  log: (line: string) => void;
}

interface ObjectRef {
  kind: ManagedKind;
  namespace: string;
  name: string;
}

const keyOf = (ref: ObjectRef): string => `${ref.kind}/${ref.namespace}/${ref.name}`;

function refOf(key: string): ObjectRef {
  const [kind, namespace, ...name] = key.split('/');
  return { kind: kind as ManagedKind, namespace: namespace ?? '', name: name.join('/') };
}

/** Two workers: a release is one patch, and it is rare. */
const WORKERS = 2;

export class ManagedObjectsReleaser {
  readonly #options: ManagedObjectsOptions;
  readonly #queue: WorkQueue<string>;
  readonly #unsubscribe: Array<() => void> = [];
  #running: Promise<void> | undefined;

  constructor(options: ManagedObjectsOptions) {
    this.#options = options;
    this.#queue = new WorkQueue<string>({ timers: options.timers });
  }

  /** Subscribes to the informers (whose caches are filled: each object already there is checked) and starts the workers. */
  start(): void {
    const { informers } = this.#options;
    const enqueue = (kind: ManagedKind, object: { metadata: { namespace?: string; name?: string } }): void =>
      this.#queue.add(keyOf({ kind, namespace: object.metadata.namespace ?? '', name: object.metadata.name ?? '' }));
    const enqueueReferences = (namespace: string, references: RolloutReferences): void => {
      for (const name of references.services) this.#queue.add(keyOf({ kind: 'Service', namespace, name }));
      for (const name of references.destinationRules)
        this.#queue.add(keyOf({ kind: 'DestinationRule', namespace, name }));
    };
    this.#unsubscribe.push(
      informers.services.addEventHandler({
        onAdd: (service) => enqueue('Service', service),
        onUpdate: (_previous, service) => enqueue('Service', service),
      }),
      informers.destinationRules.addEventHandler({
        onAdd: (rule) => enqueue('DestinationRule', rule),
        onUpdate: (_previous, rule) => enqueue('DestinationRule', rule),
      }),
      informers.rollouts.addEventHandler({
        onUpdate: (previous, rollout) =>
          enqueueReferences(
            rollout.metadata.namespace,
            releasedReferences(referencesOf(previous), referencesOf(rollout)),
          ),
        onDelete: (rollout) => enqueueReferences(rollout.metadata.namespace, referencesOf(rollout)),
      }),
    );
    this.#running = runWorkers(this.#queue, {
      workers: WORKERS,
      handle: (key) => this.#check(refOf(key)),
      onError: (key, error, requeues) =>
        this.#options.log(`${key}: release failed (attempt ${requeues + 1}): ${(error as Error).message}`),
    });
  }

  async stop(): Promise<void> {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    this.#queue.shutDown();
    await this.#running;
  }

  async #check(ref: ObjectRef): Promise<void> {
    const { informers } = this.#options;
    const object =
      ref.kind === 'Service'
        ? informers.services.store.getByName(ref.namespace, ref.name)
        : informers.destinationRules.store.getByName(ref.namespace, ref.name);
    if (!object) return;
    const rolloutName = managingRollout(object);
    if (rolloutName === undefined) return;
    const rollout = await this.#rollout(ref.namespace, rolloutName);
    if (!isAbandoned(ref.kind, object, rollout)) return;
    const why = rollout ? `rollout ${rolloutName} names it no more` : `rollout ${rolloutName} does not exist`;
    if (ref.kind === 'Service') await this.#releaseService(ref);
    else if (!(await this.#releaseDestinationRule(ref, rolloutName))) return;
    this.#options.log(`${ref.kind} ${ref.namespace}/${ref.name} released: ${why}`);
  }

  /**
   * The Rollout from the cache, else from the API server: the cache holds only this instance's
   * rollouts, and an object another instance's rollout manages is not this controller's to release.
   */
  async #rollout(namespace: string, name: string): Promise<Rollout | undefined> {
    const cached = this.#options.informers.rollouts.store.getByName(namespace, name);
    if (cached) return cached;
    try {
      return await this.#options.client.get(argoResources.rollouts, namespace, name);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async #releaseService(ref: ObjectRef): Promise<void> {
    const patch = {
      metadata: { annotations: { [MANAGED_BY_ROLLOUTS_ANNOTATION]: null } },
      spec: { selector: { [POD_TEMPLATE_HASH_LABEL]: null } },
    };
    try {
      await this.#options.client.patch(workloadResources.services, ref.namespace, ref.name, patch);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }

  /** False when there was nothing to release (the rule is gone, or another rollout took it meanwhile). */
  async #releaseDestinationRule(ref: ObjectRef, rolloutName: string): Promise<boolean> {
    // Read from the API server: the write carries the resourceVersion read, so a rule changed meanwhile is a conflict, tried again.
    const store = kubeIstioStore(this.#options.client, this.#options.istio);
    const rule = await store.getDestinationRule(ref.namespace, ref.name);
    const released = rule && releasedDestinationRule(rule, rolloutName);
    if (!released) return false;
    await store.putDestinationRule(released);
    return true;
  }
}
