// The in-place frame writer: what it writes for successive frames, and how often.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveWriter, redraw } from '../../../../src/cli/render/live.ts';

const ESC = '\x1b[';

function harness(options: { columns?: number; rows?: number } = {}) {
  let clock = 1_000_000;
  const writes: string[] = [];
  const writtenAt: number[] = [];
  const timers: Array<{ at: number; callback: () => void; cancelled: boolean }> = [];
  const writer = new LiveWriter({
    write: (chunk) => {
      writes.push(chunk);
      writtenAt.push(clock);
    },
    now: () => clock,
    schedule: (callback, delayMs) => {
      const timer = { at: clock + delayMs, callback, cancelled: false };
      timers.push(timer);
      return { cancel: () => (timer.cancelled = true) };
    },
    ...options,
  });
  const advance = (ms: number) => {
    clock += ms;
    for (const timer of timers.filter((t) => !t.cancelled && t.at <= clock)) {
      timer.cancelled = true;
      timer.callback();
    }
  };
  return { writer, writes, writtenAt, timers, advance };
}

test('the first frame is written as is, after hiding the cursor', () => {
  const { writer, writes } = harness();
  writer.offer('a\nb\n');
  assert.deepEqual(writes, [`${ESC}?25la\nb\n`]);
});

test('a later frame moves up and rewrites only the changed lines, clearing to end of line', () => {
  assert.equal(redraw(['a', 'b', 'c'], ['a', 'B', 'c']), `${ESC}3A\r${ESC}1BB${ESC}K\n${ESC}1B`);
  assert.equal(redraw(['a', 'b', 'c'], ['x', 'b', 'c']), `${ESC}3A\rx${ESC}K\n${ESC}2B`);
  assert.equal(redraw(['a', 'b'], ['a', 'b', 'c']), `${ESC}2A\r${ESC}2Bc${ESC}K\n`);
});

test('a shorter frame clears what is left below it; an identical frame writes nothing', () => {
  assert.equal(redraw(['a', 'b', 'c'], ['a', 'x']), `${ESC}3A\r${ESC}1Bx${ESC}K\n${ESC}J`);
  assert.equal(redraw(['a', 'b'], ['a', 'b']), '');
});

test('never clears the whole screen', () => {
  const { writer, writes, advance } = harness();
  for (let i = 0; i < 20; i++) {
    writer.offer(`frame ${i}\nline\n`);
    advance(250);
  }
  const all = writes.join('');
  assert.doesNotMatch(all, /\x1b\[2J|\x1b\[H/);
});

test('at most five frames a second: a frame offered too soon waits, and only the newest is shown', () => {
  const { writer, writes, advance, timers } = harness();
  writer.offer('1\n');
  advance(50);
  writer.offer('2\n');
  advance(50);
  writer.offer('3\n');
  assert.equal(writes.length, 1, 'frames 2 and 3 wait');
  assert.equal(timers.filter((t) => !t.cancelled).length, 1, 'one pending redraw, not one per frame');
  advance(99);
  assert.equal(writes.length, 1);
  advance(1);
  assert.equal(writes.length, 2);
  assert.equal(writes[1], `${ESC}1A\r3${ESC}K\n`);
});

test('over a burst of updates, frames are written at least 200ms apart', () => {
  const { writer, writtenAt, advance } = harness();
  for (let i = 0; i < 100; i++) {
    writer.offer(`tick ${i}\n`);
    advance(30);
  }
  for (let i = 1; i < writtenAt.length; i++) assert.ok((writtenAt[i] ?? 0) - (writtenAt[i - 1] ?? 0) >= 200);
  assert.ok(writtenAt.length >= 14 && writtenAt.length <= 16, `wrote ${writtenAt.length} frames in 3s`);
});

test('close writes the waiting frame and shows the cursor again', () => {
  const { writer, writes } = harness();
  writer.offer('1\n');
  writer.offer('2\n');
  writer.close();
  assert.deepEqual(writes.slice(1), [`${ESC}1A\r2${ESC}K\n`, `${ESC}?25h`]);
});

test('frames are cut to the terminal size so that nothing wraps or scrolls away', () => {
  const { writer, writes } = harness({ columns: 4, rows: 3 });
  writer.offer('abcdefgh\n2\n3\n4\n');
  assert.equal(writes[0], `${ESC}?25labcd\n2\n`);
});
