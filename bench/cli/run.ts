// Start-up time of the CLI, side by side with `node -e 0`: `sluice version` and `sluice get
// rollout` against a local runtime (started here with the canary-basic test fixture). Prints the
// median of N runs of each and its ratio to `node -e 0`. Usage: node bench/cli/run.ts [N]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import { FIXTURES, startSluice, waitForRollout } from '../../test/integration/local/runtime/sluice-run.ts';
import { CLI } from '../../test/integration/cli/cli-process.ts';

const runs = Number(process.argv[2] ?? 15);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function time(args: string[]): number {
  const samples: number[] = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    samples.push(performance.now() - started);
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return median(samples);
}

const running = await startSluice([path.join(FIXTURES, 'canary-basic')]);
try {
  await waitForRollout(running, 'default', 'colorapi', 'the rollout to be Healthy', (d) => d.rollout.status?.phase === 'Healthy');
  const baseline = time(['-e', '0']);
  const rows: Array<[string, number]> = [
    ['node -e 0', baseline],
    ['sluice version', time([CLI, 'version'])],
    ['sluice get rollout (local)', time([CLI, 'get', 'rollout', 'colorapi', '--state-dir', running.stateDir])],
  ];
  console.log(`median of ${runs} runs each`);
  for (const [what, ms] of rows) console.log(`${what.padEnd(28)} ${ms.toFixed(1).padStart(7)} ms  ${(ms / baseline).toFixed(2)}x`);
} finally {
  await running.stop();
}
