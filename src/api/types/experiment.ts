// argoproj.io/v1alpha1 Experiment: parsed and validated; running experiments is not implemented yet.
import type { LabelSelector, Timestamp, TypedObject } from './meta.ts';
import type { PodTemplateSpec } from './pod.ts';
import type { Argument } from './analysis.ts';

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
}

export interface Experiment extends TypedObject<'Experiment'> {
  spec: ExperimentSpec;
  status?: { phase?: string; message?: string; availableAt?: Timestamp; [field: string]: unknown };
}
