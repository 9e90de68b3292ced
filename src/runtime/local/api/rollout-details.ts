// What the API shows of a rollout: the Rollout with its ReplicaSets, pods, AnalysisRuns, its
// Experiments (each with its own ReplicaSets, pods and AnalysisRuns), the routes in place (as its
// traffic router reads them) and its events. Objects are shaped as the Kubernetes
// API returns them, so the view model (src/view/) reads them as it reads a cluster's.
import type { AnalysisRun } from '../../../api/types/analysis.ts';
import type { ReplicaSet } from '../../../api/types/core.ts';
import type { Experiment } from '../../../api/types/experiment.ts';
import type { PodTemplateSpec } from '../../../api/types/pod.ts';
import { EXPERIMENT_TEMPLATE_NAME_ANNOTATION } from '../../../conventions/labels.ts';
import { asStored } from '../../../platform/kubernetes/client/objects.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import { formatTimestamp } from '../../../conventions/timestamps.ts';
import type { TrafficInPlace } from '../../../traffic/router.ts';
import type { ContainerState, PodStatus } from '../pods/pod-status.ts';
import type { ObjectStore } from '../store/object-store.ts';
import { ownedAnalysisRuns } from '../controller/analysis-runs.ts';
import type { LoggedEvent, EventLog } from '../controller/event-log.ts';
import { ownedReplicaSets } from '../controller/recorded-workloads.ts';
import { rolloutKey, type RolloutController } from '../controller/rollout-controller.ts';
import { storedReplicaSet } from '../controller/experiment-controller.ts';
import { controllerOwner } from '../controller/controller-owner.ts';
import type { LocalWorkloads } from '../workloads/local-workloads.ts';
import type { ContainerStateView, Pod } from '../../../view/inputs.ts';

export interface RolloutDetail {
  rollout: Rollout;
  replicaSets: ReplicaSet[];
  pods: Pod[];
  analysisRuns: AnalysisRun[];
  /** The traffic in place; null without trafficRouting. */
  routes: TrafficInPlace | null;
  events: LoggedEvent[];
  /** The Experiments the rollout owns (its experiment steps), each with what it runs. */
  experiments?: ExperimentDetail[];
}

export interface ExperimentDetail {
  experiment: Experiment;
  /** The ReplicaSets of its templates, shaped as the Kubernetes API returns them. */
  replicaSets: ReplicaSet[];
  pods: Pod[];
  analysisRuns: AnalysisRun[];
}

export interface DetailSources {
  store: ObjectStore;
  controller: RolloutController;
  events: EventLog;
  /** The local ReplicaSets and the events of each Experiment (none shown without it). */
  experiments?: {
    workloadsOf(namespace: string, name: string): LocalWorkloads | undefined;
    eventsOf(namespace: string, name: string): LoggedEvent[];
    /** Called with `namespace/name` whenever a pod of that Experiment changes (for watchers). */
    onPodChange?(listener: (key: string) => void): () => void;
  };
}

export async function rolloutDetail(
  sources: DetailSources,
  namespace: string,
  name: string,
): Promise<RolloutDetail | undefined> {
  const rollout = sources.store.get('Rollout', namespace, name);
  if (!rollout) return undefined;
  const statuses = sources.controller.workloadsOf(namespace, name)?.podStatuses() ?? new Map<string, PodStatus[]>();
  const pods: Pod[] = [];
  for (const [replicaSet, list] of statuses)
    for (const status of list) pods.push(podObject(status, replicaSet, imagesOf(rollout.spec.template)));
  let routes: TrafficInPlace | null = null;
  try {
    routes = (await sources.controller.trafficInPlace(rollout)) ?? null;
  } catch {
    routes = null;
  }
  return {
    rollout,
    replicaSets: ownedReplicaSets(sources.store, namespace, name),
    pods,
    analysisRuns: ownedAnalysisRuns(sources.store, namespace, name),
    routes,
    events: sources.events.list(rolloutKey(namespace, name)),
    experiments: await experimentDetails(sources, rollout),
  };
}

async function experimentDetails(sources: DetailSources, rollout: Rollout): Promise<ExperimentDetail[]> {
  const namespace = rollout.metadata.namespace ?? 'default';
  const owned = sources.store
    .list('Experiment', namespace)
    .filter((experiment) => controllerOwner(experiment, 'Rollout') === rollout.metadata.name);
  const details: ExperimentDetail[] = [];
  for (const experiment of owned) details.push(await experimentDetail(sources, experiment));
  return details;
}

/** One Experiment (a rollout's or a standalone one) with the ReplicaSets, pods and AnalysisRuns it runs. */
export async function experimentDetail(sources: DetailSources, experiment: Experiment): Promise<ExperimentDetail> {
  const namespace = experiment.metadata.namespace ?? 'default';
  const name = experiment.metadata.name ?? '';
  const workloads = sources.experiments?.workloadsOf(namespace, name);
  const observed = (await workloads?.observe()) ?? [];
  const templates = new Map((experiment.spec.templates ?? []).map((t) => [t.name, t.template]));
  const pods: Pod[] = [];
  for (const rs of observed) {
    const template = templates.get(rs.annotations?.[EXPERIMENT_TEMPLATE_NAME_ANNOTATION] ?? '') ?? rs.template;
    for (const status of workloads?.replicaSet(rs.name)?.podStatuses() ?? [])
      pods.push(podObject(status, rs.name, imagesOf(template)));
  }
  return {
    experiment,
    replicaSets: observed.map((rs) => storedReplicaSet(rs, asStored(experiment))),
    pods,
    analysisRuns: sources.store
      .list('AnalysisRun', namespace)
      .filter((run) => controllerOwner(run, 'Experiment') === name),
  };
}

export function imagesOf(template: PodTemplateSpec | undefined): Map<string, string | undefined> {
  return new Map((template?.spec?.containers ?? []).map((c) => [c.name, c.image]));
}

export async function allRolloutDetails(sources: DetailSources): Promise<RolloutDetail[]> {
  const details: RolloutDetail[] = [];
  for (const rollout of sources.store.list('Rollout')) {
    const detail = await rolloutDetail(sources, rollout.metadata.namespace ?? 'default', rollout.metadata.name ?? '');
    if (detail) details.push(detail);
  }
  return details;
}

export function podObject(
  status: PodStatus,
  replicaSet: string,
  images: Map<string, string | undefined>,
): Pod & { status: { podIP: string; local: PodStatus } } {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: status.name,
      namespace: status.namespace,
      labels: status.labels,
      annotations: status.annotations,
      creationTimestamp: formatTimestamp(status.createdAt),
      ...(status.terminating ? { deletionTimestamp: formatTimestamp(status.createdAt) } : {}),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: replicaSet, uid: '', controller: true }],
    },
    spec: {
      containers: status.containers.map((c) => ({
        name: c.name,
        ...((c.image ?? images.get(c.name)) ? { image: c.image ?? images.get(c.name) } : {}),
      })),
    },
    status: {
      phase: status.phase,
      podIP: status.ip,
      containerStatuses: status.containers.map((c) => ({
        name: c.name,
        ready: c.ready,
        restartCount: c.restartCount,
        started: c.started,
        state: stateView(c.state),
      })),
      local: status,
    },
  };
}

function stateView(state: ContainerState): ContainerStateView {
  switch (state.kind) {
    case 'Waiting':
      return { waiting: { reason: state.reason, ...(state.message ? { message: state.message } : {}) } };
    case 'Running':
      return { running: { startedAt: formatTimestamp(state.startedAt) } };
    case 'Terminated':
      return {
        terminated: {
          exitCode: state.exitCode,
          reason: state.reason,
          ...(state.message ? { message: state.message } : {}),
        },
      };
  }
}
