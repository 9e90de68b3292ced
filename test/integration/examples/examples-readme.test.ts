// Every runnable example as examples/README.md says, on the checkout as it is: its `sluice run`
// command (the real CLI as a process, the built-in image catalogue, a state directory of the
// test's own through SLUICE_STATE_DIR), its `sluice status` command exiting 0 once the rollout is
// Healthy, and its `sluice set image` command starting a new revision. The commands are read from
// the README's table, so a command the README changes is the one tested.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { after, describe, it } from 'node:test';
import { RuntimeClient } from '../../../src/runtime/local/api/client.ts';
import type { RolloutDetail } from '../../../src/runtime/local/api/rollout-details.ts';
import { liveRuntime, readToken } from '../../../src/runtime/local/api/state-files.ts';
import { waitFor } from '../../support/ports.ts';
import { CLI, ROOT, runCli, temporaryDir } from '../local/runtime/sluice-run.ts';

interface Example {
  folder: string;
  run: string[];
  watch: string[];
  change: string[];
}

/** The rows of the README's table: `folder | run | watch | change`, each command in backquotes. */
function examples(): Example[] {
  const text = readFileSync(path.join(ROOT, 'examples/README.md'), 'utf8');
  const rows: Example[] = [];
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const folder = /^`([a-z-]+)\/`/.exec(cells[1] ?? '')?.[1];
    const command = (cell: string | undefined) => /`sluice ([^`]+)`/.exec(cell ?? '')?.[1]?.split(/\s+/);
    const [run, watch, change] = [command(cells[2]), command(cells[3]), command(cells[4])];
    if (folder && run && watch && change) rows.push({ folder, run, watch, change });
  }
  return rows;
}

const found = examples();

describe('the examples as examples/README.md runs them', { timeout: 600_000 }, () => {
  it('lists every example folder but invalid/', () => {
    assert.deepEqual(found.map((example) => example.folder).sort(), [
      'analysis',
      'blue-green',
      'canary-basic',
      'istio-host-split',
      'istio-subset-split',
    ]);
  });

  for (const example of found) {
    describe(example.folder, () => {
      const stateDir = temporaryDir(`example-${example.folder}`);
      const env = { SLUICE_STATE_DIR: stateDir };
      let output = '';
      const child = spawn(process.execPath, [CLI, ...example.run], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
      child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      after(async () => {
        child.kill('SIGTERM');
        await exited;
      });

      it(`sluice ${example.run.join(' ')}; sluice ${example.watch.join(' ')} exits 0`, async () => {
        await waitFor(`sluice run to start:\n${output}`, async () => liveRuntime(stateDir), 60_000);
        const status = await runCli(example.watch, env);
        assert.equal(status.code, 0, `${status.stdout}${status.stderr}\n--- sluice run:\n${output.slice(-3000)}`);
        assert.match(status.stdout, /Healthy/);
      });

      it(`sluice ${example.change.join(' ')} starts a new revision`, async () => {
        const changed = await runCli(example.change, env);
        assert.equal(changed.code, 0, `${changed.stdout}${changed.stderr}`);
        const name = example.watch[1] ?? '';
        const namespace = example.watch.includes('-n')
          ? (example.watch[example.watch.indexOf('-n') + 1] ?? '')
          : 'default';
        const info = liveRuntime(stateDir);
        assert.ok(info);
        const client = new RuntimeClient(info.apiUrl, readToken(stateDir) ?? '');
        await waitFor(
          'a pod of the new revision to be ready',
          async () => {
            const detail = await client.get<RolloutDetail>(`/api/v1/rollouts/${namespace}/${name}`);
            const current = detail.rollout.status?.currentPodHash;
            const stable = detail.rollout.status?.stableRS;
            return current &&
              current !== stable &&
              detail.pods.some(
                (pod) =>
                  pod.metadata.labels?.['rollouts-pod-template-hash'] === current &&
                  (pod.status?.containerStatuses ?? []).every((c) => c.ready),
              )
              ? true
              : undefined;
          },
          60_000,
        );
      });
    });
  }
});
