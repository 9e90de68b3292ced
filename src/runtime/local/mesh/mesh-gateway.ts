// The mesh's HTTP entry point: one loopback port that routes every request by its Host as Istio's
// proxies do. The decision is the pure matcher's (src/traffic/match.ts) over the route store's
// snapshot, with the random numbers drawn here; the request then goes to a pod of the chosen
// Service (and DestinationRule subset), and a copy to each mirror, whose answer is dropped.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { listen, type ListenError } from '../../../platform/listen.ts';
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
import { proxyNamespace } from './cluster-names.ts';
import { bareHostname, checkEgress, type EgressResolver } from './egress-guard.ts';
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
  /** With no `port`: this port when it is free, else a free one (the port an earlier runtime gave its pods). */
  preferredPort?: number;
  /** How to pick another port when the port is taken, for the error; default: the --gateway-port of `sluice run`. */
  portHint?: string;
  /**
   * Namespace short host names are relative to (Istio: the client's namespace) for a request that
   * does not name its own: a pod using the gateway as its proxy names its namespace as the proxy's
   * user (`Proxy-Authorization`, on the request or on the CONNECT that opened its tunnel).
   */
  namespace?: string;
  observe?: (observation: GatewayObservation) => void;
  /** Random numbers in [0, 100) for the weighted choice and the mirror decision; Math.random by default. */
  roll?: () => number;
  /** Ingresses served as ingress-nginx serves them, for hosts no VirtualService claims. */
  ingresses?: IngressSource;
  /**
   * Leads nowhere on this machine but the mesh: a proxied request or a CONNECT for a host outside
   * the mesh is passed on only when none of the addresses its name resolves to is this machine's
   * (loopback, link-local, unspecified, an interface's), and goes to the address checked; else it
   * is refused with 403. The listener that containers reach through the bridge relay is such a
   * one, so that they reach hosts outside the mesh as a pod does, but not the host's
   * loopback-only services (docs/local-mesh.md, egress-guard.ts).
   */
  meshOnly?: boolean;
  /** How a mesh-only gateway resolves names and finds this machine's addresses; the system's by default. */
  egress?: EgressResolver;
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

function absoluteUrl(url: string | undefined): URL | undefined {
  if (!url || !/^http:\/\//i.test(url)) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** Hop-by-hop and proxy headers a forward proxy does not pass on. */
const PROXY_HEADERS = new Set(['proxy-connection', 'proxy-authorization', 'connection', 'keep-alive']);

function passThrough(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  body: Buffer | undefined,
  url: URL,
  done: (status: number) => void,
  address?: { address: string; family: 4 | 6 },
): void {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(request.headers))
    if (!PROXY_HEADERS.has(name) && value !== undefined) headers[name] = value;
  headers['host'] = url.host;
  if (body) headers['content-length'] = body.length;
  const outgoing = http.request(
    {
      // The address the egress guard checked, when there is one: the name is not looked up again.
      ...(address ? { host: address.address, family: address.family } : { host: bareHostname(url.hostname) }),
      port: url.port || 80,
      method: request.method,
      path: `${url.pathname}${url.search}`,
      headers,
    },
    (upstream) => {
      response.writeHead(upstream.statusCode ?? 502, upstream.headers);
      upstream.pipe(response);
      upstream.on('end', () => done(upstream.statusCode ?? 502));
    },
  );
  outgoing.on('error', (error) => {
    if (!response.headersSent) answer(response, 502, `${url.host}: ${error.message}\n`);
    else response.destroy();
    done(502);
  });
  outgoing.end(body);
}

export async function startMeshGateway(
  store: MeshRouteStore,
  forwarder: UpstreamForwarder,
  options: MeshGatewayOptions = {},
): Promise<MeshGateway> {
  const host = options.host ?? '127.0.0.1';
  const roll = options.roll ?? (() => Math.random() * 100);
  const observe = options.observe;
  const defaultNamespace = options.namespace ?? 'default';
  // The namespace each CONNECT tunnel's client named: the requests inside the tunnel carry no
  // Proxy-Authorization of their own.
  const tunnelNamespaces = new WeakMap<object, string>();
  const namespaceOf = (request: http.IncomingMessage): string =>
    proxyNamespace(request.headers['proxy-authorization']) ?? tunnelNamespaces.get(request.socket) ?? defaultNamespace;

  const route = (
    request: http.IncomingMessage,
    response: http.ServerResponse,
    body: Buffer | undefined,
    started: number,
  ): void => {
    // A request in absolute form (`GET http://colorapi/color`) comes from a pod that has the
    // gateway as its HTTP proxy: its URL names the host.
    const absolute = absoluteUrl(request.url);
    const hostHeader = absolute ? absolute.host : (request.headers.host ?? '');
    const path = absolute ? `${absolute.pathname}${absolute.search}` : (request.url ?? '/');
    const method = request.method ?? 'GET';
    const done = (service: GatewayObservation['service'], outcome: ForwardOutcome) =>
      observe?.({ service, outcome, durationMs: performance.now() - started, mirror: false });
    const snapshot = store.snapshot();
    const requestPort = portOfHost(hostHeader);
    const sourceNamespace = namespaceOf(request);
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
        if (absolute && options.meshOnly) {
          void checkEgress(absolute.hostname, options.egress).then((decision) => {
            if (decision.kind === 'allowed') {
              passThrough(
                request,
                response,
                body,
                absolute,
                (status) => done(undefined, { status, flags: status === 502 ? 'UF' : '-', endpoint: undefined }),
                decision.to,
              );
              return;
            }
            const status = decision.kind === 'refused' ? 403 : 502;
            answer(response, status, `${decision.reason}\n`, { 'x-sluice-reason': decision.reason });
            done(undefined, { status, flags: decision.kind === 'refused' ? 'NR' : 'UF', endpoint: undefined });
          });
          return;
        }
        if (absolute) {
          // A proxied request to a host outside the mesh goes where its URL says.
          passThrough(request, response, body, absolute, (status) =>
            done(undefined, { status, flags: status === 502 ? 'UF' : '-', endpoint: undefined }),
          );
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
  // An HTTP proxy client (Node.js fetch with NODE_USE_ENV_PROXY) opens a tunnel with CONNECT, even
  // for http: a tunnel to a mesh host is served by this gateway itself (its requests carry that
  // Host); any other is a plain TCP tunnel to the host named (a mesh-only gateway refuses it).
  server.on('connect', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const target = request.url ?? '';
    const sourceNamespace = namespaceOf(request);
    const decision = matchRequest(
      {
        host: target,
        method: 'GET',
        path: '/',
        headers: {},
        scheme: 'http',
        port: portOfHost(target) ?? 80,
        sourceNamespace,
      },
      store.snapshot().config,
      { route: 0, mirror: 0 },
    );
    socket.on('error', () => socket.destroy());
    if (decision.kind !== 'no-route') {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) socket.unshift(head);
      tunnelNamespaces.set(socket, sourceNamespace);
      server.emit('connection', socket);
      return;
    }
    const port = portOfHost(target) ?? 443;
    const hostname = bareHostname(target.replace(/:\d+$/, ''));
    const tunnel = (address: string) => {
      // The client may have gone while its host was being resolved.
      if (socket.destroyed) return;
      const upstream = net.connect(port, address, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length > 0) upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => {
        socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      });
      socket.on('close', () => upstream.destroy());
    };
    if (!options.meshOnly) {
      tunnel(hostname);
      return;
    }
    void checkEgress(hostname, options.egress).then((decision) => {
      if (decision.kind === 'allowed') {
        // The address checked, not the name: a second lookup could answer otherwise.
        tunnel(decision.to.address);
        return;
      }
      const status = decision.kind === 'refused' ? '403 Forbidden' : '502 Bad Gateway';
      const reason = decision.reason.replace(/[\r\n]/g, ' ');
      socket.end(`HTTP/1.1 ${status}\r\nx-sluice-reason: ${reason}\r\ncontent-length: 0\r\n\r\n`);
    });
  });
  const target = {
    what: options.meshOnly ? 'the mesh gateway for containers' : 'the mesh gateway',
    host,
    port: options.port ?? 0,
    portHint: options.portHint ?? 'choose another with --gateway-port',
  };
  if (!options.port && options.preferredPort) {
    await listen(server, { ...target, port: options.preferredPort }).catch((error: ListenError) => {
      if (error.code !== 'EADDRINUSE') throw error;
      return listen(server, target);
    });
  } else await listen(server, target);
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
