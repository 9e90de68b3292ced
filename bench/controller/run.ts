// Controller benchmark against the real control plane and kwok: N rollouts step through a canary at
// once. Per size: a fresh control plane, `sluice controller` as a child process, N Rollouts created
// and made Healthy, then
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
// Prints controller RSS (peak), CPU seconds per rollout and the percentiles, side by side.
//
//   node bench/controller/run.ts [--sizes 100,500,1000] [--phase-timeout-s 240]
//   SLUICE_BENCH_KEEP_LOGS=1 keeps the controller's log (its path is printed);
//   the controller runs with the NODE_OPTIONS of deploy/controller/deployment.yaml (its V8 heap sizes);
//   SLUICE_BENCH_CONTROLLER_NODE_OPTIONS replaces them (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof");
//   SLUICE_BENCH_CONTROLLER_ARGS adds flags to `sluice controller` (e.g. "--rollout-threads 20").
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { KubeClient } from '../../src/platform/kubernetes/client/client.ts';
import { loadConnection } from '../../src/platform/kubernetes/client/load-connection.ts';
import { coreResources } from '../../src/platform/kubernetes/client/resources.ts';
import { argoResources, istioResources } from '../../src/runtime/kubernetes/resources.ts';
import { startControlPlane } from '../../test/controlplane/control-plane.ts';
import { freePort } from '../../test/support/ports.ts';
import { startWebServer } from '../../test/support/web-server.ts';
import { startControllerProcess } from '../../test/e2e/kubernetes/support/controller-process.ts';
import { ANALYSIS_INTERVAL_SECONDS, analysisTemplate, names, objectsFor, updatePatch } from './fixtures.ts';
import { cpuSeconds, residentBytes, sampleHeapUsed, sampleResident } from './process-stats.ts';
import { percentile, Timings } from './timings.ts';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '100,500,1000' }, 'phase-timeout-s': { type: 'string', default: '240' } } });
const sizes = values.sizes.split(',').map((size) => Number(size.trim())).filter((size) => size > 0);
const phaseTimeoutMs = Number(values['phase-timeout-s']) * 1000;
const namespace = 'bench';
/** Rollouts whose analyses fail one by one. */
const SINGLE_FAILURES = 50;
/** The controller's default --rollout-threads. */
const CONTROLLER_WORKERS = 10;
const log = (message: string): void => void process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);

interface Result {
  size: number;
  peakRssMb?: number;
  /** Peak V8 heap in use (process_heap_bytes of /metrics, every 2 s). */
  peakHeapMb?: number;
  /** RSS once the caches are filled, before any rollout exists. */
  startRssMb?: number;
  cpuPerRollout?: number;
  step?: { p50?: number; p99?: number; count: number };
  floor?: { p50?: number; p99?: number };
  reaction?: { p50?: number; p99?: number; count: number; missing: number };
  burst?: { p50?: number; p99?: number; count: number; missing: number };
  /** The burst from the moment the bench turned the analyses bad (the next measurement comes within one interval). */
  burstEndToEnd?: { p50?: number; p99?: number };
  notes: string[];
  /** One-minute load average of the machine at the start and the end. */
  load: [number, number];
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function pooled<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, progress?: () => string): Promise<boolean> {
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

async function runSize(size: number): Promise<Result> {
  const result: Result = { size, notes: [], load: [os.loadavg()[0] ?? 0, 0] };
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'sluice-bench-controller-'));
  // The analyses ask /health/<rollout>; a rollout in `bad` is answered ok=false.
  const bad = new Set<string>();
  const server = await startWebServer((request) => ({ json: { ok: !bad.has(request.url.split('/').pop() ?? '') } }));
  log(`size ${size}: starting the control plane`);
  const cp = await startControlPlane({ log: (message) => log(`  ${message}`) });
  const client = new KubeClient(loadConnection({ kubeconfig: cp.kubeconfigPath, env: {} }));
  const timings = new Timings();
  const nodeOptions = process.env['SLUICE_BENCH_CONTROLLER_NODE_OPTIONS'] ?? shippedNodeOptions();
  const metricsPort = await freePort();
  const controller = startControllerProcess({
    kubeconfigPath: cp.kubeconfigPath,
    logDir,
    name: `controller-${size}`,
    args: ['--metrics-port', String(metricsPort), ...extraControllerArgs()],
    ...(nodeOptions ? { env: { NODE_OPTIONS: nodeOptions } } : {}),
  });
  const pid = controller.pid ?? 0;
  try {
    await cp.kubectl(['create', 'namespace', namespace]);
    await client.create(argoResources.analysisTemplates, namespace, analysisTemplate(`${server.url}/health/{{args.rollout}}`));
    await timings.start(client, namespace);
    await waitFor('the controller to fill its caches', () => readFileSync(controller.logPath, 'utf8').includes('caches filled'), phaseTimeoutMs);
    const cpuStart = cpuSeconds(pid) ?? 0;
    result.startRssMb = (residentBytes(pid) ?? 0) / 2 ** 20;
    const rss = sampleResident(pid);
    const heap = sampleHeapUsed(`http://127.0.0.1:${metricsPort}/metrics`);
    const istio = istioResources('v1beta1');
    const resources = { services: coreResources.services, virtualServices: istio.virtualServices, rollouts: argoResources.rollouts };
    const indexes = Array.from({ length: size }, (_, index) => index);

    log(`size ${size}: creating ${size} rollouts`);
    await pooled(indexes, 16, async (index) => {
      for (const { kind, object } of objectsFor(index)) await client.create(resources[kind], namespace, object);
    });
    let healthy = 0;
    await waitFor('the first revisions to be Healthy', () => (healthy = timings.countHealthy('registry.local/app:1')) === size, phaseTimeoutMs, () => `${healthy}/${size} Healthy`);

    log(`size ${size}: the API floor, ${size} writes ${CONTROLLER_WORKERS} at a time`);
    result.floor = await apiFloor(client, indexes);

    log(`size ${size}: phase 1, step latency`);
    await pooled(indexes, 16, async (index) => void (await client.patch(argoResources.rollouts, namespace, names(index).app, updatePatch('registry.local/app:2'))));
    const allAtZero = (): boolean => indexes.every((index) => timings.canaryWeight(names(index).app) === 0);
    const stepsDone = await waitFor('the canaries to complete', () => (healthy = timings.countHealthy('registry.local/app:2')) === size && allAtZero(), phaseTimeoutMs, () => `${healthy}/${size} done`);
    if (!stepsDone) result.notes.push(`step phase: ${healthy}/${size} rollouts completed within ${phaseTimeoutMs / 1000} s`);
    const steps = timings.stepLatencies();
    result.step = { p50: percentile(steps, 50), p99: percentile(steps, 99), count: steps.length };

    log(`size ${size}: phase 2, reaction time`);
    // The single failures' runs start ANALYSIS_INTERVAL / SINGLE_FAILURES apart, so their measurements
    // (and failures) come one by one; every other run starts at once.
    const apps = indexes.map((index) => names(index).app);
    const singles = spread(apps, SINGLE_FAILURES);
    const rest = apps.filter((app) => !singles.includes(app));
    const startAnalysis = async (app: string): Promise<void> => void (await client.patch(argoResources.rollouts, namespace, app, updatePatch('registry.local/app:3', app)));
    await pooled(rest, 16, startAnalysis);
    for (const app of singles) {
      await startAnalysis(app);
      await new Promise((resolve) => setTimeout(resolve, (ANALYSIS_INTERVAL_SECONDS * 1000) / singles.length));
    }
    let weighted = 0;
    await waitFor('the canaries to carry traffic', () => (weighted = apps.filter((app) => timings.canaryWeight(app) === 10).length) === size, phaseTimeoutMs, () => `${weighted}/${size} with weight`);
    const reactedOf = (subset: string[]): number => subset.filter((app) => timings.failedAt.has(app) && timings.canaryWeight(app) === 0).length;

    log(`size ${size}: ${singles.length} analyses turn bad; their measurements come one by one while all ${size} keep measuring`);
    for (const app of singles) bad.add(app);
    await waitFor('the single failures to go back to weight 0', () => reactedOf(singles) === singles.length, phaseTimeoutMs, () => `${reactedOf(singles)}/${singles.length} at weight 0`);
    const single = timings.reactionTimes(singles);
    result.reaction = { p50: percentile(single.times, 50), p99: percentile(single.times, 99), count: single.times.length, missing: singles.length - single.times.length };

    // All the others at once: how long the controller takes to drain a burst of aborts.
    log(`size ${size}: the other ${rest.length} analyses turn bad at once`);
    const turnedBadAt = Date.now();
    for (const app of rest) bad.add(app);
    await waitFor('the burst to go back to weight 0', () => reactedOf(rest) === rest.length, phaseTimeoutMs, () => `${rest.filter((app) => timings.failedAt.has(app)).length} failed measurements, ${reactedOf(rest)} at weight 0`);
    const burst = timings.reactionTimes(rest);
    result.burst = { p50: percentile(burst.times, 50), p99: percentile(burst.times, 99), count: burst.times.length, missing: rest.length - burst.times.length };
    const endToEnd = timings.timesToZero(rest, turnedBadAt);
    result.burstEndToEnd = { p50: percentile(endToEnd, 50), p99: percentile(endToEnd, 99) };

    const memory = rss.stop();
    result.peakRssMb = memory.peakBytes / 2 ** 20;
    result.peakHeapMb = (await heap.stop()).peakBytes / 2 ** 20;
    result.cpuPerRollout = ((cpuSeconds(pid) ?? 0) - cpuStart) / size;
    return result;
  } catch (error) {
    result.notes.push(`failed: ${(error as Error).message}`);
    log(`size ${size} failed: ${(error as Error).stack ?? String(error)}`);
    process.stderr.write(`--- controller log\n${controller.logTail(40)}\n`);
    return result;
  } finally {
    result.load[1] = os.loadavg()[0] ?? 0;
    await timings.stop();
    await controller.stop();
    client.close();
    await cp.stop();
    await server.close();
    if (process.env['SLUICE_BENCH_KEEP_LOGS'] === '1') log(`size ${size}: controller log in ${controller.logPath}`);
    else rmSync(logDir, { recursive: true, force: true });
  }
}

/** NODE_OPTIONS of the controller Deployment in deploy/: the bench runs the controller as it is shipped. */
function shippedNodeOptions(): string | undefined {
  const deployment = parse(readFileSync(new URL('../../deploy/controller/deployment.yaml', import.meta.url), 'utf8')) as {
    spec: { template: { spec: { containers: Array<{ env?: Array<{ name: string; value?: string }> }> } } };
  };
  return deployment.spec.template.spec.containers[0]?.env?.find((entry) => entry.name === 'NODE_OPTIONS')?.value;
}

/** `SLUICE_BENCH_CONTROLLER_ARGS`: more `sluice controller` flags, split on spaces (e.g. `--rollout-threads 20`). */
function extraControllerArgs(): string[] {
  return (process.env['SLUICE_BENCH_CONTROLLER_ARGS'] ?? '').split(' ').filter((arg) => arg !== '');
}

/** `count` items spread evenly over `items`. */
function spread<T>(items: T[], count: number): T[] {
  const step = Math.max(1, items.length / count);
  return Array.from({ length: Math.min(count, items.length) }, (_, i) => items[Math.floor(i * step)]!);
}

/** Milliseconds from the start to each of N ConfigMap patches' answers, with the controller's worker count in flight. */
async function apiFloor(client: KubeClient, indexes: number[]): Promise<{ p50?: number; p99?: number }> {
  await pooled(indexes, 16, async (index) => void (await client.create(coreResources.configMaps, namespace, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `floor-${index}` }, data: { n: '0' } })));
  const start = Date.now();
  const done: number[] = [];
  await pooled(indexes, CONTROLLER_WORKERS, async (index) => {
    await client.patch(coreResources.configMaps, namespace, `floor-${index}`, { data: { n: '1' } });
    done.push(Date.now() - start);
  });
  return { p50: percentile(done, 50), p99: percentile(done, 99) };
}

function cell(value: number | undefined, digits = 0, unit = ''): string {
  return value === undefined ? 'n/a' : `${value.toFixed(digits)}${unit}`;
}

// Exiting runs the 'exit' hooks that stop the controller and the control plane.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const results: Result[] = [];
for (const size of sizes) {
  const result = await runSize(size);
  results.push(result);
  log(`size ${size} measured: ${JSON.stringify(result)}`);
}

const rows: Array<[string, (result: Result) => string]> = [
  ['controller RSS (before / peak)', (r) => `${cell(r.startRssMb, 0)} / ${cell(r.peakRssMb, 0, ' MB')}`],
  ['controller V8 heap used (peak)', (r) => cell(r.peakHeapMb, 0, ' MB')],
  ['CPU seconds per rollout', (r) => cell(r.cpuPerRollout, 3, ' s')],
  ['API floor: N writes at once, p50 / p99', (r) => `${cell(r.floor?.p50, 0)} / ${cell(r.floor?.p99, 0, ' ms')}`],
  ['step latency p50', (r) => cell(r.step?.p50, 0, ' ms')],
  ['step latency p99', (r) => cell(r.step?.p99, 0, ' ms')],
  ['steps measured', (r) => String(r.step?.count ?? 0)],
  ['reaction time p50 (one failing at a time)', (r) => cell(r.reaction?.p50, 0, ' ms')],
  ['reaction time p99 (one failing at a time)', (r) => cell(r.reaction?.p99, 0, ' ms')],
  ['burst: all the others failing at once, p50 / p99', (r) => `${cell(r.burst?.p50, 0)} / ${cell(r.burst?.p99, 0, ' ms')}`],
  ['burst from turning bad (interval 10 s), p50 / p99', (r) => `${cell(r.burstEndToEnd?.p50, 0)} / ${cell(r.burstEndToEnd?.p99, 0, ' ms')}`],
  ['load average (start / end)', (r) => `${r.load[0].toFixed(1)} / ${r.load[1].toFixed(1)}`],
  ['reactions measured (one at a time + burst)', (r) => `${r.reaction?.count ?? 0} + ${r.burst?.count ?? 0}${(r.reaction?.missing ?? 0) + (r.burst?.missing ?? 0) > 0 ? ` (${(r.reaction?.missing ?? 0) + (r.burst?.missing ?? 0)} missing)` : ''}`],
];
const header = ['', ...results.map((r) => `${r.size} rollouts`)];
const table = [header, ...rows.map(([label, value]) => [label, ...results.map(value)])];
const widths = header.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
for (const row of table) console.log(row.map((text, column) => (column === 0 ? text.padEnd(widths[column]!) : text.padStart(widths[column]!))).join('  '));
console.log('targets at 1000 rollouts: step latency p99 < 1000 ms, reaction time p99 < 100 ms, RSS < 300 MB');
for (const result of results) for (const note of result.notes) console.log(`${result.size}: ${note}`);
