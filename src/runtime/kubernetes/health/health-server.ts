// The controller's probe endpoints: GET /healthz (liveness: the process is alive and its event
// loop is not blocked, plus any liveness checks given) and GET /readyz (readiness: every
// readiness check passes, e.g. the informer caches have synced). 200 with "ok", or 500 listing
// each check; `?verbose` lists them on success too. See docs/controller-metrics.md.
import http from 'node:http';
import { listen } from '../../../platform/listen.ts';
import type { AddressInfo } from 'node:net';
import { systemTimers, type Timers } from '../../../platform/kubernetes/client/timers.ts';
import { reportText, runChecks, type HealthCheck } from './checks.ts';
import { EventLoopMonitor } from './event-loop-monitor.ts';

export interface HealthServerOptions {
  port: number;
  /** Default "0.0.0.0". */
  host?: string;
  /** Extra checks of /healthz (the event loop check is always there). */
  liveness?: Readonly<Record<string, HealthCheck>>;
  /** Checks of /readyz, e.g. { informers: cachesSynced(() => factory.hasSynced()) }. */
  readiness?: Readonly<Record<string, HealthCheck>>;
  /** Lateness of the event loop that fails /healthz; default 10 000 ms. */
  maxEventLoopBlockMs?: number;
  /** How long one check may take; default 5000 ms. */
  checkTimeoutMs?: number;
  timers?: Timers;
}

export interface HealthServer {
  readonly port: number;
  /** Adds or replaces a readiness check after start (e.g. once the informers exist). */
  setReadinessCheck(name: string, check: HealthCheck): void;
  setLivenessCheck(name: string, check: HealthCheck): void;
  close(): Promise<void>;
}

export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const monitor = new EventLoopMonitor({
    timers: options.timers ?? systemTimers,
    ...(options.maxEventLoopBlockMs ? { maxBlockMs: options.maxEventLoopBlockMs } : {}),
  });
  const liveness: Record<string, HealthCheck> = { 'event-loop': monitor.check, ...options.liveness };
  const readiness: Record<string, HealthCheck> = { ...options.readiness };
  const timeoutMs = options.checkTimeoutMs ?? 5000;
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://probe');
    const checks =
      url.pathname === '/healthz' || url.pathname === '/livez'
        ? liveness
        : url.pathname === '/readyz'
          ? readiness
          : undefined;
    if (checks === undefined) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: use /healthz or /readyz\n');
      return;
    }
    void runChecks(checks, timeoutMs).then((report) => {
      response.writeHead(report.ok ? 200 : 500, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      response.end(reportText(report, url.searchParams.has('verbose')));
    });
  });
  server.keepAliveTimeout = 5_000;
  await listen(server, {
    what: 'the health server',
    host: options.host ?? '0.0.0.0',
    port: options.port,
    portHint: 'choose another with --health-port',
  });
  monitor.start();
  return {
    port: (server.address() as AddressInfo).port,
    setReadinessCheck: (name, check) => {
      readiness[name] = check;
    },
    setLivenessCheck: (name, check) => {
      liveness[name] = check;
    },
    close: () =>
      new Promise<void>((resolve) => {
        monitor.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
