// The events of the local runtime (a Rollout's, an Experiment's) survive a SIGKILL of `sluice run`:
// the next `sluice run` on the same state directory lists the earlier events, each once, with
// their counts and times, and adds the new ones after them.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { LoggedEvent } from '../../../../src/runtime/local/controller/event-log.ts';
import { candidateExperiment } from '../../../support/local-experiment.ts';
import { waitFor } from '../../../support/ports.ts';
import {
  applyBlue,
  copyFixture,
  startSluice,
  waitForFirstDeploy,
  waitForRollout,
  type RunningSluice,
} from './sluice-run.ts';

const experiment = candidateExperiment(1);

const identity = (event: LoggedEvent) => `${event.firstTimestamp} ${event.type} ${event.reason}: ${event.message}`;

function assertNoDuplicates(events: LoggedEvent[], what: string): void {
  const seen = events.map(identity);
  assert.deepEqual(
    seen.filter((id, index) => seen.indexOf(id) !== index),
    [],
    `${what}: no event listed twice`,
  );
}

describe('events across a SIGKILL of sluice run', () => {
  let sluice: RunningSluice | undefined;
  after(async () => {
    await sluice?.stop();
  });

  it('lists the earlier events after the restart, each once, and adds new ones', { timeout: 240_000 }, async () => {
    const manifests = copyFixture('canary-basic');
    writeFileSync(path.join(manifests, 'experiment.yaml'), experiment);
    const first = await startSluice([manifests]);
    sluice = first;
    await waitForFirstDeploy(first);
    await applyBlue(first, manifests);
    const before = await waitForRollout(first, 'default', 'colorapi', 'the pause at step 1', (d) =>
      d.rollout.status?.phase === 'Paused' && d.rollout.status.currentStepIndex === 1 ? d : undefined,
    );
    const experimentEvents = (sluice: RunningSluice) =>
      sluice.client
        .get<{ items: LoggedEvent[] }>('/api/v1/experiments/default/trial/events')
        .then((answer) => answer.items);
    const experimentBefore = await waitFor(
      'the Experiment to record an event',
      async () => {
        const items = await experimentEvents(first);
        return items.some((e) => e.reason === 'ExperimentRunning') ? items : undefined;
      },
      60_000,
    );
    assert.ok(
      before.events.some((e) => e.reason === 'RolloutPaused'),
      `the rollout recorded its pause: ${before.events.map(identity).join('; ')}`,
    );

    const exited = once(first.child, 'exit');
    first.child.kill('SIGKILL');
    await exited;
    const second = await startSluice([manifests], { stateDir: first.stateDir });
    sluice = second;

    const afterRestart = await waitForRollout(second, 'default', 'colorapi', 'the rollout read again', (d) =>
      d.rollout.status?.phase === 'Paused' ? d : undefined,
    );
    const listed = afterRestart.events.map(identity);
    for (const event of before.events)
      assert.ok(listed.includes(identity(event)), `${identity(event)} is still listed after the restart`);
    assert.deepEqual(
      afterRestart.events.slice(0, before.events.length - 1).map(identity),
      before.events.slice(0, -1).map(identity),
      'the earlier events come first, in their order',
    );
    assertNoDuplicates(afterRestart.events, 'the rollout after the restart');
    const experimentAfter = await experimentEvents(second);
    for (const event of experimentBefore)
      assert.ok(
        experimentAfter.map(identity).includes(identity(event)),
        `${identity(event)} of the Experiment is still listed after the restart`,
      );
    assertNoDuplicates(experimentAfter, 'the Experiment after the restart');

    // New events come after the old ones.
    await second.client.post('/api/v1/rollouts/default/colorapi/promote');
    const completed = await waitForRollout(second, 'default', 'colorapi', 'the promoted rollout to complete', (d) =>
      d.rollout.status?.phase === 'Healthy' && d.events.some((e) => e.reason === 'RolloutCompleted') ? d : undefined,
    );
    const now = completed.events.map(identity);
    for (const event of before.events) assert.ok(now.includes(identity(event)), `${identity(event)} is kept`);
    assert.ok(now.length > before.events.length, 'new events were added');
    assertNoDuplicates(completed.events, 'the rollout after the promotion');
  });
});
