// Sends one buffered request to a pod that a selector picks and streams the pod's answer back. A
// connection refused (the request never reached the pod), or a reset for an idempotent method or
// on a reused keep-alive connection (the pod closed it while it was idle), is retried on a ready pod
// not tried yet (at most MAX_RETRIES times), as Envoy's connect-failure retry with the
// previous-hosts predicate does; each retry is reported for the mesh's metrics. In-flight requests are counted per pod for
// draining. Answers follow Envoy: 503 "no healthy upstream" (flag UH) when no pod is routable, 503
// with flag UF when the pod cannot be reached, and a reset for the client when the pod drops the
// connection mid-answer.
//
// Requests travel over pooled keep-alive sockets with a small HTTP/1.1 client (src/platform/http/); node's
// http client carries what that client leaves alone (100-continue, upgrades, CONNECT).
import http from 'node:http';
import process from 'node:process';
import type { ServicePort } from '../../../api/types/core.ts';
import type { PodEndpoint } from './endpoint-source.ts';
import type { EndpointTable, TrackedEndpoint } from './endpoint-table.ts';
import { endpointPortFor } from './target-port.ts';
import { ConnectionPool } from '../../../platform/http/connection-pool.ts';
import type { Exchange, ExchangeRequest, ExchangeSink } from '../../../platform/http/exchange.ts';
import { exchangeOverNodeHttp } from '../../../platform/http/node-http-exchange.ts';
import { CONNECT_FAILURE_TEXT, HOP_BY_HOP, PodAttempt } from './pod-attempt.ts';
import { requestHead } from '../../../platform/http/request-head.ts';
import { exchangeOverSocket } from '../../../platform/http/socket-exchange.ts';

export interface UpstreamTarget {
  namespace: string;
  /** Labels the pods must carry (Service selector, plus a DestinationRule subset's labels). */
  selector: Record<string, string>;
  servicePort: ServicePort | undefined;
}

export interface ForwardOutcome {
  status: number;
  /** Envoy response flags: '-' when none, UH (no healthy upstream), UF (connect failure), UC (upstream closed mid-answer), DC (client went away). */
  flags: string;
  endpoint: PodEndpoint | undefined;
}

export interface BufferedRequest {
  method: string;
  url: string;
  headers: http.OutgoingHttpHeaders;
  body: Buffer | undefined;
}

/** A retry, for the mesh's metrics: connect_failure (refused) or reset (closed before any answer byte). */
export interface RetryObservation {
  namespace: string;
  reason: 'connect_failure' | 'reset';
}

/** A request is tried on at most this many pods after its first one. */
export const MAX_RETRIES = 5;

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/** Request headers to pass on: the client's, less hop-by-hop ones. */
export function forwardedHeaders(headers: http.IncomingHttpHeaders, host: string): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const name in headers) if (!HOP_BY_HOP.has(name)) out[name] = headers[name];
  out.host = host;
  return out;
}

function retryable(error: NodeJS.ErrnoException, method: string, reusedConnection: boolean): boolean {
  if (error.code === 'ECONNREFUSED') return true;
  const reset = RESET_CODES.has(error.code ?? '') || error.message === 'socket hang up';
  return reset && (IDEMPOTENT.has(method) || reusedConnection);
}

/** With a named targetPort, only the pods that declare that port name. */
function usableFor(target: UpstreamTarget): ((tracked: TrackedEndpoint) => boolean) | undefined {
  const targetPort = target.servicePort?.targetPort;
  const named = typeof targetPort === 'string' && !/^\d+$/.test(targetPort);
  return named ? (t: TrackedEndpoint) => endpointPortFor(t.endpoint, target.servicePort) !== undefined : undefined;
}

/** What the socket client does not carry: interim answers on demand, protocol switches, tunnels. */
function needsNodeClient(request: BufferedRequest): boolean {
  const { headers } = request;
  return request.method === 'CONNECT' || headers.expect !== undefined || headers.upgrade !== undefined;
}

export class UpstreamForwarder {
  readonly #table: EndpointTable;
  readonly #agent: http.Agent;
  readonly #pool = new ConnectionPool();
  readonly #onRetry: ((retry: RetryObservation) => void) | undefined;

  constructor(table: EndpointTable, options: { agent?: http.Agent; onRetry?: (retry: RetryObservation) => void } = {}) {
    this.#table = table;
    this.#onRetry = options.onRetry;
    const agent = options.agent;
    this.#agent =
      agent ?? new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 512, scheduling: 'lifo' });
  }

  close(): void {
    this.#agent.destroy();
    this.#pool.close();
  }

  /** Forwards `request` and writes the answer to `response`; resolves when the exchange is over. */
  forward(request: BufferedRequest, target: UpstreamTarget, response: http.ServerResponse): Promise<ForwardOutcome> {
    return new Promise((resolve) => this.#attempt(request, target, response, resolve));
  }

  /** As `forward`, reporting the outcome to a callback: no promise per request on a hot path. */
  forwardTo(
    request: BufferedRequest,
    target: UpstreamTarget,
    response: http.ServerResponse,
    done: (outcome: ForwardOutcome) => void,
  ): void {
    this.#attempt(request, target, response, done);
  }

  /** Sends a copy and drops the answer; the outcome is for metrics only. */
  shadow(request: BufferedRequest, target: UpstreamTarget): Promise<ForwardOutcome> {
    return new Promise((resolve) => this.#attempt(request, target, undefined, resolve));
  }

  #attempt(
    request: BufferedRequest,
    target: UpstreamTarget,
    response: http.ServerResponse | undefined,
    done: (outcome: ForwardOutcome) => void,
  ): void {
    const tracked = this.#table.pick(target.namespace, target.selector, undefined, usableFor(target));
    if (!tracked || endpointPortFor(tracked.endpoint, target.servicePort) === undefined) {
      if (response) answer(response, 503, 'no healthy upstream');
      done({ status: 503, flags: 'UH', endpoint: undefined });
      return;
    }
    this.#send(request, target, response, tracked, undefined, done);
  }

  /** One try on `tracked`; `tried` holds the endpoints that failed before it (none on the first try). */
  #send(
    request: BufferedRequest,
    target: UpstreamTarget,
    response: http.ServerResponse | undefined,
    tracked: TrackedEndpoint,
    tried: Set<TrackedEndpoint> | undefined,
    done: (outcome: ForwardOutcome) => void,
  ): void {
    const port = endpointPortFor(tracked.endpoint, target.servicePort) as number;
    this.#table.started(tracked);
    const attempt = new PodAttempt(tracked.endpoint, response, {
      retry: (error, reusedConnection) => {
        if (!retryable(error, request.method, reusedConnection)) return false;
        const failed = tried ?? new Set<TrackedEndpoint>();
        const sameAgain = failed.has(tracked);
        failed.add(tracked);
        if (failed.size > MAX_RETRIES) return false;
        let next = this.#table.pick(target.namespace, target.selector, failed, usableFor(target));
        // A keep-alive connection the pod closed while idle says nothing about the pod: with no
        // other pod to try, one new connection to the same pod is worth it. A refused connection is.
        if (!next && reusedConnection && error.code !== 'ECONNREFUSED' && !sameAgain && this.#table.isRoutable(tracked))
          next = tracked;
        if (!next) return false;
        this.#table.finished(tracked);
        this.#onRetry?.({
          namespace: target.namespace,
          reason: error.code === 'ECONNREFUSED' ? 'connect_failure' : 'reset',
        });
        this.#send(request, target, response, next, failed, done);
        return true;
      },
      settle: (outcome) => {
        this.#table.finished(tracked);
        done(outcome);
      },
      unreachable: (client) => answer(client, 503, CONNECT_FAILURE_TEXT),
    });
    attempt.attach(
      this.#exchange(
        {
          host: tracked.endpoint.ip,
          port,
          method: request.method,
          url: request.url,
          headers: request.headers,
          body: request.body,
        },
        attempt,
      ),
    );
  }

  #exchange(request: ExchangeRequest, sink: ExchangeSink): Exchange {
    const head = needsNodeClient(request)
      ? undefined
      : requestHead(request.method, request.url, request.headers, request.body);
    try {
      return head === undefined
        ? exchangeOverNodeHttp(this.#agent, request, sink)
        : exchangeOverSocket(this.#pool, request, head, sink);
    } catch (error) {
      // E.g. a port out of range: a failure to reach the pod, reported once this call has returned.
      let aborted = false;
      process.nextTick(() => aborted || sink.failed(error as NodeJS.ErrnoException, false));
      return { resume: () => undefined, abort: () => void (aborted = true) };
    }
  }
}

/** A plain-text answer of the proxy itself. */
export function answer(
  response: http.ServerResponse,
  status: number,
  text: string,
  headers: http.OutgoingHttpHeaders = {},
): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}
