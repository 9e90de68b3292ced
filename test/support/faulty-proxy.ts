// A fault-injecting HTTP proxy between a client and a Kubernetes API server, for tests.
// It listens on plain HTTP on loopback and passes requests through to the API server
// (https with the cluster's CA, or http), unless a rule says otherwise:
//   - answer with a Status of any code (409, 500, 429 with Retry-After, ...), without
//     forwarding, so the request has no effect on the server;
//   - delay the request before passing it on;
//   - drop the connection without an answer, before the request reaches the server
//     (`drop`: mid-request), or after the server has processed it, once part of its answer is
//     sent (`drop-response`: mid-response, so a write took effect but its client never knows);
//   - answer a watch with an ERROR 410 event (as an API server whose history is compacted).
// dropWatches() cuts every watch stream open right now; refuseConnections() stops listening
// (connections are refused, as with an API server that is down) until acceptConnections().
// Rules match by method, path, verb and resource (see ProxiedRequest) and can fire on a
// schedule: skip the first `after` matches, then fire on every `every`-th, at most `times` times.
// Every request is logged (time, verb, resource, name, status or fault) for the tests to read.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface ProxiedRequest {
  method: string;
  /** Path without query. */
  path: string;
  query: URLSearchParams;
  isWatch: boolean;
  /** Kubernetes' verb: get, list, watch, create, update, patch, delete, deletecollection. */
  verb: string;
  /** The resource's plural name (`replicasets`, `leases`, ...); "" for non-resource paths. */
  resource: string;
  /** `status`, `eviction`, ... or "". */
  subresource: string;
  namespace: string;
  name: string;
}

export interface LoggedRequest extends ProxiedRequest {
  /** Date.now() when it arrived. */
  at: number;
  /** The API server's status code, or the fault injected (`status 429`, `drop`, ...). */
  outcome: string;
}

export type Fault =
  | { type: 'status'; status: number; reason?: string; message?: string; retryAfterSeconds?: number }
  | { type: 'delay'; ms: number }
  | { type: 'drop' }
  | { type: 'drop-response' }
  | { type: 'watch-gone' };

export interface FaultRule {
  /** Which requests it applies to; default all. */
  method?: string;
  /** A regular expression on the path (without query). */
  path?: RegExp;
  watch?: boolean;
  verb?: string;
  resource?: string;
  /** Subresource ("" for the object itself). Default: any. */
  subresource?: string;
  match?: (request: ProxiedRequest) => boolean;
  fault: Fault;
  /** Let this many matching requests through first. Default 0. */
  after?: number;
  /** Fire on every n-th match after that (1 = every one). Default 1. */
  every?: number;
  /** Fire at most this many times. Default: unlimited. */
  times?: number;
  /** Names the rule in fired(). */
  name?: string;
}

export interface FaultyProxyOptions {
  /** https://127.0.0.1:PORT of the API server (or http://). */
  target: string;
  /** PEM of the CA that signed the API server's certificate. */
  ca?: string | Buffer;
}

export interface FaultyProxy {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** Adds a rule (checked in order, first match wins); returns its remover. */
  addRule(rule: FaultRule): () => void;
  clearRules(): void;
  /** How many times each rule added so far fired, by name (or index). */
  fired(): Record<string, number>;
  /** Every request so far, in order of arrival. */
  readonly log: readonly LoggedRequest[];
  /** Stops listening and cuts every open connection: new connections are refused. */
  refuseConnections(): Promise<void>;
  /** Listens again on the same port. */
  acceptConnections(): Promise<void>;
  /** Destroys every watch stream open now; returns how many. */
  dropWatches(): number;
  readonly openWatches: number;
  /** Requests seen and faults injected so far. */
  readonly stats: { requests: number; faults: number; watches: number };
  close(): Promise<void>;
}

interface RuleState {
  rule: FaultRule;
  matches: number;
  fired: number;
}

export async function startFaultyProxy(options: FaultyProxyOptions): Promise<FaultyProxy> {
  const target = new URL(options.target);
  const secure = target.protocol === 'https:';
  const agent = secure
    ? new https.Agent({ keepAlive: true, ...(options.ca ? { ca: options.ca } : {}) })
    : new http.Agent({ keepAlive: true });
  const watchAgent = secure
    ? new https.Agent({ keepAlive: false, ...(options.ca ? { ca: options.ca } : {}) })
    : new http.Agent({ keepAlive: false });
  const rules: RuleState[] = [];
  const allRules: RuleState[] = [];
  const log: LoggedRequest[] = [];
  const watches = new Set<() => void>();
  const sockets = new Set<Socket>();
  const stats = { requests: 0, faults: 0, watches: 0 };

  const pickFault = (request: ProxiedRequest): Fault | undefined => {
    for (const state of rules) {
      const { rule } = state;
      if (rule.method !== undefined && rule.method !== request.method) continue;
      if (rule.path !== undefined && !rule.path.test(request.path)) continue;
      if (rule.watch !== undefined && rule.watch !== request.isWatch) continue;
      if (rule.verb !== undefined && rule.verb !== request.verb) continue;
      if (rule.resource !== undefined && rule.resource !== request.resource) continue;
      if (rule.subresource !== undefined && rule.subresource !== request.subresource) continue;
      if (rule.match !== undefined && !rule.match(request)) continue;
      state.matches += 1;
      const position = state.matches - (rule.after ?? 0);
      if (position <= 0 || (position - 1) % (rule.every ?? 1) !== 0) continue;
      if (rule.times !== undefined && state.fired >= rule.times) continue;
      state.fired += 1;
      return rule.fault;
    }
    return undefined;
  };

  const forward = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    isWatch: boolean,
    entry: LoggedRequest,
    dropResponse = false,
  ): void => {
    const headers = { ...req.headers, host: target.host };
    const upstream = (secure ? https : http).request({
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers,
      agent: isWatch ? watchAgent : agent,
    });
    const cut = (): void => {
      upstream.destroy();
      res.destroy();
    };
    if (isWatch) {
      stats.watches += 1;
      watches.add(cut);
      res.on('close', () => {
        watches.delete(cut);
        upstream.destroy();
      });
    }
    upstream.on('response', (answer) => {
      entry.outcome = dropResponse ? `drop-response after ${answer.statusCode ?? 0}` : String(answer.statusCode ?? 0);
      if (dropResponse) {
        // The server has done the work; its client gets the headers and a part of the body, then a reset.
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.once('data', (chunk: Buffer) => {
          res.write(chunk.subarray(0, Math.floor(chunk.length / 2)));
          answer.destroy();
          req.socket.destroy();
        });
        answer.once('end', () => req.socket.destroy());
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      if (isWatch) res.flushHeaders();
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });
    upstream.on('error', () => {
      if (!res.headersSent) {
        res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end('the faulty proxy could not reach the API server');
      } else {
        res.destroy();
      }
    });
    req.pipe(upstream);
  };

  const server = http.createServer((req, res) => {
    stats.requests += 1;
    const url = new URL(req.url ?? '/', 'http://proxy');
    const query = url.searchParams;
    const isWatch = query.get('watch') === '1' || query.get('watch') === 'true';
    const request = describeRequest(req.method ?? 'GET', url.pathname, query, isWatch);
    const entry: LoggedRequest = { ...request, at: Date.now(), outcome: '' };
    log.push(entry);
    const fault = pickFault(request);
    if (fault === undefined) return forward(req, res, isWatch, entry);
    stats.faults += 1;
    entry.outcome = fault.type === 'status' ? `status ${fault.status}` : fault.type;
    switch (fault.type) {
      case 'status':
        req.resume();
        return answerStatus(res, fault);
      case 'drop':
        req.socket.destroy();
        return;
      case 'drop-response':
        return forward(req, res, isWatch, entry, true);
      case 'watch-gone':
        req.resume();
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            type: 'ERROR',
            object: {
              kind: 'Status',
              apiVersion: 'v1',
              status: 'Failure',
              code: 410,
              reason: 'Expired',
              message: 'too old resource version (injected by the faulty proxy)',
            },
          }) + '\n',
        );
        return;
      case 'delay': {
        const timer = setTimeout(() => forward(req, res, isWatch, entry), fault.ms);
        res.on('close', () => clearTimeout(timer));
        return;
      }
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let listening = true;

  return {
    url: `http://127.0.0.1:${port}`,
    addRule(rule) {
      const state: RuleState = { rule, matches: 0, fired: 0 };
      rules.push(state);
      allRules.push(state);
      return () => {
        const index = rules.indexOf(state);
        if (index !== -1) rules.splice(index, 1);
      };
    },
    clearRules() {
      rules.length = 0;
    },
    fired() {
      return Object.fromEntries(allRules.map((state, index) => [state.rule.name ?? String(index), state.fired]));
    },
    log,
    async refuseConnections() {
      if (!listening) return;
      listening = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const cut of [...watches]) cut();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    async acceptConnections() {
      if (listening) return;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      });
      listening = true;
    },
    dropWatches() {
      const open = [...watches];
      for (const cut of open) cut();
      return open.length;
    },
    get openWatches() {
      return watches.size;
    },
    stats,
    async close() {
      for (const cut of [...watches]) cut();
      for (const socket of sockets) socket.destroy();
      agent.destroy();
      watchAgent.destroy();
      if (listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The verb and resource of an API path, as the API server's request info has them:
 * /api/v1/namespaces/NS/pods/NAME/status, /apis/GROUP/VERSION/RESOURCE, ...
 */
export function describeRequest(
  method: string,
  path: string,
  query: URLSearchParams,
  isWatch: boolean,
): ProxiedRequest {
  const parts = path.split('/').filter((part) => part !== '');
  const rest = parts[0] === 'api' ? parts.slice(2) : parts[0] === 'apis' ? parts.slice(3) : [];
  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1] ?? '';
    rest.splice(0, 2);
  }
  const [resource = '', name = '', subresource = ''] = rest;
  const verbs: Record<string, string> = {
    POST: 'create',
    PUT: 'update',
    PATCH: 'patch',
    DELETE: name === '' ? 'deletecollection' : 'delete',
  };
  const verb = isWatch
    ? 'watch'
    : method === 'GET' || method === 'HEAD'
      ? name === ''
        ? 'list'
        : 'get'
      : (verbs[method] ?? method.toLowerCase());
  return { method, path, query, isWatch, verb, resource, subresource, namespace, name };
}

function answerStatus(res: http.ServerResponse, fault: Extract<Fault, { type: 'status' }>): void {
  const reason = fault.reason ?? defaultReason(fault.status);
  const body = JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    code: fault.status,
    reason,
    message: fault.message ?? `${reason} (injected by the faulty proxy)`,
    ...(fault.retryAfterSeconds !== undefined ? { details: { retryAfterSeconds: fault.retryAfterSeconds } } : {}),
  });
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
  res.writeHead(fault.status, headers);
  res.end(body);
}

function defaultReason(status: number): string {
  switch (status) {
    case 409:
      return 'Conflict';
    case 429:
      return 'TooManyRequests';
    case 500:
      return 'InternalError';
    case 503:
      return 'ServiceUnavailable';
    case 504:
      return 'Timeout';
    default:
      return 'Unknown';
  }
}
