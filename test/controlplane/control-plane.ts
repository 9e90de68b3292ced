// A real Kubernetes control plane for tests: kube-apiserver (with etcd in its process),
// kube-controller-manager, kube-scheduler and kwok with one fake Node, all built from the
// upstream sources by build.sh. Pods on the fake node become Running and Ready; tests
// steer their status through pod-control.ts.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getPath } from './api-health.ts';
import {
  apiserverArgs,
  apiserverCertPath,
  controllerManagerArgs,
  fakeNodeManifest,
  fakeNodeName,
  kwokArgs,
  logsDir,
  pkiDir,
  schedulerArgs,
  type ControlPlaneLayout,
} from './component-args.ts';
import { adminUser, writeCredentials } from './credentials.ts';
import { waitForCrdsEstablished } from './crds-established.ts';
import { freePorts } from './free-port.ts';
import { kubeconfigDocument, writeKubeconfig } from './kubeconfig.ts';
import { kubectlFor, kubectlJson, kubectlOrThrow, type Kubectl } from './kubectl.ts';
import { defaultCrdPaths, requireBinDir, controlPlaneSourceDir } from './paths.ts';
import { completeJobPod, failPod, setPodReady } from './pod-control.ts';
import { PollGaveUp, pollUntil } from './poll.ts';
import { isRecordedProcessAlive, readProcessRecord, writeProcessRecord, type ProcessRecord } from './process-record.ts';
import { logTail, startProcess, stopProcess, type ManagedProcess } from './processes.ts';

export interface StartControlPlaneOptions {
  /** Folder for its files (kubeconfig, logs, etcd data); default a new temporary folder, removed by stop(). */
  dir?: string;
  /** Folder of the built binaries; default the one build.sh built for these sources. */
  binDir?: string;
  /** CRD files or folders to install; default defaultCrdPaths() (Argo Rollouts and Istio); [] for none. */
  crdPaths?: string[];
  /** Let the processes outlive this process (for `cli.ts up`); stop them with `cli.ts down`. */
  detach?: boolean;
  /** Deadline for each startup step. Default 120 s. */
  stepTimeoutMs?: number;
  /** Progress messages. */
  log?: (message: string) => void;
}

export interface ControlPlane {
  readonly dir: string;
  readonly binDir: string;
  readonly kubeconfigPath: string;
  /** https://127.0.0.1:PORT */
  readonly server: string;
  /** Base64 PEM of the CA the API server's certificate chains to (kubeconfig's certificate-authority-data). */
  readonly caData: string;
  readonly caPath: string;
  /** Bearer token of the admin user (group system:masters). */
  readonly token: string;
  readonly user: string;
  readonly nodeName: string;
  /** Wall time of startControlPlane, in ms. */
  readonly startupMs: number;
  readonly processes: readonly ProcessRecord[];
  /** Runs the built kubectl with this control plane's kubeconfig. */
  kubectl: Kubectl;
  /** A kubeconfig document (object) for another bearer token, e.g. a ServiceAccount's. */
  kubeconfigForToken(token: string, user: string): object;
  setPodReady(namespace: string, name: string, ready: boolean): Promise<void>;
  failPod(namespace: string, name: string): Promise<void>;
  completeJobPod(namespace: string, jobName: string, succeeded: boolean): Promise<string[]>;
  /** Stops every process (whole process groups) and removes a temporary folder. Idempotent. */
  stop(): Promise<void>;
}

export async function startControlPlane(options: StartControlPlaneOptions = {}): Promise<ControlPlane> {
  const startedAt = performance.now();
  const log = options.log ?? (() => {});
  const stepTimeoutMs = options.stepTimeoutMs ?? 120_000;
  const binDir = options.binDir ?? (await requireBinDir());
  const ownsDir = options.dir === undefined;
  const dir = prepareDir(options.dir);
  const processes: ManagedProcess[] = [];
  const start = (name: string, args: string[]): ManagedProcess => {
    const managed = startProcess({
      name,
      command: path.join(binDir, 'controlplane'),
      args,
      logPath: path.join(logsDir(dir), `${name}.log`),
      detach: options.detach ?? false,
      env: options.detach ? process.env : { ...process.env, CONTROLPLANE_EXIT_WITH_PARENT: '1' },
    });
    processes.push(managed);
    writeProcessRecord(dir, running(processes));
    return managed;
  };
  const stopAll = async (): Promise<void> => {
    await Promise.all(processes.map((managed) => stopProcess(managed)));
  };

  try {
    const { layout, token, server, caPem } = await startAPIServer(dir, binDir, start, stepTimeoutMs, log);
    const caData = Buffer.from(caPem).toString('base64');
    writeKubeconfig(layout.kubeconfigPath, { server, caData, token, user: adminUser });
    const kubectl = kubectlFor(binDir, layout.kubeconfigPath);

    log('starting kube-controller-manager, kube-scheduler and kwok');
    start('controller-manager', controllerManagerArgs(layout));
    start('scheduler', schedulerArgs(layout));
    start('kwok', kwokArgs(layout));

    await kubectlOrThrow(kubectl, ['apply', '-f', '-'], { input: JSON.stringify(fakeNodeManifest()) });
    await installCrds(kubectl, options.crdPaths ?? defaultCrdPaths(), stepTimeoutMs, log);
    await waitForCluster(kubectl, processes, stepTimeoutMs);

    const startupMs = Math.round(performance.now() - startedAt);
    log(`control plane ready in ${startupMs} ms; kubeconfig: ${layout.kubeconfigPath}`);
    let stopped: Promise<void> | undefined;
    return {
      dir,
      binDir,
      kubeconfigPath: layout.kubeconfigPath,
      server,
      caData,
      caPath: apiserverCertPath(dir),
      token,
      user: adminUser,
      nodeName: fakeNodeName,
      startupMs,
      processes: running(processes),
      kubectl,
      kubeconfigForToken: (token, user) => kubeconfigDocument({ server, caData, token, user }),
      setPodReady: (namespace, name, ready) => setPodReady(kubectl, namespace, name, ready),
      failPod: (namespace, name) => failPod(kubectl, namespace, name),
      completeJobPod: (namespace, jobName, succeeded) => completeJobPod(kubectl, namespace, jobName, succeeded),
      stop: () => {
        stopped ??= stopAll().then(() => removeOwnedDir(dir, ownsDir));
        return stopped;
      },
    };
  } catch (error) {
    const logs = describeLogs(processes);
    await stopAll();
    removeOwnedDir(dir, ownsDir);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`the control plane did not start: ${message}\n${logs}`, { cause: error });
  }
}

/**
 * Starts kube-apiserver and waits for /readyz. The free ports it was given may be taken by
 * someone else before it binds them: then it tries again with new ones.
 */
async function startAPIServer(
  dir: string,
  binDir: string,
  start: (name: string, args: string[]) => ManagedProcess,
  timeoutMs: number,
  log: (message: string) => void,
): Promise<{ layout: ControlPlaneLayout; token: string; server: string; caPem: string }> {
  for (let attempt = 1; ; attempt++) {
    const { layout, token } = await planLayout(dir, binDir);
    const server = `https://127.0.0.1:${layout.apiserverPort}`;
    log(`starting kube-apiserver on ${server}`);
    const apiserver = start('apiserver', apiserverArgs(layout));
    try {
      const caPem = await pollUntil(
        async () => {
          assertRunning([apiserver]);
          if (!existsSync(apiserverCertPath(dir))) return undefined;
          const ca = readFileSync(apiserverCertPath(dir), 'utf8');
          const ready = await getPath({ server, caPem: ca, token }, '/readyz');
          return ready.status === 200 ? ca : undefined;
        },
        { what: 'kube-apiserver /readyz', timeoutMs, intervalMs: 250 },
      );
      return { layout, token, server, caPem };
    } catch (error) {
      const portTaken = apiserver.hasExited() && /address already in use/.test(logTail(apiserver.logPath, 50));
      if (!portTaken || attempt >= 3) throw error;
      log('a port of kube-apiserver was taken meanwhile; trying other ports');
      rmSync(path.join(dir, 'etcd'), { recursive: true, force: true });
    }
  }
}

/** Chooses free ports and writes the credentials. */
async function planLayout(dir: string, binDir: string): Promise<{ layout: ControlPlaneLayout; token: string }> {
  const [apiserverPort, etcdClientPort, etcdPeerPort] = await freePorts(3);
  if (apiserverPort === undefined || etcdClientPort === undefined || etcdPeerPort === undefined) {
    throw new Error('could not find free loopback ports');
  }
  const credentials = writeCredentials(pkiDir(dir));
  const layout: ControlPlaneLayout = {
    dir,
    binDir,
    stagesPath: path.join(controlPlaneSourceDir, 'kwok-stages.yaml'),
    apiserverPort,
    etcdClientPort,
    etcdPeerPort,
    tokenFile: credentials.tokenFile,
    serviceAccountPrivateKey: credentials.serviceAccountPrivateKey,
    serviceAccountPublicKey: credentials.serviceAccountPublicKey,
    kubeconfigPath: path.join(dir, 'kubeconfig'),
  };
  return { layout, token: credentials.token };
}

/** Creates the folder (or reuses one whose processes are gone, with a fresh cluster). */
function prepareDir(requested: string | undefined): string {
  if (requested === undefined) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sluice-controlplane-'));
    mkdirSync(pkiDir(dir));
    mkdirSync(logsDir(dir));
    return dir;
  }
  const dir = path.resolve(requested);
  const running = readProcessRecord(dir).filter((record) => isRecordedProcessAlive(dir, record));
  if (running.length > 0) {
    throw new Error(
      `a control plane is already running in ${dir} (${running.map((r) => r.name).join(', ')}); stop it first`,
    );
  }
  for (const stale of ['etcd', 'pki', 'logs', 'kubeconfig', 'kubectl-cache', 'processes.json']) {
    rmSync(path.join(dir, stale), { recursive: true, force: true });
  }
  mkdirSync(pkiDir(dir), { recursive: true });
  mkdirSync(logsDir(dir), { recursive: true });
  return dir;
}

async function installCrds(
  kubectl: Kubectl,
  crdPaths: string[],
  timeoutMs: number,
  log: (message: string) => void,
): Promise<void> {
  if (crdPaths.length === 0) return;
  for (const crdPath of crdPaths) {
    if (!existsSync(crdPath)) throw new Error(`no CRDs at ${crdPath} (set SLUICE_SHARED_DIR to the shared folder)`);
  }
  log(`installing CRDs from ${crdPaths.join(', ')}`);
  // Server-side: the Rollout CRD is too large for the last-applied annotation.
  const fileArgs = crdPaths.flatMap((crdPath) => ['-f', crdPath]);
  await kubectlOrThrow(kubectl, ['apply', '--server-side', '--force-conflicts', ...fileArgs], { timeoutMs });
  await waitForCrdsEstablished(kubectl, 'all', timeoutMs);
}

/** Waits until pods can be created and run: the fake node is Ready, the default ServiceAccount exists. */
async function waitForCluster(kubectl: Kubectl, processes: ManagedProcess[], timeoutMs: number): Promise<void> {
  await pollUntil(
    async () => {
      assertRunning(processes);
      const node = await kubectlJson<{ status?: { conditions?: { type: string; status: string }[] } }>(kubectl, [
        'get',
        'node',
        fakeNodeName,
      ]);
      return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
    },
    { what: `node ${fakeNodeName} to be Ready`, timeoutMs },
  );
  await pollUntil(
    async () => {
      assertRunning(processes);
      const result = await kubectl(['get', 'serviceaccount', 'default', '-n', 'default', '-o', 'name']);
      return result.code === 0;
    },
    { what: 'the default ServiceAccount (created by the serviceaccount controller)', timeoutMs },
  );
}

function assertRunning(processes: readonly ManagedProcess[]): void {
  const exited = processes.find((managed) => managed.hasExited());
  if (exited !== undefined) throw new PollGaveUp(`${exited.name} exited; see ${exited.logPath}`);
}

function describeLogs(processes: readonly ManagedProcess[]): string {
  return processes.map((managed) => `--- last lines of ${managed.logPath}\n${logTail(managed.logPath, 15)}`).join('\n');
}

function removeOwnedDir(dir: string, ownsDir: boolean): void {
  if (ownsDir && process.env['SLUICE_KEEP_CONTROLPLANE_DIR'] !== '1') {
    rmSync(dir, { recursive: true, force: true });
  }
}

function running(processes: readonly ManagedProcess[]): ProcessRecord[] {
  return processes
    .filter((managed) => !managed.hasExited())
    .map((managed) => ({ name: managed.name, pid: managed.pid, logPath: managed.logPath }));
}
