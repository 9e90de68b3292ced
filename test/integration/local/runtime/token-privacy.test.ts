// The API token is kept from the pods: it is in no file of the state directory nor of a pod's
// working directory, and in no pod's environment; the CLI still finds it through the state directory.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readSources } from '../../../../src/cli/lint/read-sources.ts';
import { RuntimeClient } from '../../../../src/runtime/local/api/client.ts';
import { tokenFile } from '../../../../src/runtime/local/api/state-files.ts';
import { startLocalRuntime, type LocalRuntime } from '../../../../src/runtime/local/run.ts';
import { waitFor } from '../../../support/ports.ts';
import { copyFixture, IMAGES, temporaryDir } from './sluice-run.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : entry.isFile() ? [full] : [];
  });
}

function inside(file: string, dir: string): boolean {
  return path.resolve(file).startsWith(`${path.resolve(dir)}${path.sep}`);
}

describe('the API token and the pods', {
  skip: existsSync('/proc/self/environ') ? false : "reads the pods' environment from /proc (Linux)",
}, () => {
  let runtime: LocalRuntime;
  let pids: number[];
  before(async () => {
    runtime = await startLocalRuntime({
      stateDir: temporaryDir('token'),
      sources: readSources([copyFixture('canary-basic')]),
      imagesFile: IMAGES,
    });
    pids = await waitFor(
      'five pods with a process',
      async () => {
        const statuses = [
          ...(runtime.controller.workloadsOf('default', 'colorapi')?.podStatuses().values() ?? []),
        ].flat();
        const found = statuses.flatMap((pod) => pod.containers.flatMap((c) => (c.pid ? [c.pid] : [])));
        return found.length === 5 ? found : undefined;
      },
      60_000,
    );
  });
  after(async () => {
    await runtime?.stop();
  });

  it('is in no file of the state directory', () => {
    const holding = filesUnder(runtime.stateDir).filter((file) => readFileSync(file, 'utf8').includes(runtime.token));
    assert.deepEqual(holding, []);
    assert.ok(!inside(tokenFile(runtime.stateDir), runtime.stateDir));
    assert.equal(statSync(tokenFile(runtime.stateDir)).mode & 0o777, 0o600);
  });

  it("is in no pod's environment, and not under a pod's working directory", () => {
    for (const pid of pids) {
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
      assert.ok(!environ.includes(runtime.token), `pod process ${pid} has the token in its environment`);
      assert.ok(
        !environ.includes(path.resolve(runtime.stateDir)),
        `pod process ${pid} is pointed at the state directory`,
      );
      assert.ok(
        !inside(tokenFile(runtime.stateDir), readlinkSync(`/proc/${pid}/cwd`)),
        `the token is under the working directory of pod process ${pid}`,
      );
    }
  });

  it('is found by the CLI through the state directory', async () => {
    const client = RuntimeClient.connect(runtime.stateDir);
    const answer = await client.post<{ patch: unknown }>('/api/v1/rollouts/default/colorapi/pause');
    assert.ok(answer.patch);
  });
});
