// No input crashes the parser or the evaluator: every outcome is a value or an ExprError,
// and every evaluation is bounded by its step budget.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compile, ExprError } from '../../../src/expr/index.ts';

const env = {
  result: [0.5, 1.5, Number.NaN],
  m: { a: 1, b: { c: 'x' }, list: [1n, 2n] },
  s: 'hello',
  n: null,
  i: 3n,
};

function outcome(source: string): 'value' | 'error' {
  try {
    compile(source).evaluate(env, { limits: { maxSteps: 20_000, maxItems: 5_000, maxStringLength: 20_000 } });
    return 'value';
  } catch (error) {
    if (error instanceof ExprError) return 'error';
    throw new Error(`${JSON.stringify(source)} threw ${String(error)}`);
  }
}

const vocabulary = [
  '1',
  '0',
  '-1',
  '2.5',
  '.5',
  '1e3',
  '0x1F',
  '9223372036854775807',
  '"a"',
  "'b'",
  '`c`',
  'true',
  'false',
  'nil',
  'result',
  'm',
  's',
  'n',
  'i',
  '$env',
  '#',
  '#index',
  '#acc',
  '.a',
  '.b',
  '.c',
  '+',
  '-',
  '*',
  '/',
  '%',
  '**',
  '^',
  '==',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  '&&',
  '||',
  'and',
  'or',
  '!',
  'not',
  'in',
  'not in',
  'matches',
  'contains',
  'startsWith',
  'endsWith',
  '..',
  '??',
  '?.',
  '?',
  ':',
  '|',
  ',',
  ';',
  '.',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  'let',
  'x',
  '=',
  'len',
  'all',
  'any',
  'none',
  'one',
  'filter',
  'map',
  'count',
  'sum',
  'reduce',
  'find',
  'abs',
  'min',
  'max',
  'int',
  'float',
  'string',
  'asInt',
  'asFloat',
  'isNaN',
  'isInf',
  'isNil',
  'default',
  'split',
  'repeat',
  'join',
  'median',
  '"^(a+)+$"',
  '"[a-"',
  '"\\\\d+"',
  '/* c */',
  '// c\n',
];

describe('fuzzing the parser and evaluator', () => {
  it('random strings give a value or an ExprError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (source) => {
        outcome(source);
      }),
      { numRuns: 3000 },
    );
  });

  it('random unicode strings give a value or an ExprError', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (source) => {
        outcome(source);
      }),
      { numRuns: 1000 },
    );
  });

  it('random token sequences give a value or an ExprError', () => {
    const tokens = fc.array(fc.constantFrom(...vocabulary), { maxLength: 25 });
    fc.assert(
      fc.property(tokens, (parts) => {
        outcome(parts.join(' '));
      }),
      { numRuns: 5000 },
    );
  });

  it('random well-formed expressions give a value or an ExprError', () => {
    const { expr } = fc.letrec<{ expr: string; leaf: string }>((tie) => ({
      leaf: fc.constantFrom(
        '1',
        '2.5',
        '"s"',
        'true',
        'nil',
        'result',
        'm',
        'm.a',
        'result[0]',
        '[1, 2]',
        '{a: 1}',
        's',
        'i',
      ),
      expr: fc.oneof(
        { depthSize: 'small' },
        tie('leaf'),
        fc
          .tuple(
            tie('expr'),
            fc.constantFrom('+', '-', '*', '/', '%', '**', '==', '<', '&&', '||', '??', 'in', '..', 'contains'),
            tie('expr'),
          )
          .map(([a, o, b]) => `(${a} ${o} ${b})`),
        fc
          .tuple(fc.constantFrom('all', 'any', 'filter', 'map', 'count'), tie('expr'), tie('expr'))
          .map(([f, a, p]) => `${f}(${a}, {${p}})`),
        fc
          .tuple(fc.constantFrom('len', 'abs', 'int', 'float', 'string', 'max', 'isNaN', 'asFloat'), tie('expr'))
          .map(([f, a]) => `${f}(${a})`),
        fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([a, b, c]) => `(${a} ? ${b} : ${c})`),
        tie('expr').map((a) => `!${a}`),
        tie('expr').map((a) => `${a}?.b[0]`),
      ),
    }));
    fc.assert(
      fc.property(expr, (source) => {
        outcome(source);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('properties of the number model', () => {
  const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });

  it('int arithmetic wraps around at 64 bits, as Go does', () => {
    fc.assert(
      fc.property(int64, int64, (a, b) => {
        const run = (source: string): unknown => compile(source).evaluate({ a, b });
        assert.equal(run('a + b'), BigInt.asIntN(64, a + b));
        assert.equal(run('a - b'), BigInt.asIntN(64, a - b));
        assert.equal(run('a * b'), BigInt.asIntN(64, a * b));
        assert.equal(run('a < b'), a < b);
        assert.equal(run('a == b'), a === b);
      }),
    );
  });

  it('division always gives a float', () => {
    fc.assert(
      fc.property(int64, int64, (a, b) => {
        assert.equal(typeof compile('a / b').evaluate({ a, b }), 'number');
      }),
    );
  });

  it('string() of a float reads back as the same float', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        assert.ok(Object.is(compile('float(string(x))').evaluate({ x }), x));
      }),
    );
  });

  it('literals read back: string(int) parses as the same int', () => {
    fc.assert(
      fc.property(int64, (a) => {
        assert.equal(compile(`int("${a}")`).evaluate({}), a);
      }),
    );
  });
});
