// What the view model is built from: plain objects, shaped as the Kubernetes API returns them,
// which both runtimes can supply. Pods and Jobs are reduced to the fields the view reads.
import type { AnalysisRun } from '../api/types/analysis.ts';
import type { ReplicaSet } from '../api/types/core.ts';
import type { Experiment } from '../api/types/experiment.ts';
import type { ObjectMeta, Timestamp } from '../api/types/meta.ts';
import type { Rollout } from '../api/types/rollout.ts';

export interface ContainerStateView {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: Timestamp };
  terminated?: { exitCode: number; signal?: number; reason?: string; message?: string };
}

export interface PodContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  started?: boolean;
  state?: ContainerStateView;
}

/** A Pod, with only what `get rollout` shows: readiness, restarts and kubectl's status reason. */
export interface Pod {
  apiVersion?: string;
  kind?: 'Pod';
  metadata: ObjectMeta;
  spec?: {
    containers: Array<{ name: string; image?: string }>;
    initContainers?: Array<{ name: string; image?: string; restartPolicy?: string }>;
  };
  status?: {
    phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
    /** e.g. `Evicted`, `NodeLost`. */
    reason?: string;
    containerStatuses?: PodContainerStatus[];
    initContainerStatuses?: PodContainerStatus[];
  };
}

/** A batch/v1 Job started by a job metric; the view reads its age. */
export interface Job {
  apiVersion?: string;
  kind?: 'Job';
  metadata: ObjectMeta;
  status?: { active?: number; succeeded?: number; failed?: number };
}

/** A ReplicaSet as the API returns it, with the status conditions the core type leaves out. */
export type ReplicaSetInput = ReplicaSet & {
  status?: ReplicaSet['status'] & {
    conditions?: Array<{ type: string; status: string; reason?: string; message?: string }>;
  };
};

export interface RolloutViewInput {
  rollout: Rollout;
  /** The ReplicaSets the rollout owns (and those its experiments own). */
  replicaSets: ReplicaSetInput[];
  pods: Pod[];
  analysisRuns: AnalysisRun[];
  jobs?: Job[];
  experiments?: Experiment[];
  /** Epoch milliseconds: ages and scale-down delays are measured from here. */
  now: number;
}
