import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cachesSynced, failed, passed } from '../../../../../src/runtime/kubernetes/health/checks.ts';
import { EventLoopMonitor } from '../../../../../src/runtime/kubernetes/health/event-loop-monitor.ts';
import { startHealthServer } from '../../../../../src/runtime/kubernetes/health/health-server.ts';

async function get(port: number, path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, body: await response.text() };
}

describe('health server', () => {
  it('answers /readyz by the readiness checks: 500 listing the failing one until it passes, then 200 ok', async () => {
    let synced = false;
    const server = await startHealthServer({
      port: 0,
      host: '127.0.0.1',
      readiness: { informers: cachesSynced(() => synced) },
    });
    try {
      const before = await get(server.port, '/readyz');
      assert.equal(before.status, 500);
      assert.match(before.body, /\[-\]informers failed: the informer caches have not synced yet/);
      synced = true;
      assert.deepEqual(await get(server.port, '/readyz'), { status: 200, body: 'ok\n' });
      assert.match((await get(server.port, '/readyz?verbose')).body, /^\[\+\]informers ok\nok\n$/);
      assert.equal((await get(server.port, '/nothing')).status, 404);
    } finally {
      await server.close();
    }
  });

  it('answers /healthz with the event loop check and the liveness checks; a throwing or slow check fails', async () => {
    const server = await startHealthServer({
      port: 0,
      host: '127.0.0.1',
      checkTimeoutMs: 50,
      liveness: { fine: () => passed },
    });
    try {
      const healthy = await get(server.port, '/healthz?verbose');
      assert.equal(healthy.status, 200);
      assert.match(healthy.body, /\[\+\]event-loop ok/);
      server.setLivenessCheck('broken', () => {
        throw new Error('renewals stopped');
      });
      server.setLivenessCheck('slow', () => new Promise(() => undefined));
      server.setLivenessCheck('said-no', () => failed('told so'));
      const sick = await get(server.port, '/healthz');
      assert.equal(sick.status, 500);
      assert.match(sick.body, /\[-\]broken failed: renewals stopped/);
      assert.match(sick.body, /\[-\]slow failed: no answer within 50 ms/);
      assert.match(sick.body, /\[-\]said-no failed: told so/);
      assert.match(sick.body, /\[\+\]fine ok/);
    } finally {
      await server.close();
    }
  });
});

/** Timers whose clock and firing are moved separately, as a blocked event loop does. */
function stallableTimers() {
  let now = 0;
  let pending: (() => void) | undefined;
  return {
    timers: {
      now: () => now,
      setTimeout: (callback: () => void) => {
        pending = callback;
        return {};
      },
      clearTimeout: () => {
        pending = undefined;
      },
    },
    setNow: (ms: number) => {
      now = ms;
    },
    fire: () => pending?.(),
  };
}

describe('event loop monitor', () => {
  it('fails while the pending tick is later than the limit, stays failed after a late tick, recovers on a punctual one', async () => {
    const clock = stallableTimers();
    const monitor = new EventLoopMonitor({ timers: clock.timers, intervalMs: 1000, maxBlockMs: 5000 });
    monitor.start();
    const table: Array<[number, boolean, boolean, RegExp | undefined]> = [
      // [time, fire the tick at that time, healthy afterwards, reason]
      [1000, true, true, undefined],
      [2500, false, true, undefined],
      [8000, false, false, /blocked for 6000 ms \(limit 5000 ms\)/],
      [8000, true, false, /blocked for 6000 ms/],
      [9000, true, true, undefined],
    ];
    for (const [time, fire, healthy, reason] of table) {
      clock.setNow(time);
      if (fire) clock.fire();
      const outcome = await monitor.check();
      assert.equal(outcome.ok, healthy, `at ${time}`);
      if (reason) assert.match(outcome.ok ? '' : outcome.reason, reason);
    }
    monitor.stop();
  });
});
