// Stand-ins for pods in mesh and Service tests: real HTTP servers on loopback that answer with their
// pod name and record what they received, with the endpoint record a pod registry would publish.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Service } from '../../../../src/api/types/core.ts';
import type { EndpointPort, PodEndpoint } from '../../../../src/runtime/local/services/endpoint-source.ts';

export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface PodServer {
  name: string;
  port: number;
  received: Received[];
  endpoint(overrides?: Partial<PodEndpoint>): PodEndpoint;
  close(): Promise<void>;
}

export type PodHandler = (request: Received, response: http.ServerResponse) => void;

const answerWithName =
  (name: string): PodHandler =>
  (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain', 'x-pod': name }).end(name);
  };

export async function startPodServer(
  name: string,
  labels: Record<string, string>,
  options: { namespace?: string; handler?: PodHandler; containerPort?: number; portName?: string } = {},
): Promise<PodServer> {
  const received: Received[] = [];
  const handler = options.handler ?? answerWithName(name);
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(entry);
      handler(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const ports: EndpointPort[] = [
    {
      containerPort: options.containerPort ?? 8080,
      ...(options.portName ? { name: options.portName } : {}),
      protocol: 'TCP',
      port,
    },
  ];
  return {
    name,
    port,
    received,
    endpoint: (overrides = {}) => ({
      pod: name,
      namespace: options.namespace ?? 'default',
      labels: { ...labels },
      ip: '127.0.0.1',
      ports,
      ready: true,
      terminating: false,
      ...overrides,
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function service(
  name: string,
  selector: Record<string, string>,
  options: { namespace?: string; port?: number; targetPort?: number | string } = {},
): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: options.namespace ?? 'default' },
    spec: { selector, ports: [{ port: options.port ?? 80, targetPort: options.targetPort ?? 8080, protocol: 'TCP' }] },
  };
}

export interface Reply {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One request through a listener, with a chosen Host header. */
export function send(
  port: number,
  request: { host?: string; path?: string; method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...(request.headers ?? {}) };
    if (request.host) headers.host = request.host;
    if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
    const outgoing = http.request(
      { host: '127.0.0.1', port, path: request.path ?? '/', method: request.method ?? 'GET', headers, agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: response.headers,
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/** Sends `count` requests, `concurrency` at a time, and returns the replies in completion order. */
export async function sendMany(
  count: number,
  concurrency: number,
  make: (index: number) => Promise<Reply>,
): Promise<Reply[]> {
  const replies: Reply[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      replies.push(await make(index));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return replies;
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
