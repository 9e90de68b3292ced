// Serves a registry's text at /metrics over plain HTTP. Any other path is 404.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { listen } from '../../../platform/listen.ts';
import { EXPOSITION_CONTENT_TYPE } from '../../../platform/prometheus/exposition.ts';

export interface MetricsServer {
  /** The port listened on (the one asked for, or the one picked for port 0). */
  readonly port: number;
  close(): Promise<void>;
}

export interface ServeOptions {
  port: number;
  /** Default "0.0.0.0" (all interfaces), as a Pod's metrics port needs. */
  host?: string;
}

export async function serveText(render: () => string, options: ServeOptions): Promise<MetricsServer> {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: the metrics are at /metrics\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let body: string;
    try {
      body = render();
    } catch (error) {
      response.writeHead(500, { 'Content-Type': 'text/plain' }).end(`collecting metrics failed: ${(error as Error).message}\n`);
      return;
    }
    response.writeHead(200, { 'Content-Type': EXPOSITION_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(body) });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  server.keepAliveTimeout = 5_000;
  await listen(server, { what: 'the metrics server', host: options.host ?? '0.0.0.0', port: options.port, portHint: 'choose another with --metrics-port (0 turns it off)' });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
