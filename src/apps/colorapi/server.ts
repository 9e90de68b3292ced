// The built-in colorapi demo app: `GET /` (and `/color`) answers {"color", "status"} for its release, `/health` (`/healthz`)
// answers 200, `/metrics` exposes http_requests_total. It listens on $PORT (5000 by default) and
// on SIGTERM stops accepting connections, finishes the requests in flight, then exits.
//   node src/apps/colorapi/server.ts --version 1.0 [--latency-ms 50]
import http from 'node:http';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { listen } from '../../platform/listen.ts';
import { RELEASES } from './releases.ts';
import { RequestCounter } from './request-counter.ts';

const { values } = parseArgs({
  options: { version: { type: 'string', default: '1.0' }, 'latency-ms': { type: 'string', default: '0' } },
});
const version = values.version;
const release = RELEASES[version];
if (!release) {
  process.stderr.write(
    `colorapi: unknown --version ${JSON.stringify(version)}; known versions: ${Object.keys(RELEASES).join(', ')}\n`,
  );
  process.exit(2);
}
const latencyMs = Number(values['latency-ms']);
const port = Number(process.env['PORT'] ?? 5000);
const host = process.env['HOST'] ?? process.env['SLUICE_POD_IP'] ?? '127.0.0.1';
const counter = new RequestCounter(version);
let closing = false;

const server = http.createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://colorapi').pathname;
  const reply = (code: number, contentType: string, body: string, countedPath: string): void => {
    counter.record(code, countedPath);
    // Once shutting down, a kept-alive connection is closed after its current response.
    if (closing) response.setHeader('connection', 'close');
    response.writeHead(code, { 'content-type': contentType, 'x-colorapi-version': version });
    response.end(body);
  };
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return reply(405, 'text/plain', 'method not allowed\n', path === '/' ? '/' : 'other');
  if (path === '/health' || path === '/healthz') return reply(200, 'text/plain', 'ok\n', '/health');
  if (path === '/metrics') return reply(200, 'text/plain; version=0.0.4', counter.exposition(), '/metrics');
  // `/color` is the path Argo's rollouts-demo answers its colour on.
  if (path !== '/' && path !== '/color') return reply(404, 'text/plain', 'not found\n', 'other');
  counter.inFlight++;
  const answer = (): void => {
    counter.inFlight--;
    reply(200, 'application/json', `${JSON.stringify(release)}\n`, '/');
  };
  if (latencyMs > 0) setTimeout(answer, latencyMs);
  else answer();
});

listen(server, { what: `colorapi ${version}`, host, port, portHint: 'choose another in $PORT' }).then(
  () => process.stdout.write(`colorapi ${version} (${release.color}) listening on http://${host}:${port}\n`),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  },
);

function shutdown(signal: string): void {
  closing = true;
  process.stdout.write(`colorapi ${version}: ${signal}, finishing requests in flight\n`);
  server.close(() => process.exit(0));
  server.closeIdleConnections();
}
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
