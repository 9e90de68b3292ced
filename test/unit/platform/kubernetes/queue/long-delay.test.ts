// The controller's work queue on the system timers with a delay longer than one Node timer takes
// (2^31-1 ms, about 24.8 days): a rollout paused for 30 days is handled once, then waits. Node
// would run such a timer after 1 ms, and the queue would wake, find nothing due and re-arm, in a loop.
import assert from 'node:assert/strict';
import process from 'node:process';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { systemTimers, type Timers } from '../../../../../src/platform/kubernetes/client/timers.ts';
import { WorkQueue } from '../../../../../src/platform/kubernetes/queue/work-queue.ts';
import { runWorkers } from '../../../../../src/platform/kubernetes/queue/workers.ts';
import { waitFor } from '../../../../support/ports.ts';

const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

describe('WorkQueue with a 30-day delay on the system timers', () => {
  it('handles the key once, then waits: no re-arming loop, no TimeoutOverflowWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning.name);
    process.on('warning', onWarning);
    let armed = 0;
    const timers: Timers = {
      ...systemTimers,
      setTimeout: (callback, ms) => {
        armed++;
        return systemTimers.setTimeout(callback, ms);
      },
    };
    const queue = new WorkQueue<string>({ timers });
    let passes = 0;
    const running = runWorkers(queue, {
      workers: 1,
      handle: async () => {
        passes++;
        return { timerAfterMs: THIRTY_DAYS_MS };
      },
    });
    try {
      queue.add('default/paused');
      await waitFor(
        'the first pass',
        async () => (passes > 0 && queue.delayedCount === 1 ? true : undefined),
        5_000,
        5,
      );
      // An overflowing timer runs after 1 ms: over this window a spinning queue arms hundreds.
      await delay(300);
      assert.equal(passes, 1, 'the key was handled again long before its 30 days');
      assert.equal(armed, 1, `the queue armed its timer ${armed} times`);
      assert.equal(queue.delayedCount, 1);
      assert.deepEqual(
        warnings.filter((name) => name === 'TimeoutOverflowWarning'),
        [],
      );
    } finally {
      queue.shutDown();
      await running;
      process.off('warning', onWarning);
    }
  });
});
