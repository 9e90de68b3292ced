// `-w` on a cluster: informers (list, then watch, relisting when needed) on the rollout, its
// ReplicaSets, Pods and AnalysisRuns (or on the Experiment and what it owns); every change calls
// back with the objects as they are now. A burst of events (a scale-up touching many pods) makes
// one callback.
import type { AnalysisRun } from '../../api/types/analysis.ts';
import type { Experiment } from '../../api/types/experiment.ts';
import type { Rollout } from '../../api/types/rollout.ts';
import type { KubeClient } from '../../platform/kubernetes/client/client.ts';
import type { KubeObject, Stored } from '../../platform/kubernetes/client/objects.ts';
import { coreResources } from '../../platform/kubernetes/client/resources.ts';
import { argoResources } from '../../runtime/kubernetes/resources.ts';
import type { Informer } from '../../platform/kubernetes/informers/informer.ts';
import { SharedInformerFactory } from '../../platform/kubernetes/informers/informer-factory.ts';
import type { Job, Pod, ReplicaSetInput } from '../../view/inputs.ts';
import { experimentOwnedObjects, ownedObjects } from './owned-objects.ts';
import type { ExperimentObjects, RolloutObjects } from './target.ts';

const GATHER_MS = 20;

export interface WatchedRollout {
  namespace: string;
  name: string;
  /** Label selector for ReplicaSets and Pods (the rollout's matchLabels), when it has one. */
  selector: string | undefined;
}

export async function watchRolloutObjects(
  client: KubeClient,
  target: WatchedRollout,
  onChange: (objects: RolloutObjects | undefined) => void,
  signal: AbortSignal,
): Promise<void> {
  const factory = new SharedInformerFactory(client, { namespace: target.namespace });
  const scoped = target.selector ? { labelSelector: target.selector } : {};
  const rollouts = factory.informerFor<KubeObject>(argoResources.rollouts, {
    fieldSelector: `metadata.name=${target.name}`,
  });
  const replicaSets = factory.informerFor<KubeObject>(coreResources.replicaSets, scoped);
  const pods = factory.informerFor<KubeObject>(coreResources.pods, scoped);
  const analysisRuns = factory.informerFor<KubeObject>(argoResources.analysisRuns);
  const emit = () => {
    const rollout = rollouts.store.getByName(target.namespace, target.name) as Rollout | undefined;
    if (!rollout) return onChange(undefined);
    onChange(
      ownedObjects(rollout, {
        replicaSets: listOf<ReplicaSetInput>(replicaSets),
        pods: listOf<Pod>(pods),
        analysisRuns: listOf<AnalysisRun>(analysisRuns),
      }),
    );
  };
  await runInformers(factory, [rollouts, replicaSets, pods, analysisRuns], emit, signal);
}

export interface WatchedExperiment {
  namespace: string;
  name: string;
  /** Whether the user may list Jobs (a run's Jobs are shown when so, as `get experiment` does). */
  jobs: boolean;
}

/** The Experiment, and its namespace's ReplicaSets, Pods, AnalysisRuns (and Jobs), of which it shows its own. */
export async function watchExperimentObjects(
  client: KubeClient,
  target: WatchedExperiment,
  onChange: (objects: ExperimentObjects | undefined) => void,
  signal: AbortSignal,
): Promise<void> {
  const factory = new SharedInformerFactory(client, { namespace: target.namespace });
  const experiments = factory.informerFor<KubeObject>(argoResources.experiments, {
    fieldSelector: `metadata.name=${target.name}`,
  });
  const replicaSets = factory.informerFor<KubeObject>(coreResources.replicaSets);
  const pods = factory.informerFor<KubeObject>(coreResources.pods);
  const analysisRuns = factory.informerFor<KubeObject>(argoResources.analysisRuns);
  const jobs = target.jobs ? factory.informerFor<KubeObject>(coreResources.jobs) : undefined;
  const emit = () => {
    const experiment = experiments.store.getByName(target.namespace, target.name) as Experiment | undefined;
    if (!experiment) return onChange(undefined);
    onChange(
      experimentOwnedObjects(experiment, {
        replicaSets: listOf<ReplicaSetInput>(replicaSets),
        pods: listOf<Pod>(pods),
        analysisRuns: listOf<AnalysisRun>(analysisRuns),
        jobs: jobs ? listOf<Job>(jobs) : [],
      }),
    );
  };
  const informers = [experiments, replicaSets, pods, analysisRuns, ...(jobs ? [jobs] : [])];
  await runInformers(factory, informers, emit, signal);
}

export async function watchRolloutList(
  client: KubeClient,
  namespace: string | undefined,
  onChange: (rollouts: Rollout[]) => void,
  signal: AbortSignal,
): Promise<void> {
  const factory = new SharedInformerFactory(client, namespace ? { namespace } : {});
  const rollouts = factory.informerFor<KubeObject>(argoResources.rollouts);
  await runInformers(factory, [rollouts], () => onChange(listOf<Rollout>(rollouts)), signal);
}

/** Starts the informers, calls `emit` (gathered) after any change once all have synced, stops on abort. */
async function runInformers(
  factory: SharedInformerFactory,
  informers: Array<Informer<Stored<KubeObject>>>,
  emit: () => void,
  signal: AbortSignal,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let synced = false;
  const changed = () => {
    if (!synced || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      emit();
    }, GATHER_MS);
  };
  for (const informer of informers) informer.addEventHandler({ onAdd: changed, onUpdate: changed, onDelete: changed });
  factory.start();
  try {
    if (await factory.waitForCacheSync(signal)) {
      synced = true;
      emit();
    }
    if (!signal.aborted)
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  } finally {
    clearTimeout(timer);
    await factory.stop();
  }
}

function listOf<T>(informer: Informer<Stored<KubeObject>>): T[] {
  return informer.store.list() as T[];
}
