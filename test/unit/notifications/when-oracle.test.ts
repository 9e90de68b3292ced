// Notification conditions that use `time` (time.Now(), time.Parse(...) and the methods of the
// times and durations they return) against the notifications engine itself: generated conditions
// over generated RFC 3339 timestamps (valid and malformed) run through expr-lang as Argo Rollouts
// runs a trigger's `when` (test/oracles/notification-when, Go) and through sluice's condition path;
// the outcomes (compile error, run-time error, or the same typed value) must agree.
// Reproduce a failure with SLUICE_ORACLE_SEED=<seed>.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { compileNotificationCondition } from '../../../src/notifications/condition.ts';
import { conditionVariables } from '../../../src/notifications/notify.ts';
import { oracleSeed, seededRandom, type Random } from '../../oracles/random.ts';
import { runOracle } from '../../oracles/run-oracle.ts';
import { buildGoProgram, goSkipReason } from '../../support/go-program.ts';
import { canonical, sameValue } from '../expr/oracle-run.ts';

const skip = goSkipReason();
const oracleDir = path.resolve(import.meta.dirname, '../../oracles/notification-when');

interface Case {
  when: string;
  rollout: Record<string, unknown>;
  now: number;
}

interface GoOutcome {
  compileError?: string;
  error?: string;
  value?: unknown;
}

type Outcome = { kind: 'compile' | 'error' } | { kind: 'value'; value: unknown };

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** An RFC 3339 timestamp near `around`, often with the liberties Go's parser takes or refuses. */
function timestamp(random: Random, around: number): string {
  const ms = around + (random.int(2_000_001) - 1_000_000) * random.pick([1, 60, 3600, 86_400]);
  const d = new Date(ms);
  let year = d.getUTCFullYear();
  let month = d.getUTCMonth() + 1;
  let day = d.getUTCDate();
  let hour = String(pad(d.getUTCHours()));
  let minute = d.getUTCMinutes();
  let second = d.getUTCSeconds();
  // Most timestamps are as Kubernetes writes them, or valid variants; some take liberties.
  const odd = random.chance(0.12);
  const chance = (p: number): boolean => odd && random.chance(p * 3);
  if (chance(0.05))
    [month, day] = random.pick([
      [2, 29],
      [2, 30],
      [4, 31],
      [13, 1],
      [0, 5],
      [6, 0],
    ]);
  if (chance(0.03)) year = random.pick([0, 1, 9999]);
  if (chance(0.05)) hour = random.pick(['24', '7', '23']);
  if (chance(0.03)) minute = 60;
  if (chance(0.03)) second = random.pick([59, 60]);
  const separator = chance(0.05) ? random.pick(['t', ' ', '_']) : 'T';
  let fraction = '';
  if (random.chance(0.4)) {
    const digits = odd ? random.int(13) : 1 + random.int(9);
    fraction = (chance(0.2) ? ',' : '.') + Array.from({ length: digits }, () => String(random.int(10))).join('');
  }
  const zone = random.chance(0.5)
    ? !chance(0.05)
      ? 'Z'
      : random.pick(['z', '', 'UTC'])
    : `${random.pick(['+', '-', chance(0.05) ? '~' : '+'])}${pad(odd ? random.pick([0, 1, 14, 23, 24, 25]) : random.int(15))}:${pad(odd ? random.pick([0, 30, 59, 60, 61]) : random.pick([0, 15, 30, 45]))}${chance(0.03) ? ':00' : ''}`;
  const text = `${pad(year, 4)}-${pad(month)}-${pad(day)}${separator}${hour}:${pad(minute)}:${pad(second)}${fraction}${zone}`;
  return chance(0.03) ? random.pick([`${text} `, text.slice(0, -1), 'yesterday', '']) : text;
}

const fields = ['a', 'b', 'c'];

function time(random: Random, depth: number): string {
  const roll = random.int(depth > 2 ? 3 : 6);
  if (roll === 0) return 'time.Now()';
  if (roll === 1) return `time.Parse(rollout.status.${random.pick(fields)})`;
  if (roll === 2 && random.chance(0.1))
    return `time.Parse(${random.pick(['rollout.status.n', 'nil', 'rollout.status.missing', '"2026-12-07T10:00:00Z"'])})`;
  if (roll === 2) return `time.Parse("2026-12-07T10:00:00Z")`;
  if (roll === 3) return `${time(random, depth + 1)}.Add(${duration(random, depth + 1)})`;
  if (roll === 4) return `${time(random, depth + 1)}.UTC()`;
  return `(${time(random, depth + 1)})`;
}

function duration(random: Random, depth: number): string {
  const roll = random.int(depth > 2 ? 2 : 5);
  if (roll === 0) return `${time(random, depth + 1)}.Sub(${time(random, depth + 1)})`;
  if (roll === 1) return `duration("${random.pick(['5m', '1h30m', '-90s', '1.5s', '0s', '72h'])}")`;
  if (roll === 2) return `${duration(random, depth + 1)}.Abs()`;
  if (roll === 3)
    return `${duration(random, depth + 1)}.${random.pick(['Truncate', 'Round'])}(${duration(random, depth + 1)})`;
  return random.chance(0.2)
    ? `${time(random, depth + 1)}.Sub(${random.pick(['nil', '5', 'rollout.status.a'])})`
    : `(${duration(random, depth + 1)})`;
}

function number(random: Random): string {
  const d = duration(random, 0);
  const t = time(random, 0);
  return random.pick([
    `${d}.Minutes()`,
    `${d}.Seconds()`,
    `${d}.Hours()`,
    `${d}.Milliseconds()`,
    `${d}.Microseconds()`,
    `${d}.Nanoseconds()`,
    `${t}.Unix()`,
    `${t}.UnixMilli()`,
    `${t}.UnixMicro()`,
    `${t}.UnixNano()`,
    `${t}.Compare(${time(random, 1)})`,
  ]);
}

function condition(random: Random): string {
  switch (random.int(10)) {
    case 9:
      return `time.Parse(rollout.status.${random.pick(fields)}).UnixNano()`;
    case 0:
      return `${number(random)} ${random.pick(['>', '<', '>=', '=='])} ${random.pick(['5', '2.5', '-1', '0'])}`;
    case 1:
      return `${time(random, 0)}.${random.pick(['Before', 'After', 'Equal'])}(${time(random, 1)})`;
    case 2:
      return `${duration(random, 0)} ${random.pick(['>', '<', '=='])} ${duration(random, 1)}`;
    case 3:
      return `${time(random, 0)} ${random.pick(['>', '<', '==', '!='])} ${time(random, 1)}`;
    case 4:
      return `${time(random, 0)}.IsZero() || ${time(random, 1)}.Add(${duration(random, 1)}).Before(time.Now())`;
    case 5:
      return `${duration(random, 0)}.String()`;
    case 6:
      return random.pick([
        'time.Foo()',
        'time.Now(1)',
        'time.Parse()',
        'time.Now().Add(60)',
        'rollout.status?.missing?.Unix()',
        'rollout.status.a.Foo()',
        'time.Now().Foo()',
        'time.Now().Sub(time.Parse(rollout.status.a)).Minutes(1)',
        'time.Now().Sub(time.Parse(rollout.status.a)) > 5',
        'time.Now',
        'time.Now().(',
      ]);
    case 7:
      return number(random);
    default:
      return time(random, 0);
  }
}

function generate(seed: number, count: number): Case[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const now = Date.UTC(2026, 11, 7) + (random.int(2_000_001) - 1_000_000) * 1000 + random.int(1000);
    const status: Record<string, unknown> = { n: 5 };
    for (const field of fields) status[field] = timestamp(random, now);
    return { when: condition(random), rollout: { status }, now };
  });
}

function goOutcome(out: GoOutcome): Outcome {
  if (out.compileError !== undefined) return { kind: 'compile' };
  if (out.error !== undefined) return { kind: 'error' };
  const value = out.value as { nil?: boolean } | undefined;
  return { kind: 'value', value: value && typeof value === 'object' && value.nil === true ? null : value };
}

function sluiceOutcome(c: Case): Outcome {
  let compiled: ReturnType<typeof compileNotificationCondition>;
  try {
    compiled = compileNotificationCondition(c.when);
  } catch {
    return { kind: 'compile' };
  }
  try {
    const variables = conditionVariables({ rollout: c.rollout, secrets: {} }, c.now);
    return { kind: 'value', value: canonical(compiled.evaluate(variables, { now: c.now })) };
  } catch {
    return { kind: 'error' };
  }
}

function agree(go: Outcome, ours: Outcome): boolean {
  if (go.kind !== ours.kind) return false;
  if (go.kind !== 'value' || ours.kind !== 'value') return true;
  // A Go func value has no counterpart to compare; both evaluating is agreement enough.
  const other = go.value as { other?: string } | null;
  if (other && typeof other === 'object' && typeof other.other === 'string') return true;
  return sameValue(go.value, ours.value);
}

function check(seed: number, count: number): void {
  const cases = generate(seed, count);
  const oracle = runOracle<unknown, GoOutcome>(
    buildGoProgram(oracleDir),
    cases.map((c) => ({ when: c.when, rollout: c.rollout, now: new Date(c.now).toISOString() })),
    { env: { TZ: 'UTC' } },
  );
  const wrong: string[] = [];
  const kinds = { compile: 0, error: 0, value: 0 };
  cases.forEach((c, i) => {
    const raw = oracle[i] as GoOutcome;
    const go = goOutcome(raw);
    kinds[go.kind]++;
    const ours = sluiceOutcome(c);
    if (!agree(go, ours))
      wrong.push(
        `${c.when}\n    rollout.status ${JSON.stringify(c.rollout.status)}, now ${new Date(c.now).toISOString()}\n    Argo:   ${JSON.stringify(raw)}\n    sluice: ${JSON.stringify(ours)}`,
      );
  });
  // The cases must exercise both sides: conditions that evaluate and ones that fail.
  assert.ok(kinds.value > count * 0.4 && kinds.error > count * 0.05, `generated cases: ${JSON.stringify(kinds)}`);
  assert.equal(
    wrong.length,
    0,
    `seed ${seed} (SLUICE_ORACLE_SEED=${seed}): ${wrong.length} of ${count} conditions disagree:\n${wrong.slice(0, 15).join('\n')}`,
  );
}

describe('notification conditions calling time agree with the notifications engine (expr-lang v1.17.7)', {
  skip,
}, () => {
  const seeds = process.env.CI === 'true' && !process.env.SLUICE_ORACLE_SEED ? [20261207] : [20261207, oracleSeed()];
  for (const seed of seeds) it(`over 3000 generated conditions (seed ${seed})`, () => check(seed, 3000));

  it('the engine and sluice both read the common "minutes since" condition', () => {
    const when = 'time.Now().Sub(time.Parse(rollout.status.a)).Minutes() > 5';
    const now = Date.parse('2026-12-07T10:07:30.500Z');
    const at = (a: string): Case => ({ when, rollout: { status: { a } }, now });
    const cases = [at('2026-12-07T10:00:00Z'), at('2026-12-07T10:03:00Z'), at('2026-12-07T12:02:00+02:00')];
    const go = runOracle<unknown, GoOutcome>(
      buildGoProgram(oracleDir),
      cases.map((c) => ({ when: c.when, rollout: c.rollout, now: new Date(c.now).toISOString() })),
    ).map(goOutcome);
    assert.deepEqual(go, [
      { kind: 'value', value: true },
      { kind: 'value', value: false },
      { kind: 'value', value: true },
    ]);
    assert.deepEqual(cases.map(sluiceOutcome), go);
  });
});
