// The Prometheus text exposition shared by the controller's and the local mesh's metrics: what it
// renders must parse back, through a strict parser, to the names, labels and values it was given.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  escapeLabelValue,
  formatValue,
  labelText,
  mergeFamilies,
  renderExposition,
  type MetricFamily,
} from '../../../../src/platform/prometheus/exposition.ts';
import { parseExposition } from './exposition-parser.ts';

const AWKWARD = ['plain', 'back\\slash', '"quoted"', 'two\nlines', '\\n', '', 'ünïcode'];

describe('prometheus exposition', () => {
  it('renders families that parse back to the same help, labels and values', () => {
    const families: MetricFamily[] = [
      {
        name: 'a_total',
        help: 'a \\ help\nwith a newline',
        type: 'counter',
        samples: AWKWARD.map((value, i) => ({ name: 'a_total', labels: { value }, value: i })),
      },
      { name: 'empty', help: 'no samples', type: 'gauge', samples: [] },
      {
        name: 'g',
        help: 'h',
        type: 'gauge',
        samples: [
          { name: 'g', labels: {}, value: Infinity },
          { name: 'g', labels: { k: 'b' }, value: -Infinity },
          { name: 'g', labels: { k: 'c' }, value: Number.NaN },
        ],
      },
    ];
    const text = renderExposition(families);
    assert.match(text, /^# HELP empty no samples\n# TYPE empty gauge\n/m);
    const parsed = parseExposition(text);
    assert.equal(parsed.get('a_total')?.help, 'a \\ help\nwith a newline');
    assert.deepEqual(
      parsed.get('a_total')?.samples.map((sample) => [sample.labels['value'], sample.value]),
      AWKWARD.map((value, i) => [value, i]),
    );
    const values = parsed.get('g')?.samples.map((sample) => sample.value);
    assert.deepEqual(values?.slice(0, 2), [Infinity, -Infinity]);
    assert.ok(Number.isNaN(values?.[2]));
  });

  it("writes label text from names and values given apart, in the names' order, as renderExposition does", () => {
    for (const value of AWKWARD) {
      const line = `m{${labelText(['b', 'a'], [value, 'x'])}} ${formatValue(1.5)}\n`;
      const sample = parseExposition(`# HELP m h\n# TYPE m gauge\n${line}`).get('m')?.samples[0];
      assert.deepEqual(sample?.labels, { b: value, a: 'x' });
      assert.equal(sample?.value, 1.5);
      assert.equal(
        line,
        renderExposition([
          { name: 'm', help: 'h', type: 'gauge', samples: [{ name: 'm', labels: { b: value, a: 'x' }, value: 1.5 }] },
        ]).split('\n')[2] + '\n',
      );
    }
    assert.equal(labelText([], []), '');
    assert.equal(labelText(['a'], []), 'a=""');
  });

  it('escapes only backslash, double quote and newline in label values', () => {
    assert.equal(escapeLabelValue('a\\b"c\nd\te'), 'a\\\\b\\"c\\nd\te');
    assert.equal(escapeLabelValue('plain'), 'plain');
  });

  it('formats special values as +Inf, -Inf and NaN and others as JavaScript numbers', () => {
    assert.deepEqual([Infinity, -Infinity, Number.NaN, 0.1, 1e21, -0].map(formatValue), [
      '+Inf',
      '-Inf',
      'NaN',
      '0.1',
      '1e+21',
      '0',
    ]);
  });

  it('merges families of the same name and refuses a name with two types', () => {
    const merged = mergeFamilies([
      { name: 'm', help: 'h', type: 'gauge', samples: [{ name: 'm', labels: { a: '1' }, value: 1 }] },
      { name: 'm', help: 'h', type: 'gauge', samples: [{ name: 'm', labels: { a: '2' }, value: 2 }] },
    ]);
    assert.equal(merged.length, 1);
    assert.equal(merged[0]?.samples.length, 2);
    assert.throws(
      () =>
        mergeFamilies([
          { name: 'm', help: '', type: 'gauge', samples: [] },
          { name: 'm', help: '', type: 'counter', samples: [] },
        ]),
      /both gauge and counter/,
    );
  });

  it('the strict parser rejects malformed text', () => {
    const cases: Array<[string, RegExp]> = [
      ['# HELP a h\n# TYPE a gauge\na{x="1"} 1', /end with a newline/],
      ['a 1\n', /not part of the family/],
      ['# HELP a h\n# TYPE a gauge\na{x="\\q"} 1\n', /bad escape/],
      ['# HELP a h\n# TYPE a gauge\na{x="1"} 1\na{x="1"} 2\n', /duplicate series/],
      ['# HELP a h\n# TYPE a gauge\na{x=1} 1\n', /malformed labels/],
      ['# HELP a h\n# TYPE a gauge\na one\n', /bad value/],
      ['# HELP h h\n# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n', /cumulative/],
      ['# HELP a h\n# TYPE a gauge\n# HELP a h\n', /appears twice/],
    ];
    for (const [text, error] of cases) assert.throws(() => parseExposition(text), error, text);
  });
});
