// sluice's condition language against expr-lang itself: thousands of generated conditions and
// measurements run through Argo Rollouts' own evaluation (test/oracles/expr, Go) and through
// sluice's analysis evaluator; every disagreement fails, except the deliberate differences
// listed in oracle-differences.ts (and in docs/expressions.md). Reproduce a failure with
// SLUICE_EXPR_SEED=<seed>; SLUICE_EXPR_CASES sets how many cases each seed runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goSkipReason } from '../../support/go-program.ts';
import { deliberateDifference } from './oracle-differences.ts';
import { generateCases, type OracleCase } from './oracle-generator.ts';
import { argoVerdicts } from './argo-verdicts.ts';
import { allRows } from './conformance-table.ts';
import { agree, canonical, evaluated, runOracle, runSluice, sameValue, type Outcome } from './oracle-run.ts';

const skip = goSkipReason();
const count = Number(process.env.SLUICE_EXPR_CASES ?? 4000);

function differences(cases: readonly OracleCase[]): string[] {
  const oracle = runOracle(cases);
  const found: string[] = [];
  cases.forEach((c, i) => {
    const go = oracle[i] as Outcome;
    const ours = runSluice(c);
    if (agree(c, go, ours) || deliberateDifference(c, go, ours)) return;
    found.push(
      `${c.expression}  with result ${JSON.stringify(c.result)}\n    Argo:   ${JSON.stringify(go)}\n    sluice: ${JSON.stringify(ours)}`,
    );
  });
  return found;
}

function check(seed: number): void {
  const found = differences(generateCases(seed, count));
  assert.equal(
    found.length,
    0,
    `seed ${seed} (SLUICE_EXPR_SEED=${seed}): ${found.length} of ${count} conditions disagree with expr-lang:\n${found.slice(0, 25).join('\n')}`,
  );
}

// Fixed seeds in CI, so a build never fails on a case no one changed; outside CI a new random seed
// each run explores further (its seed is in the test name and the failure).
const seeds = process.env.SLUICE_EXPR_SEED
  ? [Number(process.env.SLUICE_EXPR_SEED)]
  : [20261206, 1, ...(process.env.CI === 'true' ? [] : [Math.floor(Math.random() * 2 ** 31)])];

describe('conditions agree with expr-lang v1.17.7 as Argo Rollouts v1.10.1 runs them', { skip }, () => {
  for (const seed of seeds) it(`over ${count} generated conditions (seed ${seed})`, () => check(seed));
});

/** Rows whose env JSON carries faithfully (no bigint, NaN or undefined) can go to the oracle. */
function jsonable(value: unknown): boolean {
  try {
    return sameValue(canonical(JSON.parse(JSON.stringify(value)) as unknown), canonical(value));
  } catch {
    return false;
  }
}

describe('the conformance table says what expr-lang says', { skip }, () => {
  it('each row: the same value, or an error where expr-lang fails', () => {
    const rows = allRows.filter((row) => row.env === undefined || jsonable(row.env));
    const cases = rows.map((row): OracleCase => {
      const { result = null, ...env } = row.env ?? {};
      return { expression: row.expr, result, env };
    });
    const outcomes = runOracle(cases);
    const wrong: string[] = [];
    rows.forEach((row, i) => {
      const go = outcomes[i] as Outcome;
      if (deliberateDifference(cases[i] as OracleCase, go, go)) return;
      if (row.error !== undefined) {
        if (evaluated(go))
          wrong.push(
            `${row.expr}: the table says it fails ("${row.error}"), expr-lang gives ${JSON.stringify(go.value)}`,
          );
      } else if (!evaluated(go)) {
        wrong.push(`${row.expr}: the table says ${JSON.stringify(canonical(row.want))}, expr-lang fails: ${go.error}`);
      } else if (!sameValue(canonical(row.want), go.value)) {
        wrong.push(
          `${row.expr}: the table says ${JSON.stringify(canonical(row.want))}, expr-lang gives ${JSON.stringify(go.value)}`,
        );
      }
    });
    assert.equal(
      wrong.length,
      0,
      `${wrong.length} rows of ${rows.length} disagree with expr-lang:\n${wrong.join('\n')}`,
    );
  });
});

describe("the verdicts of argo-verdicts.ts are Argo's", { skip }, () => {
  it('each row', () => {
    const outcomes = runOracle(argoVerdicts.map((row) => ({ expression: row.condition, result: row.result })));
    const wrong = argoVerdicts.flatMap((row, i) => {
      const go = outcomes[i] as Outcome;
      return go.phase === row.verdict
        ? []
        : [
            `${row.condition} on ${JSON.stringify(row.result)}: the table says ${row.verdict}, Argo gives ${go.phase} ${go.error ?? ''}`,
          ];
    });
    assert.equal(wrong.length, 0, wrong.join('\n'));
  });
});
