import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { describe, it } from 'node:test';
import { NoRuntimeError, RuntimeClient } from '../../../../../src/runtime/local/api/client.ts';
import { identitiesAvailable, readIdentity } from '../../../../../src/platform/process/process-identity.ts';
import {
  liveRuntime,
  readToken,
  removeToken,
  tokenFile,
  stateDirOf,
  writeRuntimeInfo,
  writeToken,
} from '../../../../../src/runtime/local/api/state-files.ts';

describe('state files', () => {
  it('writes a fresh token readable only by its owner', (t) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sluice-token-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const first = writeToken(dir);
    const second = writeToken(dir);
    assert.match(first, /^[0-9a-f]{64}$/);
    assert.notEqual(first, second);
    assert.equal(readToken(dir), second);
    assert.equal(statSync(tokenFile(dir)).mode & 0o777, 0o600);
    assert.equal(statSync(path.dirname(tokenFile(dir))).mode & 0o777, 0o700);
    assert.ok(
      !path.resolve(tokenFile(dir)).startsWith(`${path.resolve(dir)}${path.sep}`),
      'the token is kept out of the state directory',
    );
    removeToken(dir);
    assert.equal(readToken(dir), undefined);
  });

  it('finds a runtime only while its process lives', (t) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sluice-info-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    assert.equal(liveRuntime(dir), undefined);
    writeRuntimeInfo(dir, { apiUrl: 'http://127.0.0.1:1', pid: process.pid, startedAt: '2026-01-02T15:04:05Z' });
    assert.equal(liveRuntime(dir)?.pid, process.pid);
    writeRuntimeInfo(dir, { apiUrl: 'http://127.0.0.1:1', pid: 2 ** 22 + 12345, startedAt: '2026-01-02T15:04:05Z' });
    assert.equal(liveRuntime(dir), undefined);
    // A live pid whose start time is not the recorded one is a reused pid, not the runtime.
    writeRuntimeInfo(dir, {
      apiUrl: 'http://127.0.0.1:1',
      pid: process.pid,
      startedAt: '2026-01-02T15:04:05Z',
      pidStartTime: 'another-boot:1',
    });
    assert.equal(liveRuntime(dir), identitiesAvailable() ? undefined : liveRuntime(dir));
    const own = readIdentity(process.pid);
    if (own) {
      writeRuntimeInfo(dir, {
        apiUrl: 'http://127.0.0.1:1',
        pid: process.pid,
        startedAt: '2026-01-02T15:04:05Z',
        pidStartTime: own.startTime,
      });
      assert.equal(liveRuntime(dir)?.pid, process.pid);
      writeRuntimeInfo(dir, { apiUrl: 'http://127.0.0.1:1', pid: 2 ** 22 + 12345, startedAt: '2026-01-02T15:04:05Z' });
    }
    assert.throws(
      () => RuntimeClient.connect(dir),
      (error: unknown) =>
        error instanceof NoRuntimeError &&
        error.message === `no local sluice runtime is running in ${dir}/: start one with sluice run -f ...`,
    );
  });

  const cases: Array<[string | undefined, Record<string, string>, string]> = [
    [undefined, {}, '.sluice'],
    [undefined, { SLUICE_STATE_DIR: '/tmp/x' }, '/tmp/x'],
    ['here', { SLUICE_STATE_DIR: '/tmp/x' }, 'here'],
  ];
  for (const [flag, env, expected] of cases) {
    it(`state dir: flag ${flag ?? '-'}, env ${env['SLUICE_STATE_DIR'] ?? '-'} -> ${expected}`, () => {
      assert.equal(stateDirOf(flag, env), expected);
    });
  }
});
