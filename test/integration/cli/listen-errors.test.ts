// `sluice run` and `sluice demo` on a port another socket holds: one sentence naming the server,
// the address and the flag to change, exit code 1, and the process ends (nothing left running
// keeps it alive).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { occupiedPort, type HeldPort } from '../../support/ports.ts';
import { isOneSentence, ROOT, sluice } from './cli-process.ts';

describe('the CLI on a port in use', () => {
  let held: HeldPort;
  let port: number;
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'sluice-listen-'));
  before(async () => {
    held = await occupiedPort();
    port = held.port;
  });
  after(() => {
    held.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  for (const [flag, what] of [
    ['--api-port', 'the local API server'],
    ['--gateway-port', 'the mesh gateway'],
  ] as const) {
    it(`sluice run ${flag}: says ${what} cannot listen there, and exits`, async () => {
      const result = await sluice([
        'run',
        '-f',
        path.join(ROOT, 'examples/analysis/rollout.yaml'),
        '--state-dir',
        stateDir,
        flag,
        String(port),
      ]);
      assert.equal(result.code, 1, result.stderr);
      assert.equal(
        result.stderr,
        `sluice run: ${what} cannot listen on 127.0.0.1:${port}: the port is in use; choose another with ${flag}\n`,
      );
      assert.ok(isOneSentence(result.stderr));
    });
  }

  it('sluice demo --port: names its own flag, without a stack trace', async () => {
    const result = await sluice(['demo', '--ci', '--port', String(port)]);
    assert.equal(result.code, 1);
    assert.match(
      result.stdout,
      new RegExp(
        `the mesh gateway cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use; choose another with --port\\n`,
      ),
    );
    assert.doesNotMatch(result.stdout + result.stderr, /\n\s+at /);
  });
});
