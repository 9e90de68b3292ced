// Method calls on times and durations (src/expr/methods.ts, allowed where an environment gives such
// values: `compile(source, { methods: true })`) against expr-lang itself, through the expr oracle
// (test/oracles/expr, Argo's EvalCondition): generated conditions over now(), date() and duration()
// calling Sub, Add, Before, Minutes, ..., each sometimes with a wrong argument. Reproduce a failure
// with SLUICE_ORACLE_SEED=<seed>.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compile, ExprError } from '../../../src/expr/index.ts';
import { oracleSeed, seededRandom, type Random } from '../../oracles/random.ts';
import { goSkipReason } from '../../support/go-program.ts';
import { canonical, evaluated, type Outcome, runOracle, sameValue } from './oracle-run.ts';

const skip = goSkipReason();

const dates = [
  '2024-01-02',
  '2024-02-29T23:59:59Z',
  '2024-03-10T01:30:00.123456789+05:30',
  '2023-12-31T23:00:00-08:00',
  '1969-07-20T20:17:40Z',
  '12:30:00',
  '2024-01-02 03:04:05',
];
const durations = ['5m', '1h30m', '-90s', '1.5s', '0s', '72h', '1ns', '-2562047h'];

function time(r: Random, depth: number): string {
  const roll = r.int(depth > 2 ? 1 : 4);
  if (roll === 0) return `date("${r.pick(dates)}")`;
  if (roll === 1) return `${time(r, depth + 1)}.Add(${duration(r, depth + 1)})`;
  if (roll === 2) return `${time(r, depth + 1)}.UTC()`;
  return `date(result.${r.pick(['at', 'later'])})`;
}

function duration(r: Random, depth: number): string {
  const roll = r.int(depth > 2 ? 1 : 5);
  if (roll === 0) return `duration("${r.pick(durations)}")`;
  if (roll === 1) return `${time(r, depth + 1)}.Sub(${time(r, depth + 1)})`;
  if (roll === 2) return `${duration(r, depth + 1)}.Abs()`;
  if (roll === 3) return `${duration(r, depth + 1)}.${r.pick(['Truncate', 'Round'])}(${duration(r, depth + 1)})`;
  return `(${time(r, depth + 1)} - ${time(r, depth + 1)})`;
}

function condition(r: Random): string {
  const d = duration(r, 0);
  const t = time(r, 0);
  switch (r.int(11)) {
    case 0:
      return `${d}.${r.pick(['Hours', 'Minutes', 'Seconds'])}() ${r.pick(['>', '<', '=='])} ${r.pick(['5', '0.5', '-1', '90'])}`;
    case 1:
      return `${d}.${r.pick(['Milliseconds', 'Microseconds', 'Nanoseconds', 'String'])}()`;
    case 2:
      return `${t}.${r.pick(['Unix', 'UnixMilli', 'UnixMicro', 'UnixNano', 'IsZero'])}()`;
    case 3:
      return `${t}.${r.pick(['Before', 'After', 'Equal', 'Compare'])}(${time(r, 1)})`;
    case 4:
      // A missing field is nil, which a typed call (the receiver's type is known) refuses.
      return `${t}.${r.pick(['Sub', 'Before', 'After', 'Equal', 'Compare'])}(${r.pick(['5', '"x"', 'result.at', 'result.missing', d])})`;
    case 5:
      return `${t}.${r.pick(['Add', 'Round', 'Truncate'])}(${r.pick(['60', 'result.n', 'result.missing', d])}) > ${time(r, 1)}`;
    case 8:
      return r.pick([
        `${t}.Format(${r.pick(['result.missing', 'result.n', '"2006-01-02"'])}) != ""`,
        `${d}.${r.pick(['Round', 'Truncate'])}(result.missing) > ${d}`,
        `${t}.AddDate(0, ${r.pick(['0', '1', 'result.missing'])}, 0).Before(${time(r, 1)})`,
      ]);
    case 9: {
      // Integers of another kind for AddDate's ints: int64 passes the checker and fails reflect's Call.
      const days = r.pick([
        `${d}.Milliseconds()`,
        `-${t}.Unix()`,
        `${t}.Unix() % 7`,
        `${t}.Unix() - ${time(r, 1)}.Unix()`,
        `${t}.YearDay()`,
      ]);
      return `${t}.AddDate(0, 0, ${days}).After(${time(r, 1)})`;
    }
    case 10: {
      // The numeric builtins check Go kinds: a Month, Weekday or Duration passes, and fails or not when it runs.
      const x = r.pick([`${t}.Month()`, `${t}.Weekday()`, d, `[${t}.Month()]`, `${t}.Day()`]);
      const fn = r.pick(['abs', 'ceil', 'floor', 'round', 'max', 'min', 'mean', 'median']);
      const call = r.chance(0.3) ? `${fn}(${x}, ${r.pick([d, '3', `${t}.Month()`])})` : `${fn}(${x})`;
      return r.pick([`${call} == ${call}`, `string(${call}) != ""`, `${call} > 5`]);
    }
    case 6:
      return r.pick([`${t}.Foo()`, `${d}.Minutes(1)`, `${t}.Sub()`, `${d}.Hours`, `result.at.Unix()`]);
    default:
      return `${d} ${r.pick(['>', '<', '=='])} ${duration(r, 1)}`;
  }
}

function ours(expression: string, result: unknown): Outcome {
  try {
    const value = compile(expression, { methods: true }).evaluate({ result }, { now: 0 });
    if (typeof value === 'boolean') return { phase: value ? 'Successful' : 'Failed', value };
    return { phase: 'Error', error: 'expected bool', value: canonical(value) };
  } catch (error) {
    if (!(error instanceof ExprError)) throw error;
    return { phase: 'Error', error: error.reason, value: null };
  }
}

function check(seed: number, count: number): void {
  const r = seededRandom(seed);
  const cases = Array.from({ length: count }, () => ({
    expression: condition(r),
    result: { at: r.pick(dates), later: r.pick(dates), n: 60 },
  }));
  const oracle = runOracle(cases);
  const wrong: string[] = [];
  let values = 0;
  cases.forEach((c, i) => {
    const go = oracle[i] as Outcome;
    const mine = ours(c.expression, c.result);
    if (evaluated(go)) values++;
    // A method named without a call is a Go method value in expr-lang (a func, never a bool); sluice refuses it.
    const goFunc = typeof (go.value as { other?: unknown } | null)?.other === 'string';
    const sameValues = !evaluated(go) || (go.phase === mine.phase && sameValue(go.value, mine.value));
    const same = goFunc
      ? mine.phase === 'Error' && mine.value === null
      : evaluated(go) === evaluated(mine) && sameValues;
    if (!same)
      wrong.push(
        `${c.expression} with ${JSON.stringify(c.result)}\n    Go:     ${JSON.stringify(go)}\n    sluice: ${JSON.stringify(mine)}`,
      );
  });
  assert.ok(values > count * 0.5, `only ${values} of ${count} cases evaluated in expr-lang`);
  assert.equal(
    wrong.length,
    0,
    `seed ${seed}: ${wrong.length} of ${count} disagree:\n${wrong.slice(0, 15).join('\n')}`,
  );
}

describe('method calls on times and durations agree with expr-lang v1.17.7', { skip }, () => {
  const seeds = process.env.CI === 'true' && !process.env.SLUICE_ORACLE_SEED ? [20261207] : [20261207, oracleSeed()];
  for (const seed of seeds) it(`over 1500 generated conditions (seed ${seed})`, () => check(seed, 1500));
});
