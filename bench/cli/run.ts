// Start-up time of the CLI as a user runs it (bin/sluice), side by side with `node -e 0`:
// `sluice version` and `sluice get rollout` against a local runtime (started here with the
// canary-basic test fixture). Prints, for each, the median of N runs and its ratio to `node -e 0`:
// wall-clock time (what a user waits) and CPU time (user + system, of the process and all its
// children, read with bash's `times`), which a busy machine distorts much less than the wall
// clock. Every command runs under the same `bash -c` for that, so each row carries the same few
// ms of it. The rows take turns (one run of each per round), so a change in the machine's load
// weighs on all of them alike; two warm-up rounds are not counted. `sluice version (npm package)`
// is the packed CLI as npm installs it: `npm pack` (its prepack bundles the CLI), then
// `npm install` of the tarball into a temporary prefix, run from there (the target: 2.5x at most).
//
// Usage: node bench/cli/run.ts [N] [--compare]
//   --compare  also the same commands from the sources (no bundle), without the bash wrapper
//              (node dist/cli/current/main.js), and with Node's compile cache (NODE_COMPILE_CACHE)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { FIXTURES, startSluice, waitForRollout } from '../../test/integration/local/runtime/sluice-run.ts';
import { ROOT, SLUICE } from '../../test/integration/cli/cli-process.ts';
import { packAndInstall } from '../../test/integration/package/npm-install.ts';

const runs = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 15);
const compare = process.argv.includes('--compare');
const WARM_UP_ROUNDS = 2;

interface Row {
  what: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  wall: number[];
  cpu: number[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

// Runs the command, then prints the CPU time of the shell's children (its second line) to fd 3.
const TIMED = '"$@" >/dev/null; status=$?; times >&3; exit $status';

function seconds(text: string): number {
  const match = /^(\d+)m([\d.]+)s$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
}

function timeOnce(row: Row): { wall: number; cpu: number } {
  const started = performance.now();
  const result = spawnSync('bash', ['-c', TIMED, 'bash', row.command, ...row.args], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    cwd: ROOT,
    env: { ...process.env, ...row.env },
  });
  const wall = performance.now() - started;
  if (result.status !== 0) throw new Error(`${row.what} exited ${result.status}: ${result.stderr}`);
  const children =
    String(result.output[3] ?? '')
      .split('\n')[1]
      ?.split(' ') ?? [];
  const cpu = (seconds(children[0] ?? '') + seconds(children[1] ?? '')) * 1000;
  return { wall, cpu };
}

function load(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

// The first run after a change of the sources builds the bundle: done here, outside the timing.
const prepared = spawnSync(SLUICE, ['version'], { stdio: ['ignore', 'ignore', 'inherit'], cwd: ROOT });
if (prepared.status !== 0) throw new Error(`bin/sluice version exited ${prepared.status}`);

// The npm package, installed from its tarball with no registry.
const packageDir = mkdtempSync(path.join(os.tmpdir(), 'sluice-bench-npm-'));
packAndInstall(packageDir);
const PACKED_SLUICE = path.join(packageDir, 'prefix/node_modules/.bin/sluice');

const compileCache = mkdtempSync(path.join(os.tmpdir(), 'sluice-bench-compile-cache-'));
const running = await startSluice([path.join(FIXTURES, 'canary-basic')]);
try {
  await waitForRollout(
    running,
    'default',
    'colorapi',
    'the rollout to be Healthy',
    (d) => d.rollout.status?.phase === 'Healthy',
  );
  const commands: Array<[string, string[]]> = [
    ['sluice version', ['version']],
    ['sluice get rollout (local)', ['get', 'rollout', 'colorapi', '--state-dir', running.stateDir]],
  ];
  const rows: Row[] = [{ what: 'node -e 0', command: process.execPath, args: ['-e', '0'], wall: [], cpu: [] }];
  for (const [what, args] of commands) {
    rows.push({ what, command: SLUICE, args, wall: [], cpu: [] });
    if (args[0] === 'version')
      rows.push({ what: `${what} (npm package)`, command: PACKED_SLUICE, args, wall: [], cpu: [] });
    if (!compare) continue;
    rows.push({
      what: `  from the sources`,
      command: SLUICE,
      args,
      env: { SLUICE_FROM_SOURCES: '1' },
      wall: [],
      cpu: [],
    });
    rows.push({
      what: `  bundle, no wrapper`,
      command: process.execPath,
      args: [path.join(ROOT, 'dist/cli/current/main.js'), ...args],
      wall: [],
      cpu: [],
    });
    rows.push({
      what: `  with compile cache`,
      command: SLUICE,
      args,
      env: { NODE_COMPILE_CACHE: compileCache },
      wall: [],
      cpu: [],
    });
  }
  const loadBefore = load();
  for (let round = 0; round < WARM_UP_ROUNDS + runs; round++) {
    for (const row of rows) {
      const { wall, cpu } = timeOnce(row);
      if (round < WARM_UP_ROUNDS) continue;
      row.wall.push(wall);
      row.cpu.push(cpu);
    }
  }
  const wallBaseline = median(rows[0]?.wall ?? []);
  const cpuBaseline = median(rows[0]?.cpu ?? []);
  console.log(
    `median of ${runs} runs each (after ${WARM_UP_ROUNDS} warm-up rounds), ${os.cpus().length} CPUs, load average ${loadBefore} before, ${load()} after`,
  );
  console.log(`${''.padEnd(28)} ${'wall'.padStart(10)} ${''.padEnd(6)} ${'CPU'.padStart(10)}`);
  for (const row of rows) {
    const wall = median(row.wall);
    const cpu = median(row.cpu);
    console.log(
      `${row.what.padEnd(28)} ${wall.toFixed(1).padStart(7)} ms ${`${(wall / wallBaseline).toFixed(2)}x`.padStart(6)} ${cpu.toFixed(0).padStart(7)} ms ${`${(cpu / cpuBaseline).toFixed(2)}x`.padStart(6)}`,
    );
  }
} finally {
  await running.stop();
  rmSync(compileCache, { recursive: true, force: true });
  rmSync(packageDir, { recursive: true, force: true });
}
