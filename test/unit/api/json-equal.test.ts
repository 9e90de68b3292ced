import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalJson } from '../../../src/api/pod-template-hash.ts';
import { jsonEqual } from '../../../src/api/json-equal.ts';

const leaf = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(Number.NaN),
  // Non-finite numbers are null as JSON; -0 is 0.
  fc.constantFrom(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0.5),
  fc.boolean(),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom('', 'a', 'b', '1'),
);
const value = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('list'), tie('object')),
  list: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('value'), { maxKeys: 3 }),
})).value;

/** A copy with its keys in reverse order and, sometimes, one leaf changed. */
function variant(input: unknown, change: boolean): unknown {
  if (Array.isArray(input)) return input.map((item, index) => variant(item, change && index === 0));
  if (typeof input === 'object' && input !== null) {
    const entries = Object.entries(input).reverse();
    return Object.fromEntries(entries.map(([key, item], index) => [key, variant(item, change && index === 0)]));
  }
  return change ? (input === 'a' ? 'b' : 'a') : input;
}

test('jsonEqual agrees with comparing canonicalJson texts on random pairs', () => {
  fc.assert(
    fc.property(value, value, (a, b) => jsonEqual(a, b) === (canonicalJson(a) === canonicalJson(b))),
    { numRuns: 5000 },
  );
});

test('jsonEqual agrees with canonicalJson on a value and its reordered or changed copy', () => {
  fc.assert(
    fc.property(value, fc.boolean(), (a, change) => {
      const b = variant(a, change);
      return jsonEqual(a, b) === (canonicalJson(a) === canonicalJson(b));
    }),
    { numRuns: 5000 },
  );
});

test('key order and undefined members do not matter; values and lengths do', () => {
  assert.equal(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }), true);
  assert.equal(jsonEqual({ a: 1, x: undefined }, { a: 1 }), true);
  assert.equal(jsonEqual({ a: 1 }, { a: 2 }), false);
  assert.equal(jsonEqual([1, 2], [1, 2, 3]), false);
  assert.equal(jsonEqual({}, []), false);
  assert.equal(jsonEqual('1', 1), false);
});
