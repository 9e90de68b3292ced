// `sluice controller`: runs the Kubernetes controller until SIGTERM or SIGINT, then stops cleanly
// (reconciles in progress finish, watches close, a held Lease is released). A replica that loses
// its Lease exits with status 1, as Argo Rollouts' controller does, and its pod is restarted.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { startController, type ControllerConfig } from '../../runtime/kubernetes/controller.ts';
import { runParsed } from '../shared/parsed-command.ts';
import { controllerArgumentsOf, type ControllerArguments } from './arguments.ts';
import { spec } from './spec.ts';

function log(line: string): void {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
}

function version(): string | undefined {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string })
      .version;
  } catch {
    return undefined;
  }
}

export function run(args: string[]): Promise<number> {
  return runParsed(spec, args, (line) => runController(controllerArgumentsOf(line)));
}

async function runController(parsed: ControllerArguments): Promise<number> {
  const abort = new AbortController();
  let exitCode = 0;
  let onLostLease: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    const finish = (reason: string, code: number): void => {
      log(`${reason}: stopping`);
      exitCode = code;
      abort.abort();
      resolve();
    };
    process.once('SIGTERM', () => finish('SIGTERM', 0));
    process.once('SIGINT', () => finish('SIGINT', 0));
    abort.signal.addEventListener('abort', () => resolve(), { once: true });
    onLostLease = () => finish('lost the Lease', 1);
  });
  const podVersion = version();
  const config: ControllerConfig = {
    ...(parsed.kubeconfig ? { kubeconfig: parsed.kubeconfig } : {}),
    ...(parsed.namespace ? { namespace: parsed.namespace } : {}),
    ...(parsed.instanceId ? { instanceId: parsed.instanceId } : {}),
    leaderElect: parsed.leaderElect,
    ...(parsed.selfServiceNotifications ? { selfServiceNotifications: true } : {}),
    ...(process.env['POD_NAMESPACE'] ? { leaseNamespace: process.env['POD_NAMESPACE'] } : {}),
    ...(process.env['POD_NAME'] ? { leaseIdentity: process.env['POD_NAME'] } : {}),
    metricsPort: parsed.metricsPort,
    ...(parsed.healthPort !== undefined ? { healthPort: parsed.healthPort } : {}),
    ...(parsed.rolloutThreads !== undefined ? { workers: parsed.rolloutThreads } : {}),
    ...(parsed.analysisThreads !== undefined ? { analysisWorkers: parsed.analysisThreads } : {}),
    ...(podVersion ? { version: podVersion } : {}),
    log,
    onLostLease: () => onLostLease(),
  };
  let controller;
  try {
    controller = await startController(config, abort.signal);
  } catch (error) {
    if (abort.signal.aborted) return exitCode;
    process.stderr.write(`sluice controller: ${(error as Error).message}\n`);
    return 1;
  }
  let dashboard: { close(): Promise<void> } | undefined;
  if (parsed.dashboardPort > 0) {
    try {
      const { startControllerDashboard } = await import('./dashboard.ts');
      dashboard = await startControllerDashboard({
        client: controller.client,
        port: parsed.dashboardPort,
        address: parsed.dashboardAddress ?? '127.0.0.1',
        ...(parsed.dashboardStaticDir ? { staticDir: parsed.dashboardStaticDir } : {}),
        ...(parsed.dashboardUrl ? { publicUrl: parsed.dashboardUrl } : {}),
        ...(parsed.dashboardRootPath ? { rootPath: parsed.dashboardRootPath } : {}),
        log,
      });
    } catch (error) {
      process.stderr.write(`sluice controller: the dashboard did not start: ${(error as Error).message}\n`);
      await controller.stop();
      return 1;
    }
  }
  // Keeps the process alive (the client's timers do not) until a signal.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  await stopped;
  clearInterval(keepAlive);
  await dashboard?.close();
  await controller.stop();
  log('stopped');
  return exitCode;
}
