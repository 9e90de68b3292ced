// status of a Rollout, named and valued as Argo Rollouts writes it (Argo CD's health check
// and the `kubectl argo rollouts` tooling read these fields).
import type { Timestamp } from './meta.ts';

export type RolloutPhase = 'Healthy' | 'Progressing' | 'Paused' | 'Degraded';

export type RolloutConditionType =
  | 'Available'
  | 'Progressing'
  | 'ReplicaFailure'
  | 'Paused'
  | 'Completed'
  | 'Healthy'
  | 'InvalidSpec';

export interface RolloutCondition {
  type: RolloutConditionType;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime: Timestamp;
  lastTransitionTime: Timestamp;
  reason: string;
  message: string;
}

export type PauseReason = 'CanaryPauseStep' | 'BlueGreenPause' | 'InconclusiveAnalysisRun' | 'InconclusiveExperiment';

export interface PauseCondition {
  reason: PauseReason;
  startTime: Timestamp;
}

export interface RolloutAnalysisRunStatus {
  name: string;
  status: string; // an AnalysisPhase
  message?: string;
}

export interface WeightDestination {
  weight: number;
  serviceName?: string;
  podTemplateHash?: string;
}

export interface TrafficWeights {
  canary: WeightDestination;
  stable: WeightDestination;
  additional?: WeightDestination[];
  verified?: boolean;
}

export interface CanaryStatus {
  currentStepAnalysisRunStatus?: RolloutAnalysisRunStatus;
  currentBackgroundAnalysisRunStatus?: RolloutAnalysisRunStatus;
  currentExperiment?: string;
  weights?: TrafficWeights;
  stablePingPong?: 'ping' | 'pong';
}

export interface BlueGreenStatus {
  previewSelector?: string;
  activeSelector?: string;
  scaleUpPreviewCheckPoint?: boolean;
  prePromotionAnalysisRunStatus?: RolloutAnalysisRunStatus;
  postPromotionAnalysisRunStatus?: RolloutAnalysisRunStatus;
}

export interface RolloutStatus {
  abort?: boolean;
  abortedAt?: Timestamp;
  pauseConditions?: PauseCondition[];
  controllerPause?: boolean;
  promoteFull?: boolean;
  currentPodHash?: string;
  currentStepHash?: string;
  currentStepIndex?: number;
  stableRS?: string;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  HPAReplicas?: number;
  collisionCount?: number;
  /** A string in Argo's API, not an integer. */
  observedGeneration?: string;
  conditions?: RolloutCondition[];
  canary?: CanaryStatus;
  blueGreen?: BlueGreenStatus;
  selector?: string;
  restartedAt?: Timestamp;
  phase?: RolloutPhase;
  message?: string;
  workloadObservedGeneration?: string;
}
