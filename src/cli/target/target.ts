// What the commands need from where rollouts run: the cluster of a kube context, or the local
// runtime of `sluice run`. Both hand back objects shaped as the Kubernetes API returns them, so
// the view model (src/view/) reads them the same way.
import type { AnalysisRun } from '../../api/types/analysis.ts';
import type { Experiment } from '../../api/types/experiment.ts';
import type { Rollout } from '../../api/types/rollout.ts';
import type { RolloutVerb } from '../../engine/control.ts';
import type { RolloutViewInput } from '../../view/inputs.ts';

/** Everything `get rollout` shows, without the clock. */
export type RolloutObjects = Omit<RolloutViewInput, 'now'>;

/** Everything `get experiment` shows: the Experiment, its ReplicaSets and pods, its AnalysisRuns and their Jobs. */
export type ExperimentObjects = Pick<RolloutViewInput, 'replicaSets' | 'pods' | 'analysisRuns' | 'jobs'> & {
  experiment: Experiment;
};

/** The control verbs that patch fields computed by src/engine/control/. */
export type ControlVerb = RolloutVerb;

/** The kinds `create -f` creates (those of Argo's plugin). */
export const CREATABLE_KINDS = [
  'Rollout',
  'Experiment',
  'AnalysisTemplate',
  'ClusterAnalysisTemplate',
  'AnalysisRun',
] as const;

/** The `v1` kinds `create -f` creates too, as kubectl would: what the pods read, and Services. */
export const CREATABLE_CORE_KINDS = ['ConfigMap', 'Secret', 'Service'] as const;

/** The `apps/v1` kinds `create -f` creates too, as kubectl would. */
export const CREATABLE_APPS_KINDS = ['Deployment'] as const;

export interface CreatableObject {
  apiVersion: string;
  kind:
    | (typeof CREATABLE_KINDS)[number]
    | (typeof CREATABLE_CORE_KINDS)[number]
    | (typeof CREATABLE_APPS_KINDS)[number];
  metadata: { name?: string; generateName?: string; namespace?: string };
  [field: string]: unknown;
}

export interface ControlOptions {
  restartInMs?: number;
}

/** One Event of a rollout, as `kubectl describe` lists it: repeats counted, first and last time (RFC 3339). */
export interface RolloutEventRecord {
  type: string;
  reason: string;
  message: string;
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
}

export interface UndoOutcome {
  rollout: Rollout;
  /** The revision's template is already the rollout's: nothing was written. */
  skipped: boolean;
}

/**
 * The notification ConfigMap's and Secret's data (the Secret decoded) as the target holds them;
 * undefined for one that does not exist.
 */
export interface TargetNotificationSettings {
  configMap: Record<string, string> | undefined;
  secret: Record<string, string> | undefined;
}

export interface Target {
  /** `cluster (context kind-dev in ~/.kube/config)`, `local runtime at http://127.0.0.1:4000 (.sluice)`: printed with -v. */
  readonly description: string;
  /** The namespace used without -n: the kube context's, or `default` locally. */
  readonly defaultNamespace: string;

  rolloutObjects(namespace: string, name: string): Promise<RolloutObjects>;
  /** Rollouts of one namespace, or of every namespace when `namespace` is undefined. */
  listRollouts(namespace: string | undefined): Promise<Rollout[]>;
  /**
   * Calls `onChange` with the rollout's objects now and after every change (undefined while the
   * rollout does not exist), until `signal` aborts; then resolves.
   */
  watchRollout(
    namespace: string,
    name: string,
    onChange: (objects: RolloutObjects | undefined) => void,
    signal: AbortSignal,
  ): Promise<void>;
  /** As watchRollout, for the list: every rollout of the scope after each change. */
  watchRollouts(
    namespace: string | undefined,
    onChange: (rollouts: Rollout[]) => void,
    signal: AbortSignal,
  ): Promise<void>;
  /** The rollout's Events, oldest first: core/v1 Events about it on a cluster, the runtime's event log locally. */
  events(namespace: string, name: string): Promise<RolloutEventRecord[]>;
  analysisRun(namespace: string, name: string): Promise<AnalysisRun>;
  /** An AnalysisTemplate of `namespace`, or the ClusterAnalysisTemplate when `namespace` is undefined, as stored. */
  analysisTemplate(namespace: string | undefined, name: string): Promise<Record<string, unknown>>;
  /** Creates the run (a metadata.generateName gets its random suffix) and returns it as stored. */
  createAnalysisRun(namespace: string, run: AnalysisRun): Promise<AnalysisRun>;
  /**
   * `create -f`: creates a Rollout, AnalysisTemplate, ClusterAnalysisTemplate or AnalysisRun (its
   * metadata.namespace already set, none for a ClusterAnalysisTemplate); one that exists is refused.
   * `file` names the source in messages. Resolves to the name given (generateName completed).
   */
  createObject(object: CreatableObject, file: string): Promise<string>;
  /** `spec.terminate: true`, as a merge patch on the run (Argo's `terminate analysisrun`). */
  terminateAnalysisRun(namespace: string, name: string): Promise<AnalysisRun>;

  experiment(namespace: string, name: string): Promise<Experiment>;
  /** The Experiment with the objects it owns (a rollout's experiment or a standalone one). */
  experimentObjects(namespace: string, name: string): Promise<ExperimentObjects>;
  /**
   * Calls `onChange` with the Experiment's objects now and after every change (undefined while the
   * Experiment does not exist), until `signal` aborts; then resolves. The first read fails as
   * experimentObjects does.
   */
  watchExperiment(
    namespace: string,
    name: string,
    onChange: (objects: ExperimentObjects | undefined) => void,
    signal: AbortSignal,
  ): Promise<void>;
  /** Experiments of one namespace, or of every namespace when `namespace` is undefined. */
  listExperiments(namespace: string | undefined): Promise<Experiment[]>;
  /** `spec.terminate: true` on the Experiment (Argo's `terminate experiment`). */
  terminateExperiment(namespace: string, name: string): Promise<Experiment>;
  /** Clears the Experiment's status, so it runs again from the start (Argo's `retry experiment`). */
  retryExperiment(namespace: string, name: string): Promise<Experiment>;

  /**
   * `argo-rollouts-notification-configmap` and `-secret` of `namespace` (the cluster), or the ones
   * applied to the local runtime (one machine has one configuration: `namespace` is not read).
   */
  notificationSettings(namespace: string): Promise<TargetNotificationSettings>;

  /** `restartInMs`: `restart --in`, spec.restartAt that long after now. */
  control(namespace: string, name: string, verb: ControlVerb, options?: ControlOptions): Promise<Rollout>;
  /** `container` `*` sets every container (init containers too). */
  setImage(namespace: string, name: string, container: string, image: string): Promise<Rollout>;
  /** `toRevision` 0: the revision before the current one. */
  undo(namespace: string, name: string, toRevision: number): Promise<UndoOutcome>;

  close(): void;
}
