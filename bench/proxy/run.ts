// Proxy benchmark: requests per second and latency of calling the app directly, through the local
// mesh's gateway (VirtualService 80/20), and through nginx doing the same weighted split, in one run
// on the same cores. Throughput is measured with many connections, latency with one connection (so
// queueing does not hide the cost per request); "added" is the difference with the direct call.
// CPU per request and peak RSS are those of the serving process (nginx: master and worker) during
// the throughput run. The mesh runs with the V8 flags bin/sluice gives `sluice run`
// (run_node_flags there), as users run it; --mesh-node-flags gives others ("" for none), to compare.
// Usage: node bench/proxy/run.ts [--seconds 5] [--connections 32] [--rounds 3] [--pin] [--mesh-node-flags FLAGS]
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { freeLoopbackPort } from '../../src/platform/free-port.ts';
import { runNodeLoad, runWrk, type LoadResult, type LoadSpec } from './load.ts';
import { NGINX_CANDIDATES, nginxVersion, writeNginxConfig } from './nginx.ts';
import { cpuSeconds, residentBytes } from './process-cpu.ts';

const loadBefore = os
  .loadavg()
  .map((n) => n.toFixed(2))
  .join(' ');
const here = path.dirname(fileURLToPath(import.meta.url));
const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const seconds = option('seconds', 5);
const connections = option('connections', 32);
const rounds = Math.max(1, option('rounds', 3));
const latencySeconds = Math.max(1, Math.round(seconds / 2));

function executable(candidates: string[]): string | undefined {
  return candidates.find((c) => {
    try {
      accessSync(c, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const taskset = executable(['/usr/bin/taskset']);
const pinned = taskset && os.availableParallelism() >= 2 && process.argv.includes('--pin');
// With --pin, the proxy under test gets core 0 and the apps and the load generator share core 1.
// Unpinned (the default), every process shares all cores, the proxies alike.
const proxyPin = pinned ? [taskset, '-c', '0'] : [];
const clientPin = pinned ? [taskset, '-c', '1'] : [];
const wrk = executable(['/usr/bin/wrk', '/usr/local/bin/wrk']);
const nginx = executable(NGINX_CANDIDATES);

const children: ChildProcess[] = [];
function start(pin: string[], command: string, args: string[], stdout: 'pipe' | 'ignore' = 'pipe'): ChildProcess {
  const [program, ...prefix] = [...pin, command];
  const child = spawn(program!, [...prefix, ...args], { stdio: ['ignore', stdout, 'inherit'] });
  children.push(child);
  return child;
}
async function firstLine(child: ChildProcess): Promise<Record<string, number>> {
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return JSON.parse(chunk.toString().split('\n')[0]!) as Record<string, number>;
}
function stopAll(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
/** SIGTERM and wait: nginx's master then stops its workers (SIGKILL would leave them running). */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
process.on('exit', stopAll);

async function waitListening(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      http
        .get({ host: '127.0.0.1', port, path: '/', headers: { host: 'app' } }, (response) => {
          response.resume();
          resolve(response.statusCode === 200);
        })
        .on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing answers on port ${port}`);
}

interface Measured {
  throughput: LoadResult;
  latency: LoadResult;
  /** CPU time of the serving process per request during the throughput run, in microseconds. */
  cpuUsPerRequest: number;
  /** Peak resident memory of the serving process (and its children) during the throughput run, MB. */
  peakRssMb: number;
}

async function measure(port: number, host: string, pid: number | undefined, warmUp: boolean): Promise<Measured> {
  const spec = (c: number, s: number): LoadSpec => ({ port, host, connections: c, seconds: s, pin: clientPin });
  const load = (s: LoadSpec) => (wrk ? runWrk(wrk, s) : runNodeLoad(s));
  if (warmUp) await load(spec(connections, 1)); // JIT, keep-alive pools
  const cpuBefore = cpuSeconds(pid);
  let peakRss = residentBytes(pid) ?? NaN;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, residentBytes(pid) ?? NaN)), 100);
  const throughput = await load(spec(connections, seconds));
  clearInterval(rssTimer);
  const cpuAfter = cpuSeconds(pid);
  const cpuUsPerRequest =
    cpuBefore === undefined || cpuAfter === undefined ? NaN : ((cpuAfter - cpuBefore) * 1e6) / throughput.requests;
  const latency = await load(spec(1, latencySeconds));
  return { throughput, latency, cpuUsPerRequest, peakRssMb: peakRss / 2 ** 20 };
}

const apps = start(clientPin, process.execPath, [path.join(here, 'roles.ts'), 'app']);
const { stable, canary } = (await firstLine(apps)) as { stable: number; canary: number };
/** The node flags bin/sluice starts `sluice run` with (its `run_node_flags=(...)` line). */
function runNodeFlags(): string[] {
  const script = readFileSync(path.join(here, '../../bin/sluice'), 'utf8');
  const flags = /^run_node_flags=\(([^)]*)\)$/m.exec(script)?.[1];
  if (flags === undefined)
    throw new Error('bin/sluice has no run_node_flags=(...) line: the bench cannot start the mesh as sluice run does');
  return flags.split(/\s+/).filter(Boolean);
}
const flagsAt = process.argv.indexOf('--mesh-node-flags');
const meshFlags = flagsAt >= 0 ? (process.argv[flagsAt + 1] ?? '').split(/\s+/).filter(Boolean) : runNodeFlags();
const mesh = start(proxyPin, process.execPath, [
  ...meshFlags,
  path.join(here, 'roles.ts'),
  'mesh',
  String(stable),
  String(canary),
]);
const { gateway } = (await firstLine(mesh)) as { gateway: number };
await waitListening(gateway);

const targets: Array<{ target: string; port: number; pid: number | undefined }> = [
  { target: 'direct (app)', port: stable, pid: apps.pid },
  {
    target: `sluice mesh 80/20${meshFlags.length > 0 ? ` (${meshFlags.join(' ')})` : ''}`,
    port: gateway,
    pid: mesh.pid,
  },
];
let nginxDir: string | undefined;
let nginxProcess: ChildProcess | undefined;
if (nginx) {
  nginxDir = mkdtempSync(path.join(os.tmpdir(), 'sluice-bench-nginx-'));
  const port = await freeLoopbackPort();
  const config = writeNginxConfig(nginxDir, port, stable, canary);
  // No pipe to nginx: a worker outliving its master would hold it open.
  nginxProcess = start(proxyPin, nginx, ['-c', config, '-p', nginxDir], 'ignore');
  await waitListening(port);
  targets.push({ target: `nginx 80/20 (${nginxVersion(nginx)})`, port, pid: nginxProcess.pid });
}

// Rounds alternate between the targets, so that a change in the machine's load hits all of them;
// each figure is the median over the rounds.
const results = new Map<string, Measured[]>(targets.map((t) => [t.target, []]));
for (let round = 0; round < rounds; round++) {
  for (const { target, port, pid } of targets) results.get(target)!.push(await measure(port, 'app', pid, round === 0));
}
if (nginxProcess) await stop(nginxProcess);
stopAll();
if (nginxDir) rmSync(nginxDir, { recursive: true, force: true });

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const rows = targets.map(({ target }) => {
  const runs = results.get(target)!;
  const pick = (f: (r: Measured) => number) => median(runs.map(f));
  return {
    target,
    cpuUsPerRequest: pick((r) => r.cpuUsPerRequest),
    peakRssMb: pick((r) => r.peakRssMb),
    rpsEach: runs.map((r) => r.throughput.rps),
    result: {
      throughput: {
        ...runs[0]!.throughput,
        rps: pick((r) => r.throughput.rps),
        errors: runs.reduce((n, r) => n + r.throughput.errors, 0),
      },
      latency: {
        ...runs[0]!.latency,
        p50Ms: pick((r) => r.latency.p50Ms),
        p99Ms: pick((r) => r.latency.p99Ms),
        errors: runs.reduce((n, r) => n + r.latency.errors, 0),
      },
    },
  };
});

const direct = rows[0]!.result.latency;
const fixed = (n: number, d = 3) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const header = [
  'target',
  'rps',
  'CPU us/req',
  'RSS peak MB',
  'p50 ms',
  'p99 ms',
  'added p50 ms',
  'added p99 ms',
  'errors',
  'rps per round',
];
const table = rows.map(({ target, result, rpsEach, cpuUsPerRequest, peakRssMb }) => [
  target,
  fixed(result.throughput.rps, 0),
  fixed(cpuUsPerRequest, 1),
  fixed(peakRssMb, 1),
  fixed(result.latency.p50Ms),
  fixed(result.latency.p99Ms),
  target.startsWith('direct') ? '-' : fixed(result.latency.p50Ms - direct.p50Ms),
  target.startsWith('direct') ? '-' : fixed(result.latency.p99Ms - direct.p99Ms),
  String(result.throughput.errors + result.latency.errors),
  rpsEach.map((n) => fixed(n, 0)).join(' '),
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
const line = (cells: string[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(
  `proxy benchmark: ${seconds}s throughput at ${connections} connections, ${latencySeconds}s latency at 1 connection, median of ${rounds} alternating rounds; load by ${wrk ? 'wrk' : 'node'}; ${pinned ? 'proxy on core 0, apps and load on core 1' : 'not pinned'}; load average before: ${loadBefore}`,
);
console.log(line(header));
for (const row of table) console.log(line(row));
const meshRow = rows[1]!.result;
const nginxRow = rows[2]?.result;
if (nginxRow) {
  const ratios = rows[1]!.rpsEach.map((rps, i) => rps / rows[2]!.rpsEach[i]!);
  console.log(
    `mesh/nginx throughput: ${fixed(meshRow.throughput.rps / nginxRow.throughput.rps, 2)} (target >= 0.5); per round: ${ratios.map((r) => fixed(r, 2)).join(' ')}`,
  );
  // On a busy machine this is the steadier figure: throughput of a CPU-bound proxy is 1 / CPU per request.
  console.log(`nginx/mesh CPU per request: ${fixed(rows[2]!.cpuUsPerRequest / rows[1]!.cpuUsPerRequest, 2)}`);
  console.log(`mesh/nginx RSS peak: ${fixed(rows[1]!.peakRssMb / rows[2]!.peakRssMb, 2)}`);
} else console.log('nginx is not installed (apt-get install nginx): no reference row');
console.log(`mesh added p50: ${fixed(meshRow.latency.p50Ms - direct.p50Ms)} ms (target < 0.5)`);
console.log(
  `load average after: ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);
process.exit(0);
