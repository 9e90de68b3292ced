// The Workloads port: ReplicaSet-like units that both runtimes provide. A runtime carries out
// the engine's ReplicaSet and pod actions through it and reports what it observes; it decides
// nothing itself. Each call returns once the change is accepted, not once pods have followed
// (as the API server does): observe() shows the progress.
import type { PodTemplateSpec } from '../api/types/pod.ts';
import type { Action, ObservedReplicaSet } from '../engine/types.ts';

export interface ReplicaSetSpec {
  name: string;
  podTemplateHash: string;
  revision: number;
  replicas: number;
  /** With the hash label already applied (the engine does it). */
  template: PodTemplateSpec;
  annotations: Record<string, string>;
  /** The Rollout's spec.minReadySeconds, copied to the ReplicaSet as Argo does. */
  minReadySeconds?: number;
  /** Epoch ms: when the ReplicaSet was first created (a ReplicaSet brought back after a restart keeps its age); default now. */
  createdAt?: number;
}

export interface MetadataChange {
  annotations?: Record<string, string | null>;
  podLabels?: Record<string, string | null>;
  podAnnotations?: Record<string, string | null>;
}

export interface Workloads {
  /** Creates the ReplicaSet; one that already exists under that name is left as it is. */
  createReplicaSet(spec: ReplicaSetSpec): Promise<void>;
  scaleReplicaSet(name: string, replicas: number, annotations?: Record<string, string | null>): Promise<void>;
  updateReplicaSetMetadata(name: string, change: MetadataChange): Promise<void>;
  /** The ReplicaSet is gone from observe() at once; its pods stop gracefully afterwards. */
  deleteReplicaSet(name: string): Promise<void>;
  /** Stops one pod gracefully; its ReplicaSet replaces it. */
  deletePod(replicaSet: string, pod: string): Promise<void>;
  observe(): Promise<ObservedReplicaSet[]>;
}

export type WorkloadAction = Extract<
  Action,
  { type: 'createReplicaSet' | 'scaleReplicaSet' | 'updateReplicaSetMetadata' | 'deleteReplicaSet' | 'deletePod' }
>;

const WORKLOAD_ACTIONS = new Set<Action['type']>([
  'createReplicaSet',
  'scaleReplicaSet',
  'updateReplicaSetMetadata',
  'deleteReplicaSet',
  'deletePod',
]);

export function isWorkloadAction(action: Action): action is WorkloadAction {
  return WORKLOAD_ACTIONS.has(action.type);
}

/** Carries out one engine action; `minReadySeconds` is the Rollout's, for the ReplicaSets it creates. */
export async function applyWorkloadAction(
  workloads: Workloads,
  action: WorkloadAction,
  context: { minReadySeconds?: number } = {},
): Promise<void> {
  switch (action.type) {
    case 'createReplicaSet': {
      const { type: _type, ...spec } = action;
      return workloads.createReplicaSet(
        context.minReadySeconds !== undefined ? { ...spec, minReadySeconds: context.minReadySeconds } : spec,
      );
    }
    case 'scaleReplicaSet':
      return workloads.scaleReplicaSet(action.name, action.replicas, action.annotations);
    case 'updateReplicaSetMetadata': {
      const { type: _type, name, ...change } = action;
      return workloads.updateReplicaSetMetadata(name, change);
    }
    case 'deleteReplicaSet':
      return workloads.deleteReplicaSet(action.name);
    case 'deletePod':
      return workloads.deletePod(action.replicaSet, action.name);
  }
}
