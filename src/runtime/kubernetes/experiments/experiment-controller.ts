// The Experiment controller: Experiments from the shared informer (only this instance's, by the
// instance-id label), a work queue, and per experiment one experimentPass (the same loop as the local
// runtime) over the informer caches and the API server. A change to a ReplicaSet, Service or
// AnalysisRun an experiment controls reconciles it at once; the pass asks for the next look itself
// (the end of the duration, a progress deadline, a scale-down delay). Events with Argo's reasons.
import type { Experiment } from '../../../api/types/experiment.ts';
import { CONTROLLER_INSTANCE_ID_LABEL } from '../../../conventions/labels.ts';
import type { ObjectClient } from '../../../platform/kubernetes/client/interfaces.ts';
import type { ObjectBase, Stored } from '../../../platform/kubernetes/client/objects.ts';
import type { Timers } from '../../../platform/kubernetes/client/timers.ts';
import type { SharedInformerFactory } from '../../../platform/kubernetes/informers/informer-factory.ts';
import { objectKey } from '../../../platform/kubernetes/informers/object-store.ts';
import { WorkQueue } from '../../../platform/kubernetes/queue/work-queue.ts';
import { runWorkers, type ProcessResult } from '../../../platform/kubernetes/queue/workers.ts';
import { describeExperimentAction, experimentPass } from '../../experiments/experiment-pass.ts';
import type { ExperimentEventSink } from '../../experiments/ports.ts';
import type { ControllerMetrics } from '../metrics/controller-metrics.ts';
import { InstrumentedWorkQueue } from '../metrics/workqueue-metrics.ts';
import { argoResources, workloadResources } from '../resources.ts';
import { experimentApiWriter, experimentCacheReader, type ExperimentCaches } from './cluster-ports.ts';

export interface ExperimentControllerOptions {
  client: ObjectClient;
  informers: SharedInformerFactory;
  instanceId?: string;
  /** Concurrent reconciles; default Argo's --experiment-threads (10). */
  workers?: number;
  timers: Timers;
  events?: ExperimentEventSink;
  metrics?: ControllerMetrics;
  log?: (line: string) => void;
}

export interface ExperimentController {
  readonly caches: ExperimentCaches;
  /** Starts the workers: call once the informers' caches are filled (a missing template would be judged from an empty cache). */
  start(): void;
  stop(): Promise<void>;
}

export const DEFAULT_EXPERIMENT_WORKERS = 10;

export function createExperimentController(options: ExperimentControllerOptions): ExperimentController {
  const { timers, informers } = options;
  const log = options.log ?? (() => undefined);
  const experiments = informers.informerFor(argoResources.experiments);
  const replicaSets = informers.informerFor(workloadResources.replicaSets);
  const services = informers.informerFor(workloadResources.services);
  const analysisRuns = informers.informerFor(argoResources.analysisRuns);
  const caches: ExperimentCaches = {
    experiments: experiments.store,
    replicaSets: replicaSets.store,
    services: services.store,
    analysisRuns: analysisRuns.store,
    analysisTemplates: informers.informerFor(argoResources.analysisTemplates).store,
    clusterAnalysisTemplates: informers.informerFor(argoResources.clusterAnalysisTemplates).store,
  };
  const queue = options.metrics
    ? new InstrumentedWorkQueue<string>({ timers, name: 'Experiments', metrics: options.metrics.workQueues })
    : new WorkQueue<string>({ timers });
  const ours = (experiment: Stored<Experiment>): boolean => {
    const label = experiment.metadata.labels?.[CONTROLLER_INSTANCE_ID_LABEL];
    return options.instanceId ? label === options.instanceId : label === undefined;
  };
  const enqueueOwner = (object: Stored<ObjectBase>): void => {
    const owner = object.metadata.ownerReferences?.find((ref) => ref.controller && ref.kind === 'Experiment');
    if (owner) queue.add(`${object.metadata.namespace}/${owner.name}`);
  };
  const removers = [
    experiments.addEventHandler({
      onAdd: (experiment, key) => ours(experiment) && queue.add(key),
      onUpdate: (_previous, experiment) => ours(experiment) && queue.add(objectKey(experiment)),
      onDelete: () => undefined,
    }),
    ...[replicaSets, services, analysisRuns].map((informer) =>
      (informer as typeof replicaSets).addEventHandler({
        onAdd: (object) => enqueueOwner(object),
        onUpdate: (_previous, object) => enqueueOwner(object),
        onDelete: (object) => enqueueOwner(object),
      }),
    ),
  ];
  const reader = experimentCacheReader(caches);
  const writer = experimentApiWriter(options.client);
  const events: ExperimentEventSink = options.events ?? { record: () => undefined };

  async function reconcile(key: string): Promise<ProcessResult | void> {
    const experiment = experiments.store.get(key);
    if (!experiment || !ours(experiment)) return;
    const before = experiment.status?.phase ?? '';
    const outcome = await experimentPass(
      { ...experiment, apiVersion: 'argoproj.io/v1alpha1', kind: 'Experiment' },
      { reader, writer, events },
      timers.now(),
    );
    switch (outcome.kind) {
      case 'gone':
        return;
      case 'conflict':
        return { requeueAfterMs: 0 };
      case 'actionFailed':
        throw new Error(`experiment ${key}: ${describeExperimentAction(outcome.action)}: ${outcome.error.message}`);
      case 'done':
        if (outcome.phase !== before) log(`experiment ${key}: phase ${before || '(none)'} -> ${outcome.phase}`);
        // What the pass created shows in the caches as events; the deadline of a timed wait is its own.
        return outcome.requeueAfterMs === undefined ? undefined : { requeueAfterMs: outcome.requeueAfterMs };
    }
  }

  let workersDone: Promise<void> | undefined;
  return {
    caches,
    start() {
      workersDone ??= runWorkers(queue, {
        workers: options.workers ?? DEFAULT_EXPERIMENT_WORKERS,
        handle: reconcile,
        onError: (_key, error) => log((error as Error).message),
      });
    },
    async stop() {
      for (const remove of removers) remove();
      await queue.shutDownWithDrain();
      await workersDone;
    },
  };
}
