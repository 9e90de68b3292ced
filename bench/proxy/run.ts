// Proxy benchmark: requests per second and latency of calling the app directly, through the local
// mesh's gateway (VirtualService 80/20), and through nginx doing the same weighted split, in one run
// on the same cores. Throughput is measured with many connections, latency with one connection (so
// queueing does not hide the cost per request); "added" is the difference with the direct call.
// Usage: node bench/proxy/run.ts [--seconds 5] [--connections 32] [--pin]
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { freeLoopbackPort } from '../../src/runtime/local/pods/free-port.ts';
import { runNodeLoad, runWrk, type LoadResult, type LoadSpec } from './load.ts';
import { NGINX_CANDIDATES, nginxVersion, writeNginxConfig } from './nginx.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const seconds = option('seconds', 5);
const connections = option('connections', 32);
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
function start(pin: string[], command: string, args: string[]): ChildProcess {
  const [program, ...prefix] = [...pin, command];
  const child = spawn(program!, [...prefix, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return child;
}
async function firstLine(child: ChildProcess): Promise<Record<string, number>> {
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return JSON.parse(chunk.toString().split('\n')[0]!) as Record<string, number>;
}
function stopAll(): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
}
process.on('exit', stopAll);

async function waitListening(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      http.get({ host: '127.0.0.1', port, path: '/', headers: { host: 'app' } }, (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      }).on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing answers on port ${port}`);
}

async function measure(port: number, host: string): Promise<{ throughput: LoadResult; latency: LoadResult }> {
  const spec = (c: number, s: number): LoadSpec => ({ port, host, connections: c, seconds: s, pin: clientPin });
  const load = (s: LoadSpec) => (wrk ? runWrk(wrk, s) : runNodeLoad(s));
  await load(spec(connections, 1)); // warm-up: JIT, keep-alive pools
  const throughput = await load(spec(connections, seconds));
  const latency = await load(spec(1, latencySeconds));
  return { throughput, latency };
}

const apps = start(clientPin, process.execPath, [path.join(here, 'roles.ts'), 'app']);
const { stable, canary } = (await firstLine(apps)) as { stable: number; canary: number };
const mesh = start(proxyPin, process.execPath, [path.join(here, 'roles.ts'), 'mesh', String(stable), String(canary)]);
const { gateway } = (await firstLine(mesh)) as { gateway: number };
await waitListening(gateway);

const rows: Array<{ target: string; result: { throughput: LoadResult; latency: LoadResult } }> = [];
rows.push({ target: 'direct (app)', result: await measure(stable!, 'app') });
rows.push({ target: 'sluice mesh 80/20', result: await measure(gateway, 'app') });

let nginxDir: string | undefined;
if (nginx) {
  nginxDir = mkdtempSync(path.join(os.tmpdir(), 'sluice-bench-nginx-'));
  const port = await freeLoopbackPort();
  const config = writeNginxConfig(nginxDir, port, stable!, canary!);
  start(proxyPin, nginx, ['-c', config, '-p', nginxDir]);
  await waitListening(port);
  rows.push({ target: `nginx 80/20 (${nginxVersion(nginx)})`, result: await measure(port, 'app') });
}
stopAll();
if (nginxDir) rmSync(nginxDir, { recursive: true, force: true });

const direct = rows[0]!.result.latency;
const fixed = (n: number, d = 3) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const header = ['target', 'rps', 'p50 ms', 'p99 ms', 'added p50 ms', 'added p99 ms', 'errors'];
const table = rows.map(({ target, result }) => [
  target,
  fixed(result.throughput.rps, 0),
  fixed(result.latency.p50Ms),
  fixed(result.latency.p99Ms),
  target.startsWith('direct') ? '-' : fixed(result.latency.p50Ms - direct.p50Ms),
  target.startsWith('direct') ? '-' : fixed(result.latency.p99Ms - direct.p99Ms),
  String(result.throughput.errors + result.latency.errors),
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(`proxy benchmark: ${seconds}s throughput at ${connections} connections, ${latencySeconds}s latency at 1 connection; load by ${wrk ? 'wrk' : 'node'}; ${pinned ? 'proxy on core 0, apps and load on core 1' : 'not pinned'}`);
console.log(line(header));
for (const row of table) console.log(line(row));
const meshRow = rows[1]!.result;
const nginxRow = rows[2]?.result;
if (nginxRow) console.log(`mesh/nginx throughput: ${fixed(meshRow.throughput.rps / nginxRow.throughput.rps, 2)} (target >= 0.5)`);
else console.log('nginx is not installed (apt-get install nginx): no reference row');
console.log(`mesh added p50: ${fixed(meshRow.latency.p50Ms - direct.p50Ms)} ms (target < 0.5)`);
