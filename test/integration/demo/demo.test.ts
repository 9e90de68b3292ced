// `bin/sluice demo --ci --fast` as a user runs it: to completion, exit 0, the scenario's outcomes
// in its output (2.0 promoted, 3.0 aborted by the analysis, Degraded with the reason, traffic back
// on 2.0, no failed request), and no process left behind: neither in the demo's process group nor
// any pod process it started (each pod is a process group of its own, a child of the demo).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SLUICE = path.join(ROOT, 'bin/sluice');

/** Pids of the live processes whose parent is `parent` (from /proc). */
function childrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Starts the demo as its own process group and collects the processes it starts (its pods) while it runs. */
function startDemo(args: string[]) {
  // detached: the demo leads its own process group, so the whole group can be checked afterwards.
  const demo = spawn(SLUICE, ['demo', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let output = '';
  demo.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  demo.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
  const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)));
  let running = true;
  // bin/sluice execs node, so the demo's pid is the node process that starts the pods.
  const podGroups = new Set<number>();
  const collecting = (async () => {
    while (running) {
      for (const child of childrenOf(demo.pid ?? -1)) podGroups.add(child);
      await delay(100);
    }
  })();
  const finished = exited.then(async (code) => {
    running = false;
    await collecting;
    return code;
  });
  return { demo, finished, podGroups, output: () => output };
}

function assertNothingLeft(pid: number, podGroups: Set<number>): void {
  assert.ok(podGroups.size >= 5, `the demo started ${podGroups.size} child processes; expected at least the 5 pods`);
  assert.equal(groupAlive(pid), false, 'a process of the demo group is still alive');
  const alive = [...podGroups].filter(groupAlive);
  assert.deepEqual(alive, [], `pod process groups still alive after the demo exited: ${alive.join(', ')}`);
}

test('sluice demo --ci --fast unfolds the colorapi scenario and leaves no process behind', {
  timeout: 240_000,
}, async () => {
  const { demo, finished, podGroups, output: outputOf } = startDemo(['--ci', '--fast']);
  const code = await finished;
  const output = outputOf();
  assert.equal(code, 0, output);

  assert.match(
    output,
    /rollout Healthy\n[\s\S]*== 1\.0 -> 2\.0[\s\S]*rollout Healthy/,
    'Healthy on 2.0 after the 1.0 -> 2.0 canary',
  );
  assert.match(output, /✔ 1\.0 -> 2\.0 promoted: Healthy on 2\.0/);
  assert.match(output, /analysis webcheck measurement \d+: Failed "nok"/);
  assert.match(
    output,
    /rollout Degraded: RolloutAborted: Rollout aborted update to revision 3: Metric "webcheck" assessed Failed due to failed \(2\) > failureLimit \(1\)/,
  );
  assert.match(output, /✔ 2\.0 -> 3\.0 aborted by the analysis/);
  assert.match(output, /✔ traffic back on 2\.0/);
  assert.match(output, /summary: [\d.]+s, [\d,]+ requests, 0 failed/);
  assert.match(output, /✔ 0 failed requests of [\d,]+/);
  assert.doesNotMatch(output, /✖/);
  // The x-canary requests went to the canary while the header route was in place.
  assert.match(output, /step 3\/5 pause 4s, canary 20%.*x-canary: blue 100%/);
  assertNothingLeft(demo.pid ?? -1, podGroups);
});

test('Ctrl-C (SIGINT) in the middle of the canary stops the load, the pods and the proxy, and exits 130', {
  timeout: 120_000,
}, async () => {
  const { demo, finished, podGroups, output } = startDemo(['--ci', '--fast']);
  while (!output().includes('step 3/5: pause 4s') && demo.exitCode === null) await delay(100);
  demo.kill('SIGINT');
  assert.equal(await finished, 130, output());
  assert.match(output(), /interrupted: the load, the pods and the proxy are stopped/);
  assertNothingLeft(demo.pid ?? -1, podGroups);
});
