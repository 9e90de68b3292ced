// The web provider's jsonPath follows client-go's util/jsonpath as Argo runs it. Every expected
// value here is what Argo Rollouts v1.10.1 gives (checked with test/oracles/jsonpath); the
// differential test (jsonpath-oracle.test.ts) covers generated cases.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileJsonPath, JsonPathError } from '../../../../src/analysis/providers/web/jsonpath.ts';
import { webResponseValue } from '../../../../src/analysis/providers/web/response.ts';

const document = {
  data: { ok: true, successPercent: 0.95, 'rate-5m': 3, nested: { 'a.b': 'dotted', a: { b: 'fields' } } },
  items: [
    { name: 'a', status: 'ok', value: 1 },
    { name: 'b', status: 'nok', value: 2 },
    { name: 'c', status: 'ok', value: 3 },
  ],
  empty: [],
  nothing: null,
};

describe('compileJsonPath', () => {
  const cases: Array<[string, unknown[]]> = [
    ['{$}', [document]],
    ['{@}', [document]],
    ['{}', [document]],
    ['{$.data.ok}', [true]],
    ['{.data.ok}', [true]],
    ['{$.data}', [document.data]],
    ['{$.data.rate-5m}', [3]],
    ['{$.data.nested.a\\.b}', ['dotted']],
    ["{$.data.nested['a.b']}", ['fields']],
    ["{$.data['ok']}", [true]],
    ['{$.items[0].name}', ['a']],
    ['{$.items[].name}', ['a']],
    ['{$.items[-1].name}', ['c']],
    ['{$.items[0,2].value}', [1, 3]],
    ['{$.items[*].name}', ['a', 'b', 'c']],
    ['{$.items[1:].name}', ['b', 'c']],
    ['{$.items[:2].value}', [1, 2]],
    ['{$.items[::2].value}', [1, 3]],
    ['{$.items[?(@.status == "ok")].name}', ['a', 'c']],
    ["{$.items[?(@.status != 'ok')].name}", ['b']],
    ['{$.items[?(@.value >= 2.0)].name}', ['b', 'c']],
    ['{$.items[?(@.value < 2.0)].name}', ['a']],
    ['{$.items[?(@.missing)].name}', []],
    ['{..name}', ['a', 'b', 'c']],
    ['{$.nothing}', [null]],
    ['{ $.data.successPercent }', [0.95]],
    ['{range $.items[*]}{.name}{end}', ['a', 'b', 'c']],
    ['x{$.data.ok}', ['x', true]],
    ['{$.data.ok}{$.data.rate-5m}', [true, 3]],
    ['{1}', [1]],
    ['{"text"}', ['text']],
  ];
  for (const [path, expected] of cases) {
    it(`${path} selects ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(compileJsonPath(path).find(document), expected);
    });
  }

  const failing: Array<[string, RegExp]> = [
    ['{$.data.missing}', /missing is not found/],
    ['{$.nope.deeper}', /nope is not found/],
    ['{$.items[7]}', /array index out of bounds: index 7, length 3/],
    ['{$.items[?(@.value >= 2)].name}', /incompatible types for comparison/],
    ['{$.data[0]}', /map\[string\]interface \{\} is not array or slice/],
    ['{$.items[?(@.status == null)]}', /unrecognized identifier null/],
  ];
  for (const [path, message] of failing) {
    it(`${path} fails as in Argo`, () => {
      assert.throws(
        () => compileJsonPath(path).find(document),
        (error: unknown) => error instanceof JsonPathError && message.test(error.message),
      );
    });
  }

  const malformed = [
    '$.data.ok',
    '{$.data[}',
    "{$.data['ok}",
    '{$.items[?(@.a == 1)}',
    '{$.a',
    '{$["ok"]}',
    '{..*}',
    '{....}',
    '{$.items[x]}',
  ];
  for (const path of malformed) {
    it(`refuses the malformed path ${path}`, () => {
      assert.throws(
        () => compileJsonPath(path),
        (error: unknown) => error instanceof JsonPathError && error.message.includes('jsonPath'),
      );
    });
  }

  it('treats expression-looking input as data, never code', () => {
    const hostile = compileJsonPath('{$.items[?(@.name == "constructor")].name}');
    assert.deepEqual(hostile.find(document), []);
    assert.throws(() => compileJsonPath('{$.constructor.constructor}').find({}), /constructor is not found/);
  });
});

// Each row disagreed with Argo before jsonPath followed client-go (the divergences).
describe('web measurement value as Argo gives it', () => {
  const body = JSON.stringify({
    metrics: { 'average.duration': 1.5, average: { duration: 9 } },
    items: [
      { v: 3, s: 'x', ok: true },
      { v: 1, s: 'y', ok: false },
      { s: 'z', ok: null },
      { v: 5, s: 'w' },
    ],
  });
  const rows: Array<[string, string, { value: string } | { error: RegExp }]> = [
    [
      'an integer literal compares a float64 with an int',
      '{$.items[?(@.v > 2)].s}',
      { error: /incompatible types for comparison/ },
    ],
    ['a filter on a field some items lack', '{$.items[?(@.v > 2.0)].s}', { error: /v is not found/ }],
    ['an escaped dot is part of the name', '{$.metrics.average\\.duration}', { value: '1.5' }],
    ["['a.b'] is the fields a and b", "{$.metrics['average.duration']}", { value: '9' }],
    ['a bare filter keeps items that have the field, whatever its value', '{$.items[?(@.ok)].s}', { value: '"x"' }],
    [
      '{..} starts with the document itself, keys sorted as Go writes them',
      '{..}',
      {
        value:
          '{"items":[{"ok":true,"s":"x","v":3},{"ok":false,"s":"y","v":1},{"ok":null,"s":"z"},{"s":"w","v":5}],"metrics":{"average":{"duration":9},"average.duration":1.5}}',
      },
    ],
    ['text before the action is the first value', 'v={$.items[0].s}', { value: '"v="' }],
    ['a number out of float64 range is not JSON: the body is the value', '{$.a}', { value: '1e400' }],
    [
      'a lone surrogate in the template is U+FFFD, as Go reads it from UTF-8',
      'v\ud83d{$.items[0].s}',
      { value: '"v\ufffd"' },
    ],
  ];
  for (const [name, path, expected] of rows) {
    it(`${name}: ${path}`, () => {
      const source = name.startsWith('a number out') ? '1e400' : body;
      const run = () => webResponseValue(compileJsonPath(path), source);
      if ('error' in expected) {
        assert.throws(run, expected.error);
      } else {
        assert.equal(run().value, expected.value);
      }
    });
  }

  it('the existence filter selects x, y and z (ok: true, false, null) and not w', () => {
    assert.deepEqual(compileJsonPath('{$.items[?(@.ok)].s}').find(JSON.parse(body)), ['x', 'y', 'z']);
  });
});
