// examples/canary-basic end to end through `sluice run`, `sluice apply` and the local API: a new
// image goes to 1 canary pod beside 4 stable ones, waits for promotion, then becomes stable. Bad
// input and calls without the token change nothing.
import assert from 'node:assert/strict';
import path from 'node:path';
import process from 'node:process';
import { after, before, describe, it } from 'node:test';
import { ApiError, RuntimeClient } from '../../../../src/runtime/local/api/client.ts';
import { waitFor } from '../../../support/ports.ts';
import {
  copyFixture,
  editFile,
  FIXTURES,
  readyPodsByHash,
  rollout,
  runCli,
  startSluice,
  waitForRollout,
  type RunningSluice,
} from './sluice-run.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('canary-basic through sluice run', () => {
  let sluice: RunningSluice;
  let manifests: string;
  let stableHash: string;
  let canaryHash: string;

  before(async () => {
    manifests = copyFixture('canary-basic');
    sluice = await startSluice([manifests]);
  });
  after(async () => {
    await sluice?.stop();
  });

  it('deploys 5 stable pods and becomes Healthy', async () => {
    stableHash = await waitForRollout(sluice, 'default', 'colorapi', 'the first deploy to be Healthy', (d) => {
      const hash = d.rollout.status?.stableRS;
      return d.rollout.status?.phase === 'Healthy' && hash && readyPodsByHash(d)[hash] === 5 ? hash : undefined;
    });
  });

  it('applies a new image and pauses at step 1 with 1 canary and 4 stable pods', async () => {
    editFile(path.join(manifests, 'rollout.yaml'), (text) => text.replace('colorapi:red', 'colorapi:blue'));
    const applied = await runCli(['apply', '-f', manifests, '--state-dir', sluice.stateDir]);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /Rollout default\/colorapi configured/);
    assert.match(applied.stdout, /Service default\/colorapi unchanged/);
    canaryHash = await waitForRollout(sluice, 'default', 'colorapi', 'step 1 with 1 canary and 4 stable pods', (d) => {
      const status = d.rollout.status;
      const current = status?.currentPodHash;
      if (status?.phase !== 'Paused' || status.currentStepIndex !== 1 || !current || current === stableHash)
        return undefined;
      const ready = readyPodsByHash(d);
      return ready[current] === 1 && ready[stableHash] === 4 && d.pods.length === 5 ? current : undefined;
    });
    const detail = await rollout(sluice, 'default', 'colorapi');
    assert.equal(detail.rollout.status?.stableRS, stableHash);
    assert.ok(
      detail.events.some((e) => e.reason === 'RolloutPaused'),
      JSON.stringify(detail.events.map((e) => e.reason)),
    );
  });

  it('refuses mutations without the token, and changes nothing', async () => {
    const before = await rollout(sluice, 'default', 'colorapi');
    for (const token of [undefined, 'not-the-token']) {
      const client = new RuntimeClient(sluice.apiUrl, token);
      await assert.rejects(
        client.post('/api/v1/rollouts/default/colorapi/promote'),
        (error: unknown) => error instanceof ApiError && error.status === 401,
      );
      await assert.rejects(
        client.post('/api/v1/apply', { sources: [{ file: 'x.yaml', text: 'kind: Service' }] }),
        (error: unknown) => error instanceof ApiError && error.status === 401,
      );
    }
    const after = await rollout(sluice, 'default', 'colorapi');
    assert.equal(after.rollout.metadata.resourceVersion, before.rollout.metadata.resourceVersion);
  });

  it('refuses an invalid apply with the lint lines and leaves the rollout as it was', async () => {
    const before = await rollout(sluice, 'default', 'colorapi');
    const invalid = path.join(FIXTURES, 'invalid-rollout.yaml');
    const refused = await runCli(['apply', '-f', invalid, '--state-dir', sluice.stateDir]);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stdout,
      new RegExp(
        `${invalid.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:22: spec\\.strategy\\.canary\\.steps\\[0\\]\\.setWieght: unknown field "setWieght"`,
      ),
    );
    assert.match(refused.stderr, /refused, nothing was changed/);
    const after = await rollout(sluice, 'default', 'colorapi');
    assert.deepEqual(after.rollout, before.rollout);
    assert.deepEqual(
      after.replicaSets.map((rs) => [rs.metadata.name, rs.spec]),
      before.replicaSets.map((rs) => [rs.metadata.name, rs.spec]),
    );
  });

  it('promotes through the API and completes with the new image as stable', async () => {
    await sluice.client.post('/api/v1/rollouts/default/colorapi/promote');
    await waitForRollout(sluice, 'default', 'colorapi', 'the update to complete', (d) => {
      const status = d.rollout.status;
      const ready = readyPodsByHash(d);
      return status?.phase === 'Healthy' &&
        status.stableRS === canaryHash &&
        ready[canaryHash] === 5 &&
        !ready[stableHash]
        ? true
        : undefined;
    });
    const detail = await rollout(sluice, 'default', 'colorapi');
    assert.equal(detail.rollout.status?.currentStepIndex, 4);
    assert.ok(detail.events.some((e) => e.reason === 'RolloutCompleted'));
  });

  it('stops every pod process on SIGTERM', async () => {
    const detail = await rollout(sluice, 'default', 'colorapi');
    const pids = detail.pods.flatMap(
      (pod) =>
        (pod.status as { local?: { containers: Array<{ pid?: number }> } }).local?.containers.flatMap((c) =>
          c.pid ? [c.pid] : [],
        ) ?? [],
    );
    assert.ok(pids.length >= 5, `pids of the pods: ${pids.join(', ')}`);
    assert.equal(await sluice.stop(), 0);
    await waitFor(
      'every pod process to be gone',
      async () => (pids.every((pid) => !alive(pid)) ? true : undefined),
      10_000,
    );
  });
});
