// CPU profile of the mesh gateway under load: starts the apps and the mesh (with --cpu-prof), drives
// the gateway with wrk (or the node load loop) for a few seconds, stops the mesh cleanly so it writes
// its profile, and prints where the time went: self time per function and per source file.
// Usage: node bench/proxy/profile.ts [--seconds 8] [--connections 32] [--top 40] [--keep DIR]
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { runNodeLoad, runWrk } from './load.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const option = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
};
const seconds = Number(option('seconds', '8'));
const connections = Number(option('connections', '32'));
const top = Number(option('top', '40'));
const keep = option('keep', '');
const wrk = ['/usr/bin/wrk', '/usr/local/bin/wrk'].find((c) => {
  try {
    accessSync(c, constants.X_OK);
    return true;
  } catch {
    return false;
  }
});

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

async function firstLine(child: ChildProcess): Promise<Record<string, number>> {
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return JSON.parse(chunk.toString().split('\n')[0]!) as Record<string, number>;
}

function summarise(profile: Profile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const file = frame.url.replace(/^file:\/\/.*\/(src|bench)\//, '$1/').replace(/^node:/, 'node:') || '(native)';
    const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
  }
  const print = (title: string, map: Map<string, number>, n: number) => {
    console.log(`\n${title}`);
    for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n))
      console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`);
  };
  print('self time by function', byFunction, top);
  print('self time by file', byFile, 25);
}

const dir = keep || mkdtempSync(path.join(os.tmpdir(), 'sluice-proxy-profile-'));
const apps = spawn(process.execPath, [path.join(here, 'roles.ts'), 'app'], { stdio: ['ignore', 'pipe', 'inherit'] });
const { stable, canary } = (await firstLine(apps)) as { stable: number; canary: number };
const mesh = spawn(
  process.execPath,
  ['--cpu-prof', '--cpu-prof-dir', dir, path.join(here, 'roles.ts'), 'mesh', String(stable), String(canary)],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const { gateway } = (await firstLine(mesh)) as { gateway: number };
try {
  const spec = { port: gateway, host: 'app', connections, seconds, pin: [] };
  const result = wrk ? await runWrk(wrk, spec) : await runNodeLoad(spec);
  console.log(
    `load: ${result.rps.toFixed(0)} rps, p50 ${result.p50Ms.toFixed(3)} ms, errors ${result.errors} (profiling slows the proxy)`,
  );
} finally {
  mesh.kill('SIGTERM');
  await once(mesh, 'exit');
  apps.kill('SIGTERM');
}
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`the mesh wrote no profile into ${dir}`);
summarise(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile);
if (keep) console.log(`\nprofile kept in ${path.join(dir, file)}`);
else rmSync(dir, { recursive: true, force: true });
