// HTTP(S) to the API server on node:http/https/http2. Ordinary requests to an https server that
// offers h2 share one HTTP/2 connection (http2-requests.ts); otherwise they share a keep-alive
// agent with a bounded number of sockets. Each watch gets its own HTTP/1.1 connection without
// keep-alive, so stopping a watch closes its socket for sure. Every socket is tracked, for leak checks.
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { impersonationHeaders, type Connection } from './connection.ts';
import { KubeConnectionError } from './errors.ts';
import { Http2Requests, type Http2Pending } from './http2-requests.ts';

/** How long a PING may go unanswered after a request timed out on an HTTP/2 connection (client-go's PingTimeout). */
const HTTP2_PING_TIMEOUT_MS = 15_000;

export interface TransportOptions {
  /** Keep-alive sockets for ordinary requests (idle ones are kept open for the next burst). Default 16. */
  maxSockets?: number;
  /** Default deadline of one request (not watches). Default 30 s. */
  requestTimeoutMs?: number;
  userAgent?: string;
  /**
   * Ordinary requests to an https server over one HTTP/2 connection when the server offers h2
   * (http2-requests.ts); HTTP/1.1 otherwise. Default true.
   */
  http2?: boolean;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path with query string. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  statusCode: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HttpStream {
  statusCode: number;
  headers: http.IncomingHttpHeaders;
  response: http.IncomingMessage;
  /** Destroys the request, the response and the socket. Idempotent. */
  close(): void;
}

export class Transport {
  readonly #connection: Connection;
  readonly #url: URL;
  readonly #requestAgent: http.Agent;
  readonly #streamAgent: http.Agent;
  readonly #timeoutMs: number;
  readonly #userAgent: string;
  readonly #sockets = new Set<Socket>();
  readonly #http2: Http2Requests | undefined;
  readonly #basePath: string;
  readonly #hostname: string;
  readonly #port: string | number;
  readonly #module: typeof http | typeof https;
  /** The headers every request sends, made once: the request's own go between the base and the impersonation. */
  readonly #baseHeaders: Record<string, string>;
  readonly #impersonation: Record<string, string | string[]>;
  readonly #fixedHeaders: Record<string, string | string[]>;
  #closed = false;

  constructor(connection: Connection, options: TransportOptions = {}) {
    this.#connection = connection;
    this.#url = new URL(connection.server);
    this.#timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.#userAgent = options.userAgent ?? 'sluice';
    const secure = this.#url.protocol === 'https:';
    const Agent = secure ? OneServerHttpsAgent : OneServerHttpAgent;
    const tls = secure ? this.#tlsOptions() : {};
    const maxSockets = options.maxSockets ?? 16;
    // Keeping idle sockets open spares a TLS handshake per request after every burst.
    this.#requestAgent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, ...tls });
    this.#streamAgent = new Agent({ keepAlive: false, ...tls });
    this.#http2 =
      secure && options.http2 !== false
        ? new Http2Requests({
            url: this.#url,
            tls,
            track: (socket) => this.#track(socket),
            connectTimeoutMs: this.#timeoutMs,
          })
        : undefined;
    this.#basePath = this.#url.pathname.replace(/\/+$/, '');
    this.#hostname = this.#url.hostname.replace(/^\[|\]$/g, '');
    this.#port = this.#url.port || (secure ? 443 : 80);
    this.#module = secure ? https : http;
    this.#baseHeaders = { Accept: 'application/json', 'User-Agent': this.#userAgent };
    this.#impersonation = impersonationHeaders(connection.impersonate);
    this.#fixedHeaders = { ...this.#baseHeaders, ...this.#impersonation };
  }

  get server(): string {
    return this.#connection.server;
  }

  /** Sockets currently open (requests and watches). */
  get openSockets(): number {
    return this.#sockets.size;
  }

  async request(request: HttpRequest): Promise<HttpResponse> {
    const headers = await this.#headers(request);
    if (this.#http2 && !this.#http2.unsupported) {
      const answer = await this.#requestOverHttp2(this.#http2, request, headers);
      if (answer) return answer;
    }
    return new Promise((resolve, reject) => {
      const timeoutMs = request.timeoutMs ?? this.#timeoutMs;
      const req = this.#send(request, headers, this.#requestAgent);
      let settled = false;
      const fail = (error: KubeConnectionError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(error);
      };
      const timer = setTimeout(
        () =>
          fail(new KubeConnectionError(`no answer from ${this.server} within ${timeoutMs} ms`, { code: 'ETIMEDOUT' })),
        timeoutMs,
      );
      const onAbort = (): void => fail(new KubeConnectionError('the request was cancelled', { code: 'ABORT_ERR' }));
      request.signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (error) => fail(connectionError(error, this.server)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => fail(connectionError(error, this.server)));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          request.signal?.removeEventListener('abort', onAbort);
          resolve({
            statusCode: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      });
      req.end(request.body);
    });
  }

  /** The answer over HTTP/2, or undefined when the server turns out to speak only HTTP/1.1. */
  #requestOverHttp2(
    http2: Http2Requests,
    request: HttpRequest,
    headers: Record<string, string | string[]>,
  ): Promise<HttpResponse | undefined> {
    return new Promise((resolve, reject) => {
      const timeoutMs = request.timeoutMs ?? this.#timeoutMs;
      let pending: Http2Pending | undefined;
      let settled = false;
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        return true;
      };
      const fail = (error: KubeConnectionError): void => {
        if (!settle()) return;
        pending?.cancel();
        reject(error);
      };
      const timer = setTimeout(() => {
        // Other requests share the connection: it is checked before they wait on it too.
        if (pending) http2.check(pending.session, Math.min(timeoutMs, HTTP2_PING_TIMEOUT_MS));
        fail(new KubeConnectionError(`no answer from ${this.server} within ${timeoutMs} ms`, { code: 'ETIMEDOUT' }));
      }, timeoutMs);
      const onAbort = (): void => fail(new KubeConnectionError('the request was cancelled', { code: 'ABORT_ERR' }));
      request.signal?.addEventListener('abort', onAbort, { once: true });
      http2.session().then(
        (session) => {
          if (settled) return;
          if (!session) {
            if (settle()) resolve(undefined);
            return;
          }
          pending = http2.send(session, {
            method: request.method,
            path: this.#basePath + request.path,
            headers,
            body: request.body,
          });
          pending.answer.then(
            (answer) => {
              if (settle()) resolve(answer);
            },
            (error: Error) => fail(connectionError(error, this.server)),
          );
        },
        (error: Error) => fail(connectionError(error, this.server)),
      );
    });
  }

  /** Opens a long-lived response (a watch). Resolves once the status line and headers arrive. */
  async openStream(request: HttpRequest): Promise<HttpStream> {
    const headers = await this.#headers(request);
    return new Promise((resolve, reject) => {
      const req = this.#send(request, headers, this.#streamAgent);
      let settled = false;
      const close = (): void => {
        req.destroy();
        req.socket?.destroy();
      };
      const fail = (error: KubeConnectionError): void => {
        if (settled) return;
        settled = true;
        close();
        reject(error);
      };
      const timeoutMs = request.timeoutMs ?? this.#timeoutMs;
      // Idle deadline: the watch's own timeoutSeconds, plus a margin, should end it first.
      req.setTimeout(timeoutMs, () => {
        if (!settled)
          fail(new KubeConnectionError(`no answer from ${this.server} within ${timeoutMs} ms`, { code: 'ETIMEDOUT' }));
        else close();
      });
      if (request.signal?.aborted)
        return fail(new KubeConnectionError('the request was cancelled', { code: 'ABORT_ERR' }));
      request.signal?.addEventListener(
        'abort',
        () => {
          if (!settled) fail(new KubeConnectionError('the request was cancelled', { code: 'ABORT_ERR' }));
          else close();
        },
        { once: true },
      );
      req.on('error', (error) => fail(connectionError(error, this.server)));
      req.on('response', (res) => {
        settled = true;
        resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, response: res, close });
      });
      req.end(request.body);
    });
  }

  /** Closes every socket, idle or busy. The transport cannot be used afterwards. */
  close(): void {
    this.#closed = true;
    this.#http2?.close();
    this.#requestAgent.destroy();
    this.#streamAgent.destroy();
    for (const socket of this.#sockets) socket.destroy();
  }

  async #headers(request: HttpRequest): Promise<Record<string, string | string[]>> {
    if (this.#closed) throw new KubeConnectionError('the Kubernetes client is closed');
    const headers: Record<string, string | string[]> = request.headers
      ? { ...this.#baseHeaders, ...request.headers, ...this.#impersonation }
      : { ...this.#fixedHeaders };
    const authorization = await this.#connection.credentials.authorization();
    if (authorization !== undefined) headers['Authorization'] = authorization;
    if (request.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(request.body));
    return headers;
  }

  #send(request: HttpRequest, headers: Record<string, string | string[]>, agent: http.Agent): http.ClientRequest {
    if (this.#closed) throw new KubeConnectionError('the Kubernetes client is closed');
    const options: https.RequestOptions = {
      protocol: this.#url.protocol,
      hostname: this.#hostname,
      port: this.#port,
      method: request.method,
      path: this.#basePath + request.path,
      headers,
      agent,
    };
    const req = this.#module.request(options);
    req.on('socket', (socket) => this.#track(socket));
    return req;
  }

  #track(socket: Socket): void {
    if (this.#sockets.has(socket)) return;
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
  }

  #tlsOptions(): https.AgentOptions {
    const { tls } = this.#connection;
    return {
      rejectUnauthorized: !tls.insecureSkipTlsVerify,
      ...(tls.ca ? { ca: tls.ca } : {}),
      ...(tls.cert ? { cert: tls.cert } : {}),
      ...(tls.key ? { key: tls.key } : {}),
      ...(tls.serverName ? { servername: tls.serverName } : {}),
    };
  }
}

/*
 * Node's agents key their pools of sockets by a name made for every request from the host, port and
 * TLS options: for https the CA, client certificate and key (Buffers) are turned into text and
 * joined each time, then hashed as a map key, twice per request. A transport's agent only ever
 * reaches its one server with one TLS setting, so one name does.
 */
class OneServerHttpsAgent extends https.Agent {
  override getName(): string {
    return 'api-server';
  }
}

class OneServerHttpAgent extends http.Agent {
  override getName(): string {
    return 'api-server';
  }
}

function connectionError(error: Error & { code?: string }, server: string): KubeConnectionError {
  return new KubeConnectionError(`cannot reach the API server ${server}: ${error.message}`, {
    ...(error.code ? { code: error.code } : {}),
    cause: error,
  });
}
