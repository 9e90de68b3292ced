// Differential test: sluice's regex engine (expr's `matches`) against Go's regexp, the library
// Argo Rollouts runs, over thousands of generated patterns and subjects. Any disagreement fails,
// unless it is one of the deliberate differences below. Replay a failure with the seed it prints:
// SLUICE_ORACLE_SEED=<seed> node --test test/unit/expr/regex-oracle.test.ts
//
// Deliberate differences (docs/expressions.md):
// - a pattern that compiles to more than 20,000 instructions is refused ("expression too large"),
//   to bound the expression's work; Go accepts up to about 3 million;
// - \p{...} membership comes from Node's Unicode tables; Go 1.26 has Unicode 15.0.0 (characters
//   added since then match only in sluice). The generator uses characters both versions know.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { compileRegex } from '../../../src/expr/regex/machine.ts';
import { RegexSyntaxError } from '../../../src/expr/regex/syntax.ts';
import { buildGoProgram, goSkipReason } from '../../support/go-program.ts';
import { generateRegexCase, type RegexCase } from '../../oracles/regexp/generate.ts';
import { oracleSeed, seededRandom } from '../../oracles/random.ts';
import { runOracle } from '../../oracles/run-oracle.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const oracleDir = path.join(root, 'test/oracles/regexp');
const caseCount = 4500;

interface GoAnswer { error?: string; matches?: boolean[] }

type SluiceAnswer = { error: string } | { matches: boolean[] };

function sluice(item: RegexCase): SluiceAnswer {
  try {
    const regex = compileRegex(item.pattern);
    return { matches: item.subjects.map((subject) => regex.test(subject, () => {})) };
  } catch (error) {
    if (error instanceof RegexSyntaxError) return { error: error.message };
    throw error;
  }
}

function deliberate(go: GoAnswer, ours: SluiceAnswer): boolean {
  return go.error === undefined && 'error' in ours && ours.error === 'expression too large';
}

const skip = goSkipReason();

describe('regex engine against Go regexp (oracle)', { skip }, () => {
  const binary = skip ? '' : buildGoProgram(oracleDir);

  it('uses the Unicode facts of the Go that builds Argo (src/expr/regex/go-unicode.ts is current)', () => {
    const current = execFileSync(binary, ['-tables'], { encoding: 'utf8' });
    const committed = readFileSync(path.join(root, 'src/expr/regex/go-unicode.ts'), 'utf8');
    assert.ok(current === committed, 'src/expr/regex/go-unicode.ts differs from this Go\'s tables: regenerate it with `<oracle binary> -tables > src/expr/regex/go-unicode.ts`');
  });

  it(`agrees on ${caseCount} generated patterns`, () => {
    const seed = oracleSeed();
    const random = seededRandom(seed);
    const cases = Array.from({ length: caseCount }, () => generateRegexCase(random));
    const answers = runOracle<RegexCase, GoAnswer>(binary, cases);
    const disagreements: string[] = [];
    let compiled = 0;
    cases.forEach((item, index) => {
      const go = answers[index] as GoAnswer;
      const ours = sluice(item);
      if (go.error === undefined) compiled++;
      const same = go.error !== undefined
        ? 'error' in ours
        : 'matches' in ours && ours.matches.every((match, at) => match === (go.matches ?? [])[at]);
      if (same || deliberate(go, ours)) return;
      disagreements.push(`${JSON.stringify(item.pattern)} on ${JSON.stringify(item.subjects)}: Go ${JSON.stringify(go)}, sluice ${JSON.stringify(ours)}`);
    });
    // The generator must exercise both sides: most patterns compile, some do not.
    assert.ok(compiled > caseCount * 0.8 && compiled < caseCount, `seed ${seed}: ${compiled} of ${caseCount} patterns compiled in Go`);
    assert.equal(disagreements.length, 0, `seed ${seed} (replay with SLUICE_ORACLE_SEED=${seed}): ${disagreements.length} disagreements, the first:\n${disagreements.slice(0, 10).join('\n')}`);
  });
});
