import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { eventually, isAlive, isGroupAlive } from './wait.ts';

const RUNTIME = fileURLToPath(new URL('./runtime-with-pod.ts', import.meta.url));

async function runtimeWithPod(mode: 'wait' | 'exit') {
  const runtime = spawn(process.execPath, [RUNTIME, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  runtime.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  const exited = new Promise<number | null>((resolve) => runtime.once('exit', (code) => resolve(code)));
  const pids = await eventually('the pod pids', () =>
    output.includes('\n')
      ? (JSON.parse(output.split('\n')[0] ?? '') as { group: number; grandchild: number })
      : undefined,
  );
  return { runtime, pids, exited };
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} to the runtime leaves no pod process behind`, { timeout: 60_000 }, async () => {
    const { runtime, pids, exited } = await runtimeWithPod('wait');
    assert.ok(isGroupAlive(pids.group) && isAlive(pids.grandchild));
    runtime.kill(signal);
    await exited;
    await eventually('the pod processes gone', () => !isGroupAlive(pids.group) && !isAlive(pids.grandchild));
  });
}

test('a runtime that exits by itself leaves no pod process behind', { timeout: 60_000 }, async () => {
  const { pids, exited } = await runtimeWithPod('exit');
  assert.equal(await exited, 0);
  await eventually('the pod processes gone', () => !isGroupAlive(pids.group) && !isAlive(pids.grandchild));
});
