// Schema of argoproj.io/v1alpha1 Rollout, mirroring Argo Rollouts' Go API types (RolloutSpec).
import { anyObject, arrayOf, boolean, dateTime, int32, intOrString, mapOf, object, string } from '../vocabulary.ts';
import { LabelSelector, ObjectMeta, PodTemplateSpec } from '../kubernetes.ts';
import { AnalysisRunArgument, AnalysisTemplateRef, PodTemplateMetadata, dryRunList, measurementRetentionList } from './shared.ts';
import { RolloutTrafficRouting } from './rollout-traffic-routing.ts';
import { RolloutStatus } from './rollout-status.ts';

const RolloutAnalysis = object({
  templates: arrayOf(AnalysisTemplateRef),
  args: arrayOf(AnalysisRunArgument),
  dryRun: dryRunList,
  measurementRetention: measurementRetentionList,
  analysisRunMetadata: PodTemplateMetadata,
});

const RolloutAnalysisBackground = object({ ...RolloutAnalysis.properties, startingStep: int32() });

const AntiAffinity = object({
  preferredDuringSchedulingIgnoredDuringExecution: object({ weight: int32() }, ['weight']),
  requiredDuringSchedulingIgnoredDuringExecution: object({}),
});

const BlueGreenStrategy = object(
  {
    activeService: string(),
    previewService: string(),
    previewReplicaCount: int32(),
    autoPromotionEnabled: boolean(),
    autoPromotionSeconds: int32(),
    maxUnavailable: intOrString(),
    scaleDownDelaySeconds: int32(),
    scaleDownDelayRevisionLimit: int32(),
    abortScaleDownDelaySeconds: int32(),
    prePromotionAnalysis: RolloutAnalysis,
    postPromotionAnalysis: RolloutAnalysis,
    antiAffinity: AntiAffinity,
    previewMetadata: PodTemplateMetadata,
    activeMetadata: PodTemplateMetadata,
  },
  ['activeService'],
);

const StringMatch = object({ exact: string(), prefix: string(), regex: string() });

const RolloutExperimentStep = object(
  {
    templates: arrayOf(
      object(
        {
          name: string(),
          specRef: string(),
          replicas: int32(),
          metadata: PodTemplateMetadata,
          selector: LabelSelector,
          weight: int32(),
          service: object({ name: string() }),
        },
        ['name', 'specRef'],
      ),
    ),
    duration: string(),
    analyses: arrayOf(
      object(
        {
          name: string(),
          templateName: string(),
          clusterScope: boolean(),
          args: arrayOf(AnalysisRunArgument),
          requiredForCompletion: boolean(),
        },
        ['name', 'templateName'],
      ),
    ),
    scaleDownDelaySeconds: int32(),
    dryRun: dryRunList,
    analysisRunMetadata: PodTemplateMetadata,
  },
  ['templates'],
);

const CanaryStep = object({
  setWeight: int32(),
  pause: object({ duration: intOrString() }),
  experiment: RolloutExperimentStep,
  analysis: RolloutAnalysis,
  setCanaryScale: object({ weight: int32(), replicas: int32(), matchTrafficWeight: boolean() }),
  setHeaderRoute: object({
    name: string(),
    match: arrayOf(object({ headerName: string(), headerValue: StringMatch }, ['headerName', 'headerValue'])),
  }),
  setMirrorRoute: object(
    {
      name: string(),
      match: arrayOf(object({ method: StringMatch, path: StringMatch, headers: mapOf(StringMatch) })),
      percentage: int32(),
    },
    ['name'],
  ),
  plugin: object({ name: string(), config: anyObject() }, ['name']),
});

const CanaryStrategy = object({
  canaryService: string(),
  stableService: string(),
  steps: arrayOf(CanaryStep),
  trafficRouting: RolloutTrafficRouting,
  maxUnavailable: intOrString(),
  maxSurge: intOrString(),
  analysis: RolloutAnalysisBackground,
  antiAffinity: AntiAffinity,
  canaryMetadata: PodTemplateMetadata,
  stableMetadata: PodTemplateMetadata,
  scaleDownDelaySeconds: int32(),
  scaleDownDelayRevisionLimit: int32(),
  abortScaleDownDelaySeconds: int32(),
  dynamicStableScale: boolean(),
  pingPong: object({ pingService: string(), pongService: string() }, ['pingService', 'pongService']),
  minPodsPerReplicaSet: int32(),
  replicaProgressThreshold: object({ type: string(), value: int32() }, ['type', 'value']),
});

export const RolloutSpec = object({
  replicas: int32(),
  selector: LabelSelector,
  template: PodTemplateSpec,
  workloadRef: object({ apiVersion: string(), kind: string(), name: string(), scaleDown: string() }),
  minReadySeconds: int32(),
  revisionHistoryLimit: int32(),
  paused: boolean(),
  progressDeadlineSeconds: int32(),
  progressDeadlineAbort: boolean(),
  restartAt: dateTime(),
  rollbackWindow: object({ revisions: int32() }),
  analysis: object({ successfulRunHistoryLimit: int32(), unsuccessfulRunHistoryLimit: int32() }),
  strategy: object({ blueGreen: BlueGreenStrategy, canary: CanaryStrategy }),
});

export const Rollout = object(
  { apiVersion: string(), kind: string(), metadata: ObjectMeta, spec: RolloutSpec, status: RolloutStatus },
  ['spec'],
);
