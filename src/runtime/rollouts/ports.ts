// The ports of the rollout loop: what a runtime supplies so that one pass (observe, plan, apply,
// write the status) runs the same on a cluster and on one machine. A runtime is a transport: it
// reads and writes objects its own way and decides nothing. See docs/architecture.md for the table
// of these ports, their implementations and their tests.
import type { AnalysisRun, AnalysisTemplate, ClusterAnalysisTemplate } from '../../api/types/analysis.ts';
import type { Deployment, ReplicaSet, Service } from '../../api/types/core.ts';
import type { Experiment } from '../../api/types/experiment.ts';
import type { DestinationRule, VirtualService } from '../../api/types/istio.ts';
import type { Rollout } from '../../api/types/rollout.ts';
import type { Stored } from '../../platform/kubernetes/client/objects.ts';
import type { RolloutStatus } from '../../api/types/rollout-status.ts';
import type { DesiredTraffic, RolloutEvent } from '../../engine/types.ts';
import type { TrafficRouter } from '../../traffic/router.ts';
import type { NewAnalysisRun } from '../analysis/rollout-run-object.ts';
import type { Workloads } from '../workloads.ts';
import type { RolloutReferences } from './released-references.ts';

/** The kinds a pass reads, by kind name; the kind picks the type (no casts at the call site). */
export interface ReadKinds {
  Rollout: Rollout;
  Service: Service;
  Deployment: Deployment;
  ReplicaSet: ReplicaSet;
  AnalysisRun: AnalysisRun;
  Experiment: Experiment;
  AnalysisTemplate: AnalysisTemplate;
  ClusterAnalysisTemplate: ClusterAnalysisTemplate;
  VirtualService: VirtualService;
  DestinationRule: DestinationRule;
}

export type ReadKind = keyof ReadKinds;

/**
 * Reads what a pass observes. The controller's informer caches and the local object store are both
 * readers: a cached read and a live read have one type. Reads never fail and never wait. What they
 * return is stored: name, namespace ('' for a cluster-scoped kind), uid and resourceVersion are set.
 */
export interface RolloutReader {
  /** The object, or undefined when there is none. Cluster-scoped kinds take the namespace ''. */
  get<K extends ReadKind>(kind: K, namespace: string, name: string): Stored<ReadKinds[K]> | undefined;
  /** The AnalysisRuns `rollout` owns (not those being deleted). */
  analysisRunsOf(rollout: Stored<Rollout>): Array<Stored<AnalysisRun>>;
  /** The Experiments `rollout` owns (its experiment steps'), not those being deleted. */
  experimentsOf(rollout: Stored<Rollout>): Array<Stored<Experiment>>;
}

/** What became of a status write. */
export type StatusWrite =
  /** Written (or nothing to write). */
  | 'written'
  /** The Rollout changed since it was read (a promote, an abort, a new spec): nothing written, decide again from the new copy. */
  | 'conflict'
  /** The Rollout is gone: nothing to do. */
  | 'gone';

/**
 * Writes the objects a pass changes, other than ReplicaSets and pods (Workloads) and the objects a
 * router manages (TrafficRouter). Each call returns once the write is accepted. A writer records its
 * writes as its own (OwnWrites), so the runtime can tell them from changes made by others.
 */
export interface RolloutWriter {
  /**
   * Points the Service at one revision: its selector gains `rollouts-pod-template-hash: <hash>` and
   * the Service the managed-by annotation naming `rolloutName` (as Argo writes them); with
   * `podTemplateHash` '' it loses both. False when there is no such Service.
   */
  setServiceSelector(
    namespace: string,
    service: string,
    podTemplateHash: string,
    rolloutName: string,
  ): Promise<boolean>;
  /** Creates the run as given, with its status when it has one. A run of that name that exists is left as it is. */
  createAnalysisRun(run: NewAnalysisRun): Promise<void>;
  /** Sets spec.terminate on the run; a run that is gone is not an error. */
  terminateAnalysisRun(namespace: string, name: string): Promise<void>;
  /** Deletes the run; a run that is gone is not an error. */
  deleteAnalysisRun(namespace: string, name: string): Promise<void>;
  /** Creates the Experiment of an experiment step as given; one of that name that exists is left as it is. */
  createExperiment(experiment: Experiment): Promise<void>;
  /** Sets spec.terminate on the Experiment; one that is gone is not an error. */
  terminateExperiment(namespace: string, name: string): Promise<void>;
  /** Deletes the Experiment (its ReplicaSets, Services and runs go with it); one that is gone is not an error. */
  deleteExperiment(namespace: string, name: string): Promise<void>;
  /**
   * Sets spec.replicas of the Deployment a Rollout's workloadRef names (workloadRef.scaleDown). False
   * when there is no such Deployment.
   */
  scaleDeployment(namespace: string, name: string, replicas: number): Promise<boolean>;
  /**
   * Removes what the rollout `rolloutName` injected into the DestinationRule (each subset's
   * `rollouts-pod-template-hash` label, the managed-by annotation), once the rollout no longer names
   * it. A rule that is gone, or that another rollout (or none) manages, is left as it is.
   */
  releaseDestinationRule(namespace: string, name: string, rolloutName: string): Promise<void>;
  /** Merges into the Rollout's metadata.annotations (null removes a key). */
  setRolloutAnnotations(rollout: Stored<Rollout>, annotations: Record<string, string | null>): Promise<void>;
  /**
   * Writes `status` as the Rollout's status, unless the Rollout changed since `read` was read (a
   * write made through this writer in the same pass does not count as a change).
   */
  writeRolloutStatus(read: Stored<Rollout>, status: RolloutStatus): Promise<StatusWrite>;
}

/**
 * Where a pass sends the engine's events (Kubernetes Events, the local event log). Never fails. A
 * sink that writes elsewhere may return a promise that settles once the event is written, reported
 * or dropped: the pass waits for it before it writes the status. The Kubernetes recorder settles
 * at once when other objects' Events wait before it, so a backlog never holds a pass.
 */
export interface RolloutEventSink {
  record(rollout: Stored<Rollout>, event: RolloutEvent, now: number): void | Promise<void>;
}

/** The ports of one rollout's pass: Workloads and the router are made for that rollout. */
export interface RolloutPorts {
  reader: RolloutReader;
  writer: RolloutWriter;
  workloads: Workloads;
  router: TrafficRouter;
  events: RolloutEventSink;
}

/** What a runtime keeps in memory per rollout between passes. */
export interface RolloutMemory {
  /** The traffic the router last put in place (undefined after a start or an outside change: applied again). */
  appliedTraffic: DesiredTraffic | undefined;
  /** Set once RolloutAddedToInformer is recorded for this rollout (a new memory: recorded again, as Argo does on a restart). */
  announced?: boolean;
  /** The Services and DestinationRule the rollout named in the last pass (released-references.ts). */
  references?: RolloutReferences;
}

/** How a runtime words the end of a message about a missing object: what the user should do. */
export interface MissingObjectHints {
  /** After a missing Service, VirtualService, DestinationRule or template, e.g. "create it". */
  object: string;
  /** After a missing workloadRef target, e.g. "create it or fix the reference". */
  workloadRef: string;
}
