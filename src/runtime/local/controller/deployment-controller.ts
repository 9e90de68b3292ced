// Plain Deployments in the local runtime, as Kubernetes' Deployment controller runs them: a
// ReplicaSet per pod template (named `<deployment>-<pod-template-hash>`, its pods labelled
// `pod-template-hash`), a RollingUpdate within maxSurge and maxUnavailable or a Recreate
// (deployment-plan.ts decides), old ReplicaSets kept up to revisionHistoryLimit, and the
// Deployment's status written back. Services select its pods through the mesh like any other.
// Its pods are not recorded in the state directory: a runtime started after one that died starts
// them afresh.
import { podTemplateHash } from '../../../api/pod-template-hash.ts';
import type { Deployment } from '../../../api/types/core.ts';
import type { PodTemplateSpec } from '../../../api/types/pod.ts';
import type { IntOrString } from '../../../api/types/meta.ts';
import type { PodEnvironment } from '../pods/pod-environment.ts';
import type { PodStatus } from '../pods/pod-status.ts';
import type { ObjectStore, StoreChange } from '../store/object-store.ts';
import { planDeployment, type DeploymentShape, type ReplicaSetState } from '../workloads/deployment-plan.ts';
import { LocalWorkloads } from '../workloads/local-workloads.ts';
import { WorkQueue } from './work-queue.ts';

export const DEPLOYMENT_HASH_LABEL = 'pod-template-hash';
const DEPLOYMENT_REVISION = 'deployment.kubernetes.io/revision';
/** Pod changes come in bursts (a probe, a start): they are gathered for this long. */
const POD_CHANGE_DELAY_MS = 20;

interface DeploymentState {
  workloads: LocalWorkloads;
  revisions: Map<string, number>;
  unsubscribe: () => void;
}

export interface DeploymentControllerOptions {
  store: ObjectStore;
  environment: PodEnvironment;
  log?: (line: string) => void;
}

export class LocalDeploymentController {
  readonly #store: ObjectStore;
  readonly #environment: PodEnvironment;
  readonly #log: (line: string) => void;
  readonly #deployments = new Map<string, DeploymentState>();
  readonly #queue = new WorkQueue((key) => this.#reconcile(key));
  #unsubscribe: (() => void) | undefined;

  constructor(options: DeploymentControllerOptions) {
    this.#store = options.store;
    // Deployment pods are not recorded for adoption (only a rollout's ReplicaSets are).
    const { records: _records, ...environment } = options.environment;
    this.#environment = environment;
    this.#log = options.log ?? (() => undefined);
  }

  start(): void {
    this.#unsubscribe = this.#store.subscribe((change) => this.#changed(change));
    for (const deployment of this.#store.list('Deployment')) this.#queue.enqueue(keyOf(deployment));
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    await this.#queue.stop();
    await Promise.all(
      [...this.#deployments.values()].map(async (state) => {
        state.unsubscribe();
        await state.workloads.shutdown();
      }),
    );
    this.#deployments.clear();
  }

  /** The pods of a Deployment, stopping ones included. */
  podStatuses(namespace: string, name: string): PodStatus[] {
    const state = this.#deployments.get(`${namespace}/${name}`);
    if (!state) return [];
    return [...state.revisions.keys()].flatMap((rs) => state.workloads.replicaSet(rs)?.podStatuses() ?? []);
  }

  #changed(change: StoreChange): void {
    if (change.ref.kind !== 'Deployment') return;
    this.#queue.enqueue(`${change.ref.namespace}/${change.ref.name}`);
  }

  async #reconcile(key: string): Promise<void> {
    const [namespace = '', name = ''] = key.split('/');
    const deployment = this.#store.get('Deployment', namespace, name);
    if (!deployment) {
      const state = this.#deployments.get(key);
      this.#deployments.delete(key);
      state?.unsubscribe();
      await state?.workloads.shutdown();
      return;
    }
    const state = this.#stateOf(key, namespace);
    const template = deployment.spec.template;
    const hash = podTemplateHash(template, Number(statusOf(deployment)['collisionCount'] ?? 0));
    const observed = await state.workloads.observe();
    const replicaSets: ReplicaSetState[] = observed.map((rs) => ({
      name: rs.name,
      podTemplateHash: rs.podTemplateHash,
      replicas: rs.replicas,
      availableReplicas: rs.availableReplicas,
      pods: rs.pods?.length ?? rs.currentReplicas,
      createdAt: rs.createdAt,
    }));
    const plan = planDeployment(shapeOf(deployment), hash, replicaSets);
    if (plan.create) {
      const rsName = `${name}-${hash}`;
      const revision = Math.max(0, ...state.revisions.values()) + 1;
      state.revisions.set(rsName, revision);
      await state.workloads.createReplicaSet({
        name: rsName,
        podTemplateHash: hash,
        revision,
        replicas: plan.create.replicas,
        template: withHashLabel(template, hash),
        annotations: { [DEPLOYMENT_REVISION]: String(revision) },
        minReadySeconds: Number(deployment.spec['minReadySeconds'] ?? 0),
      });
      this.#log(`Deployment ${namespace}/${name}: created ReplicaSet ${rsName} (revision ${revision})`);
    }
    for (const { name: rs, replicas } of plan.scale) await state.workloads.scaleReplicaSet(rs, replicas);
    for (const rs of plan.delete) {
      state.revisions.delete(rs);
      await state.workloads.deleteReplicaSet(rs);
    }
    this.#writeStatus(deployment, hash, await state.workloads.observe());
    if (plan.create || plan.scale.length > 0 || plan.delete.length > 0) this.#queue.enqueue(key);
  }

  #writeStatus(deployment: Deployment, hash: string, observed: Awaited<ReturnType<LocalWorkloads['observe']>>): void {
    const sum = (pick: (rs: (typeof observed)[number]) => number) =>
      observed.reduce((total, rs) => total + pick(rs), 0);
    const replicas = sum((rs) => rs.currentReplicas);
    const available = sum((rs) => rs.availableReplicas);
    const updated = observed.find((rs) => rs.podTemplateHash === hash)?.currentReplicas ?? 0;
    const status = {
      ...statusOf(deployment),
      observedGeneration: deployment.metadata.generation ?? 1,
      replicas,
      updatedReplicas: updated,
      readyReplicas: sum((rs) => rs.readyReplicas),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, (deployment.spec.replicas ?? 1) - available),
    };
    this.#store.writeStatus(
      {
        kind: 'Deployment',
        namespace: deployment.metadata.namespace ?? 'default',
        name: deployment.metadata.name ?? '',
      },
      status,
    );
  }

  #stateOf(key: string, namespace: string): DeploymentState {
    let state = this.#deployments.get(key);
    if (!state) {
      const workloads = new LocalWorkloads(namespace, this.#environment);
      const unsubscribe = workloads.onChange(() => this.#queue.enqueue(key, POD_CHANGE_DELAY_MS));
      state = { workloads, revisions: new Map(), unsubscribe };
      this.#deployments.set(key, state);
    }
    return state;
  }
}

/** The status the store keeps beside the spec (the model's Deployment type reads only the spec). */
function statusOf(deployment: Deployment): Record<string, unknown> {
  return (deployment as Deployment & { status?: Record<string, unknown> }).status ?? {};
}

function keyOf(deployment: Deployment): string {
  return `${deployment.metadata.namespace ?? 'default'}/${deployment.metadata.name ?? ''}`;
}

function shapeOf(deployment: Deployment): DeploymentShape {
  const strategy = (deployment.spec['strategy'] ?? {}) as {
    type?: string;
    rollingUpdate?: { maxSurge?: IntOrString; maxUnavailable?: IntOrString };
  };
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
