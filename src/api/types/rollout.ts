// argoproj.io/v1alpha1 Rollout: spec types, named and shaped as Argo Rollouts' API.
import type { IntOrString, LabelSelector, PodTemplateMetadata, TypedObject } from './meta.ts';
import type { PodTemplateSpec } from './pod.ts';
import type { RolloutAnalysis, RolloutAnalysisBackground } from './rollout-analysis.ts';
import type { RolloutTrafficRouting } from './traffic-routing.ts';
import type { RolloutStatus } from './rollout-status.ts';

export interface Rollout extends TypedObject<'Rollout'> {
  spec: RolloutSpec;
  status?: RolloutStatus;
}

export interface RolloutSpec {
  replicas?: number;
  selector?: LabelSelector;
  template?: PodTemplateSpec;
  workloadRef?: WorkloadRef;
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  paused?: boolean;
  progressDeadlineSeconds?: number;
  progressDeadlineAbort?: boolean;
  restartAt?: string;
  rollbackWindow?: { revisions?: number };
  analysis?: { successfulRunHistoryLimit?: number; unsuccessfulRunHistoryLimit?: number };
  strategy: RolloutStrategy;
}

export interface WorkloadRef {
  apiVersion?: string;
  kind?: string;
  name?: string;
  scaleDown?: 'never' | 'onsuccess' | 'progressively';
}

export interface RolloutStrategy {
  blueGreen?: BlueGreenStrategy;
  canary?: CanaryStrategy;
}

export interface AntiAffinity {
  preferredDuringSchedulingIgnoredDuringExecution?: { weight: number };
  requiredDuringSchedulingIgnoredDuringExecution?: Record<string, never>;
}

export interface BlueGreenStrategy {
  activeService: string;
  previewService?: string;
  previewReplicaCount?: number;
  autoPromotionEnabled?: boolean;
  autoPromotionSeconds?: number;
  maxUnavailable?: IntOrString;
  scaleDownDelaySeconds?: number;
  scaleDownDelayRevisionLimit?: number;
  abortScaleDownDelaySeconds?: number;
  prePromotionAnalysis?: RolloutAnalysis;
  postPromotionAnalysis?: RolloutAnalysis;
  antiAffinity?: AntiAffinity;
  previewMetadata?: PodTemplateMetadata;
  activeMetadata?: PodTemplateMetadata;
}

export interface CanaryStrategy {
  canaryService?: string;
  stableService?: string;
  steps?: CanaryStep[];
  trafficRouting?: RolloutTrafficRouting;
  maxUnavailable?: IntOrString;
  maxSurge?: IntOrString;
  analysis?: RolloutAnalysisBackground;
  antiAffinity?: AntiAffinity;
  canaryMetadata?: PodTemplateMetadata;
  stableMetadata?: PodTemplateMetadata;
  scaleDownDelaySeconds?: number;
  scaleDownDelayRevisionLimit?: number;
  abortScaleDownDelaySeconds?: number;
  dynamicStableScale?: boolean;
  pingPong?: { pingService: string; pongService: string };
  minPodsPerReplicaSet?: number;
  /** type "Percent" or "Pods" (Argo counts pods for any other value). */
  replicaProgressThreshold?: { type: string; value: number };
}

export interface StringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

export interface HeaderRoutingMatch {
  headerName: string;
  headerValue: StringMatch;
}

export interface RouteMatch {
  method?: StringMatch;
  path?: StringMatch;
  headers?: Record<string, StringMatch>;
}

export interface SetHeaderRoute {
  name?: string;
  match?: HeaderRoutingMatch[];
}

export interface SetMirrorRoute {
  name: string;
  match?: RouteMatch[];
  percentage?: number;
}

export interface SetCanaryScale {
  weight?: number;
  replicas?: number;
  matchTrafficWeight?: boolean;
}

export interface RolloutPause {
  duration?: IntOrString;
}

export interface RolloutExperimentTemplate {
  name: string;
  specRef: 'stable' | 'canary';
  replicas?: number;
  weight?: number;
  selector?: LabelSelector;
  metadata?: PodTemplateMetadata;
  service?: { name?: string };
}

export interface RolloutExperimentStepAnalysisTemplateRef {
  name: string;
  templateName: string;
  clusterScope?: boolean;
  args?: import('./rollout-analysis.ts').AnalysisRunArgument[];
  requiredForCompletion?: boolean;
}

export interface RolloutExperimentStep {
  templates: RolloutExperimentTemplate[];
  duration?: string;
  analyses?: RolloutExperimentStepAnalysisTemplateRef[];
  scaleDownDelaySeconds?: number;
  dryRun?: Array<{ metricName: string }>;
  analysisRunMetadata?: PodTemplateMetadata;
}

export interface CanaryStep {
  setWeight?: number;
  pause?: RolloutPause;
  experiment?: RolloutExperimentStep;
  analysis?: RolloutAnalysis;
  setCanaryScale?: SetCanaryScale;
  setHeaderRoute?: SetHeaderRoute;
  setMirrorRoute?: SetMirrorRoute;
  plugin?: { name: string; config?: unknown };
}
