import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compile, ExprError } from '../../../src/expr/index.ts';
import { allRows } from './conformance-table.ts';

function run(expr: string, env: Record<string, unknown> = {}): unknown {
  return compile(expr).evaluate(env);
}

describe('expr conformance table', () => {
  it('has a large table', () => {
    assert.ok(allRows.length >= 250, `only ${allRows.length} rows`);
  });

  for (const row of allRows) {
    const title = `${row.expr.replace(/\n/g, '\\n')} ${row.error ? `fails with "${row.error}"` : ''}`;
    it(title, () => {
      if (row.error !== undefined) {
        assert.throws(
          () => run(row.expr, row.env),
          (error: unknown) => {
            assert.ok(error instanceof ExprError, `expected ExprError, got ${String(error)}`);
            assert.ok(
              error.message.includes(row.error as string),
              `"${error.message}" does not mention "${row.error}"`,
            );
            return true;
          },
        );
      } else {
        assert.deepStrictEqual(run(row.expr, row.env), row.want);
      }
    });
  }
});
