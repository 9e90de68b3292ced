import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compile, ExprError } from '../../../src/expr/index.ts';

function errorOf(run: () => unknown): ExprError {
  try {
    run();
  } catch (error) {
    if (error instanceof ExprError) return error;
    throw error;
  }
  throw new Error('expected an ExprError');
}

describe('error positions', () => {
  const cases: Array<{
    expr: string;
    env?: Record<string, unknown>;
    phase: string;
    line: number;
    column: number;
    reason: string;
  }> = [
    { expr: '1 + ', phase: 'syntax', line: 1, column: 5, reason: 'unexpected end of expression' },
    { expr: 'result[0] >= ', phase: 'syntax', line: 1, column: 14, reason: 'unexpected end of expression' },
    { expr: 'a @ b', phase: 'syntax', line: 1, column: 3, reason: "unrecognized character: U+0040 '@'" },
    { expr: '"abc', phase: 'syntax', line: 1, column: 1, reason: 'literal not terminated' },
    {
      expr: 'len(1, 2)',
      phase: 'check',
      line: 1,
      column: 1,
      reason: 'too many arguments to call len (expected at most 1, got 2)',
    },
    { expr: '1 + nosuch(2)', phase: 'check', line: 1, column: 5, reason: 'unknown func nosuch' },
    {
      expr: 'x matches "(a"',
      phase: 'check',
      line: 1,
      column: 11,
      reason: 'error parsing regexp: missing closing ): unterminated group: `(a`',
    },
    {
      expr: 'result.a.b',
      env: { result: {} },
      phase: 'runtime',
      line: 1,
      column: 10,
      reason: 'cannot fetch b from nil',
    },
    {
      expr: 'result[5]',
      env: { result: [1] },
      phase: 'runtime',
      line: 1,
      column: 7,
      reason: 'index out of range: 5 (array length is 1)',
    },
    {
      expr: '1 +\n  "a"',
      phase: 'check',
      line: 1,
      column: 3,
      reason: 'invalid operation: + (mismatched types int and string)',
    },
    {
      expr: 'true &&\n  (1 < "x")',
      phase: 'check',
      line: 2,
      column: 6,
      reason: 'invalid operation: < (mismatched types int and string)',
    },
    {
      expr: 'map([1], {# / "x"})',
      phase: 'check',
      line: 1,
      column: 13,
      reason: 'invalid operation: / (mismatched types int and string)',
    },
    {
      expr: 'm.s + 1',
      env: { m: { s: 'é' } },
      phase: 'runtime',
      line: 1,
      column: 5,
      reason: 'invalid operation: + (mismatched types string and int)',
    },
    {
      expr: '"é" + 1',
      phase: 'check',
      line: 1,
      column: 5,
      reason: 'invalid operation: + (mismatched types string and int)',
    },
    {
      expr: '1..10000000',
      phase: 'limit',
      line: 1,
      column: 2,
      reason: 'range 1..10000000 would have 10000000 items, more than the limit of 1000000',
    },
  ];
  for (const testCase of cases) {
    it(`${JSON.stringify(testCase.expr)} -> ${testCase.phase} at ${testCase.line}:${testCase.column}`, () => {
      const error = errorOf(() => compile(testCase.expr).evaluate(testCase.env ?? {}));
      assert.equal(error.reason, testCase.reason);
      assert.equal(error.phase, testCase.phase);
      assert.equal(error.line, testCase.line);
      assert.equal(error.column, testCase.column);
      assert.equal(error.message, `${testCase.reason} (${testCase.line}:${testCase.column})`);
    });
  }

  it('renders a caret under the column', () => {
    const error = errorOf(() => compile('result[0] >= "x"').evaluate({ result: [1.5] }));
    assert.equal(error.caret, 'result[0] >= "x"\n          ^');
    assert.equal(error.pretty(), `${error.message}\n | result[0] >= "x"\n |           ^`);
  });

  it('renders the caret on the right line of a multi-line condition', () => {
    const error = errorOf(() => compile('len(result) == 0 ||\n  result[0] <= nil').evaluate({ result: [1.5] }));
    assert.equal(error.line, 2);
    assert.equal(error.caret, '  result[0] <= nil\n            ^');
  });
});

describe('bounded work', () => {
  it('stops an evaluation that exceeds the step budget', () => {
    const error = errorOf(() =>
      compile('map(1..1000, map(1..1000, # * 2))').evaluate({}, { limits: { maxSteps: 100_000 } }),
    );
    assert.equal(error.phase, 'limit');
    assert.match(error.reason, /budget of 100000 steps/);
  });

  it('stops string doubling before it exhausts memory', () => {
    const error = errorOf(() => compile('reduce(1..64, #acc + #acc, "ab")').evaluate({}));
    assert.equal(error.phase, 'limit');
  });

  it('refuses nesting deep enough to exhaust the stack', () => {
    assert.equal(errorOf(() => compile('('.repeat(5000) + '1' + ')'.repeat(5000))).phase, 'limit');
    assert.equal(errorOf(() => compile('-'.repeat(5000) + '1')).phase, 'limit');
    assert.equal(errorOf(() => compile(Array(5000).fill('1').join(' + '))).phase, 'limit');
    assert.equal(errorOf(() => compile('a' + '.b'.repeat(5000))).phase, 'limit');
  });

  it('matches regexes in linear time (no catastrophic backtracking)', () => {
    const compiled = compile('text matches "^(a+)+$"');
    assert.equal(compiled.evaluate({ text: `${'a'.repeat(5000)}!` }), false);
    assert.equal(compiled.evaluate({ text: 'a'.repeat(5000) }), true);
  });

  it('a compiled expression evaluates many times with fresh budgets', () => {
    const compiled = compile('all(result, # > 0.5)');
    for (let i = 0; i < 50; i++)
      assert.equal(compiled.evaluate({ result: [0.6, 0.7] }, { limits: { maxSteps: 50 } }), true);
  });
});
