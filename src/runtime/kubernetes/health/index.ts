// The controller's /healthz and /readyz.
export { startHealthServer, type HealthServer, type HealthServerOptions } from './health-server.ts';
export { cachesSynced, failed, passed, type CheckOutcome, type HealthCheck } from './checks.ts';
export { EventLoopMonitor } from './event-loop-monitor.ts';
