import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { renderExposition, renderPage } from '../../../../../src/platform/prometheus/exposition.ts';
import { Counter, Gauge, Histogram } from '../../../../../src/runtime/kubernetes/metrics/instruments.ts';
import { SharedLabelTexts } from '../../../../../src/runtime/kubernetes/metrics/shared-label-texts.ts';
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

  it('renders series whose object labels are shared exactly as series that keep their own text, through adds and removals', () => {
    // Random counts, observations and removals on two twins: one keeps a text per series, the other
    // shares the object's labels (objectLabels); their pages and samples must be the same.
    let seed = 7;
    const random = (below: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % below;
    };
    const names = ['namespace', 'name', 'type', 'reason'];
    const texts = new SharedLabelTexts();
    const plain = new Counter({ name: 'events_total', help: 'h', labelNames: names });
    const shared = new Counter({ name: 'events_total', help: 'h', labelNames: names, objectLabels: 2, texts });
    const plainHistogram = new Histogram({
      name: 'r',
      help: 'h',
      labelNames: ['namespace', 'name'],
      buckets: [0.1, 1],
    });
    const sharedHistogram = new Histogram({
      name: 'r',
      help: 'h',
      labelNames: ['namespace', 'name'],
      buckets: [0.1, 1],
      objectLabels: 2,
      texts,
    });
    const values = ['a', 'b', 'c', 'with "quote"', 'back\\slash', 'new\nline', ''];
    for (let step = 0; step < 3000; step++) {
      const object = { namespace: values[random(3)]!, name: values[random(values.length)]! };
      const labels = { ...object, reason: values[random(values.length)]!, type: values[random(2)]! };
      const what = random(10);
      if (what < 5) {
        const by = random(3);
        plain.inc(labels, by);
        shared.inc(labels, by);
      } else if (what < 8) {
        const seconds = random(20) / 10;
        plainHistogram.observe(object, seconds);
        sharedHistogram.observe(object, seconds);
      } else if (what === 8) {
        plain.remove(labels);
        shared.remove(labels);
        plainHistogram.remove(object);
        sharedHistogram.remove(object);
      } else {
        // Mostly an object's series (a deleted rollout's), now and then by other labels.
        const matches: Array<Record<string, string>> = [
          object,
          object,
          object,
          { reason: labels.reason },
          { namespace: object.namespace },
        ];
        const match = matches[random(matches.length)]!;
        plain.removeMatching(match);
        shared.removeMatching(match);
      }
      assert.equal(shared.get(labels), plain.get(labels));
    }
    assert.ok(plain.seriesCount > 20, `${plain.seriesCount} series left`);
    assert.equal(shared.seriesCount, plain.seriesCount);
    assert.equal(
      renderPage([shared.lines(), sharedHistogram.lines()]),
      renderPage([plain.lines(), plainHistogram.lines()]),
    );
    assert.deepEqual(shared.collect(), plain.collect());
    assert.deepEqual(sharedHistogram.collect(), plainHistogram.collect());
    // Once every series is gone, so are the texts they shared: the table holds live series' only.
    for (const namespace of values)
      for (const name of values) {
        shared.removeMatching({ namespace, name });
        sharedHistogram.remove({ namespace, name });
      }
    assert.equal(shared.seriesCount, 0);
    assert.equal(texts.size, 0);
  });

  it("keeps an object's label text once for all its series, not a copy per series", () => {
    // 2,000 rollouts with a reconcile histogram and 8 Event reasons each, as rollout_reconcile and
    // rollout_events_total hold them, the label values of each series a string of its own (each
    // comes from another pass or another copy of the Rollout).
    const count = 2_000;
    const reasons = [
      'Added',
      'Updated',
      'NewReplicaSetCreated',
      'NotCompleted',
      'SwitchService',
      'Scaling',
      'Completed',
      'TrafficWeightUpdated',
    ];
    const own = (text: string): string => [...text].join('');
    const heapOf = (objectLabels: number): number => {
      const texts = new SharedLabelTexts();
      const histogram = new Histogram({
        name: 'rollout_reconcile',
        help: 'h',
        labelNames: ['namespace', 'name'],
        buckets: [0.01, 0.15, 0.25, 0.5, 1],
        objectLabels,
        texts,
      });
      const counter = new Counter({
        name: 'rollout_events_total',
        help: 'h',
        labelNames: ['namespace', 'name', 'type', 'reason'],
        objectLabels,
        texts,
      });
      gc();
      const before = process.memoryUsage().heapUsed;
      for (let index = 0; index < count; index++) {
        histogram.observe({ namespace: own('shop'), name: own(`rollout-${index}`) }, 0.1);
        for (const reason of reasons)
          counter.inc({ namespace: own('shop'), name: own(`rollout-${index}`), type: 'Normal', reason });
      }
      gc();
      const used = process.memoryUsage().heapUsed - before;
      assert.equal(histogram.seriesCount + counter.seriesCount, count * 9);
      return used / count;
    };
    const apart = heapOf(0);
    const shared = heapOf(2);
    // About 2,750 bytes per rollout apart, 1,200 shared (Node 24, 64-bit); 1,600 with a copy of the
    // object's text per series, 2,100 with the labels of each series an object of its own.
    assert.ok(shared < apart * 0.5, `${shared.toFixed(0)} bytes per rollout shared, ${apart.toFixed(0)} apart`);
  });

  it('refuses more object labels than the instrument has', () => {
    assert.throws(
      () => new Counter({ name: 'c', help: '', labelNames: ['namespace'], objectLabels: 2 }),
      /objectLabels must be a whole number from 0 to its 1 labels, not 2/,
    );
  });
});
