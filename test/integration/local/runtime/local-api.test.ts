// The local API around one runtime started in this process: the watch stream, the loopback Host
// check, restart and undo, delete through the CLI, and the CLI's sentence when nothing runs.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import process from 'node:process';
import { after, before, describe, it } from 'node:test';
import { readSources } from '../../../../src/cli/lint/read-sources.ts';
import { RuntimeClient } from '../../../../src/runtime/local/api/client.ts';
import type { RolloutDetail } from '../../../../src/runtime/local/api/rollout-details.ts';
import { startLocalRuntime, type LocalRuntime } from '../../../../src/runtime/local/run.ts';
import { waitFor } from '../../../support/ports.ts';
import { copyFixture, editFile, FIXTURES, IMAGES, readyPodsByHash, runCli, temporaryDir } from './sluice-run.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface WatchEvent extends Partial<RolloutDetail> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
}

function watch(apiUrl: string): { events: WatchEvent[]; close(): void } {
  const events: WatchEvent[] = [];
  let buffer = '';
  const request = http.get(`${apiUrl}/api/v1/watch`, (response) => {
    response.setEncoding('utf8').on('data', (text: string) => {
      buffer += text;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').find((line) => line.startsWith('data: '));
        if (data) events.push(JSON.parse(data.slice(6)) as WatchEvent);
      }
    });
  });
  request.on('error', () => undefined);
  return { events, close: () => request.destroy() };
}

describe('the local API', () => {
  let runtime: LocalRuntime;
  let client: RuntimeClient;
  let manifests: string;
  const detail = () => client.get<RolloutDetail>('/api/v1/rollouts/default/colorapi');
  const until = <T>(what: string, check: (d: RolloutDetail) => T | undefined | false) =>
    waitFor(what, async () => check(await detail()) || undefined, 60_000);

  before(async () => {
    manifests = copyFixture('canary-basic');
    runtime = await startLocalRuntime({
      stateDir: temporaryDir('api'),
      sources: readSources([manifests]),
      imagesFile: IMAGES,
    });
    client = new RuntimeClient(runtime.apiUrl, runtime.token);
    await until(
      'Healthy',
      (d) => d.rollout.status?.phase === 'Healthy' && readyPodsByHash(d)[d.rollout.status.stableRS ?? ''] === 5,
    );
  });
  after(async () => {
    await runtime?.stop();
  });

  it('streams the rollouts, then a change per action', async () => {
    const stream = watch(runtime.apiUrl);
    try {
      await waitFor('the initial event', async () =>
        stream.events.some((e) => e.type === 'ADDED' && e.rollout?.metadata.name === 'colorapi') ? true : undefined,
      );
      await client.post('/api/v1/rollouts/default/colorapi/pause');
      await waitFor('an event with spec.paused', async () =>
        stream.events.some((e) => e.type === 'MODIFIED' && e.rollout?.spec.paused === true) ? true : undefined,
      );
      await client.post('/api/v1/rollouts/default/colorapi/resume');
      await waitFor('an event without spec.paused', async () =>
        stream.events.at(-1)?.rollout?.spec.paused === false ? true : undefined,
      );
      const last = stream.events.at(-1);
      assert.equal(last?.replicaSets?.length, 1);
      assert.equal(last?.pods?.length, 5);
    } finally {
      stream.close();
    }
  });

  it('answers only to loopback host names', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get(`${runtime.apiUrl}/api/v1/rollouts`, { headers: { host: 'attacker.example:80' } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        })
        .on('error', reject);
    });
    assert.equal(status, 403);
  });

  it('restarts every pod through the API', async () => {
    const before = new Set((await detail()).pods.map((pod) => pod.metadata.name));
    await client.post('/api/v1/rollouts/default/colorapi/restart');
    await until('every pod replaced and restartedAt written', (d) => {
      const names = d.pods.filter((pod) => !pod.metadata.deletionTimestamp).map((pod) => pod.metadata.name);
      return (
        d.rollout.status?.restartedAt !== undefined &&
        names.length === 5 &&
        names.every((name) => !before.has(name)) &&
        readyPodsByHash(d)[d.rollout.status.stableRS ?? ''] === 5
      );
    });
  });

  it('undoes an update back to the previous revision', async () => {
    const first = (await detail()).rollout.status?.stableRS;
    editFile(path.join(manifests, 'rollout.yaml'), (text) => text.replace('colorapi:red', 'colorapi:blue'));
    await client.post('/api/v1/apply', { sources: readSources([manifests]) });
    await until(
      'the pause at step 1',
      (d) => d.rollout.status?.currentStepIndex === 1 && d.rollout.status.phase === 'Paused',
    );
    const undone = await client.post<{ rollout: RolloutDetail['rollout'] }>('/api/v1/rollouts/default/colorapi/undo');
    assert.equal(undone.rollout.spec.template?.spec?.containers[0]?.image, 'ghcr.io/sluice-examples/colorapi:red');
    await until(
      'back on the first revision, Healthy',
      (d) =>
        d.rollout.status?.phase === 'Healthy' &&
        d.rollout.status.currentPodHash === first &&
        readyPodsByHash(d)[first ?? ''] === 5,
    );
  });

  it('deletes the rollout through sluice delete: its pods and ReplicaSets go', async () => {
    const pids = (await detail()).pods.flatMap(
      (pod) =>
        (pod.status as { local?: { containers: Array<{ pid?: number }> } }).local?.containers.flatMap((c) =>
          c.pid ? [c.pid] : [],
        ) ?? [],
    );
    assert.equal(pids.length, 5);
    const deleted = await runCli([
      'delete',
      '-f',
      path.join(manifests, 'rollout.yaml'),
      '--state-dir',
      runtime.stateDir,
    ]);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal(deleted.stdout, 'Rollout default/colorapi deleted\n');
    await assert.rejects(detail(), /rollout default\/colorapi not found/);
    assert.deepEqual(runtime.store.list('ReplicaSet'), []);
    assert.equal(runtime.controller.workloadsOf('default', 'colorapi'), undefined);
    assert.equal(runtime.store.list('Service').length, 1);
    await waitFor(
      'the pod processes to stop',
      async () => (pids.every((pid) => !alive(pid)) ? true : undefined),
      30_000,
    );
  });

  it('sluice run refuses invalid manifests with the lint lines and starts nothing', async () => {
    const stateDir = temporaryDir('invalid-run');
    const invalid = path.join(FIXTURES, 'invalid-rollout.yaml');
    const result = await runCli(['run', '-f', invalid, '--state-dir', stateDir]);
    assert.equal(result.code, 1);
    assert.match(
      result.stdout,
      /invalid-rollout\.yaml:22: spec\.strategy\.canary\.steps\[0\]\.setWieght: unknown field "setWieght"/,
    );
    assert.equal(existsSync(path.join(stateDir, 'runtime.json')), false);
    assert.deepEqual(existsSync(path.join(stateDir, 'objects')) ? readdirSync(path.join(stateDir, 'objects')) : [], []);
  });

  it('says how to start a runtime when none runs', async () => {
    const empty = temporaryDir('none');
    const result = await runCli(['apply', '-f', manifests, '--state-dir', empty]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `sluice apply: no local sluice runtime is running in ${empty}/: start one with sluice run -f ...\n`,
    );
  });
});
