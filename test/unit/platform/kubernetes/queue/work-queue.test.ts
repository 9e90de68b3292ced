import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ItemExponentialRateLimiter } from '../../../../../src/platform/kubernetes/queue/rate-limiters.ts';
import { WorkQueue } from '../../../../../src/platform/kubernetes/queue/work-queue.ts';
import { runWorkers } from '../../../../../src/platform/kubernetes/queue/workers.ts';
import { FakeTimers, settle } from '../../../runtime/kubernetes/support/fake-timers.ts';

function queue(timers = new FakeTimers()): { q: WorkQueue<string>; timers: FakeTimers } {
  return { q: new WorkQueue<string>({ timers, rateLimiter: new ItemExponentialRateLimiter(5, 1000) }), timers };
}

describe('WorkQueue', () => {
  it('hands keys out in order and holds each only once', async () => {
    const { q } = queue();
    q.add('ns/a');
    q.add('ns/b');
    q.add('ns/a');
    assert.equal(q.length, 2);
    assert.equal(await q.get(), 'ns/a');
    assert.equal(await q.get(), 'ns/b');
    assert.equal(q.length, 0);
  });

  it('hands keys added with addFirst out before the others, in their own order, also one already waiting or being processed', async () => {
    const { q } = queue();
    for (const key of ['a', 'b', 'c', 'd']) q.add(key);
    const busy = await q.get();
    assert.equal(busy, 'a');
    q.addFirst('c');
    q.addFirst('e');
    q.addFirst('a');
    assert.equal(q.length, 4, 'c moved, e added; a waits for done()');
    q.done('a');
    const order: string[] = [];
    while (q.length > 0) {
      const key = (await q.get())!;
      order.push(key);
      q.done(key);
    }
    assert.deepEqual(order, ['c', 'e', 'a', 'b', 'd']);
  });

  it('a delayed key added with first goes ahead of the keys waiting when its time comes; an ordinary one joins the back', async () => {
    const { q, timers } = queue();
    q.addAfter('timer', 100, { first: true });
    q.addAfter('relook', 100);
    q.add('a');
    q.add('b');
    await timers.advance(100);
    assert.deepEqual([await q.get(), await q.get(), await q.get(), await q.get()], ['timer', 'a', 'b', 'relook']);
  });

  it('through the workers, a key that asks to look again (at once or after a delay) waits behind keys queued meanwhile; a timer goes first', async () => {
    const timers = new FakeTimers();
    const q = new WorkQueue<string>({ timers, rateLimiter: new ItemExponentialRateLimiter(5, 1000) });
    const order: string[] = [];
    const running = runWorkers(q, {
      workers: 1,
      handle: async (key) => {
        order.push(key);
        if (key === 'busy' && order.length === 1) return { requeueAfterMs: 0 };
        if (key === 'busy' && order.filter((k) => k === 'busy').length === 2) return { requeueAfterMs: 50 };
        if (key === 'paused') return order.filter((k) => k === 'paused').length === 1 ? { timerAfterMs: 50 } : {};
        return {};
      },
    });
    q.add('busy');
    q.add('paused');
    for (const key of ['n1', 'n2', 'n3', 'n4']) q.add(key);
    // Nothing runs until the handlers settle: the 50 ms delays come due while n1..n4 still wait.
    await timers.advance(50);
    await settle();
    q.shutDown();
    await running;
    assert.deepEqual(order, ['busy', 'paused', 'n1', 'n2', 'n3', 'n4', 'busy', 'paused', 'busy']);
  });

  it('re-queues a key added while it is processed, once done() is called, never handing it out twice at once', async () => {
    const { q } = queue();
    q.add('k');
    const key = await q.get();
    q.add('k');
    q.add('k');
    assert.equal(q.length, 0, 'not handed to another worker meanwhile');
    q.done(key!);
    assert.equal(q.length, 1);
    assert.equal(await q.get(), 'k');
    q.done('k');
    assert.equal(q.length, 0);
  });

  it('wakes a waiting get() when a key arrives', async () => {
    const { q } = queue();
    const waiting = q.get();
    q.add('late');
    assert.equal(await waiting, 'late');
  });

  it('addAfter releases the key when its time comes; the earliest of two delays wins', async () => {
    const { q, timers } = queue();
    q.addAfter('k', 1000);
    q.addAfter('k', 300);
    q.addAfter('k', 2000);
    q.addAfter('other', 0);
    assert.deepEqual([q.length, q.delayedCount], [1, 1]);
    await timers.advance(299);
    assert.equal(q.length, 1);
    await timers.advance(1);
    assert.equal(q.length, 2);
    assert.equal(q.delayedCount, 0);
    await timers.advance(5000);
    assert.equal(q.length, 2, 'the later delays were merged into the first');
  });

  it('addRateLimited delays by the rate limiter; forget() resets it', async () => {
    const { q, timers } = queue();
    q.addRateLimited('k');
    q.addRateLimited('k');
    assert.equal(q.numRequeues('k'), 2);
    await timers.advance(4);
    assert.equal(q.length, 0);
    await timers.advance(1);
    assert.equal(q.length, 1, 'released at the first (5 ms) delay; the 10 ms one merged');
    q.forget('k');
    assert.equal(q.numRequeues('k'), 0);
  });

  it('by default backs off as Argo Rollouts does: a key that failed for a long time (an API server outage) comes back within 10 s', async () => {
    const timers = new FakeTimers();
    const q = new WorkQueue<string>({ timers });
    for (let failure = 0; failure < 40; failure += 1) {
      q.addRateLimited('k');
      await timers.advance(10_000);
      assert.equal(q.length, 1, `back within 10 s after failure ${failure + 1}`);
      assert.equal(await q.get(), 'k');
      q.done('k');
    }
  });

  it('after shutDown: adds are ignored, delayed keys dropped, get() drains then returns undefined', async () => {
    const { q, timers } = queue();
    q.add('a');
    q.addAfter('b', 10);
    q.shutDown();
    q.add('c');
    assert.equal(await q.get(), 'a');
    assert.equal(await q.get(), undefined);
    await timers.advance(100);
    assert.equal(q.length, 0);
    assert.equal(timers.pendingCount, 0, 'no timer left behind');
  });

  it('shutDown releases workers blocked in get()', async () => {
    const { q } = queue();
    const waiting = [q.get(), q.get()];
    q.shutDown();
    assert.deepEqual(await Promise.all(waiting), [undefined, undefined]);
  });

  it('get({ urgentOnly }) takes only keys added with addFirst, also one moved ahead while waiting; it ends at shutDown', async () => {
    const { q } = queue();
    q.add('routine');
    let taken: string | undefined;
    const urgentWorker = q.get({ urgentOnly: true }).then((key) => (taken = key));
    await settle();
    assert.equal(taken, undefined, 'a routine key is left for the other workers');
    q.addFirst('routine');
    await urgentWorker;
    assert.equal(taken, 'routine', 'moved ahead, it goes to the waiting urgent worker');
    q.done('routine');
    q.addFirst('due');
    assert.equal(await q.get({ urgentOnly: true }), 'due');
    const idle = q.get({ urgentOnly: true });
    q.add('more routine');
    q.shutDown();
    assert.equal(await idle, undefined, 'released although routine keys remain');
    assert.equal(await q.get(), 'more routine', 'routine workers still drain the queue');
  });

  it('shutDownWithDrain waits for keys in process', async () => {
    const { q } = queue();
    q.add('a');
    await q.get();
    let drained = false;
    const draining = q.shutDownWithDrain().then(() => (drained = true));
    await settle();
    assert.equal(drained, false);
    q.done('a');
    await draining;
    assert.equal(drained, true);
  });
});

describe('runWorkers', () => {
  it('runs N workers in parallel, never two on one key, and re-queues failures with back-off', async () => {
    const { q, timers } = queue();
    const active = new Set<string>();
    let maxParallel = 0;
    const releases: (() => void)[] = [];
    const handled: string[] = [];
    let failOnce = true;
    const running = runWorkers(q, {
      workers: 3,
      handle: async (key) => {
        assert.equal(active.has(key), false, `${key} processed twice at once`);
        active.add(key);
        maxParallel = Math.max(maxParallel, active.size);
        await new Promise<void>((resolve) => releases.push(resolve));
        active.delete(key);
        handled.push(key);
        if (key === 'b' && failOnce) {
          failOnce = false;
          throw new Error('boom');
        }
        if (key === 'c') return { requeueAfterMs: 50 };
        return undefined;
      },
    });
    for (const key of ['a', 'b', 'c', 'd', 'a']) q.add(key);
    await settle();
    assert.equal(maxParallel, 3);
    q.add('a'); // while a is processed
    while (releases.length > 0) {
      releases.splice(0).forEach((release) => release());
      await settle();
    }
    assert.deepEqual(handled.sort(), ['a', 'a', 'b', 'c', 'd']);
    assert.equal(q.numRequeues('b'), 1);
    await timers.advance(5);
    releases.splice(0).forEach((release) => release());
    await settle();
    assert.equal(handled.filter((k) => k === 'b').length, 2, 'b retried after 5 ms');
    assert.equal(q.numRequeues('b'), 0, 'forgotten after success');
    await timers.advance(50);
    releases.splice(0).forEach((release) => release());
    await settle();
    assert.equal(handled.filter((k) => k === 'c').length, 2, 'c requeued after 50 ms');
    q.shutDown();
    releases.splice(0).forEach((release) => release());
    await running;
  });

  it('gives up on a key after maxRetries and reports every failure', async () => {
    const { q, timers } = queue();
    const errors: number[] = [];
    const running = runWorkers(q, {
      workers: 1,
      maxRetries: 2,
      handle: async () => {
        throw new Error('always');
      },
      onError: (_key, _error, requeues) => errors.push(requeues),
    });
    q.add('k');
    await timers.advance(1000);
    assert.deepEqual(errors, [0, 1, 2]);
    assert.equal(q.delayedCount + q.length, 0);
    q.shutDown();
    await running;
  });

  it('an urgent key starts at once on an urgent worker while every routine worker is busy', async () => {
    const timers = new FakeTimers();
    const q = new WorkQueue<string>({ timers, rateLimiter: new ItemExponentialRateLimiter(5, 1000) });
    const release: Array<() => void> = [];
    const started: string[] = [];
    const running = runWorkers(q, {
      workers: 2,
      urgentWorkers: 1,
      handle: (key) => {
        started.push(key);
        return new Promise<void>((resolve) => release.push(resolve));
      },
    });
    for (const key of ['r1', 'r2', 'r3']) q.add(key);
    await settle();
    assert.deepEqual(started, ['r1', 'r2'], 'the urgent worker leaves routine keys alone');
    q.addFirst('abort');
    await settle();
    assert.deepEqual(started, ['r1', 'r2', 'abort']);
    q.shutDown();
    while (release.length > 0) {
      for (const resolve of release.splice(0)) resolve();
      await settle();
    }
    await running;
    assert.deepEqual(started, ['r1', 'r2', 'abort', 'r3']);
  });

  it('a handler that asks for a look at once and timerAfterMs gets both', async () => {
    const timers = new FakeTimers();
    const q = new WorkQueue<string>({ timers, rateLimiter: new ItemExponentialRateLimiter(5, 1000) });
    const handledAt: number[] = [];
    const running = runWorkers(q, {
      workers: 1,
      handle: async () => {
        handledAt.push(timers.now());
        return handledAt.length === 1 ? { requeueAfterMs: 0, timerAfterMs: 100 } : undefined;
      },
    });
    q.add('k');
    await settle();
    await timers.advance(100);
    await settle();
    assert.deepEqual(
      handledAt.map((at) => at - handledAt[0]!),
      [0, 0, 100],
    );
    q.shutDown();
    await running;
  });
});
