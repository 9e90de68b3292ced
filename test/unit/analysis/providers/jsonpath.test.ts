import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileJsonPath, JsonPathError } from '../../../../src/analysis/providers/web/jsonpath.ts';

const document = {
  data: { ok: true, successPercent: 0.95, 'rate-5m': 3, nested: { 'a.b': 'dotted' } },
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
    ['{$.data.ok}', [true]],
    ['{.data.ok}', [true]],
    ['{$.data}', [document.data]],
    ['{$.data.rate-5m}', [3]],
    ["{$.data.nested['a.b']}", ['dotted']],
    ['{$.data["ok"]}', [true]],
    ['{$.items[0].name}', ['a']],
    ['{$.items[-1].name}', ['c']],
    ['{$.items[0,2].value}', [1, 3]],
    ['{$.items[*].name}', ['a', 'b', 'c']],
    ['{$.items[1:].name}', ['b', 'c']],
    ['{$.items[:2].value}', [1, 2]],
    ['{$.items[?(@.status == "ok")].name}', ['a', 'c']],
    ["{$.items[?(@.status != 'ok')].name}", ['b']],
    ['{$.items[?(@.value >= 2)].name}', ['b', 'c']],
    ['{$.items[?(@.value < 2)].name}', ['a']],
    ['{$.items[?(@.missing)].name}', []],
    ['{..name}', ['a', 'b', 'c']],
    ['{$.nothing}', [null]],
    ['{ $.data.successPercent }', [0.95]],
  ];
  for (const [path, expected] of cases) {
    it(`${path} selects ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(compileJsonPath(path).find(document), expected);
    });
  }

  const missing: Array<[string, RegExp]> = [
    ['{$.data.missing}', /missing is not found/],
    ['{$.nope.deeper}', /nope is not found/],
    ['{$.items[7]}', /index 7 is out of bounds/],
  ];
  for (const [path, message] of missing) {
    it(`${path} reports what is missing`, () => {
      assert.throws(() => compileJsonPath(path).find(document), (error: unknown) => error instanceof JsonPathError && message.test(error.message));
    });
  }

  const malformed = ['$.data.ok', '{$.data[}', '{$.items[?(@.a == )]}', "{$.data['ok}", '{$.a b}', '{$.items[?(x)]}', '{$.data.ok)}'];
  for (const path of malformed) {
    it(`refuses the malformed path ${path}`, () => {
      assert.throws(() => compileJsonPath(path), (error: unknown) => error instanceof JsonPathError && error.message.includes('jsonPath'));
    });
  }

  it('treats expression-looking input as data, never code', () => {
    const hostile = compileJsonPath('{$.items[?(@.name == "constructor")].name}');
    assert.deepEqual(hostile.find(document), []);
    assert.throws(() => compileJsonPath('{$.constructor.constructor}').find({}), /constructor is not found/);
  });
});
