import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  extentOf,
  latestOf,
  linearScale,
  linePath,
  niceTicks,
  numericValues,
  spread,
  thresholdsOf,
  timeTicks,
} from '../../../src/dashboard/web/charts/scale.ts';

describe('dashboard chart scales', () => {
  it('finds the extent of the finite values, skipping gaps', () => {
    assert.deepEqual(extentOf([3, null, -1, undefined, Number.NaN, 7]), { min: -1, max: 7 });
    assert.equal(extentOf([null, undefined]), undefined);
  });

  it('maps a domain onto a range, inverted for a y axis', () => {
    const y = linearScale({ min: 0, max: 10 }, 200, 0);
    assert.equal(y(0), 200);
    assert.equal(y(10), 0);
    assert.equal(y(2.5), 150);
    assert.equal(linearScale({ min: 4, max: 4 }, 0, 100)(4), 50);
  });

  it('chooses round ticks that cover the extent', () => {
    assert.deepEqual(niceTicks({ min: 0, max: 1 }, 5), [0, 0.25, 0.5, 0.75, 1]);
    assert.deepEqual(niceTicks({ min: 0.93, max: 0.99 }, 5), [0.92, 0.94, 0.96, 0.98, 1]);
    const flat = niceTicks({ min: 5, max: 5 });
    assert.ok(flat[0]! <= 5 && flat.at(-1)! >= 5 && flat.length >= 2);
  });

  it('ticks always start at or below min and end at or above max', () => {
    for (const [min, max] of [
      [0, 37],
      [-3.2, 0.4],
      [120, 980],
      [0.001, 0.0042],
    ] as const) {
      const ticks = niceTicks({ min, max });
      assert.ok(ticks[0]! <= min, `${ticks} starts above ${min}`);
      assert.ok(ticks.at(-1)! >= max, `${ticks} ends below ${max}`);
      assert.ok(ticks.length >= 2 && ticks.length <= 12, `${ticks} has ${ticks.length} ticks`);
    }
  });

  it('breaks a line where a value is unknown', () => {
    assert.equal(
      linePath([
        { x: 0, y: 1 },
        { x: 1, y: 2 },
        { x: 2, y: null },
        { x: 3, y: 4 },
        { x: 4, y: 5.04 },
      ]),
      'M0 1 L1 2 M3 4 L4 5',
    );
    assert.equal(linePath([{ x: 0, y: null }]), '');
  });

  it('reads the numbers of a measurement value', () => {
    assert.deepEqual(numericValues('0.97'), [0.97]);
    assert.deepEqual(numericValues('[0.97]'), [0.97]);
    assert.deepEqual(numericValues('[0.97, 0.5]'), [0.97, 0.5]);
    assert.deepEqual(numericValues('["12"]'), [12]);
    assert.deepEqual(numericValues('{"p99": 240}'), [240]);
    assert.deepEqual(numericValues(''), []);
    assert.deepEqual(numericValues('[]'), []);
    assert.deepEqual(numericValues('not a number'), []);
  });

  it('draws thresholds of conditions that compare the result with a number', () => {
    assert.deepEqual(thresholdsOf(['successCondition: result[0] >= 0.95', 'interval: 30s']), [
      { setting: 'successCondition', text: 'result[0] >= 0.95', op: '>=', value: 0.95 },
    ]);
    assert.deepEqual(thresholdsOf(['failureCondition: 0.05 < result']), [
      { setting: 'failureCondition', text: '0.05 < result', op: '>', value: 0.05 },
    ]);
    assert.deepEqual(thresholdsOf(['successCondition: len(result) > 0 && result[0] > 1']), []);
    assert.deepEqual(thresholdsOf(['failureCondition: asFloat(result) <= -2']), [
      { setting: 'failureCondition', text: 'asFloat(result) <= -2', op: '<=', value: -2 },
    ]);
  });

  it('spreads axis labels over both ends', () => {
    assert.deepEqual(spread(3, 5), [0, 1, 2]);
    assert.deepEqual(spread(11, 3), [0, 5, 10]);
    assert.deepEqual(spread(0, 5), []);
  });

  it('takes the latest known value', () => {
    assert.equal(latestOf([1, 2, null]), 2);
    assert.equal(latestOf([null, null]), undefined);
  });

  it('puts time ticks on round clock values inside the extent', () => {
    const start = Date.UTC(2026, 0, 1, 10, 0, 3);
    // 37 s over at most 5 ticks: every 10 s, from the first round 10 s.
    assert.deepEqual(
      timeTicks({ min: start, max: start + 37_000 }, 5).map((tick) => new Date(tick).toISOString().slice(11, 19)),
      ['10:00:10', '10:00:20', '10:00:30', '10:00:40'],
    );
    // 10 minutes over at most 4 ticks: every 5 minutes.
    const ticks = timeTicks({ min: start, max: start + 600_000 }, 4);
    assert.deepEqual(
      ticks.map((tick) => new Date(tick).toISOString().slice(11, 19)),
      ['10:05:00', '10:10:00'],
    );
    assert.deepEqual(timeTicks({ min: start, max: start }, 4), [start]);
  });
});
