// Serves the mesh's metrics as Envoy does: `GET /stats/prometheus` on a port of its own (`/metrics`
// answers the same, for scrapers with default settings).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { listen } from '../../../platform/listen.ts';
import { EXPOSITION_CONTENT_TYPE } from '../../../platform/prometheus/exposition.ts';

export const METRICS_PATH = '/stats/prometheus';

export interface MetricsServer {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** What the port serves: each source's text, one after the other. */
export interface MetricsSource {
  render(): string;
}

export async function startMetricsServer(metrics: MetricsSource | readonly MetricsSource[], options: { host?: string; port?: number } = {}): Promise<MetricsServer> {
  const host = options.host ?? '127.0.0.1';
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path !== METRICS_PATH && path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`metrics are served at ${METRICS_PATH}\n`);
      return;
    }
    const body = (Array.isArray(metrics) ? metrics : [metrics as MetricsSource]).map((source) => source.render()).join('');
    response.writeHead(200, { 'content-type': EXPOSITION_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  await listen(server, { what: "the mesh's metrics server", host, port: options.port ?? 0 });
  const port = (server.address() as AddressInfo).port;
  return {
    host,
    port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
