// One loopback listener per Service port, as kube-proxy gives each Service a virtual address: a
// request to it goes to one of the ready pods the Service's selector matches (round robin), on the
// pod port its targetPort names. Listeners follow the Services given to `sync`: new ones open,
// removed ones close, changed ones serve the new selector and targetPort from the next request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { listen } from '../../../platform/listen.ts';
import type { Service, ServicePort } from '../../../api/types/core.ts';
import { readBody } from './request-body.ts';
import { answer, forwardedHeaders, type ForwardOutcome, type UpstreamForwarder } from './upstream-forwarder.ts';

export interface ServiceRequestObservation {
  service: { name: string; namespace: string };
  outcome: ForwardOutcome;
  durationMs: number;
}

export interface ServiceListenerOptions {
  host?: string;
  /** Called once per request after the answer is complete (metrics). */
  observe?: (observation: ServiceRequestObservation) => void;
}

export interface ServiceAddress {
  host: string;
  port: number;
  /** The Service port this listener stands for. */
  servicePort: number;
}

interface Listener {
  server: http.Server;
  address: ServiceAddress;
  service: Service;
  servicePort: ServicePort;
}

function serviceKey(namespace: string | undefined, name: string | undefined): string {
  return `${namespace ?? 'default'}/${name ?? ''}`;
}

export class ServiceListeners {
  readonly #forwarder: UpstreamForwarder;
  readonly #options: ServiceListenerOptions;
  /** By `namespace/name:port`. */
  readonly #listeners = new Map<string, Listener>();
  #syncing: Promise<void> = Promise.resolve();

  constructor(forwarder: UpstreamForwarder, options: ServiceListenerOptions = {}) {
    this.#forwarder = forwarder;
    this.#options = options;
  }

  /** Opens and closes listeners so that every TCP port of every Service has one. Calls are serialised. */
  sync(services: readonly Service[]): Promise<void> {
    this.#syncing = this.#syncing.then(
      () => this.#sync(services),
      () => this.#sync(services),
    );
    return this.#syncing;
  }

  async #sync(services: readonly Service[]): Promise<void> {
    const wanted = new Map<string, { service: Service; servicePort: ServicePort }>();
    for (const service of services) {
      for (const servicePort of service.spec.ports ?? []) {
        if ((servicePort.protocol ?? 'TCP') !== 'TCP') continue;
        wanted.set(`${serviceKey(service.metadata.namespace, service.metadata.name)}:${servicePort.port}`, {
          service,
          servicePort,
        });
      }
    }
    const closing: Promise<void>[] = [];
    for (const [key, listener] of this.#listeners) {
      if (wanted.has(key)) continue;
      this.#listeners.delete(key);
      closing.push(closeServer(listener.server));
    }
    for (const [key, { service, servicePort }] of wanted) {
      const existing = this.#listeners.get(key);
      if (existing) {
        existing.service = service;
        existing.servicePort = servicePort;
        continue;
      }
      this.#listeners.set(key, await this.#open(service, servicePort));
    }
    await Promise.all(closing);
  }

  async #open(service: Service, servicePort: ServicePort): Promise<Listener> {
    const host = this.#options.host ?? '127.0.0.1';
    const listener = { service, servicePort } as Listener;
    listener.server = http.createServer((request, response) => void this.#handle(listener, request, response));
    listener.server.keepAliveTimeout = 60_000;
    await listen(listener.server, {
      what: `the listener of Service ${service.metadata.namespace ?? 'default'}/${service.metadata.name} port ${servicePort.port}`,
      host,
      port: 0,
    });
    listener.address = { host, port: (listener.server.address() as AddressInfo).port, servicePort: servicePort.port };
    return listener;
  }

  async #handle(listener: Listener, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const started = performance.now();
    const { service, servicePort } = listener;
    const namespace = service.metadata.namespace ?? 'default';
    let body: Buffer | undefined;
    try {
      body = await readBody(request);
    } catch (error) {
      answer(response, 413, `${(error as Error).message}\n`);
      return;
    }
    const headers = forwardedHeaders(
      request.headers,
      request.headers.host ?? `${listener.address.host}:${listener.address.port}`,
    );
    if (body) headers['content-length'] = body.length;
    const outcome = await this.#forwarder.forward(
      { method: request.method ?? 'GET', url: request.url ?? '/', headers, body },
      { namespace, selector: service.spec.selector ?? {}, servicePort },
      response,
    );
    this.#options.observe?.({
      service: { name: service.metadata.name ?? '', namespace },
      outcome,
      durationMs: performance.now() - started,
    });
  }

  /** Where a Service port listens: the given port, else the Service's first port. */
  address(namespace: string, name: string, port?: number): ServiceAddress | undefined {
    const prefix = `${serviceKey(namespace, name)}:`;
    for (const [key, listener] of this.#listeners) {
      if (!key.startsWith(prefix)) continue;
      if (port === undefined || listener.address.servicePort === port) return listener.address;
    }
    return undefined;
  }

  async close(): Promise<void> {
    await this.#syncing.catch(() => undefined);
    const servers = [...this.#listeners.values()].map((l) => l.server);
    this.#listeners.clear();
    await Promise.all(servers.map(closeServer));
  }
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
