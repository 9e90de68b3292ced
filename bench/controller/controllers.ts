// The controllers the bench compares, each started as a child process against the bench's control
// plane with the same thread counts:
//   sluice     `sluice controller` with the NODE_OPTIONS of deploy/controller/deployment.yaml;
//   argo       Argo Rollouts' rollouts-controller (built from its Go module by
//              `bash test/compat/build.sh --argo-controller`) with its default flags, but for
//              --leader-elect=false (sluice's default: one replica, no Lease);
//   argo-fast  the same with its client rate limit raised (--qps 1000 --burst 2000; Argo's
//              defaults are 40 and 80).
// The CRDs are Argo's, from the same module, for all of them.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { spawnLogged } from './spawn-logged.ts';
import { repoRoot, upstreamCrdsDir } from '../../test/controlplane/paths.ts';
import { startControllerProcess } from '../../test/e2e/kubernetes/support/controller-process.ts';

export const controllerKinds = ['sluice', 'argo', 'argo-fast'] as const;
export type ControllerKind = (typeof controllerKinds)[number];

export const controllerLabels: Record<ControllerKind, string> = {
  sluice: 'sluice controller, NODE_OPTIONS of deploy/controller/deployment.yaml',
  argo: "Argo Rollouts' rollouts-controller (test/compat/build.sh --argo-controller), default flags but --leader-elect=false",
  'argo-fast': 'the same with its client rate limit raised: --qps 1000 --burst 2000 (defaults 40 / 80)',
};

/** Workers per kind of object, the defaults of both controllers, passed to each explicitly. */
export const ROLLOUT_THREADS = 10;
export const ANALYSIS_THREADS = 30;

export interface BenchController {
  readonly pid: number;
  readonly logPath: string;
  /** The /metrics page. */
  readonly metricsUrl: string;
  /** The metric of the heap in use on that page: V8's for sluice, Go's HeapAlloc for Argo. */
  readonly heapMetric: string;
  /** Whether the controller says its caches are filled and it reconciles. */
  ready(): boolean;
  logTail(lines?: number): string;
  /**
   * Has the controller write a V8 heap snapshot (sluice started with heapSnapshotDir), waits for it
   * and returns its path; undefined for Argo, or when none appears.
   */
  writeHeapSnapshot(): Promise<string | undefined>;
  stop(): Promise<void>;
}

export interface ControllerStartOptions {
  kubeconfigPath: string;
  logDir: string;
  name: string;
  metricsPort: number;
  healthPort: number;
  /** Folder of the built Argo Rollouts module (for argo and argo-fast). */
  argoDir?: string;
  /** Only this namespace (`--namespace`, both controllers): the bench's runs on an existing cluster. */
  namespace?: string;
  /** sluice only: a folder for heap snapshots, written on writeHeapSnapshot() (SIGUSR2). */
  heapSnapshotDir?: string;
}

export function startBenchController(kind: ControllerKind, options: ControllerStartOptions): BenchController {
  const metricsUrl = `http://127.0.0.1:${options.metricsPort}/metrics`;
  const common = [
    '--rollout-threads',
    String(ROLLOUT_THREADS),
    '--analysis-threads',
    String(ANALYSIS_THREADS),
    ...(options.namespace !== undefined ? ['--namespace', options.namespace] : []),
  ];
  if (kind === 'sluice') {
    const snapshotDir = options.heapSnapshotDir;
    const nodeOptions = [
      process.env['SLUICE_BENCH_CONTROLLER_NODE_OPTIONS'] ?? shippedNodeOptions(),
      ...(snapshotDir !== undefined ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshotDir}`] : []),
    ]
      .filter((option) => option !== undefined && option !== '')
      .join(' ');
    const controller = startControllerProcess({
      kubeconfigPath: options.kubeconfigPath,
      logDir: options.logDir,
      name: options.name,
      args: ['--metrics-port', String(options.metricsPort), ...common, ...extraControllerArgs()],
      ...(nodeOptions ? { env: { NODE_OPTIONS: nodeOptions } } : {}),
    });
    return {
      pid: controller.pid ?? 0,
      logPath: controller.logPath,
      metricsUrl,
      heapMetric: 'process_heap_bytes',
      ready: () => controller.log().includes('caches filled'),
      logTail: (lines) => controller.logTail(lines),
      writeHeapSnapshot: async () => {
        if (snapshotDir === undefined || controller.pid === undefined) return undefined;
        return writeHeapSnapshot(controller.pid, snapshotDir);
      },
      stop: () => controller.stop(),
    };
  }
  if (options.argoDir === undefined) throw new Error(`the ${kind} controller needs Argo Rollouts' build folder`);
  const args = [
    '--kubeconfig',
    options.kubeconfigPath,
    '--leader-elect=false',
    '--metricsPort',
    String(options.metricsPort),
    '--healthzPort',
    String(options.healthPort),
    ...common,
    ...(kind === 'argo-fast' ? ['--qps', '1000', '--burst', '2000'] : []),
  ];
  const child = spawnLogged(
    path.join(options.argoDir, 'rollouts-controller'),
    args,
    path.join(options.logDir, `${options.name}.log`),
  );
  return {
    pid: child.pid,
    logPath: child.logPath,
    metricsUrl,
    heapMetric: 'go_memstats_heap_alloc_bytes',
    // Logged once the informers' caches are synced and the workers run.
    ready: () => child.log().includes('Started controller'),
    logTail: (lines) => child.logTail(lines),
    writeHeapSnapshot: () => Promise.resolve(undefined),
    stop: () => child.stop(),
  };
}

/**
 * Sends SIGUSR2 (node's --heapsnapshot-signal) to `pid` and waits until a new .heapsnapshot file in
 * `dir` stops growing (node writes it in pieces; a large heap takes seconds); its path, or undefined
 * after 5 minutes without one.
 */
async function writeHeapSnapshot(pid: number, dir: string): Promise<string | undefined> {
  mkdirSync(dir, { recursive: true });
  const before = new Set(readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 300_000;
  let lastSize = -1;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const file = readdirSync(dir).find((name) => name.endsWith('.heapsnapshot') && !before.has(name));
    if (file === undefined) continue;
    const size = statSync(path.join(dir, file)).size;
    // Complete once its size held for a second and it ends the JSON document.
    if (size > 0 && size === lastSize && readFileSync(path.join(dir, file)).subarray(-2).toString().includes('}'))
      return path.join(dir, file);
    lastSize = size;
  }
  return undefined;
}

/**
 * The folder Argo Rollouts' module and controller were built into, or a reason when they are not
 * built (the bench never builds them: that takes minutes).
 */
export function findArgoBuild(): Promise<{ dir: string } | { reason: string }> {
  const script = path.join(repoRoot, 'test', 'compat', 'build.sh');
  return new Promise((resolve) => {
    execFile('bash', [script, '--if-built', '--argo-controller'], (error, stdout, stderr) => {
      if (error === null) resolve({ dir: stdout.trim() });
      else resolve({ reason: stderr.trim() || error.message });
    });
  });
}

/**
 * Argo Rollouts' CRDs from its module (manifests/crds, without the kustomization) and the
 * upstream Istio CRDs; without the module, the copy of Argo's CRDs in the shared folder.
 */
export function benchCrdPaths(argoDir: string | undefined): { paths: string[]; source: string } {
  const istio = path.join(upstreamCrdsDir(), 'istio');
  const moduleCrds = argoDir === undefined ? undefined : path.join(argoDir, 'src', 'manifests', 'crds');
  if (moduleCrds !== undefined && existsSync(moduleCrds)) {
    const files = readdirSync(moduleCrds)
      .filter((file) => file.endsWith('-crd.yaml'))
      .sort();
    return {
      paths: [...files.map((file) => path.join(moduleCrds, file)), istio],
      source: `Argo Rollouts' CRDs from its module (${moduleCrds})`,
    };
  }
  const shared = path.join(upstreamCrdsDir(), 'argo-rollouts');
  return { paths: [shared, istio], source: `Argo Rollouts' upstream CRDs (${shared})` };
}

/** NODE_OPTIONS of the controller Deployment in deploy/: the bench runs the controller as it is shipped. */
function shippedNodeOptions(): string | undefined {
  const deployment = parse(
    readFileSync(new URL('../../deploy/controller/deployment.yaml', import.meta.url), 'utf8'),
  ) as {
    spec: { template: { spec: { containers: Array<{ env?: Array<{ name: string; value?: string }> }> } } };
  };
  return deployment.spec.template.spec.containers[0]?.env?.find((entry) => entry.name === 'NODE_OPTIONS')?.value;
}

/** `SLUICE_BENCH_CONTROLLER_ARGS`: more `sluice controller` flags, split on spaces (e.g. `--rollout-threads 20`). */
function extraControllerArgs(): string[] {
  return (process.env['SLUICE_BENCH_CONTROLLER_ARGS'] ?? '').split(' ').filter((arg) => arg !== '');
}
