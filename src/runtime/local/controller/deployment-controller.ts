// Plain Deployments in the local runtime, as Kubernetes' Deployment controller runs them: a
// ReplicaSet per pod template (named `<deployment>-<pod-template-hash>`, its pods labelled
// `pod-template-hash`), a RollingUpdate within maxSurge and maxUnavailable or a Recreate,
// proportional scaling mid-rollout, spec.paused (deployment-plan.ts decides), old ReplicaSets kept
// up to revisionHistoryLimit, and the status with its Available and Progressing conditions written
// back (deployment-status.ts). Its ReplicaSets are recorded in the store, owned by the Deployment,
// as a rollout's are (recorded-workloads.ts): a runtime started after one that died adopts their
// pods. Services select its pods through the mesh like any other.
import { podTemplateHash } from '../../../api/pod-template-hash.ts';
import type { Deployment, ReplicaSet } from '../../../api/types/core.ts';
import type { PodTemplateSpec } from '../../../api/types/pod.ts';
import type { IntOrString } from '../../../api/types/meta.ts';
import type { ObservedReplicaSet } from '../../../engine/types.ts';
import type { PodEnvironment } from '../pods/pod-environment.ts';
import type { PodStatus } from '../pods/pod-status.ts';
import type { ObjectStore, StoreChange } from '../store/object-store.ts';
import {
  DESIRED_REPLICAS_ANNOTATION,
  fenceposts,
  MAX_REPLICAS_ANNOTATION,
  planDeployment,
  replicaAnnotations,
  type DeploymentShape,
  type ReplicaSetState,
} from '../workloads/deployment-plan.ts';
import { nextDeploymentStatus, type DeploymentStatus } from '../workloads/deployment-status.ts';
import { LocalWorkloads } from '../workloads/local-workloads.ts';
import { controllerOwner } from './controller-owner.ts';
import { HASH_LABEL, ownedReplicaSets, RecordedWorkloads } from './recorded-workloads.ts';
import { WorkQueue } from './work-queue.ts';

export const DEPLOYMENT_HASH_LABEL = HASH_LABEL.Deployment;
export const DEPLOYMENT_REVISION = 'deployment.kubernetes.io/revision';
/** Pod changes come in bursts (a probe, a start): they are gathered for this long. */
const POD_CHANGE_DELAY_MS = 20;
/** Kubernetes' default spec.progressDeadlineSeconds. */
const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
const RETRY_AFTER_ERROR_MS = 5_000;

interface DeploymentState {
  workloads: RecordedWorkloads;
  unsubscribe: () => void;
}

export interface DeploymentControllerOptions {
  store: ObjectStore;
  environment: PodEnvironment;
  log?: (line: string) => void;
  now?: () => number;
}

export class LocalDeploymentController {
  readonly #store: ObjectStore;
  readonly #environment: PodEnvironment;
  readonly #log: (line: string) => void;
  readonly #now: () => number;
  readonly #deployments = new Map<string, DeploymentState>();
  readonly #queue = new WorkQueue((key) => this.#reconcile(key));
  readonly #podListeners = new Set<(key: string) => void>();
  #unsubscribe: (() => void) | undefined;

  constructor(options: DeploymentControllerOptions) {
    this.#store = options.store;
    this.#environment = options.environment;
    this.#log = options.log ?? (() => undefined);
    this.#now = options.now ?? Date.now;
  }

  /**
   * Brings back the recorded ReplicaSets of every Deployment (adopting their pods), then reconciles
   * each. The records of a Deployment no longer stored go: the runtime then stops their pods as
   * owned by no ReplicaSet.
   */
  async start(): Promise<void> {
    this.#unsubscribe = this.#store.subscribe((change) => this.#changed(change));
    for (const record of this.#store.list('ReplicaSet')) {
      const owner = controllerOwner(record, 'Deployment');
      const namespace = record.metadata.namespace ?? 'default';
      if (owner && !this.#store.get('Deployment', namespace, owner))
        this.#store.delete({ kind: 'ReplicaSet', namespace, name: record.metadata.name ?? '' });
    }
    for (const deployment of this.#store.list('Deployment')) {
      const key = keyOf(deployment);
      await this.#stateOf(deployment).workloads.restore();
      this.#queue.enqueue(key);
    }
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    await this.#queue.stop();
    await Promise.all(
      [...this.#deployments.values()].map(async (state) => {
        state.unsubscribe();
        await state.workloads.local.shutdown();
      }),
    );
    this.#deployments.clear();
  }

  /** The pods of a Deployment, stopping ones included. */
  podStatuses(namespace: string, name: string): PodStatus[] {
    const state = this.#deployments.get(`${namespace}/${name}`);
    return state ? [...state.workloads.podStatuses().values()].flat() : [];
  }

  /** The pods of every Deployment, stopping ones included. */
  allPodStatuses(): PodStatus[] {
    return [...this.#deployments.values()].flatMap((state) => [...state.workloads.podStatuses().values()].flat());
  }

  /** The pods of a Deployment by ReplicaSet name. */
  podsByReplicaSet(namespace: string, name: string): Map<string, PodStatus[]> {
    return this.#deployments.get(`${namespace}/${name}`)?.workloads.podStatuses() ?? new Map();
  }

  /** Called with `namespace/name` whenever a pod of that Deployment changes (watchers, scrape targets). */
  onPodChange(listener: (key: string) => void): () => void {
    this.#podListeners.add(listener);
    return () => this.#podListeners.delete(listener);
  }

  /** The ReplicaSets a Deployment owns, as stored. */
  replicaSets(namespace: string, name: string): ReplicaSet[] {
    return ownedReplicaSets(this.#store, namespace, name, 'Deployment');
  }

  #changed(change: StoreChange): void {
    if (change.ref.kind !== 'Deployment') return;
    this.#queue.enqueue(`${change.ref.namespace}/${change.ref.name}`);
  }

  async #reconcile(key: string): Promise<void> {
    try {
      await this.#sync(key);
    } catch (error) {
      this.#log(`Deployment ${key}: sync failed: ${(error as Error).message}`);
      this.#queue.enqueue(key, RETRY_AFTER_ERROR_MS);
    }
  }

  async #sync(key: string): Promise<void> {
    const [namespace = '', name = ''] = key.split('/');
    const deployment = this.#store.get('Deployment', namespace, name);
    if (!deployment) return this.#removed(key, namespace, name);
    const { workloads } = this.#stateOf(deployment);
    const template = deployment.spec.template;
    const previous = statusOf(deployment);
    const hash = podTemplateHash(template, Number(previous.collisionCount ?? 0));
    const shape = shapeOf(deployment);
    const observed = await workloads.observe();
    const plan = planDeployment(shape, hash, observed.map(stateOf));
    const annotations = replicaAnnotations(shape);
    const revisions = observed.map(revisionOf);
    const newRS = observed.find((rs) => rs.podTemplateHash === hash);
    const created = plan.create ? `${name}-${hash}` : undefined;
    const minReadySeconds = Number(deployment.spec['minReadySeconds'] ?? 0);
    if (newRS) await this.#keepMinReadySeconds(workloads, namespace, newRS.name, minReadySeconds);
    if (plan.create) {
      const revision = Math.max(0, ...revisions) + 1;
      await workloads.createReplicaSet({
        name: `${name}-${hash}`,
        podTemplateHash: hash,
        revision,
        replicas: plan.create.replicas,
        template: withHashLabel(template, hash),
        annotations: { [DEPLOYMENT_REVISION]: String(revision), ...annotations },
        minReadySeconds,
      });
      this.#log(`Deployment ${key}: created ReplicaSet ${name}-${hash} (revision ${revision})`);
    } else if (newRS && plan.raiseRevision !== undefined) {
      // An older template again (a rollback): its ReplicaSet is the newest revision now, paused or not.
      const revision = String(plan.raiseRevision);
      await workloads.updateReplicaSetMetadata(newRS.name, { annotations: { [DEPLOYMENT_REVISION]: revision } });
    }
    for (const { name: rs, replicas } of plan.scale) {
      const current = observed.find((o) => o.name === rs);
      if (current && current.replicas !== replicas)
        this.#log(`Deployment ${key}: scaled ReplicaSet ${rs} from ${current.replicas} to ${replicas}`);
      await workloads.scaleReplicaSet(rs, replicas, annotations);
    }
    for (const rs of plan.delete) await workloads.deleteReplicaSet(rs);

    const after = await workloads.observe();
    const { maxUnavailable } = fenceposts(shape);
    const deadline = deployment.spec['progressDeadlineSeconds'];
    const decision = nextDeploymentStatus({
      name,
      generation: deployment.metadata.generation ?? 1,
      replicas: shape.replicas,
      maxUnavailable,
      paused: shape.paused === true,
      progressDeadlineSeconds: typeof deadline === 'number' ? deadline : DEFAULT_PROGRESS_DEADLINE_SECONDS,
      previous,
      replicaSets: after,
      newReplicaSet: created ?? newRS?.name,
      created: created !== undefined,
      mode: plan.mode,
      now: this.#now(),
    });
    this.#store.writeStatus({ kind: 'Deployment', namespace, name }, decision.status);
    if (plan.create || plan.scale.some((s) => observed.find((o) => o.name === s.name)?.replicas !== s.replicas))
      this.#queue.enqueue(key);
    else if (plan.delete.length > 0) this.#queue.enqueue(key);
    if (decision.recheckAfterMs !== undefined) this.#queue.enqueue(key, decision.recheckAfterMs);
  }

  /**
   * The new ReplicaSet follows the Deployment's minReadySeconds (Kubernetes' getNewReplicaSet
   * updates it when the value changes): its record and the availability of its pods.
   */
  async #keepMinReadySeconds(
    workloads: RecordedWorkloads,
    namespace: string,
    name: string,
    minReadySeconds: number,
  ): Promise<void> {
    const record = this.#store.get('ReplicaSet', namespace, name);
    if (record && (record.spec.minReadySeconds ?? 0) !== minReadySeconds)
      this.#store.update('ReplicaSet', namespace, name, (rs) => {
        rs.spec.minReadySeconds = minReadySeconds;
      });
    workloads.local.replicaSet(name)?.setMinReadySeconds(minReadySeconds);
  }

  /** A deleted Deployment takes its ReplicaSets (and their pods) with it. */
  async #removed(key: string, namespace: string, name: string): Promise<void> {
    const state = this.#deployments.get(key);
    this.#deployments.delete(key);
    state?.unsubscribe();
    for (const rs of ownedReplicaSets(this.#store, namespace, name, 'Deployment'))
      this.#store.delete({ kind: 'ReplicaSet', namespace, name: rs.metadata.name ?? '' });
    await state?.workloads.local.shutdown();
  }

  #stateOf(deployment: Deployment): DeploymentState {
    const key = keyOf(deployment);
    let state = this.#deployments.get(key);
    if (!state) {
      const namespace = deployment.metadata.namespace ?? 'default';
      const local = new LocalWorkloads(namespace, this.#environment);
      const unsubscribe = local.onChange(() => {
        this.#queue.enqueue(key, POD_CHANGE_DELAY_MS);
        for (const listener of [...this.#podListeners]) listener(key);
      });
      const workloads = new RecordedWorkloads(local, this.#store, {
        kind: 'Deployment',
        namespace,
        name: deployment.metadata.name ?? '',
        uid: deployment.metadata.uid ?? '',
        selector: { ...(deployment.spec.selector?.matchLabels ?? {}) },
      });
      state = { workloads, unsubscribe };
      this.#deployments.set(key, state);
    }
    return state;
  }
}

function stateOf(rs: ObservedReplicaSet): ReplicaSetState {
  const desired = annotationNumber(rs.annotations[DESIRED_REPLICAS_ANNOTATION]);
  const max = annotationNumber(rs.annotations[MAX_REPLICAS_ANNOTATION]);
  return {
    name: rs.name,
    podTemplateHash: rs.podTemplateHash,
    replicas: rs.replicas,
    availableReplicas: rs.availableReplicas,
    pods: rs.pods?.length ?? rs.currentReplicas,
    createdAt: rs.createdAt,
    revision: revisionOf(rs),
    ...(desired !== undefined ? { desiredReplicas: desired } : {}),
    ...(max !== undefined ? { maxReplicas: max } : {}),
  };
}

function annotationNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

function revisionOf(rs: ObservedReplicaSet): number {
  return annotationNumber(rs.annotations[DEPLOYMENT_REVISION]) ?? 0;
}

/** The status the store keeps beside the spec (the model's Deployment type reads only the spec). */
export function statusOf(deployment: Deployment): Partial<DeploymentStatus> {
  return (deployment as Deployment & { status?: Partial<DeploymentStatus> }).status ?? {};
}

function keyOf(deployment: Deployment): string {
  return `${deployment.metadata.namespace ?? 'default'}/${deployment.metadata.name ?? ''}`;
}

function shapeOf(deployment: Deployment): DeploymentShape {
  const strategy = (deployment.spec['strategy'] ?? {}) as {
    type?: string;
    rollingUpdate?: { maxSurge?: IntOrString; maxUnavailable?: IntOrString };
  };
  const statusReplicas = statusOf(deployment).replicas;
  return {
    replicas: deployment.spec.replicas ?? 1,
    strategy:
      strategy.type === 'Recreate'
        ? { type: 'Recreate' }
        : {
            type: 'RollingUpdate',
            maxSurge: strategy.rollingUpdate?.maxSurge ?? '25%',
            maxUnavailable: strategy.rollingUpdate?.maxUnavailable ?? '25%',
          },
    revisionHistoryLimit: Number(deployment.spec['revisionHistoryLimit'] ?? 10),
    paused: deployment.spec['paused'] === true,
    ...(typeof statusReplicas === 'number' ? { statusReplicas } : {}),
  };
}

function withHashLabel(template: PodTemplateSpec, hash: string): PodTemplateSpec {
  return {
    ...template,
    metadata: {
      ...(template.metadata ?? {}),
      labels: { ...(template.metadata?.labels ?? {}), [DEPLOYMENT_HASH_LABEL]: hash },
    },
  };
}
