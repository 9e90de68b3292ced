// argoproj.io/v1alpha1 Experiment: its spec and the status Argo Rollouts writes
// (pkg/apis/rollouts/v1alpha1/experiment_types.go).
import type { LabelSelector, PodTemplateMetadata, Timestamp, TypedObject } from './meta.ts';
import type { PodTemplateSpec } from './pod.ts';
import type { AnalysisPhase, Argument } from './analysis.ts';

export interface ExperimentTemplateSpec {
  name: string;
  replicas?: number;
  minReadySeconds?: number;
  selector: LabelSelector;
  template: PodTemplateSpec;
  service?: { name?: string };
}

export interface ExperimentAnalysisTemplateRef {
  name: string;
  templateName: string;
  clusterScope?: boolean;
  args?: Argument[];
  requiredForCompletion?: boolean;
}

export interface ExperimentSpec {
  templates: ExperimentTemplateSpec[];
  duration?: string;
  progressDeadlineSeconds?: number;
  terminate?: boolean;
  analyses?: ExperimentAnalysisTemplateRef[];
  scaleDownDelaySeconds?: number;
  dryRun?: Array<{ metricName: string }>;
  measurementRetention?: Array<{ metricName: string; limit: number }>;
  analysisRunMetadata?: PodTemplateMetadata;
}

/** A template's status code (TemplateStatusCode). */
export type TemplateStatusCode = 'Progressing' | 'Running' | 'Successful' | 'Failed' | 'Error';

export interface TemplateStatus {
  name: string;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  collisionCount?: number;
  status?: TemplateStatusCode;
  message?: string;
  lastTransitionTime?: Timestamp;
  serviceName?: string;
  podTemplateHash?: string;
}

export interface ExperimentAnalysisRunStatus {
  /** The analysis' name in spec.analyses. */
  name: string;
  /** The AnalysisRun's name ('' until it is created). */
  analysisRun: string;
  phase: AnalysisPhase | '';
  message?: string;
}

export interface ExperimentCondition {
  type: 'Progressing' | 'InvalidSpec';
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime: Timestamp;
  lastTransitionTime: Timestamp;
  reason: string;
  message: string;
}

export interface ExperimentStatus {
  phase?: AnalysisPhase;
  message?: string;
  templateStatuses?: TemplateStatus[];
  availableAt?: Timestamp;
  conditions?: ExperimentCondition[];
  analysisRuns?: ExperimentAnalysisRunStatus[];
}

export interface Experiment extends TypedObject<'Experiment'> {
  spec: ExperimentSpec;
  status?: ExperimentStatus;
}
