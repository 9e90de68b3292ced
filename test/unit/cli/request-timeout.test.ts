// --request-timeout (kubectl's flag, on every command of Argo's plugin): parsed as kubectl does,
// and a server that accepts but never answers is given up on after that long, in one sentence.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { requestTimeoutOf } from '../../../src/cli/shared/target-flags.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

describe('--request-timeout', () => {
  it('reads a Go duration or whole seconds; 0 is no limit', () => {
    assert.equal(requestTimeoutOf(undefined), undefined);
    assert.equal(requestTimeoutOf('1m30s'), 90_000);
    assert.equal(requestTimeoutOf('5'), 5_000);
    assert.equal(requestTimeoutOf('0'), 2_147_483_647);
    assert.throws(
      () => requestTimeoutOf('soon'),
      /--request-timeout takes a duration such as 10s or 1m \(0: never\), not "soon"/,
    );
    assert.throws(() => requestTimeoutOf('-1s'), /cannot be negative/);
  });

  it('gives up on a server that never answers after that long, in one sentence, exit 1', async (t) => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    t.after(() => {
      for (const socket of sockets) socket.destroy();
      silent.close();
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'sluice-request-timeout-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const server = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    const env = { ...process.env, HOME: dir, KUBECONFIG: '', SLUICE_TARGET: '' };
    const result = spawnSync(
      path.join(repoRoot, 'bin', 'sluice'),
      ['get', 'rollout', 'web', '--server', server, '--request-timeout', '200ms'],
      { cwd: dir, env, encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(result.status, 1, `exit ${result.status}, stderr: ${result.stderr}`);
    assert.match(result.stderr, /^sluice get: .*no answer from http:\/\/127\.0\.0\.1:\d+ within 200 ms/);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  });
});
