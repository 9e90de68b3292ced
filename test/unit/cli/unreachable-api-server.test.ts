// A cluster command against an API server that is not there (a kubeconfig pointing at a closed
// loopback port) ends with one sentence naming the server and exit code 1: no Node warning, no
// exit code 13 (the retry wait of the client once let the process end with nothing printed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

/** A loopback port that was free a moment ago and on which nothing listens now. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const commands: string[][] = [
  ['get', 'rollout', 'web'],
  ['promote', 'web'],
  ['list', 'rollouts'],
];

for (const args of commands) {
  test(`sluice ${args.join(' ')} with the API server unreachable: one clear sentence naming it, exit 1`, async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sluice-unreachable-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const server = `http://127.0.0.1:${await closedPort()}`;
    const kubeconfig = path.join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${server}\ncontexts:\n- name: c\n  context:\n    cluster: c\n    namespace: default\ncurrent-context: c\nusers: []\n`,
    );
    const env = { ...process.env, KUBECONFIG: kubeconfig, SLUICE_TARGET: '' };
    const result = spawnSync(path.join(repoRoot, 'bin', 'sluice'), args, {
      cwd: dir,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.status, 1, `exit ${result.status}, stderr: ${result.stderr}`);
    assert.equal(result.stdout, '');
    assert.doesNotMatch(result.stderr, /unsettled|Warning:|\n\s+at /);
    assert.match(
      result.stderr,
      new RegExp(
        `^sluice ${args[0]}: cannot reach the API server ${server.replace(/\./g, '\\.')}: .*ECONNREFUSED.*; check that the cluster is running`,
      ),
    );
    assert.equal(result.stderr.trim().split('\n').length, 1);
  });
}
