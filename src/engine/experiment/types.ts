// The experiment decision's contract: decideExperiment(observed, now) -> ExperimentDecision. A
// runtime observes the Experiment with the ReplicaSets, Services and AnalysisRuns it owns, carries
// out the actions, writes the status, and decides again on any change or after requeueAfterMs.
import type { AnalysisPhase } from '../../api/types/analysis.ts';
import type { ReplicaSet, Service } from '../../api/types/core.ts';
import type { Experiment, ExperimentAnalysisTemplateRef, ExperimentStatus } from '../../api/types/experiment.ts';
import type { OwnerReference } from '../../api/types/meta.ts';

/** A ReplicaSet the experiment owns for one template (controller reference and template-name annotation). */
export interface ObservedTemplateReplicaSet {
  name: string;
  /** spec.replicas */
  replicas: number;
  /** status.replicas, readyReplicas, availableReplicas */
  currentReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  /** Its `rollouts-pod-template-hash` label. */
  podTemplateHash: string;
  /** Its own labels: a template's Service selects them. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The container ports of its pod template, for the template's Service. */
  ports: Array<{ name?: string; containerPort: number; protocol?: string }>;
}

/** An AnalysisRun the experiment owns. */
export interface ObservedExperimentRun {
  name: string;
  phase: AnalysisPhase | undefined;
  message?: string;
  /** spec.terminate is set. */
  terminating?: boolean;
}

export interface ObservedExperiment {
  /** The Experiment as stored (metadata.name, namespace and uid set), with its last written status. */
  experiment: Experiment;
  /** By template name. */
  replicaSets: Record<string, ObservedTemplateReplicaSet>;
  /** The Services the experiment owns, by template name. */
  services: Record<string, { name: string }>;
  /** The AnalysisRuns the experiment owns. */
  analysisRuns: ObservedExperimentRun[];
  /**
   * The analyses (by name in spec.analyses) whose AnalysisTemplate or ClusterAnalysisTemplate is
   * missing, each with the runtime's message (`AnalysisTemplate "x" not found`).
   */
  missingTemplates?: Record<string, string>;
  /**
   * Templates whose ReplicaSet the runtime failed to create in this pass (not because one of that
   * name exists), each with the API's error: the template is in Error, as Argo marks it.
   */
  failedCreates?: Record<string, string>;
}

export type ExperimentAction =
  /** Create the ReplicaSet as given (owner reference, annotations, hash label and selector set). */
  | { type: 'createReplicaSet'; template: string; replicaSet: ReplicaSet }
  /** Set spec.replicas; annotations to set (a null value removes one). */
  | { type: 'scaleReplicaSet'; name: string; replicas: number }
  | { type: 'annotateReplicaSet'; name: string; annotations: Record<string, string | null> }
  /** Create the Service as given; one of that name the experiment's template owns is taken as it is. */
  | { type: 'createService'; template: string; service: Service }
  | { type: 'deleteService'; name: string }
  /**
   * Create the AnalysisRun `name` from the analysis' template with its args resolved; the runtime
   * builds the run (an unbuildable one is created in phase Error, as the rollout's runs are).
   */
  | {
      type: 'createAnalysisRun';
      name: string;
      analysis: ExperimentAnalysisTemplateRef;
      dryRun?: Array<{ metricName: string }>;
      measurementRetention?: Array<{ metricName: string; limit: number }>;
      labels: Record<string, string>;
      annotations: Record<string, string>;
      ownerReferences: OwnerReference[];
    }
  | { type: 'terminateAnalysisRun'; name: string };

export interface ExperimentEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** Recorded on this Rollout (the experiment's owner) rather than on the experiment. */
  rollout?: { name: string; uid: string };
}

export interface ExperimentDecision {
  status: ExperimentStatus;
  actions: ExperimentAction[];
  events: ExperimentEvent[];
  /** When to decide again at the latest, in milliseconds from now; undefined: only on a change. */
  requeueAfterMs?: number;
}
