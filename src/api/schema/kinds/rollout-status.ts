// Schema of a Rollout's status, as Argo Rollouts writes it.
import { anyObject, arrayOf, boolean, dateTime, int32, int64, object, string } from '../vocabulary.ts';
import { Condition } from './shared.ts';

const RolloutAnalysisRunStatus = object({ name: string(), status: string(), message: string() }, ['name', 'status']);

const WeightDestination = object({ weight: int32(), serviceName: string(), podTemplateHash: string() }, ['weight']);

const AwsResourceRef = object({ name: string(), arn: string(), fullName: string() }, ['name', 'arn']);

const AlbStatus = object({
  loadBalancer: AwsResourceRef,
  canaryTargetGroup: AwsResourceRef,
  stableTargetGroup: AwsResourceRef,
  ingress: string(),
});

const StepPluginStatus = object(
  {
    index: int32(),
    name: string(),
    operation: string(),
    phase: string(),
    message: string(),
    startedAt: dateTime(),
    updatedAt: dateTime(),
    finishedAt: dateTime(),
    backoff: string(),
    executions: int32(),
    disabled: boolean(),
    status: anyObject(),
  },
  ['index', 'name', 'operation'],
);

export const RolloutStatus = object({
  abort: boolean(),
  pauseConditions: arrayOf(object({ reason: string(), startTime: dateTime() }, ['reason', 'startTime'])),
  controllerPause: boolean(),
  abortedAt: dateTime(),
  currentPodHash: string(),
  currentStepHash: string(),
  replicas: int32(),
  updatedReplicas: int32(),
  readyReplicas: int32(),
  availableReplicas: int32(),
  HPAReplicas: int32(),
  currentStepIndex: int32(),
  collisionCount: int32(),
  observedGeneration: string(),
  conditions: arrayOf(Condition),
  canary: object({
    currentStepAnalysisRunStatus: RolloutAnalysisRunStatus,
    currentBackgroundAnalysisRunStatus: RolloutAnalysisRunStatus,
    currentExperiment: string(),
    weights: object(
      {
        canary: WeightDestination,
        stable: WeightDestination,
        additional: arrayOf(WeightDestination),
        verified: boolean(),
      },
      ['canary', 'stable'],
    ),
    stablePingPong: string(),
    stepPluginStatuses: arrayOf(StepPluginStatus),
  }),
  blueGreen: object({
    previewSelector: string(),
    activeSelector: string(),
    scaleUpPreviewCheckPoint: boolean(),
    prePromotionAnalysisRunStatus: RolloutAnalysisRunStatus,
    postPromotionAnalysisRunStatus: RolloutAnalysisRunStatus,
  }),
  duration: object({
    rolloutStartedAt: dateTime(),
    finishedAt: dateTime(),
    manualPauseStartedAt: dateTime(),
    totalManualPauseDurationSeconds: int64(),
    completionStatus: string(),
  }),
  phase: string(),
  message: string(),
  selector: string(),
  stableRS: string(),
  restartedAt: dateTime(),
  promoteFull: boolean(),
  workloadObservedGeneration: string(),
  alb: AlbStatus,
  albs: arrayOf(AlbStatus),
});
