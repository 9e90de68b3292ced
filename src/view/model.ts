// The view model of a rollout, shared by the terminal and the dashboard. It says *what* to show;
// glyphs, colours and layout are the renderer's choice.

/**
 * How a status reads at a glance. The terminal maps these to ✔ ✖ ◌ ⚠ ? ◷ ॥ •; the dashboard to
 * its own badges.
 */
export type StatusKind =
  | 'success' // Healthy, Running, Successful
  | 'failure' // Degraded, Failed, CrashLoopBackOff
  | 'progressing' // Progressing, Running analysis, Pending/Terminating pods
  | 'warning' // Error, InvalidSpec, ImagePullBackOff
  | 'unknown' // Unknown, Inconclusive
  | 'waiting' // Pending analysis
  | 'paused'
  | 'neutral' // ScaledDown
  | 'none';

/** The role of a ReplicaSet (and of the images it runs). */
export type RoleTag = 'stable' | 'canary' | 'active' | 'preview' | 'ping' | 'pong';

export interface Status {
  /** The word shown: `Healthy`, `Paused`, `CrashLoopBackOff`, `Successful`, ... */
  text: string;
  kind: StatusKind;
}

export interface NodeBase {
  name: string;
  namespace?: string;
  status: Status;
  /** metadata.creationTimestamp in epoch ms, when known. */
  createdAt?: number;
  /** The age at the view's `now`, as kubectl prints it (`4m6s`); '' when unknown. */
  age: string;
}

export interface PodView extends NodeBase {
  kind: 'Pod';
  /** Ready containers / containers: `1/1`. */
  ready: string;
  restarts: number;
  /** `ready:1/1`, `restarts:3` */
  info: string[];
}

export interface ReplicaSetView extends NodeBase {
  kind: 'ReplicaSet';
  revision: number;
  podTemplateHash: string;
  tags: RoleTag[];
  /** Time left before an old ReplicaSet is scaled down (`29s`, `passed`), when a deadline is set. */
  scaleDownDelay?: string;
  /** status.replicas and status.availableReplicas */
  replicas: number;
  available: number;
  images: string[];
  /** The experiment template it runs, for ReplicaSets of an experiment. */
  experimentTemplate?: string;
  pods: PodView[];
  /** `stable`, `canary`, `delay:29s`: what the INFO column shows, in order. */
  info: string[];
}

export interface AnalysisCounts {
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
}

export interface JobView extends NodeBase {
  kind: 'Job';
}

export interface AnalysisRunView extends NodeBase {
  kind: 'AnalysisRun';
  revision: number;
  counts: AnalysisCounts;
  jobs: JobView[];
}

export interface ExperimentView extends NodeBase {
  kind: 'Experiment';
  revision: number;
  replicaSets: ReplicaSetView[];
  analysisRuns: AnalysisRunView[];
}

export interface RevisionView {
  revision: number;
  replicaSets: ReplicaSetView[];
  experiments: ExperimentView[];
  analysisRuns: AnalysisRunView[];
}

export interface ImageView {
  image: string;
  /** The roles of the ReplicaSets running it. */
  tags: RoleTag[];
  /** The experiment templates running it. */
  experimentTemplates: string[];
}

export interface ReplicaCounts {
  desired: number;
  current: number;
  updated: number;
  ready: number;
  available: number;
}

export interface RolloutView extends NodeBase {
  kind: 'Rollout';
  /** The status line's message (`CanaryPauseStep`, `RolloutAborted: ...`); '' when none. */
  message: string;
  strategy: 'Canary' | 'BlueGreen' | 'Unknown';
  /** Canary only: `1/4` (current step index / step count); '' when the rollout has no steps. */
  step?: string;
  /** Canary only: the weight the current step sets (0 while aborted, 100 when done). */
  setWeight?: number;
  /** Canary only: the weight in effect (from the traffic router, or from available replicas). */
  actualWeight?: number;
  images: ImageView[];
  replicas: ReplicaCounts;
  /** Newest first. */
  revisions: RevisionView[];
}
