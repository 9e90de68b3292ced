// A canary step `pause: {duration: 720h}` through `sluice run`: the rollout pauses and the runtime
// waits quietly. The pause is longer than one Node timer takes (2^31-1 ms, about 24.8 days); such a
// timer fires after 1 ms with a TimeoutOverflowWarning, and the runtime would reconcile in a loop.
import assert from 'node:assert/strict';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import {
  copyFixture,
  editFile,
  rollout,
  runCli,
  startSluice,
  waitForRollout,
  type RunningSluice,
} from './sluice-run.ts';

describe('a 720h pause in the local runtime', () => {
  let sluice: RunningSluice;
  let manifests: string;

  before(async () => {
    manifests = copyFixture('canary-basic');
    editFile(path.join(manifests, 'rollout.yaml'), (text) =>
      text.replace('replicas: 5', 'replicas: 2').replace('- pause: {}', '- pause: {duration: 720h}'),
    );
    sluice = await startSluice([manifests]);
  });
  after(async () => {
    await sluice?.stop();
  });

  it('pauses at the step and then waits without reconciling over and over', async () => {
    await waitForRollout(
      sluice,
      'default',
      'colorapi',
      'the first deploy to be Healthy',
      (d) => d.rollout.status?.phase === 'Healthy' || undefined,
    );
    editFile(path.join(manifests, 'rollout.yaml'), (text) => text.replace('colorapi:red', 'colorapi:blue'));
    const applied = await runCli(['apply', '-f', manifests, '--state-dir', sluice.stateDir]);
    assert.equal(applied.code, 0, applied.stderr);
    await waitForRollout(sluice, 'default', 'colorapi', 'the timed pause at step 1', (d) => {
      const status = d.rollout.status;
      return (
        (status?.phase === 'Paused' && status.currentStepIndex === 1 && (status.pauseConditions ?? []).length > 0) ||
        undefined
      );
    });
    const before = await rollout(sluice, 'default', 'colorapi');
    const outputBefore = sluice.output().length;
    // A spinning runtime reconciles (and warns) about a thousand times a second.
    await delay(2_000);
    const during = sluice.output().slice(outputBefore);
    const warnings = sluice.output().match(/TimeoutOverflowWarning/g)?.length ?? 0;
    assert.equal(warnings, 0, `the runtime warned ${warnings} times:\n${during.slice(0, 1000)}`);
    const afterWindow = await rollout(sluice, 'default', 'colorapi');
    assert.equal(
      afterWindow.rollout.metadata.resourceVersion,
      before.rollout.metadata.resourceVersion,
      'the paused rollout kept changing',
    );
    assert.equal(afterWindow.rollout.status?.phase, 'Paused');
  });
});
