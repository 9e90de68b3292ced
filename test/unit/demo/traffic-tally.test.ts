import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharesOf, sharesText, TrafficTally } from '../../../src/demo/traffic-tally.ts';

test('a window counts the answers of the last milliseconds, plain and with the header apart', () => {
  const tally = new TrafficTally();
  tally.add({ sentAt: 1000, at: 1000, color: 'red', header: false });
  tally.add({ sentAt: 2500, at: 2500, color: 'red', header: false });
  tally.add({ sentAt: 2600, at: 2600, color: 'blue', header: false });
  tally.add({ sentAt: 2700, at: 2700, color: 'blue', header: true });
  tally.add({ sentAt: 2800, at: 2800, header: false, failure: 'HTTP 503' });
  const window = tally.window(3000, 1000);
  assert.deepEqual(window.plain, { total: 3, byColor: { red: 1, blue: 1 }, failed: 1 });
  assert.deepEqual(window.header, { total: 1, byColor: { blue: 1 }, failed: 0 });
  assert.equal(tally.total, 5);
  assert.equal(tally.failed, 1);
  assert.deepEqual(tally.firstFailures, ['HTTP 503']);
});

test('segments count what came in while they were current', () => {
  const tally = new TrafficTally();
  tally.add({ sentAt: 10, at: 10, color: 'red', header: false });
  tally.startSegment('first', 100);
  tally.add({ sentAt: 150, at: 150, color: 'red', header: false });
  tally.startSegment('second', 200);
  tally.add({ sentAt: 250, at: 250, color: 'blue', header: true });
  tally.add({ sentAt: 260, at: 260, color: 'red', header: false });
  assert.deepEqual(
    tally.segments.map((s) => [s.label, s.from, s.to, s.plain.total, s.header.total]),
    [
      ['first', 100, 200, 1, 0],
      ['second', 200, undefined, 1, 1],
    ],
  );
});

test('shares are of the answered requests, largest first, ties by name', () => {
  const table: Array<[Record<string, number>, number, string]> = [
    [{ red: 8, blue: 2 }, 0, 'red 80% blue 20%'],
    [{ blue: 1, red: 1 }, 0, 'blue 50% red 50%'],
    [{ black: 1 }, 3, 'black 100%'],
    [{}, 2, 'no answers'],
  ];
  for (const [byColor, failed, expected] of table) {
    const total = Object.values(byColor).reduce((sum, n) => sum + n, 0) + failed;
    assert.equal(sharesText({ total, byColor, failed }), expected);
  }
  assert.deepEqual(sharesOf({ total: 4, byColor: { red: 3, blue: 1 }, failed: 0 }), [
    ['red', 0.75],
    ['blue', 0.25],
  ]);
});
