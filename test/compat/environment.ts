// The cluster Argo Rollouts' e2e suite runs against: the test control plane (API server, kwok),
// the CRDs, one namespace per parallel job with a kubeconfig whose context points there (the
// suite takes its namespace from the kubeconfig), and the controller under test:
//   sluice: `sluice controller` as deploy/'s ServiceAccount, with sluice's CRDs (deploy/crds);
//   argo:   Argo's own rollouts-controller built from the same module (build.sh
//           --argo-controller), as the admin, with Argo's upstream CRDs; this tells what the
//           environment cannot do from what sluice does not do.
// Both run with --instance-id argo-rollouts-e2e (the label the suite puts on its objects) and
// metrics on port 8090 (TestControllerMetrics asks localhost:8090) when that port is free.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { freePorts } from '../controlplane/free-port.ts';
import { kubeconfigDocument } from '../controlplane/kubeconfig.ts';
import { upstreamCrdPaths } from '../controlplane/paths.ts';
import { startE2eCluster, type E2eCluster } from '../e2e/kubernetes/support/e2e-cluster.ts';

export type ControllerKind = 'sluice' | 'argo';

export const instanceId = 'argo-rollouts-e2e';
const metricsPort = 8090;

export interface CompatEnvironment {
  readonly controller: ControllerKind;
  /** One kubeconfig per job, each with its own namespace. */
  readonly jobs: readonly { namespace: string; kubeconfigPath: string }[];
  /** Folder of kubectl (the suite runs `kubectl apply` from PATH). */
  readonly binDir: string;
  /** The controller's log (kept in the output folder after stop()). */
  readonly controllerLogPath: string;
  /** A note for the report when the metrics port was taken (TestControllerMetrics then fails). */
  readonly notes: string[];
  /** Whether the controller is still running; restarts it when not (returns false then). */
  ensureControllerRunning(): Promise<boolean>;
  /** Stops the controller and the control plane, keeping the controller's logs in the output folder. */
  stop(): Promise<void>;
}

export interface EnvironmentOptions {
  controller: ControllerKind;
  jobs: number;
  /** Folder with rollouts-controller (for `argo`). */
  suiteDir: string;
  outDir: string;
  log: (message: string) => void;
}

export async function startCompatEnvironment(options: EnvironmentOptions): Promise<CompatEnvironment> {
  const namespaces = Array.from({ length: options.jobs }, (_, index) => `compat-${index + 1}`);
  const first = namespaces[0] ?? 'compat-1';
  options.log(
    `starting the control plane (${options.controller === 'sluice' ? "sluice's CRDs" : "Argo Rollouts' CRDs"})`,
  );
  const cluster = await startE2eCluster(first, options.controller === 'argo' ? { crdPaths: upstreamCrdPaths() } : {});
  try {
    for (const namespace of namespaces.slice(1)) await cluster.kubectl(['create', 'namespace', namespace]);
    const jobs = namespaces.map((namespace) => {
      const kubeconfigPath = path.join(options.outDir, `kubeconfig-${namespace}`);
      const document = kubeconfigDocument({
        server: cluster.cp.server,
        caData: cluster.cp.caData,
        token: cluster.cp.token,
        user: cluster.cp.user,
        namespace,
        contextName: 'compat',
      });
      writeFileSync(kubeconfigPath, JSON.stringify(document), { mode: 0o600 });
      return { namespace, kubeconfigPath };
    });
    const notes: string[] = [];
    const portFree = await isPortFree(metricsPort);
    if (!portFree)
      notes.push(
        `port ${metricsPort} was taken: the controller serves no metrics there, so TestControllerMetrics cannot pass in this run`,
      );
    const controller = await controllerStarter(options, cluster, portFree ? metricsPort : 0);
    let current = await controller.start();
    const logs: string[] = [current.logPath];
    return {
      controller: options.controller,
      jobs,
      binDir: cluster.cp.binDir,
      get controllerLogPath() {
        return path.join(options.outDir, path.basename(current.logPath));
      },
      notes,
      ensureControllerRunning: async () => {
        if (current.alive()) return true;
        options.log(`the ${options.controller} controller exited; starting it again (log: ${current.logPath})`);
        current = await controller.start();
        logs.push(current.logPath);
        return false;
      },
      stop: async () => {
        await current.stop();
        for (const log of logs) {
          if (existsSync(log) && path.dirname(log) !== options.outDir)
            copyFileSync(log, path.join(options.outDir, path.basename(log)));
        }
        await cluster.stop(false);
      },
    };
  } catch (error) {
    await cluster.stop(true);
    throw error;
  }
}

interface RunningController {
  logPath: string;
  alive(): boolean;
  stop(): Promise<void>;
}

async function controllerStarter(
  options: EnvironmentOptions,
  cluster: E2eCluster,
  port: number,
): Promise<{ start(): Promise<RunningController> }> {
  if (options.controller === 'sluice') {
    return {
      start: async () => {
        const args = ['--instance-id', instanceId, '--metrics-port', String(port)];
        const process = await cluster.startController(args, { name: 'sluice-controller' });
        return { logPath: process.logPath, alive: () => isAlive(process.pid), stop: () => process.stop() };
      },
    };
  }
  const [healthzPort = 0, spareMetricsPort = 0] = await freePorts(2);
  let runs = 0;
  return {
    start: async () => {
      const logPath = path.join(options.outDir, `argo-controller-${++runs}.log`);
      const fd = openSync(logPath, 'a');
      const args = [
        '--kubeconfig',
        cluster.cp.kubeconfigPath,
        '--instance-id',
        instanceId,
        '--leader-elect=false',
        '--metricsPort',
        String(port === 0 ? spareMetricsPort : port),
        '--healthzPort',
        String(healthzPort),
        '--loglevel',
        'info',
      ];
      const child: ChildProcess = spawn(path.join(options.suiteDir, 'rollouts-controller'), args, {
        stdio: ['ignore', fd, fd],
        env: { ...process.env, KUBECONFIG: '' },
      });
      closeSync(fd);
      process.once('exit', () => child.kill('SIGKILL'));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const alive = (): boolean => child.exitCode === null && child.signalCode === null;
      return {
        logPath,
        alive,
        stop: async () => {
          if (!alive()) return;
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        },
      };
    },
  };
}

function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/** The last lines of a log file, for failure messages. */
export function tail(filePath: string, lines = 30): string {
  try {
    return readFileSync(filePath, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
