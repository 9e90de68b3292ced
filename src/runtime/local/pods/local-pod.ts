// A pod of the local runtime: one process per container, sharing the loopback address. Ready when
// every container is ready; stopping takes it out of the endpoints first, drains what is in
// flight, then sends SIGTERM and, after terminationGracePeriodSeconds, SIGKILL.
import { createHash } from 'node:crypto';
import type { Container, PodSpec } from '../../../api/types/pod.ts';
import { mountProblem, planVolumes } from './config-volumes.ts';
import { PodVolumes } from './volume-files.ts';
import {
  planContainerLaunch,
  planLaunch,
  type LaunchPlan,
  type LaunchProblem,
  type PodIdentity,
} from './container-launch.ts';
import { engineContainerName, portsToPublish } from './container-run.ts';
import { findImage } from '../images/catalogue.ts';
import type { EngineImage } from '../images/container-engine.ts';
import type { ContainerMeshProxy } from '../images/engine-network.ts';
import { assignPorts, portEnvironment, type ContainerPorts, type MappedPort } from './container-ports.ts';
import type { PodRecord } from './pod-records.ts';
import { ContainerRunner } from './container-runner.ts';
import type { PodEnvironment } from './pod-environment.ts';
import type { EndpointEventKind, PodEndpoint } from '../services/endpoint-source.ts';
import { podPhase, type PodStatus } from './pod-status.ts';
import { applyMetadataChanges } from '../../../engine/metadata-changes.ts';

export const POD_IP = '127.0.0.1';
const DEFAULT_GRACE_SECONDS = 30;

export interface PodMetadata {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The ReplicaSet that owns the pod: with the environment's pod records, the pod is recorded under it. */
  owner?: { replicaSet: string; podTemplateHash: string };
  /** The record of this pod left by an earlier runtime: its processes are adopted when they still run. */
  adopt?: PodRecord;
}

export class LocalPod {
  readonly name: string;
  readonly namespace: string;
  readonly createdAt: number;
  readonly #owner: PodMetadata['owner'];
  #adopt: PodRecord | undefined;
  #lastRecord = '';
  #labels: Record<string, string>;
  #annotations: Record<string, string>;
  readonly #spec: PodSpec;
  readonly #environment: PodEnvironment;
  readonly #listeners = new Set<() => void>();
  #runners: ContainerRunner[] = [];
  #ready = false;
  #readySince: number | undefined;
  #terminating = false;
  /** The `added` event went out: the endpoint feed knows this pod. */
  #announced = false;
  #stopped: Promise<void> | undefined;
  #started: Promise<void> | undefined;
  /** Every process has exited: the record is gone and must not come back. */
  #stoppedAll = false;
  readonly #volumes: PodVolumes;
  /** The ConfigMaps and Secrets the pod's volumes project. */
  #sources: Array<{ kind: string; name: string }> = [];
  readonly #plans = new Map<string, () => LaunchPlan | LaunchProblem>();
  #unsubscribeConfig: (() => void) | undefined;

  constructor(metadata: PodMetadata, spec: PodSpec, environment: PodEnvironment) {
    this.name = metadata.name;
    this.namespace = metadata.namespace;
    this.#labels = { ...metadata.labels };
    this.#annotations = { ...metadata.annotations };
    this.#owner = metadata.owner;
    this.#adopt = metadata.adopt;
    this.createdAt = metadata.adopt?.createdAt ?? Date.now();
    this.#spec = spec;
    this.#environment = environment;
    this.#volumes = new PodVolumes(environment.volumeRoot, this.namespace, this.name);
  }

  /** metadata.uid: UUID-shaped, the same for an adopted pod (from its name and creation time). */
  get uid(): string {
    return localUid(this.namespace, this.name, this.createdAt);
  }

  get labels(): Record<string, string> {
    return { ...this.#labels };
  }

  get annotations(): Record<string, string> {
    return { ...this.#annotations };
  }

  get ready(): boolean {
    return this.#ready;
  }

  get readySince(): number | undefined {
    return this.#readySince;
  }

  get terminating(): boolean {
    return this.#terminating;
  }

  /** Called on every change of readiness or container state. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Allocates the ports and starts every container (a container that cannot start waits with a reason in its status). */
  start(): Promise<void> {
    this.#started ??= this.#start();
    return this.#started;
  }

  async #start(): Promise<void> {
    const restartPolicy = this.#spec.restartPolicy ?? 'Always';
    const gracePeriodMs = (this.#spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS) * 1000;
    const records = this.#owner ? this.#environment.records : undefined;
    const volumes = this.#prepareVolumes();
    for (const container of this.#spec.containers) {
      const adopt = this.#adopt?.containers.find((c) => c.name === container.name);
      // An image the catalogue does not list runs as a container when the engine has it locally.
      const { catalogue, containers } = this.#environment;
      const catalogued = container.image !== undefined && findImage(catalogue, container.image) !== undefined;
      if (catalogued && container.image) containers?.catalogued(container.image);
      const engineImage: EngineImage | undefined =
        container.image && containers && !catalogued ? await containers.lookup(container.image) : undefined;
      const engine = engineImage?.present ? engineImage.engine : undefined;
      // `sluice run`: the container reaches the mesh gateway as its HTTP proxy (engine-network.ts).
      const gatewayPort = this.#environment.meshGatewayPort;
      const meshProxy =
        engine && containers && gatewayPort !== undefined ? await containers.meshProxy(gatewayPort) : undefined;
      // An adopted process listens on the ports it was given; its restarts get the same ones.
      const ports = adopt
        ? recordedPorts(adopt.ports)
        : await assignPorts(engine ? portsToPublish(container) : container.ports, this.#environment.allocatePort);
      const plan = () => this.#plan(container, ports, gracePeriodMs, engine, engineImage, meshProxy);
      this.#plans.set(container.name, plan);
      const runner: ContainerRunner = new ContainerRunner({
        container,
        podName: this.name,
        ip: POD_IP,
        ports,
        launch: 'problem' in volumes ? volumes.problem : plan(),
        replan: plan,
        restartPolicy,
        backoff: this.#environment.backoff,
        gracePeriodMs,
        onChange: () => this.#changed(),
        drain: () => this.#environment.endpoints.drain(this.namespace, this.name, this.#environment.drainTimeoutMs),
        onOutput: (stream, text) =>
          this.#environment.onOutput?.({
            pod: this.name,
            namespace: this.namespace,
            container: container.name,
            stream,
            text,
          }),
        ...(records ? { outputFiles: records.outputFiles(this.namespace, this.name, container.name) } : {}),
        ...(adopt ? { adopt } : {}),
      });
      this.#runners.push(runner);
    }
    if (this.#terminating) return;
    this.#announced = true;
    this.#publish('added');
    for (const runner of this.#runners) runner.start();
    // Kubelet keeps trying a container whose ConfigMap or Secret was missing, and refreshes the
    // files of mounted ones: a change to one does both here.
    const config = this.#environment.config;
    if (config) this.#unsubscribeConfig = config.subscribe((object) => this.#configChanged(object.kind, object.name));
    this.#changed();
  }

  /** What a container runs now (its env from the ConfigMaps and Secrets as they are now), or why it cannot start. */
  #plan(
    container: Container,
    ports: ContainerPorts,
    gracePeriodMs: number,
    engine: EngineImage['engine'] | undefined,
    engineImage: EngineImage | undefined,
    meshProxy?: ContainerMeshProxy,
  ): LaunchPlan | LaunchProblem {
    const identity: PodIdentity = {
      name: this.name,
      namespace: this.namespace,
      labels: this.#labels,
      annotations: this.#annotations,
      ip: POD_IP,
      uid: this.uid,
      serviceAccountName: String(this.#spec['serviceAccountName'] ?? this.#spec['serviceAccount'] ?? 'default'),
      containers: this.#spec.containers,
      node: this.#environment.node,
    };
    const { config, catalogue, hostEnv } = this.#environment;
    if (engine) {
      return planContainerLaunch({
        container,
        pod: identity,
        engine,
        name: engineContainerName(this.namespace, this.name, container.name),
        ports,
        gracePeriodSeconds: gracePeriodMs / 1000,
        hostEnv,
        mounts: this.#volumes.hostMounts(container),
        ...(meshProxy ? { meshProxy } : {}),
        ...(typeof this.#spec['hostname'] === 'string' ? { hostname: this.#spec['hostname'] } : {}),
        ...(config ? { config } : {}),
      });
    }
    const root = this.#volumes.processRoot(container);
    const runtimeEnv = {
      ...portEnvironment(ports),
      SLUICE_POD_NAME: this.name,
      SLUICE_POD_NAMESPACE: this.namespace,
      SLUICE_POD_IP: POD_IP,
      ...(root ? { SLUICE_ROOT: root } : {}),
    };
    return planLaunch({
      container,
      catalogue,
      pod: identity,
      runtimeEnv,
      hostEnv,
      ...(engineImage ? { engineImage } : {}),
      ...(config ? { config } : {}),
      ...(this.#environment.meshEnv
        ? { meshEnv: this.#environment.meshEnv({ namespace: this.namespace, name: this.name }) }
        : {}),
    });
  }

  /** Writes the files of the volumes the containers mount; or why the pod cannot start. */
  #prepareVolumes(): { ok: true } | { problem: LaunchProblem } {
    const problem = mountProblem(this.#spec);
    if (problem) return { problem };
    const planned = planVolumes(this.#spec, this.namespace, this.#environment.config);
    if ('problem' in planned) return planned;
    for (const volume of planned.volumes) this.#volumes.write(volume);
    this.#sources = planned.volumes.flatMap((volume) => (volume.source ? [volume.source] : []));
    return { ok: true };
  }

  #configChanged(kind: string, name: string): void {
    if (this.#terminating) return;
    const waiting = this.#runners.filter((runner) => runner.waitingToStart);
    if (waiting.length > 0) {
      const volumes = this.#prepareVolumes();
      for (const runner of waiting) {
        const plan = this.#plans.get(runner.name);
        if (plan) runner.retry('problem' in volumes ? volumes.problem : plan());
      }
      return;
    }
    // Mounted files follow the object (environment variables do not, as in Kubernetes).
    if (!this.#sources.some((source) => source.kind === kind && source.name === name)) return;
    const planned = planVolumes(this.#spec, this.namespace, this.#environment.config);
    if ('problem' in planned) return;
    for (const volume of planned.volumes)
      if (volume.source?.kind === kind && volume.source.name === name) this.#volumes.write(volume);
  }

  /** Writes the pod's record when it changed (a process started, metadata, readiness). */
  #record(): void {
    const records = this.#environment.records;
    if (!records || !this.#owner || !this.#announced || this.#stoppedAll) return;
    const containers = this.#runners.flatMap((runner) => {
      const running = runner.process;
      const ports = runner.status().ports.map((p) => ({
        containerPort: p.containerPort,
        ...(p.name ? { name: p.name } : {}),
        protocol: p.protocol,
        port: p.port,
      }));
      return running ? [{ name: runner.name, ...running, ports }] : [];
    });
    const record: PodRecord = {
      name: this.name,
      namespace: this.namespace,
      replicaSet: this.#owner.replicaSet,
      podTemplateHash: this.#owner.podTemplateHash,
      labels: this.#labels,
      annotations: this.#annotations,
      createdAt: this.createdAt,
      ...(this.#readySince !== undefined ? { readySince: this.#readySince } : {}),
      containers,
    };
    const text = JSON.stringify(record);
    if (text === this.#lastRecord) return;
    this.#lastRecord = text;
    records.write(record);
  }

  /**
   * Graceful stop; calling it again returns the same stop. The pod leaves the endpoints before
   * this returns (the `terminating` event is sent synchronously).
   */
  stop(): Promise<void> {
    if (!this.#stopped) {
      this.#terminating = true;
      this.#changed();
      if (this.#announced) this.#publish('terminating');
      this.#stopped = this.#stop();
    }
    return this.#stopped;
  }

  async #stop(): Promise<void> {
    if (!this.#started) return;
    // A pod that failed to start (no free port) still stops cleanly.
    await this.#started.catch(() => undefined);
    this.#unsubscribeConfig?.();
    if (!this.#announced) {
      this.#volumes.remove();
      return;
    }
    await this.#environment.endpoints.drain(this.namespace, this.name, this.#environment.drainTimeoutMs);
    await Promise.all(this.#runners.map((runner) => runner.stop()));
    this.#volumes.remove();
    this.#stoppedAll = true;
    if (this.#owner) this.#environment.records?.remove(this.namespace, this.name);
    this.#publish('removed');
    this.#notify();
  }

  /** Role labels and annotations changed on the ReplicaSet reach the live pod (null removes a key). */
  updateMetadata(labels: Record<string, string | null> = {}, annotations: Record<string, string | null> = {}): void {
    this.#labels = applyMetadataChanges(this.#labels, labels);
    this.#annotations = applyMetadataChanges(this.#annotations, annotations);
    if (this.#started && !this.#terminating) this.#publish('labelsChanged');
    this.#record();
    this.#notify();
  }

  status(): PodStatus {
    const containers = this.#runners.map((runner) => runner.status());
    return {
      name: this.name,
      namespace: this.namespace,
      labels: this.labels,
      annotations: this.annotations,
      phase: podPhase(containers, this.#spec.restartPolicy ?? 'Always'),
      ip: POD_IP,
      ready: this.#ready,
      ...(this.#readySince !== undefined ? { readySince: this.#readySince } : {}),
      terminating: this.#terminating,
      createdAt: this.createdAt,
      containers,
    };
  }

  endpoint(): PodEndpoint {
    return {
      pod: this.name,
      namespace: this.namespace,
      labels: this.labels,
      ip: POD_IP,
      ports: this.#runners.flatMap((runner) =>
        runner.status().ports.map((port) => ({ container: runner.name, ...port })),
      ),
      ready: this.#ready,
      terminating: this.#terminating,
    };
  }

  #changed(): void {
    const ready = !this.#terminating && this.#runners.length > 0 && this.#runners.every((runner) => runner.ready);
    if (ready !== this.#ready) {
      this.#ready = ready;
      // An adopted pod that is ready again at once keeps the time it first became ready (minReadySeconds).
      this.#readySince = ready ? (this.#adopt?.readySince ?? Date.now()) : undefined;
      this.#adopt = undefined;
      if (!this.#terminating) this.#publish(ready ? 'ready' : 'notReady');
    }
    this.#record();
    this.#notify();
  }

  #publish(kind: EndpointEventKind): void {
    this.#environment.endpoints.publish(kind, this.endpoint());
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

function recordedPorts(mapped: MappedPort[]): ContainerPorts {
  const primary = mapped.find((m) => m.protocol === 'TCP')?.port ?? mapped[0]?.port ?? 0;
  return { primary, mapped: mapped.map((m) => ({ ...m })) };
}

/** A UUID-shaped uid from an object's namespace, name and creation time: the same again for the same three. */
export function localUid(namespace: string, name: string, createdAt: number): string {
  const hex = createHash('sha256').update(`${namespace}/${name}/${createdAt}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
