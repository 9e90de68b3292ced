// The local runtime's mesh, assembled: the route store the Istio router writes, the endpoint table
// fed by the pods, one loopback listener per Service port, the gateway port that routes by Host as
// Istio does, and Istio's request metrics on a metrics port. It is also the drain tracker the pod
// stopper asks before stopping a pod.
import type { Service } from '../../../api/types/core.ts';
import { IstioRequestMetrics, type RequestObservation } from '../metrics/istio-request-metrics.ts';
import type { Workload } from '../metrics/istio-labels.ts';
import { RetryMetrics } from '../metrics/retry-metrics.ts';
import { type MetricsSource, startMetricsServer, type MetricsServer } from '../metrics/metrics-server.ts';
import type { EndpointSource } from '../services/endpoint-source.ts';
import { EndpointTable } from '../services/endpoint-table.ts';
import { ServiceListeners, type ServiceAddress } from '../services/service-listeners.ts';
import { UpstreamForwarder, type ForwardOutcome } from '../services/upstream-forwarder.ts';
import type { EgressResolver } from './egress-guard.ts';
import { startMeshGateway, type MeshGateway } from './mesh-gateway.ts';
import { MeshIngressStore } from './ingress-store.ts';
import { MeshRouteStore } from './route-store.ts';

export interface LocalMeshOptions {
  endpoints: EndpointSource;
  store?: MeshRouteStore;
  host?: string;
  /** 0 or unset: a free port. */
  gatewayPort?: number;
  /** How to pick another gateway port when it is taken, for the error (the flag that set it). */
  gatewayPortHint?: string;
  /** With no gatewayPort: this port when free, else a free one (the port an earlier runtime's pods were given). */
  preferredGatewayPort?: number;
  /** The mesh-only gateway's port for containers when free, else a free one. */
  containerGatewayPort?: number;
  /** How the mesh-only gateway resolves hosts outside the mesh and finds this machine's addresses (tests); the system's by default. */
  containerEgress?: EgressResolver;
  metricsPort?: number;
  /** More metrics served on the mesh's metrics port (the runtime's notification counters). */
  metricsSources?: readonly MetricsSource[];
  /** Namespace that short host names on the gateway are relative to. */
  namespace?: string;
  /** How the gateway appears as `source_*` in metrics. */
  gatewayWorkload?: Workload;
  /** Random numbers in [0, 100) for weights and mirrors (tests); Math.random by default. */
  roll?: () => number;
}

export const DEFAULT_GATEWAY_WORKLOAD: Workload = {
  name: 'sluice-gateway',
  namespace: 'sluice-system',
  labels: { app: 'sluice-gateway' },
};

export class LocalMesh {
  readonly store: MeshRouteStore;
  /** The Ingresses the gateway serves as ingress-nginx does (hosts no VirtualService claims). */
  readonly ingresses = new MeshIngressStore();
  readonly endpoints: EndpointTable;
  readonly metrics = new IstioRequestMetrics();
  /** Requests tried again on another pod (`sluice_upstream_retries_total`). */
  readonly retries = new RetryMetrics();
  readonly #forwarder: UpstreamForwarder;
  readonly #services: ServiceListeners;
  readonly #gatewayWorkload: Workload;
  #gateway: MeshGateway | undefined;
  #containerGateway: MeshGateway | undefined;
  #metricsServer: MetricsServer | undefined;
  #servicesSynced: Promise<void> = Promise.resolve();
  #unsubscribeStore: (() => void) | undefined;

  private constructor(options: LocalMeshOptions) {
    this.store = options.store ?? new MeshRouteStore();
    this.endpoints = new EndpointTable(options.endpoints);
    this.#forwarder = new UpstreamForwarder(this.endpoints, { onRetry: (retry) => this.retries.record(retry) });
    this.#gatewayWorkload = options.gatewayWorkload ?? DEFAULT_GATEWAY_WORKLOAD;
    this.#services = new ServiceListeners(this.#forwarder, {
      ...(options.host ? { host: options.host } : {}),
      observe: ({ service, outcome, durationMs }) => this.#record(undefined, service, outcome, durationMs, false),
    });
  }

  static async start(options: LocalMeshOptions): Promise<LocalMesh> {
    const mesh = new LocalMesh(options);
    try {
      mesh.#gateway = await startMeshGateway(mesh.store, mesh.#forwarder, {
        ...(options.host ? { host: options.host } : {}),
        ...(options.gatewayPort ? { port: options.gatewayPort } : {}),
        ...(options.gatewayPortHint ? { portHint: options.gatewayPortHint } : {}),
        ...(options.preferredGatewayPort ? { preferredPort: options.preferredGatewayPort } : {}),
        ...(options.namespace ? { namespace: options.namespace } : {}),
        ...(options.roll ? { roll: options.roll } : {}),
        ingresses: mesh.ingresses,
        observe: ({ service, outcome, durationMs, mirror }) =>
          mesh.#record(mesh.#gatewayWorkload, service, outcome, durationMs, mirror),
      });
      // Containers reach the mesh through a relay on the engine's bridge (engine-network.ts): it
      // leads to this second listener, which serves the mesh's hosts and passes others on unless
      // they are this machine (egress-guard.ts).
      mesh.#containerGateway = await startMeshGateway(mesh.store, mesh.#forwarder, {
        ...(options.host ? { host: options.host } : {}),
        ...(options.containerGatewayPort ? { preferredPort: options.containerGatewayPort } : {}),
        ...(options.namespace ? { namespace: options.namespace } : {}),
        ...(options.roll ? { roll: options.roll } : {}),
        ingresses: mesh.ingresses,
        meshOnly: true,
        ...(options.containerEgress ? { egress: options.containerEgress } : {}),
        observe: ({ service, outcome, durationMs, mirror }) =>
          mesh.#record(mesh.#gatewayWorkload, service, outcome, durationMs, mirror),
      });
      mesh.#metricsServer = await startMetricsServer([mesh.metrics, mesh.retries, ...(options.metricsSources ?? [])], {
        ...(options.host ? { host: options.host } : {}),
        ...(options.metricsPort ? { port: options.metricsPort } : {}),
      });
      mesh.#unsubscribeStore = mesh.store.onChange(() => mesh.#syncServices());
      mesh.#syncServices();
      await mesh.#servicesSynced;
    } catch (error) {
      await mesh.close();
      throw error;
    }
    return mesh;
  }

  /** The gateway's address: send requests here with the Service, VirtualService host or HTTPRoute hostname in `Host`. */
  get gateway(): { host: string; port: number } {
    if (!this.#gateway) throw new Error('the mesh is not started');
    return { host: this.#gateway.host, port: this.#gateway.port };
  }

  /**
   * The mesh-only gateway (the same routes, but no request or tunnel to hosts outside the mesh):
   * what containers reach through the bridge relay, or slirp4netns, as their HTTP proxy.
   */
  get containerGateway(): { host: string; port: number } {
    if (!this.#containerGateway) throw new Error('the mesh is not started');
    return { host: this.#containerGateway.host, port: this.#containerGateway.port };
  }

  /** The metrics endpoint: `http://host:port/stats/prometheus`. */
  get metricsAddress(): { host: string; port: number } {
    if (!this.#metricsServer) throw new Error('the mesh is not started');
    return { host: this.#metricsServer.host, port: this.#metricsServer.port };
  }

  putService(service: Service): Promise<void> {
    this.store.putService(service);
    return this.#servicesSynced;
  }

  /** Resolves once the Service listeners follow the store's latest Services. */
  servicesSynced(): Promise<void> {
    return this.#servicesSynced;
  }

  serviceAddress(namespace: string, name: string, port?: number): ServiceAddress | undefined {
    return this.#services.address(namespace, name, port);
  }

  /** Whether no request to the pod is in flight. */
  drained(namespace: string, pod: string): boolean {
    return this.endpoints.drained(namespace, pod);
  }

  /** Resolves once no request to the pod is in flight (the pods' DrainTracker). */
  whenIdle(namespace: string, pod: string, signal?: AbortSignal): Promise<void> {
    return this.endpoints.whenIdle(namespace, pod, signal);
  }

  async close(): Promise<void> {
    this.#unsubscribeStore?.();
    await Promise.all([
      this.#gateway?.close(),
      this.#containerGateway?.close(),
      this.#metricsServer?.close(),
      this.#services.close(),
    ]);
    this.#forwarder.close();
    this.endpoints.close();
  }

  #syncServices(): void {
    this.#servicesSynced = this.#services.sync([...this.store.snapshot().services.values()]);
  }

  #record(
    source: Workload | undefined,
    service: { name: string; namespace: string } | undefined,
    outcome: ForwardOutcome,
    durationMs: number,
    mirror: boolean,
  ): void {
    const observation: RequestObservation = {
      reporter: 'source',
      source,
      service,
      endpoint: outcome.endpoint,
      responseCode: outcome.status,
      responseFlags: outcome.flags,
      durationMs,
    };
    // Istio's client-side proxy does not report the mirrored copy; the pod's own proxy does.
    if (!mirror) this.metrics.record(observation);
    if (outcome.endpoint) this.metrics.record({ ...observation, reporter: 'destination' });
  }
}
