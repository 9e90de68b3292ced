// The ports of the Experiment loop: what a runtime supplies so that one pass (observe, decide,
// carry out, write the status) runs the same on a cluster and on one machine.
import type { AnalysisRun, AnalysisTemplate, ClusterAnalysisTemplate } from '../../api/types/analysis.ts';
import type { ReplicaSet, Service } from '../../api/types/core.ts';
import type { Experiment, ExperimentStatus } from '../../api/types/experiment.ts';
import type { ObjectBase, Stored } from '../../platform/kubernetes/client/objects.ts';
import type { ExperimentEvent } from '../../engine/experiment.ts';
import type { StatusWrite } from '../rollouts/ports.ts';

/** Reads never fail and never wait; what they return is stored (name, namespace, uid set). */
export interface ExperimentReader {
  /** The ReplicaSets, Services and AnalysisRuns the experiment controls (by uid), not being deleted. */
  replicaSetsOf(experiment: Stored<Experiment>): Array<Stored<ReplicaSet>>;
  servicesOf(experiment: Stored<Experiment>): Array<Stored<Service>>;
  analysisRunsOf(experiment: Stored<Experiment>): Array<Stored<AnalysisRun>>;
  /** An AnalysisTemplate of the namespace, or a ClusterAnalysisTemplate (clusterScope). */
  template(
    namespace: string,
    name: string,
    clusterScope: boolean,
  ): AnalysisTemplate | ClusterAnalysisTemplate | undefined;
}

/** Each call returns once the write is accepted. */
export interface ExperimentWriter {
  /** Creates the object as given; one of that name that exists is left as it is. */
  createReplicaSet(replicaSet: ReplicaSet): Promise<void>;
  createService(service: Service): Promise<void>;
  createAnalysisRun(run: AnalysisRun): Promise<void>;
  scaleReplicaSet(namespace: string, name: string, replicas: number): Promise<void>;
  /** Merges into the ReplicaSet's annotations (null removes a key). */
  annotateReplicaSet(namespace: string, name: string, annotations: Record<string, string | null>): Promise<void>;
  /** Gone already is not an error. */
  deleteService(namespace: string, name: string): Promise<void>;
  terminateAnalysisRun(namespace: string, name: string): Promise<void>;
  /** Writes the status unless the Experiment changed since `read` was read. */
  writeStatus(read: Stored<Experiment>, status: ExperimentStatus): Promise<StatusWrite>;
}

export interface ExperimentEventSink {
  /** An event of the experiment, or (event.rollout set) of its Rollout, which `object` then names. */
  record(object: Stored<ObjectBase>, event: ExperimentEvent, now: number): void | Promise<void>;
}

export interface ExperimentPorts {
  reader: ExperimentReader;
  writer: ExperimentWriter;
  events: ExperimentEventSink;
}
