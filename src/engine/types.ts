// The engine's contract: decide(observed, now) -> Decision. Runtimes observe, call the engine,
// and carry out the actions; they decide nothing themselves. Times are epoch milliseconds.
import type { AnalysisPhase } from '../api/types/analysis.ts';
import type { Experiment } from '../api/types/experiment.ts';
import type { PodTemplateSpec } from '../api/types/pod.ts';
import type { Rollout } from '../api/types/rollout.ts';
import type { RolloutAnalysis } from '../api/types/rollout-analysis.ts';
import type { RolloutStatus } from '../api/types/rollout-status.ts';
import type { DesiredTraffic } from '../traffic/desired.ts';

export type { DesiredTraffic, HeaderRoute, MirrorRoute } from '../traffic/desired.ts';

/** A pod of a ReplicaSet, as the runtime sees it now (needed for `spec.restartAt`). */
export interface ObservedPod {
  name: string;
  /** metadata.creationTimestamp (the local runtime: when the process was started). */
  createdAt: number;
  /** Ready, and available (ready for minReadySeconds). */
  ready: boolean;
  available: boolean;
  /** Deletion in progress (metadata.deletionTimestamp set; the local runtime: the process is stopping). */
  terminating?: boolean;
}

/** A ReplicaSet owned by the rollout, as the runtime sees it now. */
export interface ObservedReplicaSet {
  name: string;
  /** Value of the `rollouts-pod-template-hash` label. */
  podTemplateHash: string;
  /** Value of the `rollout.argoproj.io/revision` annotation. */
  revision: number;
  /** The pod template as stored on the ReplicaSet, without the hash label the engine injected. */
  template: PodTemplateSpec;
  /** spec.replicas */
  replicas: number;
  /** status.replicas, readyReplicas, availableReplicas */
  currentReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  createdAt: number;
  /** All annotations, including `scale-down-deadline` when one is set. */
  annotations: Record<string, string>;
  /**
   * Its pods, when the runtime reports them. Only a restart (`spec.restartAt`) needs them: without
   * them the engine cannot restart pods and the rollout stays "rollout is restarting".
   */
  pods?: ObservedPod[];
}

export type AnalysisRunKind = 'Step' | 'Background' | 'PrePromotion' | 'PostPromotion';

/** An AnalysisRun the rollout created, as the runtime sees it now. */
export interface ObservedAnalysisRun {
  name: string;
  kind: AnalysisRunKind;
  podTemplateHash: string;
  /** For Step runs: the index of the step that created it. */
  stepIndex?: number;
  phase: AnalysisPhase;
  message?: string;
  /** True once the run was asked to terminate (spec.terminate). */
  terminating?: boolean;
  createdAt: number;
}

/** An Experiment the rollout owns (its experiment steps), as the runtime sees it now. */
export interface ObservedRolloutExperiment {
  name: string;
  /** Its `rollouts-pod-template-hash` label: the revision whose step made it. */
  podTemplateHash: string;
  phase?: AnalysisPhase;
  message?: string;
  /** spec.terminate is set. */
  terminating?: boolean;
  createdAt: number;
  /** status.templateStatuses: the Service and pod template hash each template got. */
  templates: Array<{ name: string; serviceName?: string; podTemplateHash?: string }>;
}

export interface ObservedState {
  /** The rollout with its spec as stored (defaults not filled in), metadata and last written status. */
  rollout: Rollout;
  /**
   * The pod template in effect: `spec.template`, or the referenced Deployment's template when
   * `spec.workloadRef` is used (the runtime resolves it).
   */
  template: PodTemplateSpec;
  replicaSets: ObservedReplicaSet[];
  analysisRuns: ObservedAnalysisRun[];
  /** The Experiments the rollout owns; undefined when the runtime does not report them (no experiment steps then). */
  experiments?: ObservedRolloutExperiment[];
  /** What the traffic router reported after its last apply; undefined when there is no router. */
  traffic?: { applied: DesiredTraffic | undefined; verified: boolean | 'cannot-verify' };
  /**
   * The `rollouts-pod-template-hash` each referenced Service selects now, by Service name (a Service
   * without that selector key maps to ''). Undefined when the runtime does not report it: the engine
   * then repeats its setServiceSelector actions on every pass.
   */
  serviceSelectors?: Record<string, string>;
  /**
   * The Deployment `spec.workloadRef` names, as the runtime reads it now: its `spec.replicas` (1 when
   * unset). Needed for `workloadRef.scaleDown` (onsuccess, progressively); undefined when the
   * reference is not to a Deployment or the runtime does not report it, and the engine then never
   * scales it.
   */
  workloadRefDeployment?: { name: string; replicas: number; generation?: number };
  /** Problems the runtime found in referenced objects (missing Service, VirtualService, template). */
  referenceErrors?: string[];
}

export type Action =
  | {
      type: 'createReplicaSet';
      name: string;
      podTemplateHash: string;
      revision: number;
      replicas: number;
      /**
       * Template with the hash label (and role metadata) already applied. As Argo does, the ReplicaSet's
       * own labels are the template's labels with the hash label; its selector is the rollout's
       * selector plus the hash label.
       */
      template: PodTemplateSpec;
      /**
       * The Rollout's annotations (except kubectl's last-applied configuration and Argo's own keys),
       * `rollout.argoproj.io/revision`, `rollout.argoproj.io/desired-replicas` and, with role metadata,
       * `rollout.argoproj.io/ephemeral-metadata`.
       */
      annotations: Record<string, string>;
    }
  | {
      type: 'scaleReplicaSet';
      name: string;
      replicas: number;
      /** Annotations to set; a null value removes the annotation. */
      annotations?: Record<string, string | null>;
    }
  | {
      type: 'updateReplicaSetMetadata';
      name: string;
      /** The ReplicaSet's own annotations; a null value removes the annotation. */
      annotations?: Record<string, string | null>;
      /**
       * Role labels and annotations (canaryMetadata, stableMetadata, previewMetadata, activeMetadata):
       * set on the ReplicaSet's pod template and on its live pods; a null value removes the key.
       */
      podLabels?: Record<string, string | null>;
      podAnnotations?: Record<string, string | null>;
    }
  | { type: 'deleteReplicaSet'; name: string }
  /** Point a Service at one revision: its selector gains `rollouts-pod-template-hash: <hash>`. */
  | { type: 'setServiceSelector'; service: string; podTemplateHash: string }
  | { type: 'setTraffic'; traffic: DesiredTraffic }
  | {
      type: 'createAnalysisRun';
      name: string;
      kind: AnalysisRunKind;
      podTemplateHash: string;
      stepIndex?: number;
      /**
       * Templates and args as written in the rollout, every `valueFrom` arg resolved to a value
       * (podTemplateHashValue, and fieldRef against the Rollout).
       */
      analysis: RolloutAnalysis;
      /**
       * `rollouts-pod-template-hash`, `rollout-type`, `step-index` (step runs), the Rollout's
       * `argo-rollouts.argoproj.io/controller-instance-id` label when it has one, analysisRunMetadata
       * labels and the rollout's selector labels, as Argo labels its runs.
       */
      labels: Record<string, string>;
      /** `rollout.argoproj.io/revision` and analysisRunMetadata annotations. */
      annotations: Record<string, string>;
    }
  | { type: 'terminateAnalysisRun'; name: string }
  | { type: 'deleteAnalysisRun'; name: string }
  /** Create the Experiment of an `experiment` step, as given (owner reference, labels, annotations, spec). */
  | { type: 'createExperiment'; experiment: Experiment }
  /** Set spec.terminate on the Experiment (abort, full promotion, its step left behind). */
  | { type: 'terminateExperiment'; name: string }
  | { type: 'deleteExperiment'; name: string }
  /**
   * Restart one pod (`spec.restartAt`): the kubernetes runtime evicts it (a PodDisruptionBudget may
   * refuse: the engine asks again later), the local runtime stops the process; its ReplicaSet
   * replaces it.
   */
  | { type: 'deletePod'; name: string; replicaSet: string }
  /**
   * Set `spec.replicas` of the Deployment `spec.workloadRef` names (Argo's scaleDeployment), for
   * `workloadRef.scaleDown` while a first revision (revision 1) takes over from it: `onsuccess` scales
   * it to 0 once the Rollout was Healthy; `progressively` to `spec.replicas` minus the Rollout's ready
   * replicas as the new ReplicaSet grows, and to 0 once Healthy. `never` (the default) never does.
   * Emitted only on a change; the kubernetes runtime patches the Deployment, the local runtime (which
   * runs no Deployments) changes the stored object.
   */
  | { type: 'scaleDeployment'; name: string; replicas: number }
  /** Merge into the Rollout's own metadata.annotations (a null value removes the key). Emitted only on a change. */
  | { type: 'setRolloutAnnotations'; annotations: Record<string, string | null> };

export interface RolloutEvent {
  type: 'Normal' | 'Warning';
  /** Argo's event reasons: RolloutUpdated, RolloutStepCompleted, RolloutPaused, RolloutAborted, ... */
  reason: string;
  message: string;
}

export interface Decision {
  status: RolloutStatus;
  actions: Action[];
  events: RolloutEvent[];
  /** When to look again at the latest, in milliseconds from now; undefined: only on change. */
  requeueAfterMs?: number;
}
