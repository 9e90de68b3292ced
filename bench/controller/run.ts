// Controller benchmark against the real control plane and kwok: N rollouts step through a canary at
// once, under each controller of --controllers (controllers.ts: sluice, Argo Rollouts' own
// controller with its default flags, and Argo with its client rate limit raised). Per size, repeat
// and controller: a fresh control plane with Argo Rollouts' CRDs from its module, the controller as
// a child process (the order alternating per size and repeat), N Rollouts created and made Healthy,
// then
//   1. step latency: every image is updated; from each pause's end (startTime + duration in the
//      status) to the next canary weight the bench's VirtualService watch sees;
//   2. reaction time: every image is updated again with a background web analysis against a local
//      HTTP server (each rollout at its own path); 50 of the runs start spread over one measurement
//      interval, the others at once. Once the canaries carry traffic, those 50 answers turn bad, so
//      their failures come one by one while all N keep measuring: from the moment a failed
//      measurement shows in an AnalysisRun to the canary's weight 0 in the VirtualService. Then all
//      the others turn bad at once: the same figure for a burst of N - 50 aborts, and the burst
//      from the moment the bench turned them bad (each run's next measurement comes within one
//      interval, so this includes up to 10 s of waiting for it).
// Before phase 1, the API floor: N ConfigMap patches sent at once, as many in flight as the
// controller has rollout workers, timed from the start to each answer. A step needs two writes (the
// VirtualService and the Rollout's status), so no controller can beat about twice this floor here.
// Prints one table per size (report.ts): RSS, heap, CPU seconds per rollout and the percentiles of
// each controller (medians over --repeat), and the ratio sluice / Argo of each figure. The bench's
// watches (timings.ts) read only the objects, so they measure any controller alike.
//
//   node bench/controller/run.ts [--sizes 100,500,1000] [--controllers sluice,argo,argo-fast]
//                                [--repeat 1] [--phase-timeout-s 240] [--scale [--fleet-first]]
//                                [--headless-services] [--create-concurrency 16] [--heap-snapshot DIR]
//   --scale: the scale run (e.g. --sizes 10000 --controllers sluice): N rollouts made Healthy (the
//   time it takes), RSS and heap at rest, then phase 1 only (whether every rollout completes its
//   steps); no API floor and no analyses (at 10,000 a 10 s interval is 1,000 run writes a second);
//   --fleet-first (with --scale): the Services, VirtualServices and Rollouts are all created before
//   the controller starts (as when a controller is installed or upgraded over an existing fleet;
//   the ReplicaSets and pods are not, the controller makes them), and the time to all Healthy is
//   measured from the controller's start; the controller's RSS, heap and CPU are followed from its
//   start, so the RSS "at start" is with the fleet in its caches;
//   --create-concurrency N: creations in flight when the bench creates the rollouts (default 16);
//   --headless-services: the rollouts' Services without a cluster IP (clusterIP: None): the API
//   server allocates cluster IPs one at a time, and at 12,000 Services a create waited 2 to 3 s for
//   its IP, which made creating 10,000 rollouts take over an hour; the controller reads and writes
//   the same fields of either kind (the selector, the managed-by annotation);
//   --kubeconfig FILE: an existing cluster instead of a control plane per run (Argo Rollouts' and
//   Istio's CRDs installed, kwok or nodes for the pods); each run in a namespace of its own
//   (bench-<size>-<controller>-<n>, the controller started with --namespace), deleted after it;
//   --heap-snapshot DIR: the controller writes a V8 heap snapshot into DIR at rest after phase 1
//   (sluice only; `node bench/controller/heap-summary.ts FILE` sums it by constructor);
//   Argo's controller is built by `bash test/compat/build.sh --argo-controller` (never by the bench);
//   SLUICE_BENCH_KEEP_LOGS=1 keeps the controllers' logs (their paths are printed);
//   sluice's controller runs with the NODE_OPTIONS of deploy/controller/deployment.yaml (its V8 heap sizes);
//   SLUICE_BENCH_CONTROLLER_NODE_OPTIONS replaces them (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof");
//   SLUICE_BENCH_CONTROLLER_ARGS adds flags to `sluice controller` (e.g. "--rollout-threads 20").
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { KubeClient } from '../../src/platform/kubernetes/client/client.ts';
import { loadConnection } from '../../src/platform/kubernetes/client/load-connection.ts';
import { coreResources } from '../../src/platform/kubernetes/client/resources.ts';
import { argoResources, istioResources } from '../../src/runtime/kubernetes/resources.ts';
import { type ControlPlane, startControlPlane } from '../../test/controlplane/control-plane.ts';
import { freePort } from '../../test/support/ports.ts';
import { startWebServer } from '../../test/support/web-server.ts';
import {
  ANALYSIS_THREADS,
  type BenchController,
  benchCrdPaths,
  type ControllerKind,
  controllerKinds,
  findArgoBuild,
  ROLLOUT_THREADS,
  startBenchController,
} from './controllers.ts';
import { ANALYSIS_INTERVAL_SECONDS, analysisTemplate, names, objectsFor, updatePatch } from './fixtures.ts';
import { cpuSeconds, residentBytes, sampleHeapUsed, sampleResident, scrapeMetric } from './process-stats.ts';
import { type FigureKey, type Result, sizeTable } from './report.ts';
import { percentile, Timings } from './timings.ts';

const usage =
  'usage: node bench/controller/run.ts [--sizes 100,500,1000] [--controllers sluice,argo,argo-fast] [--repeat N] [--phase-timeout-s 240] [--scale [--fleet-first]] [--create-concurrency 16] [--headless-services] [--heap-snapshot DIR] [--kubeconfig FILE]';
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,500,1000' },
    controllers: { type: 'string', default: controllerKinds.join(',') },
    repeat: { type: 'string', default: '1' },
    'phase-timeout-s': { type: 'string', default: '240' },
    scale: { type: 'boolean', default: false },
    'fleet-first': { type: 'boolean', default: false },
    'create-concurrency': { type: 'string', default: '16' },
    'headless-services': { type: 'boolean', default: false },
    kubeconfig: { type: 'string' },
    'heap-snapshot': { type: 'string' },
  },
});
const sizes = values.sizes
  .split(',')
  .map((size) => Number(size.trim()))
  .filter((size) => size > 0);
const controllers = values.controllers
  .split(',')
  .map((name) => name.trim())
  .filter((name) => name !== '');
for (const name of controllers) {
  if (!(controllerKinds as readonly string[]).includes(name)) {
    process.stderr.write(
      `bench/controller: unknown controller '${name}' in --controllers; known: ${controllerKinds.join(', ')}\n${usage}\n`,
    );
    process.exit(2);
  }
}
const repeats = Number(values.repeat);
if (!Number.isInteger(repeats) || repeats < 1) {
  process.stderr.write(`bench/controller: --repeat ${values.repeat} is not a whole number of at least 1\n${usage}\n`);
  process.exit(2);
}
const phaseTimeoutMs = Number(values['phase-timeout-s']) * 1000;
const scale = values.scale;
const fleetFirst = values['fleet-first'];
if (fleetFirst && !scale) {
  process.stderr.write(`bench/controller: --fleet-first is a mode of the scale run: add --scale\n${usage}\n`);
  process.exit(2);
}
const headlessServices = values['headless-services'];
const createConcurrency = Number(values['create-concurrency']);
if (!Number.isInteger(createConcurrency) || createConcurrency < 1) {
  process.stderr.write(
    `bench/controller: --create-concurrency ${values['create-concurrency']} is not a whole number of at least 1\n${usage}\n`,
  );
  process.exit(2);
}
const heapSnapshotDir = values['heap-snapshot'] === undefined ? undefined : path.resolve(values['heap-snapshot']);
// node's --diagnostic-dir must exist: the controller dies writing a snapshot into a missing one.
if (heapSnapshotDir !== undefined) mkdirSync(heapSnapshotDir, { recursive: true });
const existingCluster = values.kubeconfig === undefined ? undefined : path.resolve(values.kubeconfig);
/** The namespace of the current run: 'bench' on a control plane of its own, one per run on an existing cluster. */
let namespace = 'bench';
let runs = 0;
/** Rollouts whose analyses fail one by one. */
const SINGLE_FAILURES = 50;
const log = (message: string): void =>
  void process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/** Runs `work` over `items` with at most `limit` in flight. */
async function pooled<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  progress?: () => string,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let lastLog = Date.now();
  while (Date.now() < deadline) {
    if (await check()) return true;
    if (progress && Date.now() - lastLog > 10_000) {
      log(`${what}: ${progress()}`);
      lastLog = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  log(`gave up waiting for ${what} after ${timeoutMs / 1000} s${progress ? ` (${progress()})` : ''}`);
  return false;
}

const everyLatency = [
  'stepP50',
  'stepP99',
  'reactionP50',
  'reactionP99',
  'burstP50',
  'burstP99',
  'burstEndToEndP50',
  'burstEndToEndP99',
] as const;

interface RunSetup {
  /** Folder of Argo Rollouts' build (for argo and argo-fast). */
  argoDir?: string;
  crdPaths: string[];
}

async function runOnce(size: number, kind: ControllerKind, setup: RunSetup): Promise<Result> {
  const result: Result = { size, controller: kind, figures: { loadStart: os.loadavg()[0] ?? 0 }, notes: [] };
  const figures = result.figures;
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'sluice-bench-controller-'));
  // The analyses ask /health/<rollout>; a rollout in `bad` is answered ok=false.
  const bad = new Set<string>();
  const server = await startWebServer((request) => ({ json: { ok: !bad.has(request.url.split('/').pop() ?? '') } }));
  let cp: ControlPlane | undefined;
  if (existingCluster === undefined) {
    log(`size ${size}, ${kind}: starting the control plane`);
    cp = await startControlPlane({ crdPaths: setup.crdPaths, log: (message) => log(`  ${message}`) });
  } else {
    namespace = `bench-${size}-${kind}-${++runs}`;
    log(`size ${size}, ${kind}: namespace ${namespace} of the cluster of ${existingCluster}`);
  }
  const kubeconfigPath = cp?.kubeconfigPath ?? existingCluster!;
  const client = new KubeClient(loadConnection({ kubeconfig: kubeconfigPath, env: {} }));
  const timings = new Timings();
  const metricsPort = await freePort();
  const healthPort = await freePort();
  const startController = (): BenchController =>
    startBenchController(kind, {
      kubeconfigPath,
      ...(existingCluster !== undefined ? { namespace } : {}),
      logDir,
      name: `${kind}-${size}`,
      metricsPort,
      healthPort,
      ...(setup.argoDir !== undefined ? { argoDir: setup.argoDir } : {}),
      ...(heapSnapshotDir !== undefined ? { heapSnapshotDir } : {}),
    });
  // Without --fleet-first the controller starts first and sees the rollouts created.
  let controller: BenchController | undefined = fleetFirst ? undefined : startController();
  /** The figures a phase that timed out could not give. */
  const timedOut = (...keys: Array<keyof Result['figures']>): void => {
    for (const key of keys) figures[key] = 'timeout';
  };
  try {
    await client.create(coreResources.namespaces, '', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
    await client.create(
      argoResources.analysisTemplates,
      namespace,
      analysisTemplate(`${server.url}/health/{{args.rollout}}`),
    );
    await timings.start(client, namespace);
    if (fleetFirst) {
      const created = Date.now();
      await createFleet(size, client);
      figures.createSeconds = (Date.now() - created) / 1000;
      log(`size ${size}: ${size} rollouts created in ${figures.createSeconds} s; starting the ${kind} controller`);
    }
    const startedAt = Date.now();
    const running = controller ?? (controller = startController());
    const pid = running.pid;
    // With the fleet first, memory and CPU are followed from the process's start: its caches fill
    // with the whole fleet.
    const fromStart = fleetFirst
      ? { rss: sampleResident(pid), heap: sampleHeapUsed(running.metricsUrl, running.heapMetric) }
      : undefined;
    if (!(await waitFor('the controller to fill its caches', () => running.ready(), phaseTimeoutMs))) {
      fromStart?.rss.stop();
      await fromStart?.heap.stop();
      result.notes.push(
        `the ${kind} controller did not fill its caches within ${phaseTimeoutMs / 1000} s: nothing measured`,
      );
      timedOut(...everyLatency);
      process.stderr.write(`--- ${kind} controller log\n${running.logTail(40)}\n`);
      return result;
    }
    if (fleetFirst) figures.cacheFillSeconds = (Date.now() - startedAt) / 1000;
    const cpuStart = fleetFirst ? 0 : (cpuSeconds(pid) ?? 0);
    const startRss = (residentBytes(pid) ?? 0) / 2 ** 20;
    figures.startRss = startRss;
    const rss = fromStart?.rss ?? sampleResident(pid);
    const heap = fromStart?.heap ?? sampleHeapUsed(running.metricsUrl, running.heapMetric);
    /** RSS and heap now, as figures `rss` and `heap` (the heap from one scrape of /metrics). */
    const atRest = async (rssKey: FigureKey, heapKey: FigureKey): Promise<void> => {
      const bytes = residentBytes(pid);
      if (bytes !== undefined) figures[rssKey] = bytes / 2 ** 20;
      const heapBytes = await scrapeMetric(running.metricsUrl, running.heapMetric);
      if (heapBytes !== undefined) figures[heapKey] = heapBytes / 2 ** 20;
    };
    let peaksTaken = false;
    /** The peaks and the CPU, once: before the heap snapshot, which swells the RSS by itself. */
    const takePeaks = async (): Promise<void> => {
      if (peaksTaken) return;
      peaksTaken = true;
      figures.peakRss = rss.stop().peakBytes / 2 ** 20;
      const heapPeak = (await heap.stop()).peakBytes;
      if (heapPeak !== undefined) figures.peakHeap = heapPeak / 2 ** 20;
      else result.notes.push(`no ${running.heapMetric} on ${running.metricsUrl}`);
      figures.cpuPerRollout = ((cpuSeconds(pid) ?? 0) - cpuStart) / size;
      // With the fleet first, the start is already the fleet's: the figure would say nothing.
      if (!fleetFirst) figures.peakKiBPerRollout = ((figures.peakRss - startRss) * 1024) / size;
    };
    try {
      if (scale) await measureScale(size, result, timings, client, timedOut, atRest, startedAt);
      else await measurePhases(size, result, timings, client, bad, timedOut);
      await takePeaks();
      if (heapSnapshotDir !== undefined && kind === 'sluice') {
        const file = await running.writeHeapSnapshot();
        if (file !== undefined) log(`size ${size}, ${kind}: heap snapshot ${file}`);
        else result.notes.push(`no heap snapshot appeared in ${heapSnapshotDir}`);
      }
    } finally {
      await takePeaks();
    }
    return result;
  } catch (error) {
    result.notes.push(`failed: ${(error as Error).message}`);
    log(`size ${size}, ${kind} failed: ${(error as Error).stack ?? String(error)}`);
    if (controller !== undefined) process.stderr.write(`--- ${kind} controller log\n${controller.logTail(40)}\n`);
    return result;
  } finally {
    figures.loadEnd = os.loadavg()[0] ?? 0;
    await timings.stop();
    await controller?.stop();
    if (existingCluster !== undefined)
      await client.delete(coreResources.namespaces, '', namespace).catch((error: Error) => {
        log(`could not delete namespace ${namespace}: ${error.message}`);
      });
    client.close();
    await cp?.stop();
    await server.close();
    if (process.env['SLUICE_BENCH_KEEP_LOGS'] === '1' && controller !== undefined)
      log(`size ${size}, ${kind}: controller log in ${controller.logPath}`);
    else rmSync(logDir, { recursive: true, force: true });
  }
}

/** Creates the objects of `size` rollouts, --create-concurrency rollouts at a time, logging the pace every 10 s. */
async function createFleet(size: number, client: KubeClient): Promise<void> {
  const resources = {
    services: coreResources.services,
    virtualServices: istioResources('v1beta1').virtualServices,
    rollouts: argoResources.rollouts,
  };
  const indexes = Array.from({ length: size }, (_, index) => index);
  log(`size ${size}: creating ${size} rollouts, ${createConcurrency} at a time`);
  let created = 0;
  const start = Date.now();
  const pace = setInterval(() => {
    const seconds = (Date.now() - start) / 1000;
    log(
      `  ${created}/${size} rollouts created in ${seconds.toFixed(0)} s (${(created / seconds).toFixed(1)} a second)`,
    );
  }, 10_000);
  try {
    await pooled(indexes, createConcurrency, async (index) => {
      for (const { kind, object } of objectsFor(index, headlessServices))
        await client.create(resources[kind], namespace, object);
      created++;
    });
  } finally {
    clearInterval(pace);
  }
}

/**
 * Creates the rollouts (unless --fleet-first made them before the controller started, at
 * `controllerStart`) and waits for them to be Healthy; false (with a note) when they are not in time.
 */
async function createHealthy(
  size: number,
  result: Result,
  timings: Timings,
  client: KubeClient,
  timedOut: (...keys: Array<keyof Result['figures']>) => void,
  controllerStart: number,
): Promise<boolean> {
  const start = fleetFirst ? controllerStart : Date.now();
  if (!fleetFirst) await createFleet(size, client);
  let healthy = 0;
  if (
    !(await waitFor(
      'the first revisions to be Healthy',
      () => (healthy = timings.countHealthy('registry.local/app:1')) === size,
      phaseTimeoutMs,
      () => `${healthy}/${size} Healthy`,
    ))
  ) {
    result.notes.push(`${healthy}/${size} rollouts Healthy within ${phaseTimeoutMs / 1000} s: nothing else measured`);
    result.figures.completed = 0;
    timedOut(...everyLatency, fleetFirst ? 'healthyFromStartSeconds' : 'healthySeconds');
    return false;
  }
  if (fleetFirst) result.figures.healthyFromStartSeconds = (Date.now() - start) / 1000;
  else result.figures.healthySeconds = (Date.now() - start) / 1000;
  return true;
}

/** Phase 1 (every image updated, the steps to their end): false (with a note) when not all complete in time. */
async function stepPhase(
  size: number,
  result: Result,
  timings: Timings,
  client: KubeClient,
  timedOut: (...keys: Array<keyof Result['figures']>) => void,
): Promise<void> {
  const figures = result.figures;
  const indexes = Array.from({ length: size }, (_, index) => index);
  log(`size ${size}: phase 1, step latency`);
  let patched = 0;
  const pace = setInterval(() => log(`  ${patched}/${size} images updated`), 10_000);
  try {
    await pooled(indexes, 16, async (index) => {
      await client.patch(argoResources.rollouts, namespace, names(index).app, updatePatch('registry.local/app:2'));
      patched++;
    });
  } finally {
    clearInterval(pace);
  }
  let healthy = 0;
  const allAtZero = (): boolean => indexes.every((index) => timings.canaryWeight(names(index).app) === 0);
  const stepsDone = await waitFor(
    'the canaries to complete',
    () => (healthy = timings.countHealthy('registry.local/app:2')) === size && allAtZero(),
    phaseTimeoutMs,
    () => `${healthy}/${size} done`,
  );
  const steps = timings.stepLatencies();
  figures.stepsMeasured = steps.length;
  figures.completed = healthy;
  setPercentiles(figures, 'stepP50', 'stepP99', steps);
  if (!stepsDone) {
    result.notes.push(`step phase: ${healthy}/${size} rollouts completed within ${phaseTimeoutMs / 1000} s`);
    // Every rollout through its steps, only some canary weights not seen back at 0: the step
    // latencies are all measured, and stand.
    if (healthy < size) timedOut('stepP50', 'stepP99');
    else result.notes.push('step phase: every rollout completed, but not every canary weight was seen back at 0');
  }
}

/** The scale run: the rollouts made Healthy, memory at rest, then phase 1 only. */
async function measureScale(
  size: number,
  result: Result,
  timings: Timings,
  client: KubeClient,
  timedOut: (...keys: Array<keyof Result['figures']>) => void,
  atRest: (rss: FigureKey, heap: FigureKey) => Promise<void>,
  controllerStart: number,
): Promise<void> {
  if (!(await createHealthy(size, result, timings, client, timedOut, controllerStart))) return;
  await atRest('healthyRss', 'healthyHeap');
  const stepsStart = Date.now();
  await stepPhase(size, result, timings, client, timedOut);
  result.figures.stepsSeconds = (Date.now() - stepsStart) / 1000;
  await atRest('endRss', 'endHeap');
}

/** The bench's phases, the same whatever the controller; a phase that times out marks its figures so. */
async function measurePhases(
  size: number,
  result: Result,
  timings: Timings,
  client: KubeClient,
  bad: Set<string>,
  timedOut: (...keys: Array<keyof Result['figures']>) => void,
): Promise<void> {
  const figures = result.figures;
  const indexes = Array.from({ length: size }, (_, index) => index);
  if (!(await createHealthy(size, result, timings, client, timedOut, Date.now()))) return;

  log(`size ${size}: the API floor, ${size} writes ${ROLLOUT_THREADS} at a time`);
  const floor = await apiFloor(client, indexes);
  if (floor.p50 !== undefined) figures.floorP50 = floor.p50;
  if (floor.p99 !== undefined) figures.floorP99 = floor.p99;

  await stepPhase(size, result, timings, client, timedOut);

  log(`size ${size}: phase 2, reaction time`);
  // The single failures' runs start ANALYSIS_INTERVAL / SINGLE_FAILURES apart, so their measurements
  // (and failures) come one by one; every other run starts at once.
  const apps = indexes.map((index) => names(index).app);
  const singles = spread(apps, SINGLE_FAILURES);
  const rest = apps.filter((app) => !singles.includes(app));
  const startAnalysis = async (app: string): Promise<void> =>
    void (await client.patch(argoResources.rollouts, namespace, app, updatePatch('registry.local/app:3', app)));
  await pooled(rest, 16, startAnalysis);
  for (const app of singles) {
    await startAnalysis(app);
    await new Promise((resolve) => setTimeout(resolve, (ANALYSIS_INTERVAL_SECONDS * 1000) / singles.length));
  }
  let weighted = 0;
  if (
    !(await waitFor(
      'the canaries to carry traffic',
      () => (weighted = apps.filter((app) => timings.canaryWeight(app) === 10).length) === size,
      phaseTimeoutMs,
      () => `${weighted}/${size} with weight`,
    ))
  ) {
    result.notes.push(
      `reaction phase: ${weighted}/${size} canaries carried traffic within ${phaseTimeoutMs / 1000} s: no reaction measured`,
    );
    timedOut('reactionP50', 'reactionP99', 'burstP50', 'burstP99', 'burstEndToEndP50', 'burstEndToEndP99');
    return;
  }
  const reactedOf = (subset: string[]): number =>
    subset.filter((app) => timings.failedAt.has(app) && timings.canaryWeight(app) === 0).length;

  log(
    `size ${size}: ${singles.length} analyses turn bad; their measurements come one by one while all ${size} keep measuring`,
  );
  for (const app of singles) bad.add(app);
  const singlesDone = await waitFor(
    'the single failures to go back to weight 0',
    () => reactedOf(singles) === singles.length,
    phaseTimeoutMs,
    () => `${reactedOf(singles)}/${singles.length} at weight 0`,
  );
  const single = timings.reactionTimes(singles);
  setPercentiles(figures, 'reactionP50', 'reactionP99', single.times);
  if (!singlesDone) {
    result.notes.push(
      `reaction phase: ${reactedOf(singles)}/${singles.length} single failures at weight 0 within ${phaseTimeoutMs / 1000} s`,
    );
    timedOut('reactionP50', 'reactionP99');
  }

  // All the others at once: how long the controller takes to drain a burst of aborts.
  log(`size ${size}: the other ${rest.length} analyses turn bad at once`);
  const turnedBadAt = Date.now();
  for (const app of rest) bad.add(app);
  const burstDone = await waitFor(
    'the burst to go back to weight 0',
    () => reactedOf(rest) === rest.length,
    phaseTimeoutMs,
    () =>
      `${rest.filter((app) => timings.failedAt.has(app)).length} failed measurements, ${reactedOf(rest)} at weight 0`,
  );
  const burst = timings.reactionTimes(rest);
  setPercentiles(figures, 'burstP50', 'burstP99', burst.times);
  setPercentiles(figures, 'burstEndToEndP50', 'burstEndToEndP99', timings.timesToZero(rest, turnedBadAt));
  figures.reactionsMeasured = single.times.length + burst.times.length;
  const missing = single.missing + burst.missing;
  if (missing > 0) result.notes.push(`${missing} failed measurements seen without the canary's weight 0 after them`);
  if (!burstDone) {
    result.notes.push(`burst: ${reactedOf(rest)}/${rest.length} at weight 0 within ${phaseTimeoutMs / 1000} s`);
    timedOut('burstP50', 'burstP99', 'burstEndToEndP50', 'burstEndToEndP99');
  }
}

function setPercentiles(
  figures: Result['figures'],
  p50: keyof Result['figures'],
  p99: keyof Result['figures'],
  values: number[],
): void {
  const low = percentile(values, 50);
  const high = percentile(values, 99);
  if (low !== undefined) figures[p50] = low;
  if (high !== undefined) figures[p99] = high;
}

/** `count` items spread evenly over `items`. */
function spread<T>(items: T[], count: number): T[] {
  const step = Math.max(1, items.length / count);
  return Array.from({ length: Math.min(count, items.length) }, (_, i) => items[Math.floor(i * step)]!);
}

/** Milliseconds from the start to each of N ConfigMap patches' answers, with the controller's worker count in flight. */
async function apiFloor(client: KubeClient, indexes: number[]): Promise<{ p50?: number; p99?: number }> {
  await pooled(
    indexes,
    16,
    async (index) =>
      void (await client.create(coreResources.configMaps, namespace, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `floor-${index}` },
        data: { n: '0' },
      })),
  );
  const start = Date.now();
  const done: number[] = [];
  await pooled(indexes, ROLLOUT_THREADS, async (index) => {
    await client.patch(coreResources.configMaps, namespace, `floor-${index}`, { data: { n: '1' } });
    done.push(Date.now() - start);
  });
  return { p50: percentile(done, 50), p99: percentile(done, 99) };
}

// Exiting runs the 'exit' hooks that stop the controllers and the control planes.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const setup: RunSetup = { crdPaths: [] };
const argoBuild = await findArgoBuild();
if ('dir' in argoBuild) setup.argoDir = argoBuild.dir;
else if (controllers.some((kind) => kind !== 'sluice')) {
  process.stderr.write(
    `bench/controller: Argo Rollouts' controller is needed for --controllers ${controllers.join(',')}: ${argoBuild.reason}\n`,
  );
  process.exit(1);
}
const crds = benchCrdPaths(setup.argoDir);
setup.crdPaths = crds.paths;
log(`CRDs for every controller: ${crds.source}, and Istio's upstream CRDs`);

const results: Result[] = [];
let run = 0;
for (const size of sizes) {
  for (let repeat = 0; repeat < repeats; repeat++) {
    // The order alternates from one size or repeat to the next, so no controller always runs first.
    const order = (run++ % 2 === 0 ? [...controllers] : [...controllers].reverse()) as ControllerKind[];
    for (const kind of order) {
      const result = await runOnce(size, kind, setup);
      results.push(result);
      log(`size ${size}, ${kind}, run ${repeat + 1}/${repeats} measured: ${JSON.stringify(result)}`);
    }
  }
}

console.log(
  `CRDs: ${crds.source}, for every controller; ${ROLLOUT_THREADS} rollout and ${ANALYSIS_THREADS} analysis workers each`,
);
for (const size of sizes) {
  console.log('');
  console.log(sizeTable(size, controllers as ControllerKind[], results, repeats));
}
console.log('');
console.log(
  'targets: every latency at most 1/5 of argo-fast, CPU per rollout at most 1/3 of Argo, peak memory per rollout at most 1/2 (at 100, 500, 1000);',
);
console.log(
  '         with cores of its own for the control plane, step p99 < 1 s and reaction p99 < 100 ms at 1000; 10,000 rollouts under 1.5 GB RSS, all completing',
);
for (const result of results)
  for (const note of result.notes) console.log(`${result.size}, ${result.controller}: ${note}`);
