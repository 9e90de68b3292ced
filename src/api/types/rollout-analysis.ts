// How a Rollout refers to AnalysisTemplates (inline steps, background, pre/post promotion).
import type { PodTemplateMetadata } from './meta.ts';

export interface AnalysisTemplateRef {
  templateName?: string;
  clusterScope?: boolean;
}

export interface AnalysisRunArgument {
  name: string;
  value?: string;
  valueFrom?: {
    podTemplateHashValue?: 'Stable' | 'Latest';
    fieldRef?: { fieldPath: string };
  };
}

export interface RolloutAnalysis {
  templates?: AnalysisTemplateRef[];
  args?: AnalysisRunArgument[];
  dryRun?: Array<{ metricName: string }>;
  measurementRetention?: Array<{ metricName: string; limit: number }>;
  analysisRunMetadata?: PodTemplateMetadata;
}

export interface RolloutAnalysisBackground extends RolloutAnalysis {
  startingStep?: number;
}
