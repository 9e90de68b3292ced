// Schema of argoproj.io/v1alpha1 Rollout, mirroring Argo Rollouts' Go API types (RolloutSpec).
import {
  anyObject,
  arrayOf,
  boolean,
  dateTime,
  describeFields,
  immutable,
  int32,
  intOrString,
  mapOf,
  object,
  string,
} from '../vocabulary.ts';
import { LabelSelector, ObjectMeta, PodTemplateSpec } from '../kubernetes.ts';
import {
  AnalysisRunArgument,
  AnalysisTemplateRef,
  PodTemplateMetadata,
  dryRunList,
  measurementRetentionList,
} from './shared.ts';
import { RolloutTrafficRouting } from './rollout-traffic-routing.ts';
import { RolloutStatus } from './rollout-status.ts';

const RolloutAnalysis = describeFields(
  object({
    templates: arrayOf(AnalysisTemplateRef),
    args: arrayOf(AnalysisRunArgument),
    dryRun: dryRunList,
    measurementRetention: measurementRetentionList,
    analysisRunMetadata: PodTemplateMetadata,
  }),
  {
    templates: 'The AnalysisTemplates (or ClusterAnalysisTemplates) whose metrics run together in one AnalysisRun.',
    args: 'Values for the arguments the templates declare: literal, or taken from the Rollout (pod template hash, metadata field).',
    dryRun: 'Metrics (by name, a regular expression) that are measured but whose failure does not fail the run.',
    measurementRetention: 'How many measurements to keep for the metrics matching each name (a regular expression).',
    analysisRunMetadata: 'Labels and annotations added to the AnalysisRuns created from this analysis.',
  },
);

const RolloutAnalysisBackground = describeFields(object({ ...RolloutAnalysis.properties, startingStep: int32() }), {
  startingStep: 'The index of the canary step at which background analysis starts; from the first step when unset.',
});

const AntiAffinity = describeFields(
  object({
    preferredDuringSchedulingIgnoredDuringExecution: object({ weight: int32() }, ['weight']),
    requiredDuringSchedulingIgnoredDuringExecution: object({}),
  }),
  {
    preferredDuringSchedulingIgnoredDuringExecution:
      'Prefer nodes without pods of older revisions, with this weight (1 to 100).',
    requiredDuringSchedulingIgnoredDuringExecution: 'Only schedule new pods on nodes without pods of older revisions.',
  },
);

const BlueGreenStrategy = describeFields(
  object(
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
  ),
  {
    activeService: 'The Service that sends production traffic; its selector is switched to the new pods on promotion.',
    previewService: 'An optional Service that selects the new pods before promotion, for testing them.',
    previewReplicaCount: 'How many new pods to run before promotion; scaled to the full count when promoted.',
    autoPromotionEnabled:
      'Promote automatically once the new pods are ready (default true); false waits for a manual promote.',
    autoPromotionSeconds:
      'Promote automatically this many seconds after the new pods are ready, even when autoPromotionEnabled is false.',
    maxUnavailable: 'How many pods (a number or a percentage) may be unavailable during the update (default 0).',
    scaleDownDelaySeconds: 'Seconds to keep the old pods after promotion before scaling them down (default 30).',
    scaleDownDelayRevisionLimit: 'How many old revisions may be kept running while they wait to be scaled down.',
    abortScaleDownDelaySeconds:
      'Seconds to keep the new pods after an abort before scaling them down (default 30; 0 keeps them).',
    prePromotionAnalysis: 'Analysis that must succeed before the active Service is switched to the new pods.',
    postPromotionAnalysis: 'Analysis run after the switch; if it fails, the Rollout goes back to the previous pods.',
    antiAffinity: 'Keep new pods off the nodes that run pods of older revisions.',
    previewMetadata: 'Labels and annotations added to the new pods while they are the preview.',
    activeMetadata: 'Labels and annotations added to the pods that are active.',
  },
);

const StringMatch = describeFields(object({ exact: string(), prefix: string(), regex: string() }), {
  exact: 'Matches this exact value.',
  prefix: 'Matches values starting with this prefix.',
  regex: 'Matches values against this regular expression.',
});

const RolloutExperimentStep = describeFields(
  object(
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
  ),
  {
    templates: 'The ReplicaSets the experiment runs, each from the stable or the canary pod template.',
    duration: 'How long the experiment runs (a Go duration); without it, until its analyses end.',
    analyses: 'Analyses run while the experiment runs, each from an AnalysisTemplate.',
    scaleDownDelaySeconds: 'Seconds to keep the experiment pods after it ends.',
    dryRun: 'Metrics of the analyses whose failure does not fail the experiment.',
    analysisRunMetadata: 'Labels and annotations added to the AnalysisRuns of the experiment.',
  },
);

const CanaryStep = describeFields(
  object({
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
  }),
  {
    setWeight: 'Send this percentage of traffic (or of pods, without a traffic router) to the canary.',
    pause: 'Wait: for a duration, or until promoted when no duration is given.',
    experiment: 'Run an Experiment: ReplicaSets of the stable or canary template, with analyses.',
    analysis: 'Run an analysis; the rollout moves on when it succeeds and aborts when it fails.',
    setCanaryScale:
      'Scale the canary independently of the traffic weight: a replica count or a weight, or back to matching the traffic.',
    setHeaderRoute: 'Send requests whose headers match to the canary, through a managed route.',
    setMirrorRoute: 'Copy a percentage of the matching requests to the canary, through a managed route.',
    plugin: 'Run a step plugin with this configuration.',
  },
);

const CanaryStrategy = describeFields(
  object({
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
  }),
  {
    canaryService: 'A Service whose selector the Rollout points at the canary pods.',
    stableService: 'A Service whose selector the Rollout points at the stable pods.',
    steps: 'The steps of the update, in order; without steps, the update goes straight to 100%.',
    trafficRouting: 'Shift traffic with a service mesh or ingress instead of by pod counts.',
    maxUnavailable: 'How many pods (a number or a percentage) may be unavailable during the update (default 25%).',
    maxSurge:
      'How many pods (a number or a percentage) may run above the desired count during the update (default 25%).',
    analysis: 'Background analysis that runs during the whole update (from startingStep) and aborts it on failure.',
    antiAffinity: 'Keep canary pods off the nodes that run pods of older revisions.',
    canaryMetadata: 'Labels and annotations added to the canary pods while they are the canary.',
    stableMetadata: 'Labels and annotations added to the stable pods.',
    scaleDownDelaySeconds:
      'With traffic routing: seconds to keep the old pods after the update before scaling them down (default 30).',
    scaleDownDelayRevisionLimit: 'How many old revisions may be kept running while they wait to be scaled down.',
    abortScaleDownDelaySeconds:
      'With traffic routing: seconds to keep the canary pods after an abort (default 30; 0 keeps them).',
    dynamicStableScale: 'With traffic routing: scale the stable pods down as traffic moves to the canary.',
    pingPong: 'Alternate two Services (ping and pong) between stable and canary, instead of a fixed stable Service.',
    minPodsPerReplicaSet: 'The fewest pods a canary or stable ReplicaSet runs when it runs any (with traffic routing).',
    replicaProgressThreshold:
      'How many canary pods (a count or a percentage) must be available for a weight step to count as done.',
  },
);

export const RolloutSpec = describeFields(
  object({
    replicas: int32(),
    // As with Argo's CRD, the API server refuses a change: the pods the old selector chose would be orphaned.
    selector: immutable(
      LabelSelector,
      'spec.selector cannot be changed once the Rollout exists; create a new Rollout to select other pods',
    ),
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
    strategy: describeFields(object({ blueGreen: BlueGreenStrategy, canary: CanaryStrategy }), {
      blueGreen: 'Run the new pods next to the old ones and switch the active Service over at once.',
      canary: 'Move to the new pods progressively, by traffic weight or pod counts, in steps.',
    }),
  }),
  {
    replicas: 'The desired number of pods (default 1).',
    selector: 'Selects the pods of this Rollout; must match the pod template labels. Optional with workloadRef.',
    template: 'The pod template; a change to it starts an update. Empty when workloadRef is used.',
    workloadRef:
      'Take the pod template from an existing Deployment (or ReplicaSet, or PodTemplate) instead of spec.template.',
    minReadySeconds: 'Seconds a new pod must be ready, without crashing, before it counts as available.',
    revisionHistoryLimit: 'How many old ReplicaSets to keep for rollback (default 10).',
    paused: 'Hold the Rollout where it is until set back to false.',
    progressDeadlineSeconds:
      'Seconds an update may go without progress before it is reported as stalled (default 600).',
    progressDeadlineAbort: 'Abort the update when the progress deadline passes.',
    restartAt: 'Restart every pod, one by one, once this time is reached.',
    rollbackWindow: 'Roll back to one of this many recent revisions at once, without the steps.',
    analysis: 'How many successful and unsuccessful AnalysisRuns to keep (default 5 each).',
    strategy: 'How pods are replaced during an update: canary or blueGreen.',
  },
);

export const Rollout = object(
  { apiVersion: string(), kind: string(), metadata: ObjectMeta, spec: RolloutSpec, status: RolloutStatus },
  ['spec'],
);
