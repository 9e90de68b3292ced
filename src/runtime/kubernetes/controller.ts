// `sluice controller`, assembled: the connection (kubeconfig or service account), /metrics and
// /healthz + /readyz, leader election (optional), one shared informer per kind, the rollout
// controller and the AnalysisRun controller. Without --leader-elect the controllers run at once;
// with it they run while this replica holds the Lease. See docs/controller.md.
import os from 'node:os';
import { CONTROLLER_INSTANCE_ID_LABEL } from '../../conventions/labels.ts';
import {
  DEFAULT_ANALYSIS_WORKERS,
  startAnalysisRunController,
  type AnalysisRunController,
} from './analysis/analysis-run-controller.ts';
import { createExperimentController, type ExperimentController } from './experiments/experiment-controller.ts';
import { KubeClient } from '../../platform/kubernetes/client/client.ts';
import { NotFoundError } from '../../platform/kubernetes/client/errors.ts';
import { loadConnection } from '../../platform/kubernetes/client/load-connection.ts';
import type { ObjectBase } from '../../platform/kubernetes/client/objects.ts';
import { argoResources, istioResources, workloadResources, type IstioVersion } from './resources.ts';
import { ROUTE_KINDS, type RouteKind } from '../../api/route-kinds.ts';
import { custom, builtin, type Resource } from '../../platform/kubernetes/client/resources.ts';
import { systemTimers, type Timers } from '../../platform/kubernetes/client/timers.ts';
import { cachesSynced, failed, passed, startHealthServer, type HealthServer } from './health/index.ts';
import type { EventHandlers } from '../../platform/kubernetes/informers/informer.ts';
import { SharedInformerFactory } from '../../platform/kubernetes/informers/informer-factory.ts';
import { ObjectStore } from '../../platform/kubernetes/informers/object-store.ts';
import { podEssentials } from '../../platform/kubernetes/informers/transforms.ts';
import { startLeaderElection, type LeaderElector } from '../../platform/kubernetes/leader/index.ts';
import { createControllerMetrics, type ControllerMetrics, type MetricsServer } from './metrics/index.ts';
import { controllerEventRecorder } from './rollouts/controller-events.ts';
import { controllerNotifications } from './notifications/wiring.ts';
import { ManagedObjectsReleaser } from './rollouts/managed-objects.ts';
import { rolloutIndexes } from './rollouts/related-rollouts.ts';
import {
  DEFAULT_ROLLOUT_WORKERS,
  RolloutController,
  URGENT_ROLLOUT_WORKERS,
  type RolloutInformers,
  type WatchedCache,
} from './rollouts/rollout-controller.ts';

/** The Lease Argo Rollouts' replicas share (a sluice replica and an Argo one never lead together). */
export const LEASE_NAME = 'argo-rollouts-controller-lock';

export interface ControllerConfig {
  kubeconfig?: string;
  /** Watch one namespace only; default all namespaces. */
  namespace?: string;
  instanceId?: string;
  leaderElect: boolean;
  /** Namespace and identity for the Lease (the pod's, from the downward API); default the connection's namespace and the host name. */
  leaseNamespace?: string;
  leaseIdentity?: string;
  /** 0: no /metrics. */
  metricsPort: number;
  healthPort?: number;
  version?: string;
  /** Concurrent rollout reconciles (default 10) and AnalysisRun reconciles (default 30), as Argo's defaults. */
  workers?: number;
  analysisWorkers?: number;
  log: (line: string) => void;
  /** Where the notification ConfigMap and Secret are read; default the connection's namespace (the controller's own). */
  notificationsNamespace?: string;
  /** Also read the notification ConfigMap and Secret of each Rollout's own namespace (--self-service-notification-enabled). */
  selfServiceNotifications?: boolean;
  /** Called when this replica loses the Lease: the process should exit, as Argo's does. */
  onLostLease?: () => void;
  timers?: Timers;
}

/** The label selector Argo uses for --instance-id: rollouts of this instance, or those labelled for none. */
export function instanceSelector(instanceId: string | undefined): string {
  return instanceId ? `${CONTROLLER_INSTANCE_ID_LABEL}=${instanceId}` : `!${CONTROLLER_INSTANCE_ID_LABEL}`;
}

/** The Istio version the cluster prefers, or undefined when it serves no Istio networking API. */
async function servedIstioVersion(client: KubeClient): Promise<IstioVersion | undefined> {
  try {
    const group = await client.getPath<{
      preferredVersion?: { version?: string };
      versions?: Array<{ version: string }>;
    }>('/apis/networking.istio.io');
    const served = (group.versions ?? []).map((entry) => entry.version);
    const known: IstioVersion[] = ['v1beta1', 'v1', 'v1alpha3'];
    const preferred = group.preferredVersion?.version;
    return known.find((version) => version === preferred) ?? known.find((version) => served.includes(version));
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/** A traffic router's kind the cluster serves, at the first version of the table it serves. */
export interface ServedRouteKind {
  kind: RouteKind;
  resource: Resource<ObjectBase>;
}

/**
 * The traffic routers' provider kinds the cluster serves (src/api/route-kinds.ts): their objects are
 * watched so a re-applied one gets its weights back. A group the cluster does not serve is left out.
 */
export async function servedRouteKinds(client: Pick<KubeClient, 'getPath'>): Promise<ServedRouteKind[]> {
  const served: ServedRouteKind[] = [];
  const resourcesOf = new Map<string, Promise<Set<string>>>();
  const list = (group: string, version: string): Promise<Set<string>> => {
    const key = `${group}/${version}`;
    let found = resourcesOf.get(key);
    if (!found) {
      found = client
        .getPath<{ resources?: Array<{ name: string }> }>(`/apis/${key}`)
        .then((answer) => new Set((answer.resources ?? []).map((resource) => resource.name)))
        .catch((error: unknown) => {
          if (error instanceof NotFoundError) return new Set<string>();
          throw error;
        });
      resourcesOf.set(key, found);
    }
    return found;
  };
  for (const info of ROUTE_KINDS) {
    if ('watched' in info && info.watched === false) continue;
    for (const version of info.versions) {
      if (!(await list(info.group, version)).has(info.plural)) continue;
      const make = info.builtin ? builtin : custom;
      served.push({ kind: info.kind, resource: make(info.kind, info.group, version, info.plural) });
      break;
    }
  }
  return served;
}

async function requireArgoKinds(client: KubeClient): Promise<void> {
  const install = 'install the CRDs (kubectl apply --server-side -k deploy/crds, see docs/install.md)';
  try {
    const list = await client.getPath<{ resources?: Array<{ name: string }> }>('/apis/argoproj.io/v1alpha1');
    const names = new Set((list.resources ?? []).map((resource) => resource.name));
    const missing = ['rollouts', 'analysisruns', 'analysistemplates', 'clusteranalysistemplates'].filter(
      (name) => !names.has(name),
    );
    if (missing.length > 0)
      throw new Error(`the cluster does not serve argoproj.io/v1alpha1 ${missing.join(', ')}: ${install}`);
  } catch (error) {
    if (error instanceof NotFoundError) throw new Error(`the cluster does not serve argoproj.io/v1alpha1: ${install}`);
    throw error;
  }
}

/** A cache that stays empty, for a kind the cluster does not serve (Istio not installed). */
function emptyCache<T extends ObjectBase>(): WatchedCache<T> {
  return { store: new ObjectStore<T>(), addEventHandler: (_handlers: EventHandlers<T>) => () => undefined };
}

/**
 * The informers the rollout controller reads, made on `informers`: the Rollouts of this instance
 * id, their workloads and analysis kinds, and Istio's kinds when the cluster serves them (`istio`),
 * else empty caches.
 */
export function rolloutInformers(
  informers: SharedInformerFactory,
  instanceId: string | undefined,
  istio: ReturnType<typeof istioResources> | undefined,
  routeKinds: ServedRouteKind[] = [],
): RolloutInformers {
  return {
    rollouts: informers.informerFor(argoResources.rollouts, {
      labelSelector: instanceSelector(instanceId),
      indexes: rolloutIndexes(),
    }),
    replicaSets: informers.informerFor(workloadResources.replicaSets),
    pods: informers.informerFor(workloadResources.pods, { transform: podEssentials }),
    services: informers.informerFor(workloadResources.services),
    deployments: informers.informerFor(workloadResources.deployments),
    analysisRuns: informers.informerFor(argoResources.analysisRuns),
    experiments: informers.informerFor(argoResources.experiments),
    analysisTemplates: informers.informerFor(argoResources.analysisTemplates),
    clusterAnalysisTemplates: informers.informerFor(argoResources.clusterAnalysisTemplates),
    virtualServices: istio ? informers.informerFor(istio.virtualServices) : emptyCache(),
    destinationRules: istio ? informers.informerFor(istio.destinationRules) : emptyCache(),
    routeObjects: routeKinds.map(({ kind, resource }) => ({ kind, cache: informers.informerFor(resource) })),
  };
}

interface Controllers {
  informers: SharedInformerFactory;
  notifications: { close(): void };
  rollouts: RolloutController;
  analysis: AnalysisRunController;
  experiments: ExperimentController;
  managed: ManagedObjectsReleaser;
}

async function runControllers(
  client: KubeClient,
  config: ControllerConfig,
  metrics: ControllerMetrics,
  health: HealthServer | undefined,
  signal?: AbortSignal,
): Promise<Controllers> {
  const timers = config.timers ?? systemTimers;
  const istioVersion = await servedIstioVersion(client);
  const istio = istioResources(istioVersion ?? 'v1beta1');
  const informers = new SharedInformerFactory(client, {
    timers,
    ...(config.namespace ? { namespace: config.namespace } : {}),
    onError: (error) => config.log(`watch: ${error.message}`),
  });
  const events = controllerEventRecorder(client, metrics, config.log);
  const watched = rolloutInformers(
    informers,
    config.instanceId,
    istioVersion ? istio : undefined,
    await servedRouteKinds(client),
  );
  const notifications = controllerNotifications(client, informers, events, metrics, {
    namespace: config.notificationsNamespace ?? client.defaultNamespace,
    watchedNamespace: config.namespace,
    ...(config.selfServiceNotifications ? { selfService: true } : {}),
    log: config.log,
    analysisRuns: (namespace) =>
      watched.analysisRuns.store.list().filter((run) => run.metadata.namespace === namespace),
  });
  watched.rollouts.addEventHandler(notifications.rolloutHandlers);
  if (!istioVersion)
    config.log(
      'the cluster serves no networking.istio.io API: rollouts with Istio traffic routing will report the missing objects',
    );
  const instance = config.instanceId ? { instanceId: config.instanceId } : {};
  const rollouts = new RolloutController({
    client,
    informers: watched,
    istio,
    events: notifications.events,
    timers,
    metrics,
    ...instance,
    ...(config.workers ? { workers: config.workers } : {}),
    log: config.log,
  });
  const analysis = startAnalysisRunController({
    client,
    informers,
    timers,
    events,
    metrics,
    ...instance,
    ...(config.analysisWorkers ? { workers: config.analysisWorkers } : {}),
    log: config.log,
  });
  const experiments = createExperimentController({
    client,
    informers,
    timers,
    events: {
      // An experiment's events are its own; the copies for its Rollout go with the Rollout as the
      // cache holds it, through the notifier as the rollout loop's events do (Argo reads the Rollout).
      record: (object, event, now) => {
        const { type, reason, message } = event;
        if (object.kind !== 'Rollout') return events.record(object, { type, reason, message }, now);
        const rollout = watched.rollouts.store.getByName(object.metadata.namespace, object.metadata.name);
        if (!rollout)
          return config.log(`events: no Rollout ${object.metadata.namespace}/${object.metadata.name} for ${reason}`);
        const full = { ...rollout, apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' };
        return notifications.events.record(full, { type, reason, message }, now);
      },
    },
    metrics,
    ...instance,
    log: config.log,
  });
  metrics.setSources({
    rollouts: () => watched.rollouts.store.list(),
    analysisRuns: () => watched.analysisRuns.store.list(),
    experiments: () => watched.experiments.store.list(),
    analysisTemplates: () => watched.analysisTemplates.store.list(),
    clusterAnalysisTemplates: () => watched.clusterAnalysisTemplates.store.list(),
  });
  health?.setReadinessCheck(
    'informers',
    cachesSynced(() => informers.hasSynced()),
  );
  informers.start();
  if (!(await informers.waitForCacheSync(signal))) {
    await analysis.stop();
    await experiments.stop();
    await informers.stop();
    notifications.close();
    throw new Error('stopped before the caches were filled');
  }
  rollouts.start();
  experiments.start();
  const managed = new ManagedObjectsReleaser({ client, informers: watched, istio, timers, log: config.log });
  managed.start();
  config.log(
    `caches filled; reconciling rollouts${config.namespace ? ` in namespace ${config.namespace}` : ' in all namespaces'}${config.instanceId ? ` with instance id ${config.instanceId}` : ''}`,
  );
  return { informers, rollouts, analysis, experiments, notifications, managed };
}

async function stopControllers(controllers: Controllers | undefined): Promise<void> {
  if (!controllers) return;
  await controllers.rollouts.stop();
  await controllers.managed.stop();
  await controllers.analysis.stop();
  await controllers.experiments.stop();
  await controllers.informers.stop();
  controllers.notifications.close();
}

export interface RunningController {
  readonly client: KubeClient;
  stop(): Promise<void>;
}

/** Connects, serves /metrics and the probes, and runs the controllers (while leading, with leader election) until stop(). */
export async function startController(config: ControllerConfig, signal?: AbortSignal): Promise<RunningController> {
  const timers = config.timers ?? systemTimers;
  const metrics = createControllerMetrics(config.version ? { version: config.version } : {});
  // One socket per worker that may be waiting on the API server, and a few for Events and the Lease.
  const maxSockets =
    (config.workers ?? DEFAULT_ROLLOUT_WORKERS) +
    URGENT_ROLLOUT_WORKERS +
    (config.analysisWorkers ?? DEFAULT_ANALYSIS_WORKERS) +
    8;
  const client = new KubeClient(loadConnection({ kubeconfig: config.kubeconfig }), {
    timers,
    observe: metrics.observeRequest,
    maxSockets,
  });
  let metricsServer: MetricsServer | undefined;
  let health: HealthServer | undefined;
  let elector: LeaderElector | undefined;
  let controllers: Controllers | undefined;
  const stop = async (): Promise<void> => {
    await elector?.stop();
    await stopControllers(controllers);
    controllers = undefined;
    await metricsServer?.close();
    await health?.close();
    client.close();
  };
  try {
    await requireArgoKinds(client);
    if (config.metricsPort > 0) metricsServer = await metrics.serve(config.metricsPort);
    if (config.healthPort !== undefined)
      health = await startHealthServer({
        port: config.healthPort,
        timers,
        readiness: { informers: () => failed('the caches are not filled yet') },
      });
    if (!config.leaderElect) {
      controllers = await runControllers(client, config, metrics, health, signal);
      return { client, stop };
    }
    const identity = config.leaseIdentity ?? `${os.hostname()}_${process.pid}`;
    const namespace = config.leaseNamespace ?? client.defaultNamespace;
    // A replica waiting for the Lease is ready: it is healthy and takes over when the leader goes.
    health?.setReadinessCheck('informers', () => passed);
    elector = startLeaderElection({
      client,
      namespace,
      name: LEASE_NAME,
      identity,
      timers,
      onStartedLeading: async (leading) => {
        config.log(`leading (Lease ${namespace}/${LEASE_NAME} held by ${identity})`);
        try {
          controllers = await runControllers(client, config, metrics, health, leading);
        } catch (error) {
          config.log(`could not start the controllers: ${(error as Error).message}`);
          config.onLostLease?.();
        }
      },
      onStoppedLeading: async () => {
        config.log(`no longer leading (Lease ${namespace}/${LEASE_NAME})`);
        await stopControllers(controllers);
        controllers = undefined;
        config.onLostLease?.();
      },
      onNewLeader: (leader) => config.log(`the leader is ${leader}`),
      onError: (error) => config.log(`leader election: ${error.message}`),
    });
    health?.setLivenessCheck('leader-election', elector.check);
    config.log(`waiting to lead (Lease ${namespace}/${LEASE_NAME}, identity ${identity})`);
    return { client, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
