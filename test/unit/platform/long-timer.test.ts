// setLongTimeout and sleepLong: any delay is waited in steps Node's timers accept (at most
// 2^31-1 ms), so a 30-day pause neither fires at once nor warns; cancel and abort stop it.
import assert from 'node:assert/strict';
import process from 'node:process';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { MAX_TIMER_DELAY_MS, setLongTimeout, sleepLong, type BaseTimers } from '../../../src/platform/long-timer.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Base timers on a virtual clock: advance(ms) fires what falls due, in order. */
class FakeTimers implements BaseTimers {
  now = 0;
  readonly delays: number[] = [];
  readonly unrefed: number[] = [];
  #next = 0;
  readonly #pending = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): unknown {
    this.delays.push(ms);
    const id = this.#next++;
    this.#pending.set(id, { at: this.now + ms, callback });
    return { id, unref: () => this.unrefed.push(id) };
  }

  clearTimeout(handle: unknown): void {
    this.#pending.delete((handle as { id: number }).id);
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.#pending.entries()]
        .filter(([, timer]) => timer.at <= until)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.#pending.delete(due[0]);
      this.now = due[1].at;
      due[1].callback();
    }
    this.now = until;
  }
}

describe('setLongTimeout', () => {
  it('waits 30 days in steps no longer than a Node timer takes, and fires once at the end', () => {
    const timers = new FakeTimers();
    let fired = 0;
    setLongTimeout(() => fired++, 30 * DAY_MS, { timers });
    timers.advance(30 * DAY_MS - 1);
    assert.equal(fired, 0);
    timers.advance(1);
    assert.equal(fired, 1);
    assert.ok(
      timers.delays.every((ms) => ms >= 0 && ms <= MAX_TIMER_DELAY_MS),
      `delays: ${timers.delays.join(', ')}`,
    );
    assert.equal(timers.delays.length, Math.ceil((30 * DAY_MS) / MAX_TIMER_DELAY_MS));
    assert.equal(timers.pendingCount, 0);
  });

  it('passes a short delay to one timer as it is', () => {
    const timers = new FakeTimers();
    let fired = 0;
    setLongTimeout(() => fired++, 250, { timers });
    assert.deepEqual(timers.delays, [250]);
    timers.advance(250);
    assert.equal(fired, 1);
  });

  it('cancels before the first step and between steps', () => {
    for (const cancelAt of [0, MAX_TIMER_DELAY_MS + 5]) {
      const timers = new FakeTimers();
      let fired = 0;
      const timeout = setLongTimeout(() => fired++, 60 * DAY_MS, { timers });
      timers.advance(cancelAt);
      assert.equal(timeout.pending, true);
      timeout.cancel();
      timeout.cancel();
      assert.equal(timeout.pending, false);
      timers.advance(120 * DAY_MS);
      assert.equal(fired, 0);
      assert.equal(timers.pendingCount, 0);
    }
  });

  it('never fires for Infinity, and runs a negative or NaN delay at once', () => {
    const timers = new FakeTimers();
    let forever = 0;
    setLongTimeout(() => forever++, Infinity, { timers });
    timers.advance(1000 * DAY_MS);
    assert.equal(forever, 0);
    assert.ok(timers.delays.every((ms) => ms === MAX_TIMER_DELAY_MS));
    const now = new FakeTimers();
    let soon = 0;
    setLongTimeout(() => soon++, -5, { timers: now });
    setLongTimeout(() => soon++, Number.NaN, { timers: now });
    assert.deepEqual(now.delays, [0, 0]);
    now.advance(0);
    assert.equal(soon, 2);
  });

  it('unrefs every step when asked, and none otherwise', () => {
    const timers = new FakeTimers();
    setLongTimeout(() => undefined, 3 * MAX_TIMER_DELAY_MS, { timers, unref: true });
    timers.advance(2 * MAX_TIMER_DELAY_MS);
    assert.equal(timers.unrefed.length, 3);
    const plain = new FakeTimers();
    setLongTimeout(() => undefined, 3 * MAX_TIMER_DELAY_MS, { timers: plain });
    plain.advance(2 * MAX_TIMER_DELAY_MS);
    assert.equal(plain.unrefed.length, 0);
  });

  it('on Node timers, a 30-day delay does not fire at once and raises no TimeoutOverflowWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning.name);
    process.on('warning', onWarning);
    let fired = false;
    const timeout = setLongTimeout(() => (fired = true), 30 * DAY_MS, { unref: true });
    try {
      // Node would run an overflowing timer after 1 ms: give it far longer than that.
      await delay(50);
      assert.equal(fired, false);
      assert.equal(timeout.pending, true);
      assert.deepEqual(
        warnings.filter((name) => name === 'TimeoutOverflowWarning'),
        [],
      );
    } finally {
      timeout.cancel();
      process.off('warning', onWarning);
    }
  });
});

describe('sleepLong', () => {
  it('resolves after the delay on the given timers', async () => {
    const timers = new FakeTimers();
    let done = false;
    const sleeping = sleepLong(40 * DAY_MS, { timers }).then(() => (done = true));
    timers.advance(40 * DAY_MS - 1);
    await Promise.resolve();
    assert.equal(done, false);
    timers.advance(1);
    await sleeping;
    assert.equal(done, true);
  });

  it('resolves early when the signal aborts, and cancels its timer', async () => {
    const timers = new FakeTimers();
    const controller = new AbortController();
    const sleeping = sleepLong(40 * DAY_MS, { timers, signal: controller.signal });
    controller.abort();
    await sleeping;
    assert.equal(timers.pendingCount, 0);
    await sleepLong(40 * DAY_MS, { timers, signal: controller.signal });
  });
});
