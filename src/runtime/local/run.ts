// The local runtime, assembled: the store (with the state directory), the pods, the mesh (Service
// listeners, gateway, metrics), the reconcile loop, the AnalysisRun driver and the local API.
// `sluice run` starts it with the manifests given and stops it on SIGINT/SIGTERM.
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import type { ManifestSource } from '../../api/load-manifests.ts';
import { LocalJobRunner, standardProviders } from '../../analysis/providers/index.ts';
import { formatTimestamp } from '../../conventions/timestamps.ts';
import { startApiServer, type ApiServer } from './api/server.ts';
import { acquireInstanceLock, type InstanceLock, type LockHolder } from './api/instance-lock.ts';
import {
  prepareStateDir,
  readRuntimeInfo,
  removeRuntimeInfo,
  removeToken,
  writeRuntimeInfo,
  writeToken,
} from './api/state-files.ts';
import { AnalysisDriver } from './controller/analysis-driver.ts';
import { EventLog } from './controller/event-log.ts';
import { followStoreInMesh } from './controller/mesh-routes.ts';
import { followIngressesInMesh } from './controller/mesh-ingresses.ts';
import { dataPlaneNotes } from './data-plane-notes.ts';
import { RolloutController } from './controller/rollout-controller.ts';
import { LocalExperimentController } from './controller/experiment-controller.ts';
import { LocalDeploymentController } from './controller/deployment-controller.ts';
import { recordedHash } from './controller/recorded-workloads.ts';
import { controllerPods, followPodTargets, rolloutPods } from './controller/scrape-targets.ts';
import { runtimeCatalogue } from './images/load-catalogue.ts';
import { containerImages, type EngineChoice } from './images/container-engine.ts';
import { LocalMesh } from './mesh/local-mesh.ts';
import { meshProxyEnvironment, meshUrl } from './mesh/cluster-names.ts';
import { readIdentity } from '../../platform/process/process-identity.ts';
import { PodRecords, type PodRecord } from './pods/pod-records.ts';
import { forgetProcess, recordProcess, stopRecordedProcess } from '../../platform/process/recorded-process.ts';
import { podEnvironment, type PodOutput } from './pods/pod-environment.ts';
import { jobContainerEnv } from './pods/job-env.ts';
import { startPrometheus, type RunningPrometheus } from './prometheus/start-prometheus.ts';
import { writeScrapeConfig } from './prometheus/write-scrape-config.ts';
import { applyManifests } from './store/apply-manifests.ts';
import { localNotifications } from './notifications/local-notifications.ts';
import { NotificationSendMetrics } from '../notifications/send-metrics.ts';
import { notificationSkipWarning } from './notifications/local-settings.ts';
import { ObjectStore } from './store/object-store.ts';
import { ConfigObjects, configSkipWarning } from './config/config-objects.ts';
import { ObjectFiles } from './store/persistence.ts';
import { EventFiles } from './store/event-files.ts';

export interface LocalRuntimeOptions {
  stateDir: string;
  /** Applied at start, on top of what the state directory holds. */
  sources?: readonly ManifestSource[];
  imagesFile?: string;
  /** Runs images the catalogue does not list as containers of this engine (default: none, processes only). */
  containerEngine?: EngineChoice;
  gatewayPort?: number;
  /** How to pick another gateway port when it is taken, for the error; default: --gateway-port. */
  gatewayPortHint?: string;
  apiPort?: number;
  /** Writes the scrape configuration and starts the installed Prometheus. */
  prometheus?: boolean;
  /** A notification ConfigMap and Secret applied in a Rollout's namespace also apply to it (the controller's --self-service-notification-enabled). */
  selfServiceNotifications?: boolean;
  log?: (line: string) => void;
  /** Where the pods' output goes; default `<stateDir>/pods.log`. */
  onPodOutput?: (output: PodOutput) => void;
}

export interface LocalRuntime {
  stateDir: string;
  apiUrl: string;
  gatewayUrl: string;
  metricsUrl: string;
  prometheusUrl?: string;
  token: string;
  store: ObjectStore;
  controller: RolloutController;
  deployments: LocalDeploymentController;
  events: EventLog;
  mesh: LocalMesh;
  /** Stops every process the runtime started; the state stays on disk for the next start. */
  stop(): Promise<void>;
}

/** The manifests given to `sluice run` are invalid: the lint lines say where. */
export class ManifestError extends Error {
  override name = 'ManifestError';
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`the manifests are invalid:\n${issues.join('\n')}`);
    this.issues = issues;
  }
}

export class RuntimeAlreadyRunningError extends Error {
  override name = 'RuntimeAlreadyRunningError';
}

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const { stateDir } = options;
  prepareStateDir(stateDir);
  const acquired = await acquireInstanceLock(stateDir);
  if ('heldBy' in acquired) throw new RuntimeAlreadyRunningError(alreadyRunning(stateDir, acquired.heldBy));
  const { lock } = acquired;
  try {
    return await startHoldingLock(options, lock);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** The port of a URL recorded in runtime.json, if it names one. */
function portOfUrl(url: string | undefined): number | undefined {
  if (!url) return undefined;
  try {
    const port = Number(new URL(url).port);
    return Number.isInteger(port) && port > 0 ? port : undefined;
  } catch {
    return undefined;
  }
}

function forgetEventsOfGoneObjects(events: EventLog, exists: (namespace: string, name: string) => boolean): void {
  for (const key of events.keys()) {
    const slash = key.indexOf('/');
    if (!exists(key.slice(0, slash), key.slice(slash + 1))) events.forget(key);
  }
}

function alreadyRunning(stateDir: string, holder: LockHolder): string {
  const recorded = readRuntimeInfo(stateDir);
  const pid = holder.pid ?? recorded?.pid;
  const apiUrl = holder.apiUrl ?? recorded?.apiUrl;
  const who = [pid !== undefined ? `pid ${pid}` : '', apiUrl ? `API ${apiUrl}` : ''].filter(Boolean).join(', ');
  return `a sluice runtime is already running in ${stateDir}/${who ? ` (${who})` : ''}: stop it first, or use another --state-dir`;
}

async function startHoldingLock(options: LocalRuntimeOptions, lock: InstanceLock): Promise<LocalRuntime> {
  const { stateDir } = options;
  const log = options.log ?? (() => undefined);
  const catalogue = runtimeCatalogue(options.imagesFile);
  const store = new ObjectStore({ persistence: new ObjectFiles(stateDir) });
  const configObjects = new ConfigObjects(stateDir);
  if (options.sources && options.sources.length > 0) {
    const outcome = applyManifests(store, options.sources);
    if (!outcome.ok) throw new ManifestError(outcome.issues);
    const readHere = notificationSkipWarning(options.sources);
    const readByPods = configSkipWarning(options.sources);
    const taken = configObjects.applyFrom(options.sources);
    const warnings = outcome.warnings.filter((w) => !readHere(w) && !readByPods(w));
    for (const line of [...outcome.results, ...taken, ...warnings]) log(line);
  }
  for (const rollout of store.list('Rollout')) for (const note of dataPlaneNotes(rollout)) log(note);

  const stops: Array<() => Promise<void> | void> = [() => lock.release()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (error) {
        log(`while stopping: ${(error as Error).message}`);
      }
    }
  };
  try {
    let podLog: WriteStream | undefined;
    const onOutput =
      options.onPodOutput ??
      ((output: PodOutput) => {
        podLog ??= createWriteStream(path.join(stateDir, 'pods.log'), { flags: 'a' });
        podLog.write(
          output.text
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => `${output.namespace}/${output.pod} ${output.container} ${output.stream}: ${line}\n`)
            .join(''),
        );
      });
    stops.push(() => new Promise<void>((resolve) => (podLog ? podLog.end(() => resolve()) : resolve())));
    // Pods are recorded in the state directory, so a runtime started after this one died (SIGKILL,
    // a crash) adopts them rather than starting a second set (see docs/local-runtime.md).
    const records = new PodRecords(stateDir);
    const containerEngine = options.containerEngine ?? 'none';
    const environment = podEnvironment({
      catalogue,
      onOutput,
      records,
      config: configObjects,
      volumeRoot: path.join(stateDir, 'volumes'),
      ...(containerEngine !== 'none' ? { containers: containerImages(containerEngine, log) } : {}),
    });
    const { containers } = environment;
    if (containers) stops.push(() => containers.close());

    // The notification counters of Argo's controller, served on the mesh's metrics port.
    const notificationMetrics = new NotificationSendMetrics();
    // The pods adopted from a runtime that died (SIGKILL) were given its gateway (and containers its
    // mesh-only gateway, through the relay) as their HTTP proxy: the same ports are taken again
    // when free, so their calls to cluster DNS names keep working.
    const earlier = readRuntimeInfo(stateDir);
    const earlierGateway = portOfUrl(earlier?.gatewayUrl);
    const earlierContainerGateway = portOfUrl(earlier?.containerGatewayUrl);
    const mesh = await LocalMesh.start({
      endpoints: environment.endpoints,
      metricsSources: [notificationMetrics],
      ...(options.gatewayPort ? { gatewayPort: options.gatewayPort } : {}),
      ...(earlierGateway ? { preferredGatewayPort: earlierGateway } : {}),
      ...(earlierContainerGateway ? { containerGatewayPort: earlierContainerGateway } : {}),
      ...(options.gatewayPortHint ? { gatewayPortHint: options.gatewayPortHint } : {}),
    });
    stops.push(() => mesh.close());
    // Process pods reach Services by their cluster DNS names through the mesh (docs/local-pods.md).
    environment.meshEnv = (pod) => ({
      ...meshProxyEnvironment(mesh.gateway, pod),
      // Where a Prometheus pod scrapes the mesh's metrics (src/runtime/local/images/prometheus-config.ts).
      SLUICE_MESH_METRICS: `${mesh.metricsAddress.host}:${mesh.metricsAddress.port}`,
    });
    // Containers get the mesh-only gateway: what reaches it through the bridge relay reaches the mesh and hosts elsewhere, never this machine.
    environment.meshGatewayPort = mesh.containerGateway.port;
    stops.push(environment.endpoints.addDrainTracker(mesh));
    stops.push(followStoreInMesh(store, mesh.store));
    stops.push(followIngressesInMesh(store, mesh.ingresses));

    let prometheus: RunningPrometheus | undefined;
    if (options.prometheus) {
      writeScrapeConfig(stateDir, { mesh: mesh.metricsAddress });
      // A Prometheus left by a runtime that died holds the storage's lock: stop it first.
      const pidFile = path.join(stateDir, 'prometheus', 'prometheus.pid');
      if (await stopRecordedProcess(pidFile)) log('stopped the Prometheus an earlier runtime left running');
      prometheus = await startPrometheus(stateDir);
      const started = prometheus;
      recordProcess(pidFile, started.pid);
      stops.push(async () => {
        await started.stop();
        forgetProcess(pidFile);
      });
    }

    // Events are kept in the state directory, so a restart (even after a SIGKILL) lists them still;
    // those of objects deleted while no runtime ran go.
    const unreadable = (file: string, reason: string) => log(`skipped the events in ${file}: ${reason}`);
    const events = new EventLog(new EventFiles(stateDir, 'rollouts'), unreadable);
    const experimentEvents = new EventLog(new EventFiles(stateDir, 'experiments'), unreadable);
    forgetEventsOfGoneObjects(events, (namespace, name) => store.get('Rollout', namespace, name) !== undefined);
    forgetEventsOfGoneObjects(experimentEvents, (ns, name) => store.get('Experiment', ns, name) !== undefined);
    const notifications = localNotifications(stateDir, options.sources ?? [], log, {
      analysisRuns: (namespace) => store.list('AnalysisRun', namespace),
      store,
      metrics: notificationMetrics,
      ...(options.selfServiceNotifications ? { selfService: true } : {}),
    });
    stops.push(() => notifications.close());
    const controller = new RolloutController({ store, environment, events, log, notify: notifications.notify });
    stops.push(() => controller.stop());
    await controller.start();
    const deployments = new LocalDeploymentController({ store, environment, log });
    stops.push(() => deployments.stop());
    await deployments.start();
    // The ReplicaSets (of rollouts and Deployments) have claimed their recorded pods; a recorded pod
    // whose ReplicaSet is not in the store (deleted, or replaced while no runtime ran) is stopped,
    // so nothing is orphaned.
    const replicaSetExists = (pod: PodRecord) => {
      const record = store.get('ReplicaSet', pod.namespace, pod.replicaSet);
      return record !== undefined && recordedHash(record) === pod.podTemplateHash;
    };
    for (const pod of records.stopOrphans(replicaSetExists))
      log(`stopped pod ${pod}, left by an earlier runtime and owned by no ReplicaSet`);

    const experiments = new LocalExperimentController({
      store,
      environment,
      log,
      rolloutEvents: events,
      events: experimentEvents,
      notify: notifications.notify,
    });
    stops.push(() => experiments.stop());
    await experiments.start();
    // Prometheus scrapes the annotated pods of every workload: rollouts, Deployments, experiments.
    if (options.prometheus)
      stops.push(
        followPodTargets(stateDir, [
          rolloutPods(store, controller),
          controllerPods(deployments),
          controllerPods(experiments),
        ]),
      );

    const providers = standardProviders({
      // Job containers get the mesh variables of pods: Services by their cluster DNS names through
      // the mesh, and where the mesh's metrics are.
      jobRunner: new LocalJobRunner(path.join(stateDir, 'jobs'), {
        env: (pod) => environment.meshEnv?.(pod) ?? {},
        resolveEnv: (pod) => jobContainerEnv(pod, configObjects, environment.node),
      }),
      // Web metrics naming a Service by its cluster DNS name reach it through the mesh.
      webRoute: (url, namespace) =>
        meshUrl(url, namespace, mesh.gateway, (ns, name) => store.get('Service', ns, name) !== undefined),
      ...(prometheus ? { prometheusAddress: prometheus.url } : {}),
    });
    const analysis = new AnalysisDriver({ store, providers, log });
    stops.push(() => analysis.stop());
    analysis.start();

    const token = writeToken(stateDir);
    stops.push(() => removeToken(stateDir));
    const api: ApiServer = await startApiServer({
      store,
      controller,
      events,
      experiments,
      deployments,
      token,
      onManifests: (sources, verb) => {
        notifications.onManifests(sources, verb === 'delete' ? 'delete' : 'apply');
        if (verb === 'create') return configObjects.createFrom(sources);
        return verb === 'apply' ? configObjects.applyFrom(sources) : configObjects.deleteFrom(sources);
      },
      existingOutsideStore: (sources) => configObjects.existing(sources),
      notificationSettings: () => notifications.settings(),
      ...(options.apiPort ? { port: options.apiPort } : {}),
    });
    stops.push(() => api.close());

    const gatewayUrl = `http://${mesh.gateway.host}:${mesh.gateway.port}`;
    const metricsUrl = `http://${mesh.metricsAddress.host}:${mesh.metricsAddress.port}/stats/prometheus`;
    const pidStartTime = readIdentity(process.pid)?.startTime;
    writeRuntimeInfo(stateDir, {
      apiUrl: api.url,
      pid: process.pid,
      startedAt: formatTimestamp(Date.now()),
      gatewayUrl,
      containerGatewayUrl: `http://${mesh.containerGateway.host}:${mesh.containerGateway.port}`,
      metricsUrl,
      ...(pidStartTime ? { pidStartTime } : {}),
    });
    lock.describe({ pid: process.pid, apiUrl: api.url });
    stops.push(() => removeRuntimeInfo(stateDir));

    let stopping: Promise<void> | undefined;
    return {
      stateDir,
      apiUrl: api.url,
      gatewayUrl,
      metricsUrl,
      ...(prometheus ? { prometheusUrl: prometheus.url } : {}),
      token,
      store,
      controller,
      deployments,
      events,
      mesh,
      stop: () => (stopping ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
