// The mesh's HTTP entry point: one loopback port that routes every request by its Host as Istio's
// proxies do. The decision is the pure matcher's (src/traffic/match.ts) over the route store's
// snapshot, with the random numbers drawn here; the request then goes to a pod of the chosen
// Service (and DestinationRule subset), and a copy to each mirror, whose answer is dropped.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { listen } from '../../../platform/listen.ts';
import { matchRequest, normalizeHost, type ResolvedDestination } from '../../../traffic/match.ts';
import { hasBody, readBody } from '../services/request-body.ts';
import { servicePortFor } from '../services/target-port.ts';
import {
  answer,
  forwardedHeaders,
  type BufferedRequest,
  type ForwardOutcome,
  type UpstreamForwarder,
  type UpstreamTarget,
} from '../services/upstream-forwarder.ts';
import { answerDirect, answerRedirect } from './route-answers.ts';
import { ingressTarget, type IngressSource } from './ingress-serving.ts';
import type { MeshRouteStore, RouteSnapshot } from './route-store.ts';

export interface GatewayObservation {
  /** The Service the request was sent to; undefined when nothing was routed. */
  service: { name: string; namespace: string } | undefined;
  outcome: ForwardOutcome;
  durationMs: number;
  /** True for a mirrored copy. */
  mirror: boolean;
}

export interface MeshGatewayOptions {
  host?: string;
  port?: number;
  /** How to pick another port when the port is taken, for the error; default: the --gateway-port of `sluice run`. */
  portHint?: string;
  /** Namespace short host names are relative to (Istio: the client's namespace). */
  namespace?: string;
  observe?: (observation: GatewayObservation) => void;
  /** Random numbers in [0, 100) for the weighted choice and the mirror decision; Math.random by default. */
  roll?: () => number;
  /** Ingresses served as ingress-nginx serves them, for hosts no VirtualService claims. */
  ingresses?: IngressSource;
}

export interface MeshGateway {
  host: string;
  port: number;
  close(): Promise<void>;
}

function portOfHost(host: string): number | undefined {
  const match = /:(\d+)$/.exec(host);
  return match ? Number(match[1]) : undefined;
}

/** Envoy suffixes the authority of a mirrored request with `-shadow`. */
export function shadowHost(host: string): string {
  const port = portOfHost(host);
  const bare = normalizeHost(host);
  return port === undefined ? `${bare}-shadow` : `${bare}-shadow:${port}`;
}

function targetOf(
  destination: ResolvedDestination,
  snapshot: RouteSnapshot,
  requestPort: number | undefined,
): UpstreamTarget | undefined {
  if (!destination.service || !destination.selector) return undefined;
  const service = snapshot.services.get(`${destination.service.namespace}/${destination.service.name}`);
  if (!service) return undefined;
  return {
    namespace: destination.service.namespace,
    selector: destination.selector,
    servicePort: servicePortFor(service, destination.port ?? requestPort),
  };
}

export async function startMeshGateway(
  store: MeshRouteStore,
  forwarder: UpstreamForwarder,
  options: MeshGatewayOptions = {},
): Promise<MeshGateway> {
  const host = options.host ?? '127.0.0.1';
  const roll = options.roll ?? (() => Math.random() * 100);
  const observe = options.observe;
  const sourceNamespace = options.namespace ?? 'default';

  const route = (
    request: http.IncomingMessage,
    response: http.ServerResponse,
    body: Buffer | undefined,
    started: number,
  ): void => {
    const hostHeader = request.headers.host ?? '';
    const path = request.url ?? '/';
    const method = request.method ?? 'GET';
    const done = (service: GatewayObservation['service'], outcome: ForwardOutcome) =>
      observe?.({ service, outcome, durationMs: performance.now() - started, mirror: false });
    const snapshot = store.snapshot();
    const requestPort = portOfHost(hostHeader);
    const decision = matchRequest(
      {
        host: hostHeader,
        method,
        path,
        headers: request.headers as Record<string, string>,
        scheme: 'http',
        port: requestPort ?? 80,
        sourceNamespace,
      },
      snapshot.config,
      { route: roll(), mirror: roll() },
    );
    switch (decision.kind) {
      case 'no-route': {
        const ingress = options.ingresses ? ingressTarget(options.ingresses, snapshot, request, roll()) : undefined;
        if (ingress && 'target' in ingress) {
          const headers = forwardedHeaders(request.headers, hostHeader);
          if (body) headers['content-length'] = body.length;
          forwarder.forwardTo({ method, url: path, headers, body }, ingress.target, response, (outcome) =>
            done(ingress.service, outcome),
          );
          return;
        }
        if (ingress) {
          answer(response, 503, 'no healthy upstream', { 'x-sluice-reason': ingress.reason });
          done(ingress.service, { status: 503, flags: 'NC', endpoint: undefined });
          return;
        }
        answer(response, 404, '', { 'x-sluice-reason': decision.reason });
        done(undefined, { status: 404, flags: 'NR', endpoint: undefined });
        return;
      }
      case 'unavailable':
        answer(response, 503, 'no healthy upstream', { 'x-sluice-reason': decision.reason });
        done(undefined, { status: 503, flags: 'NC', endpoint: undefined });
        return;
      case 'redirect': {
        done(undefined, {
          status: answerRedirect(response, decision.redirect, { host: hostHeader, path, scheme: 'http' }),
          flags: '-',
          endpoint: undefined,
        });
        return;
      }
      case 'direct-response': {
        done(undefined, { status: answerDirect(response, decision.directResponse), flags: '-', endpoint: undefined });
        return;
      }
      case 'route':
        break;
    }
    const target = targetOf(decision.destination, snapshot, requestPort);
    const service = decision.destination.service;
    if (!target) {
      answer(response, 503, 'no healthy upstream', {
        'x-sluice-reason': `host '${decision.destination.host}' is not a Service of the local runtime`,
      });
      done(service, { status: 503, flags: 'NC', endpoint: undefined });
      return;
    }
    const headers = forwardedHeaders(request.headers, hostHeader);
    if (body) headers['content-length'] = body.length;
    const forwarded: BufferedRequest = { method, url: path, headers, body };
    for (const mirror of decision.mirrors) {
      const mirrorTarget = targetOf(mirror, snapshot, requestPort);
      if (!mirrorTarget) continue;
      const copy: BufferedRequest = { ...forwarded, headers: { ...headers, host: shadowHost(hostHeader) } };
      const mirrorStarted = performance.now();
      void forwarder
        .shadow(copy, mirrorTarget)
        .then((outcome) =>
          observe?.({ service: mirror.service, outcome, durationMs: performance.now() - mirrorStarted, mirror: true }),
        );
    }
    forwarder.forwardTo(forwarded, target, response, (outcome) => done(service, outcome));
  };

  const handle = (request: http.IncomingMessage, response: http.ServerResponse): void => {
    const started = performance.now();
    // A request without a body is routed at once; a body is read first, so that a retry and a
    // mirror can send the same bytes.
    if (!hasBody(request)) {
      route(request, response, undefined, started);
      return;
    }
    readBody(request).then(
      (body) => route(request, response, body, started),
      (error: Error) => answer(response, 413, `${error.message}\n`),
    );
  };

  const server = http.createServer(handle);
  server.keepAliveTimeout = 60_000;
  await listen(server, {
    what: 'the mesh gateway',
    host,
    port: options.port ?? 0,
    portHint: options.portHint ?? 'choose another with --gateway-port',
  });
  const port = (server.address() as AddressInfo).port;
  return {
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
