// Serves Prometheus text over plain HTTP: GET or HEAD on one of the given paths answers the
// rendered text (500 with the reason when rendering fails); any other path is 404 naming where the
// metrics are, any other method 405. Listens through listen(), so a taken port is told in words.
import http from 'node:http';
import { listen, type ListenTarget } from '../listen.ts';
import { EXPOSITION_CONTENT_TYPE } from './exposition.ts';

export interface MetricsServerOptions extends ListenTarget {
  /** The paths that answer with the metrics; the first is the one a 404 names. */
  paths: readonly [string, ...string[]];
  render: () => string;
}

export interface MetricsServer {
  host: string;
  /** The port listened on (the one asked for, or the one picked for port 0). */
  port: number;
  close(): Promise<void>;
}

export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (!options.paths.includes(path)) {
      response
        .writeHead(404, { 'Content-Type': 'text/plain' })
        .end(`not found: the metrics are at ${options.paths[0]}\n`);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let body: string;
    try {
      body = options.render();
    } catch (error) {
      response
        .writeHead(500, { 'Content-Type': 'text/plain' })
        .end(`collecting metrics failed: ${(error as Error).message}\n`);
      return;
    }
    response.writeHead(200, { 'Content-Type': EXPOSITION_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(body) });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  server.keepAliveTimeout = 5_000;
  const port = await listen(server, options);
  return {
    host: options.host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
