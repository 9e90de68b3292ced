// The engine's contract: decide(observed, now) -> Decision. Runtimes observe, call the engine,
// and carry out the actions; they decide nothing themselves. Times are epoch milliseconds.
import type { AnalysisPhase } from '../api/types/analysis.ts';
import type { PodTemplateSpec } from '../api/types/pod.ts';
import type { Rollout } from '../api/types/rollout.ts';
import type { RolloutAnalysis } from '../api/types/rollout-analysis.ts';
import type { HeaderRoutingMatch, RouteMatch } from '../api/types/rollout.ts';
import type { RolloutStatus } from '../api/types/rollout-status.ts';

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
  /** What the traffic router reported after its last apply; undefined when there is no router. */
  traffic?: { applied: DesiredTraffic | undefined; verified: boolean | 'cannot-verify' };
  /**
   * The `rollouts-pod-template-hash` each referenced Service selects now, by Service name (a Service
   * without that selector key maps to ''). Undefined when the runtime does not report it: the engine
   * then repeats its setServiceSelector actions on every pass.
   */
  serviceSelectors?: Record<string, string>;
  /** Problems the runtime found in referenced objects (missing Service, VirtualService, template). */
  referenceErrors?: string[];
}

export interface HeaderRoute {
  name: string;
  match: HeaderRoutingMatch[];
}

export interface MirrorRoute {
  name: string;
  match: RouteMatch[];
  percentage: number;
}

/** The complete traffic state the router must put in place (idempotent, not a delta). */
export interface DesiredTraffic {
  stableHash: string;
  canaryHash: string;
  /** 0..100; stable gets 100 - canaryWeight. */
  canaryWeight: number;
  headerRoutes: HeaderRoute[];
  mirrorRoutes: MirrorRoute[];
}

export type Action =
  | {
      type: 'createReplicaSet';
      name: string;
      podTemplateHash: string;
      revision: number;
      replicas: number;
      /** Template with the hash label (and role metadata) already applied. */
      template: PodTemplateSpec;
      annotations: Record<string, string>;
    }
  | {
      type: 'scaleReplicaSet';
      name: string;
      replicas: number;
      /** Annotations to set; a null value removes the annotation. */
      annotations?: Record<string, string | null>;
    }
  | { type: 'updateReplicaSetMetadata'; name: string; annotations?: Record<string, string | null>; podLabels?: Record<string, string | null> }
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
      /** Templates and args as written in the rollout; podTemplateHashValue args already resolved. */
      analysis: RolloutAnalysis;
      labels: Record<string, string>;
    }
  | { type: 'terminateAnalysisRun'; name: string }
  | { type: 'deleteAnalysisRun'; name: string };

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
