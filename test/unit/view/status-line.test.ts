// `status NAME` lines and `list rollouts` rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFinished, nextStatusLine, statusLine, statusOnce } from '../../../src/view/status-line.ts';
import { rolloutListRow, sameListRow } from '../../../src/view/list-row.ts';
import { canaryAborted, canaryHealthy, canaryPaused, canaryPromoted } from './fixtures/canary-scenarios.ts';
import { blueGreenPaused } from './fixtures/bluegreen-scenarios.ts';

test('one line per status: phase, and the message when there is one', () => {
  assert.equal(statusLine(canaryPaused().rollout), 'Paused - CanaryPauseStep');
  assert.equal(statusLine(canaryPromoted().rollout), 'Progressing - more replicas need to be updated');
  assert.equal(statusLine(canaryHealthy().rollout), 'Healthy');
  assert.match(
    statusLine(canaryAborted().rollout),
    /^Degraded - RolloutAborted: Rollout aborted update to revision 2: /,
  );
});

test('the one-shot form prints Healthy and Degraded alone', () => {
  assert.equal(statusOnce(canaryAborted().rollout), 'Degraded');
  assert.equal(statusOnce(canaryHealthy().rollout), 'Healthy');
  assert.equal(statusOnce(canaryPaused().rollout), 'Paused - CanaryPauseStep');
  assert.ok(isFinished('Healthy') && isFinished('Degraded') && !isFinished('Paused'));
});

test('a line is printed only when it changes', () => {
  const sequence = [canaryPaused(), canaryPaused(), canaryPromoted(), canaryPromoted(), canaryHealthy()].map(
    (input) => input.rollout,
  );
  const printed: string[] = [];
  let previous: string | undefined;
  for (const rollout of sequence) {
    const line = nextStatusLine(previous, rollout);
    if (line !== undefined) {
      printed.push(line);
      previous = line;
    }
  }
  assert.deepEqual(printed, ['Paused - CanaryPauseStep', 'Progressing - more replicas need to be updated', 'Healthy']);
});

test('list rows: canary with step and weight, blue-green with dashes', () => {
  const canary = rolloutListRow(canaryPromoted().rollout);
  assert.deepEqual(
    [
      canary.strategy,
      canary.status.text,
      canary.step,
      canary.setWeight,
      canary.ready,
      canary.desired,
      canary.upToDate,
      canary.available,
    ],
    ['Canary', 'Progressing', '2/4', '50', '7/8', 5, 3, 7],
  );
  const blueGreen = rolloutListRow(blueGreenPaused().rollout);
  assert.deepEqual(
    [blueGreen.strategy, blueGreen.step, blueGreen.setWeight, blueGreen.ready],
    ['BlueGreen', '-', '-', '6/6'],
  );
  const noSteps = canaryPaused().rollout;
  delete noSteps.spec.strategy.canary?.steps;
  assert.deepEqual([rolloutListRow(noSteps).step, rolloutListRow(noSteps).setWeight], ['-', '100']);
});

test('sameListRow tells a changed row from an unchanged one', () => {
  const a = rolloutListRow(canaryPaused().rollout);
  assert.ok(sameListRow(a, rolloutListRow(canaryPaused().rollout)));
  assert.ok(!sameListRow(a, rolloutListRow(canaryPromoted().rollout)));
  assert.ok(!sameListRow(a, { ...a, available: a.available - 1 }));
});
