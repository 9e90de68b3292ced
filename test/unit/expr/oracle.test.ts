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
import { agree, runOracle, runSluice, type Outcome } from './oracle-run.ts';

const skip = goSkipReason();
const count = Number(process.env.SLUICE_EXPR_CASES ?? 3000);

function differences(cases: readonly OracleCase[]): string[] {
  const oracle = runOracle(cases);
  const found: string[] = [];
  cases.forEach((c, i) => {
    const go = oracle[i] as Outcome;
    const ours = runSluice(c);
    if (agree(c, go, ours) || deliberateDifference(c, go, ours)) return;
    found.push(`${c.expression}  with result ${JSON.stringify(c.result)}\n    Argo:   ${JSON.stringify(go)}\n    sluice: ${JSON.stringify(ours)}`);
  });
  return found;
}

function check(seed: number): void {
  const found = differences(generateCases(seed, count));
  assert.equal(found.length, 0, `seed ${seed} (SLUICE_EXPR_SEED=${seed}): ${found.length} of ${count} conditions disagree with expr-lang:\n${found.slice(0, 25).join('\n')}`);
}

describe('conditions agree with expr-lang v1.17.7 as Argo Rollouts v1.10.1 runs them', { skip }, () => {
  const fixed = process.env.SLUICE_EXPR_SEED ? Number(process.env.SLUICE_EXPR_SEED) : 20261206;
  it(`over generated conditions (seed ${fixed})`, () => check(fixed));

  const seed = Math.floor(Math.random() * 2 ** 31);
  it(`over generated conditions (random seed ${seed})`, () => check(seed));
});
