import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { renderExposition } from '../../../../../src/platform/prometheus/exposition.ts';
import { Counter, Gauge, Histogram } from '../../../../../src/runtime/kubernetes/metrics/instruments.ts';
import { parseExposition } from '../../../platform/prometheus/exposition-parser.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

describe('controller metric instruments in the exposition format', () => {
  it('keeps one string per series, its rendered labels, as its key too', () => {
    const count = 20_000;
    const counter = new Counter({
      name: 'rollout_events_total',
      help: 'Count of rollout events',
      labelNames: ['namespace', 'name', 'type', 'reason'],
    });
    gc();
    const before = process.memoryUsage().heapUsed;
    // A series per rollout and reason, as rollout_events_total has at 10,000 rollouts.
    for (let index = 0; index < count; index++)
      counter.inc({ namespace: 'shop', name: `rollout-${index}`, type: 'Normal', reason: 'RolloutUpdated' });
    gc();
    const perSeries = (process.memoryUsage().heapUsed - before) / count;
    assert.equal(counter.seriesCount, count);
    assert.equal(counter.get({ namespace: 'shop', name: 'rollout-0', type: 'Normal', reason: 'RolloutUpdated' }), 1);
    // With a second key string per series (the label values as JSON) about 355 bytes here; keyed
    // by the rendered labels, about 285.
    assert.ok(perSeries < 320, `${perSeries.toFixed(0)} bytes per series`);
  });

  it('escapes backslashes, quotes and newlines in label values and help, and round-trips through a strict parser', () => {
    const counter = new Counter({ name: 'odd_total', help: 'a \\ help\nwith a newline', labelNames: ['value'] });
    const awkward = 'back\\slash "quoted"\nnext line';
    counter.inc({ value: awkward }, 2);
    const text = renderExposition([counter.collect()]);
    assert.ok(text.includes('value="back\\\\slash \\"quoted\\"\\nnext line"'), text);
    const family = parseExposition(text).get('odd_total');
    assert.equal(family?.help, 'a \\ help\nwith a newline');
    assert.equal(family?.samples[0]?.labels['value'], awkward);
    assert.equal(family?.samples[0]?.value, 2);
  });

  it('renders special values as +Inf, -Inf and NaN', () => {
    const gauge = new Gauge({ name: 'g', help: 'h', labelNames: ['k'] });
    gauge.set({ k: 'a' }, Infinity);
    gauge.set({ k: 'b' }, -Infinity);
    gauge.set({ k: 'c' }, Number.NaN);
    const values = parseExposition(renderExposition([gauge.collect()]))
      .get('g')
      ?.samples.map((sample) => sample.value);
    assert.deepEqual(values?.slice(0, 2), [Infinity, -Infinity]);
    assert.ok(Number.isNaN(values?.[2]));
  });

  it('renders histograms with cumulative buckets, +Inf equal to the count, and the sum', () => {
    const histogram = new Histogram({ name: 'h_seconds', help: 'h', labelNames: ['name'], buckets: [0.5, 0.01, 1] });
    for (const value of [0.005, 0.2, 0.3, 0.9, 4]) histogram.observe({ name: 'x' }, value);
    const family = parseExposition(renderExposition([histogram.collect()])).get('h_seconds');
    const buckets = family?.samples
      .filter((sample) => sample.name === 'h_seconds_bucket')
      .map((sample) => [sample.labels['le'], sample.value]);
    assert.deepEqual(buckets, [
      ['0.01', 1],
      ['0.5', 3],
      ['1', 4],
      ['+Inf', 5],
    ]);
    assert.equal(family?.samples.find((sample) => sample.name === 'h_seconds_count')?.value, 5);
    assert.ok(Math.abs((family?.samples.find((sample) => sample.name === 'h_seconds_sum')?.value ?? 0) - 5.405) < 1e-9);
  });

  it('keeps label order as declared whatever order values are given in, and removes series', () => {
    const counter = new Counter({ name: 'c_total', help: 'h', labelNames: ['b', 'a'] });
    counter.inc({ a: '1', b: '2' });
    counter.inc({ b: '2', a: '1' });
    counter.inc({ a: 'x', b: 'y' });
    assert.match(renderExposition([counter.collect()]), /^c_total\{b="2",a="1"\} 2$/m);
    counter.remove({ a: '1', b: '2' });
    assert.equal(counter.seriesCount, 1);
    counter.removeMatching({ b: 'y' });
    assert.equal(counter.seriesCount, 0);
  });

  it('refuses bad metric and label names, unknown labels and decreasing counters', () => {
    assert.throws(() => new Counter({ name: '1bad', help: '' }), /not a valid Prometheus metric name/);
    assert.throws(() => new Counter({ name: 'ok', help: '', labelNames: ['bad-label'] }), /not a valid label name/);
    const counter = new Counter({ name: 'ok', help: '', labelNames: ['a'] });
    assert.throws(() => counter.inc({ b: 'x' }), /has no label b/);
    assert.throws(() => counter.inc({ a: 'x' }, -1), /cannot decrease/);
    assert.throws(() => new Histogram({ name: 'h', help: '', labelNames: ['le'], buckets: [1] }), /le/);
  });
});
