// Sends one buffered request to a pod that a selector picks and streams the pod's answer back. A
// connection refused (the request never reached the pod), or a reset for an idempotent method or
// on a reused keep-alive connection (the pod closed it while it was idle), is retried once on
// another pod, as Envoy's connect-failure retry does. In-flight requests are counted per pod for
// draining. Answers follow Envoy: 503 "no healthy upstream" (flag UH) when no pod is routable, 503
// with flag UF when the pod cannot be reached, and a reset for the client when the pod drops the
// connection mid-answer.
import http from 'node:http';
import type { ServicePort } from '../../../api/types/core.ts';
import type { PodEndpoint } from './endpoint-source.ts';
import type { EndpointTable, TrackedEndpoint } from './endpoint-table.ts';
import { endpointPortFor } from './target-port.ts';

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

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-authenticate', 'proxy-authorization']);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/** Request headers to pass on: the client's, less hop-by-hop ones. */
export function forwardedHeaders(headers: http.IncomingHttpHeaders, host: string): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const name in headers) if (!HOP_BY_HOP.has(name)) out[name] = headers[name];
  out.host = host;
  return out;
}

function responseHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const name in headers) if (!HOP_BY_HOP.has(name)) out[name] = headers[name];
  return out;
}

function retryable(error: NodeJS.ErrnoException, method: string, reusedSocket: boolean): boolean {
  if (error.code === 'ECONNREFUSED') return true;
  const reset = RESET_CODES.has(error.code ?? '') || error.message === 'socket hang up';
  return reset && (IDEMPOTENT.has(method) || reusedSocket);
}

export class UpstreamForwarder {
  readonly #table: EndpointTable;
  readonly #agent: http.Agent;

  constructor(table: EndpointTable, agent?: http.Agent) {
    this.#table = table;
    this.#agent = agent ?? new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 512, scheduling: 'lifo' });
  }

  close(): void {
    this.#agent.destroy();
  }

  /** Forwards `request` and writes the answer to `response`; resolves when the exchange is over. */
  forward(request: BufferedRequest, target: UpstreamTarget, response: http.ServerResponse): Promise<ForwardOutcome> {
    return new Promise((resolve) => this.#attempt(request, target, response, undefined, resolve));
  }

  /** Sends a copy and drops the answer; the outcome is for metrics only. */
  shadow(request: BufferedRequest, target: UpstreamTarget): Promise<ForwardOutcome> {
    return new Promise((resolve) => this.#attempt(request, target, undefined, undefined, resolve));
  }

  #attempt(request: BufferedRequest, target: UpstreamTarget, response: http.ServerResponse | undefined, failed: TrackedEndpoint | undefined, done: (outcome: ForwardOutcome) => void): void {
    const named = typeof target.servicePort?.targetPort === 'string' && !/^\d+$/.test(target.servicePort.targetPort);
    const usable = named ? (t: TrackedEndpoint) => endpointPortFor(t.endpoint, target.servicePort) !== undefined : undefined;
    const tracked = this.#table.pick(target.namespace, target.selector, failed, usable);
    const port = tracked && endpointPortFor(tracked.endpoint, target.servicePort);
    if (!tracked || port === undefined) {
      if (response) answer(response, 503, 'no healthy upstream');
      done({ status: 503, flags: 'UH', endpoint: undefined });
      return;
    }
    this.#table.started(tracked);
    let finished = false;
    const finish = (outcome: ForwardOutcome) => {
      if (finished) return;
      finished = true;
      this.#table.finished(tracked);
      done(outcome);
    };
    const upstream = http.request({ host: tracked.endpoint.ip, port, method: request.method, path: request.url, headers: request.headers, agent: this.#agent });
    let answered = false;
    upstream.on('response', (incoming) => {
      answered = true;
      const status = incoming.statusCode ?? 502;
      if (!response) {
        incoming.resume();
        incoming.on('end', () => finish({ status, flags: '-', endpoint: tracked.endpoint }));
        incoming.on('error', () => finish({ status, flags: 'UC', endpoint: tracked.endpoint }));
        return;
      }
      response.writeHead(status, responseHeaders(incoming.headers));
      incoming.pipe(response);
      incoming.on('error', () => {
        response.destroy();
        finish({ status, flags: 'UC', endpoint: tracked.endpoint });
      });
      response.on('finish', () => finish({ status, flags: '-', endpoint: tracked.endpoint }));
      response.on('close', () => {
        if (!response.writableFinished) {
          upstream.destroy();
          finish({ status, flags: 'DC', endpoint: tracked.endpoint });
        }
      });
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (answered) return;
      if (finished) return;
      if (failed === undefined && retryable(error, request.method, upstream.reusedSocket)) {
        finished = true;
        this.#table.finished(tracked);
        this.#attempt(request, target, response, tracked, done);
        return;
      }
      if (response && !response.headersSent) answer(response, 503, 'upstream connect error or disconnect/reset before headers. reset reason: connection failure');
      finish({ status: 503, flags: 'UF', endpoint: tracked.endpoint });
    });
    if (response) {
      response.on('close', () => {
        if (!answered && !response.writableFinished) {
          upstream.destroy();
          finish({ status: 0, flags: 'DC', endpoint: tracked.endpoint });
        }
      });
    }
    upstream.end(request.body);
  }
}

/** A plain-text answer of the proxy itself. */
export function answer(response: http.ServerResponse, status: number, text: string, headers: http.OutgoingHttpHeaders = {}): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}
