// The local runtime's work queue with a delay longer than one Node timer takes (2^31-1 ms): a
// reconcile that asks to come back in 30 days (a long pause) is not run again at once.
import assert from 'node:assert/strict';
import process from 'node:process';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { WorkQueue } from '../../../../../src/runtime/local/controller/work-queue.ts';
import { waitFor } from '../../../../support/ports.ts';

const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

describe('local WorkQueue', () => {
  it('runs a key that requeues itself 30 days later once, not in a loop', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning.name);
    process.on('warning', onWarning);
    let passes = 0;
    const queue: WorkQueue = new WorkQueue(async (key) => {
      passes++;
      queue.enqueue(key, THIRTY_DAYS_MS);
    });
    try {
      queue.enqueue('default/paused');
      await waitFor('the first pass', async () => (passes > 0 ? true : undefined), 5_000, 5);
      // An overflowing timer runs after 1 ms: over this window a spinning queue runs hundreds of passes.
      await delay(300);
      assert.equal(passes, 1);
      assert.deepEqual(
        warnings.filter((name) => name === 'TimeoutOverflowWarning'),
        [],
      );
    } finally {
      await queue.stop();
      process.off('warning', onWarning);
    }
  });

  it('still runs a short delay, and the earliest of two requests', async () => {
    const ran: string[] = [];
    const queue = new WorkQueue(async (key) => void ran.push(key));
    try {
      queue.enqueue('a', THIRTY_DAYS_MS);
      queue.enqueue('a', 20);
      await waitFor('the key to run', async () => (ran.length > 0 ? true : undefined), 5_000, 5);
      assert.deepEqual(ran, ['a']);
    } finally {
      await queue.stop();
    }
  });
});
