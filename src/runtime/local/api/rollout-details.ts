// What the API shows of a rollout: the Rollout with its ReplicaSets, pods, AnalysisRuns, the routes
// in place (as its traffic router reads them) and its events. Objects are shaped as the Kubernetes
// API returns them, so the view model (src/view/) reads them as it reads a cluster's.
import type { AnalysisRun } from '../../../api/types/analysis.ts';
import type { ReplicaSet } from '../../../api/types/core.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import { formatTimestamp } from '../../../conventions/timestamps.ts';
import type { TrafficInPlace } from '../../../traffic/router.ts';
import type { ContainerState, PodStatus } from '../pods/pod-status.ts';
import type { ObjectStore } from '../store/object-store.ts';
import { ownedAnalysisRuns } from '../controller/analysis-runs.ts';
import type { LoggedEvent, EventLog } from '../controller/event-log.ts';
import { ownedReplicaSets } from '../controller/recorded-workloads.ts';
import { rolloutKey, type RolloutController } from '../controller/rollout-controller.ts';
import type { ContainerStateView, Pod } from '../../../view/inputs.ts';

export interface RolloutDetail {
  rollout: Rollout;
  replicaSets: ReplicaSet[];
  pods: Pod[];
  analysisRuns: AnalysisRun[];
  /** The traffic in place; null without trafficRouting. */
  routes: TrafficInPlace | null;
  events: LoggedEvent[];
}

export interface DetailSources {
  store: ObjectStore;
  controller: RolloutController;
  events: EventLog;
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
    for (const status of list) pods.push(podObject(status, replicaSet, rollout));
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
  };
}

export async function allRolloutDetails(sources: DetailSources): Promise<RolloutDetail[]> {
  const details: RolloutDetail[] = [];
  for (const rollout of sources.store.list('Rollout')) {
    const detail = await rolloutDetail(sources, rollout.metadata.namespace ?? 'default', rollout.metadata.name ?? '');
    if (detail) details.push(detail);
  }
  return details;
}

function podObject(
  status: PodStatus,
  replicaSet: string,
  rollout: Rollout,
): Pod & { status: { podIP: string; local: PodStatus } } {
  const images = new Map((rollout.spec.template?.spec?.containers ?? []).map((c) => [c.name, c.image]));
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
