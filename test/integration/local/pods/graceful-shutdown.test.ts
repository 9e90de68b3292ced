// A program that stops its pods itself on SIGTERM keeps its process groups until its shutdown is
// over: explicitly with installProcessGroupCleanup({ gracefulShutdown }), and also when its own
// handler was registered with process.once before the first group (a handler that is already
// removed from the listeners when the signal is delivered). A second signal forces the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { eventually, isGroupAlive } from './wait.ts';

const PROGRAM = fileURLToPath(new URL('./shutdown-program.ts', import.meta.url));

async function startProgram(mode: 'opt-in' | 'once' | 'unhandled') {
  const child = spawn(process.execPath, [PROGRAM, mode], { stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const { group } = await eventually('the group pid', () =>
    output.includes('\n') ? (JSON.parse(output.split('\n')[0] ?? '') as { group: number }) : undefined,
  );
  assert.ok(isGroupAlive(group));
  return { child, group, exited, output: () => output };
}

for (const mode of ['opt-in', 'once'] as const) {
  test(`${mode}: the groups live until the program's own shutdown is over, then the program exits 0`, {
    timeout: 30_000,
  }, async () => {
    const program = await startProgram(mode);
    program.child.kill('SIGTERM');
    await eventually('the shutdown to start', () => program.output().includes('shutting down'));
    assert.ok(isGroupAlive(program.group), 'the group was killed while the shutdown was still running');
    program.child.stdin.write('go\n');
    assert.deepEqual(await program.exited, { code: 0, signal: null });
    assert.match(program.output(), /done\n/);
    await eventually('the group gone', () => !isGroupAlive(program.group));
  });
}

test('opt-in: a second signal during the shutdown kills the groups and ends the program with it', {
  timeout: 30_000,
}, async () => {
  const program = await startProgram('opt-in');
  program.child.kill('SIGTERM');
  await eventually('the shutdown to start', () => program.output().includes('shutting down'));
  program.child.kill('SIGTERM');
  assert.deepEqual(await program.exited, { code: null, signal: 'SIGTERM' });
  assert.doesNotMatch(program.output(), /done/);
  await eventually('the group gone', () => !isGroupAlive(program.group));
});

test('unhandled: the signal kills the groups and ends the program', { timeout: 30_000 }, async () => {
  const program = await startProgram('unhandled');
  program.child.kill('SIGTERM');
  assert.deepEqual(await program.exited, { code: null, signal: 'SIGTERM' });
  await eventually('the group gone', () => !isGroupAlive(program.group));
});
