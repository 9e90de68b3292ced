// One runtime per state directory, with a lock a dead process cannot hold: a second start is
// refused with the pid and API address of the first; a start after the holder was SIGKILLed is
// accepted at once; a pid recorded in runtime.json that now belongs to another process blocks
// nothing, nor does a killed runtime that its parent has not reaped yet.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { after, describe, it } from 'node:test';
import { acquireInstanceLock } from '../../../../src/runtime/local/api/instance-lock.ts';
import { prepareStateDir, readRuntimeInfo, writeRuntimeInfo } from '../../../../src/runtime/local/api/state-files.ts';
import { RuntimeAlreadyRunningError, startLocalRuntime, type LocalRuntime } from '../../../../src/runtime/local/run.ts';
import { CLI, ROOT, temporaryDir } from './sluice-run.ts';
import { waitFor } from '../../../support/ports.ts';

/** A process that takes the lock of `stateDir`, says so, and holds it until killed. */
async function lockHolder(stateDir: string): Promise<{ pid: number; kill(): Promise<void> }> {
  const script = `
    import { acquireInstanceLock } from './src/runtime/local/api/instance-lock.ts';
    const acquired = await acquireInstanceLock(process.argv[1]);
    if (!('lock' in acquired)) { console.log('held'); process.exit(2); }
    acquired.lock.describe({ pid: process.pid, apiUrl: 'http://127.0.0.1:4242' });
    console.log('locked');
    setInterval(() => undefined, 60_000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, stateDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  assert.equal(line.toString().trim(), 'locked');
  const exited = once(child, 'exit');
  return {
    pid: child.pid!,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

describe('the single-instance lock', () => {
  const runtimes: LocalRuntime[] = [];
  const children: Array<{ kill(): Promise<void> }> = [];
  after(async () => {
    await Promise.all(runtimes.map((runtime) => runtime.stop()));
    await Promise.all(children.map((child) => child.kill()));
  });

  it('is refused while held, naming the holder, and free the moment the holder is SIGKILLed', async () => {
    const stateDir = temporaryDir('lock');
    prepareStateDir(stateDir);
    const holder = await lockHolder(stateDir);
    const refused = await acquireInstanceLock(stateDir);
    assert.deepEqual('heldBy' in refused ? refused.heldBy : refused, {
      pid: holder.pid,
      apiUrl: 'http://127.0.0.1:4242',
    });
    await assert.rejects(
      startLocalRuntime({ stateDir }),
      (error: unknown) =>
        error instanceof RuntimeAlreadyRunningError &&
        error.message ===
          `a sluice runtime is already running in ${stateDir}/ (pid ${holder.pid}, API http://127.0.0.1:4242): stop it first, or use another --state-dir`,
    );

    await holder.kill();
    const taken = await acquireInstanceLock(stateDir);
    assert.ok('lock' in taken, 'the lock of a killed holder is free at once');
    await taken.lock.release();
  });

  it('is not blocked by a recorded pid that now belongs to another live process', async () => {
    const stateDir = temporaryDir('reused-pid');
    prepareStateDir(stateDir);
    // What runtime.json says after a SIGKILL, once the pid was handed to an unrelated process.
    const other = spawn('sleep', ['600'], { stdio: 'ignore' });
    await once(other, 'spawn');
    children.push({
      kill: async () => {
        other.kill('SIGKILL');
        await once(other, 'exit');
      },
    });
    writeRuntimeInfo(stateDir, { apiUrl: 'http://127.0.0.1:1', pid: other.pid!, startedAt: '2026-01-02T15:04:05Z' });
    const runtime = await startLocalRuntime({ stateDir });
    runtimes.push(runtime);
    await assert.rejects(
      startLocalRuntime({ stateDir }),
      (error: unknown) =>
        error instanceof RuntimeAlreadyRunningError &&
        error.message.includes(`(pid ${process.pid}, API ${runtime.apiUrl})`),
    );
  });

  it('is not blocked by a runtime killed a moment ago and not yet reaped (a zombie)', async () => {
    const stateDir = temporaryDir('zombie');
    const manifests = temporaryDir('zombie-manifests');
    writeFileSync(
      path.join(manifests, 'service.yaml'),
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n',
    );
    // `sleep` becomes the parent of sluice run and never reaps it: once killed, it stays a zombie.
    const parent = spawn(
      'sh',
      [
        '-c',
        '"$0" "$@" >/dev/null 2>&1 & exec sleep 600',
        process.execPath,
        CLI,
        'run',
        '-f',
        manifests,
        '--state-dir',
        stateDir,
      ],
      { stdio: 'ignore' },
    );
    children.push({
      kill: async () => {
        parent.kill('SIGKILL');
        await once(parent, 'exit');
      },
    });
    const runtime = await waitFor('sluice run to start', async () => readRuntimeInfo(stateDir), 60_000);
    process.kill(runtime.pid, 'SIGKILL');
    await waitFor('the killed runtime to be a zombie', async () =>
      readFileSync(`/proc/${runtime.pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ? true : undefined,
    );
    const restarted = await startLocalRuntime({ stateDir });
    runtimes.push(restarted);
    assert.equal(readRuntimeInfo(stateDir)?.pid, process.pid);
  });

  it('waits for a holder that is going away (it accepts but no longer answers) instead of refusing', async () => {
    const stateDir = temporaryDir('dying');
    prepareStateDir(stateDir);
    // What a killed runtime looks like while its threads end: the socket still listens, nothing answers.
    const script = `
      import net from 'node:net';
      import { lockAddress } from './src/runtime/local/api/instance-lock.ts';
      const server = net.createServer(() => undefined);
      server.listen(lockAddress(process.argv[1]), () => { console.log('locked'); setTimeout(() => process.exit(0), 700); });
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, stateDir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    assert.equal(line.toString().trim(), 'locked');
    const taken = await acquireInstanceLock(stateDir);
    assert.ok('lock' in taken, `the lock once the dying holder is gone, not ${JSON.stringify(taken)}`);
    await taken.lock.release();
  });
});
