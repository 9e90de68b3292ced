// terminateGroup on real processes: one that stops on SIGTERM exits by it before the grace period;
// one that ignores SIGTERM is killed when the grace period is over, with every process of its group.
import assert from 'node:assert/strict';
import process from 'node:process';
import { describe, it } from 'node:test';
import { spawnGroup, terminateGroup } from '../../../../src/platform/process/process-group.ts';
import { identitiesAvailable, readIdentity } from '../../../../src/platform/process/process-identity.ts';

function node(source: string) {
  return { program: process.execPath, args: ['-e', source], env: { PATH: process.env['PATH'] ?? '' } };
}

async function started(source: string): Promise<{ child: Awaited<ReturnType<typeof spawnGroup>>; grandchild: number }> {
  let output = '';
  let ready!: () => void;
  const readyPromise = new Promise<void>((resolve) => (ready = resolve));
  const child = await spawnGroup(node(source), {
    onStdout: (text) => {
      output += text;
      if (output.includes('\n')) ready();
    },
  });
  await readyPromise;
  return { child, grandchild: Number(output.trim()) };
}

/** A zombie (killed, not yet reaped by whoever adopted it) counts as gone; without /proc, process.kill(pid, 0) tells. */
function alive(pid: number): boolean {
  if (identitiesAvailable()) return readIdentity(pid) !== undefined;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Starts a grandchild in the same group (it sleeps), prints its pid, then waits.
const parent = (onTerm: string) => `
const { spawn } = require('node:child_process');
const grandchild = spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'], { stdio: 'ignore' });
process.on('SIGTERM', () => { ${onTerm} });
console.log(grandchild.pid);
setInterval(() => {}, 1000);
`;

describe('terminateGroup', () => {
  it('lets a process that stops on SIGTERM exit by it, well before the grace period', async () => {
    const { child, grandchild } = await started(parent('process.exit(0)'));
    const began = performance.now();
    const exit = await terminateGroup(child, 30_000);
    assert.equal(exit.exitCode, 0);
    assert.ok(performance.now() - began < 10_000, 'did not wait for the grace period');
    assert.equal(alive(grandchild), false, 'the rest of the group is killed once the leader has exited');
  });

  it('kills a process that ignores SIGTERM, and its group, once the grace period is over', async () => {
    const { child, grandchild } = await started(parent('/* ignored */'));
    const began = performance.now();
    const exit = await terminateGroup(child, 300);
    assert.equal(exit.signal, 'SIGKILL');
    assert.equal(exit.exitCode, 137);
    assert.ok(performance.now() - began >= 290, 'waited for the grace period');
    assert.equal(alive(grandchild), false);
  });
});
