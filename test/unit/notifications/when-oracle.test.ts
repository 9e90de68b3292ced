// Notification conditions that use `time` (time.Now(), time.Parse(...) and the methods of the
// times and durations they return) against the notifications engine itself: generated conditions
// over generated RFC 3339 timestamps (valid and malformed) run through expr-lang as Argo Rollouts
// runs a trigger's `when` (test/oracles/notification-when, Go) and through sluice's condition path;
// the outcomes (compile error, run-time error, or the same typed value) must agree. The methods that
// read a time in its zone (Hour, Weekday, Format with generated layouts, UTC, Local, In, ...) are
// compared with the local zone UTC (as in the controller's pod) and with TZ set to zones with
// daylight saving time and with a half-hour offset. Some conditions probe what expr-lang decides by
// static types though the engine compiles with no env: typed method calls of date() refusing nil,
// the numeric builtins over Month and Duration, int64 arguments for AddDate, missing names.
// Reproduce a failure with SLUICE_ORACLE_SEED=<seed>.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { ExprError } from '../../../src/expr/index.ts';
import { GoEnumValue, LocationValue } from '../../../src/expr/values.ts';
import { compileNotificationCondition, conditionZone } from '../../../src/notifications/condition.ts';
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
  // expr-lang's own date(): its type is known when compiling, so its methods are checked then.
  if (roll === 2 && random.chance(0.3))
    return `date(${random.pick([
      '"2026-03-08T01:30:00-05:00"',
      // A day before the changes of daylight saving time in America/New_York, at hours its AddDate lands near them.
      '"2026-03-07T02:30:00-05:00"',
      '"2026-03-07T03:30:00-05:00"',
      '"2026-10-31T01:30:00-04:00"',
      '"2026-10-31T03:30:00-04:00"',
      '"2026-11-01T01:30:00-04:00"',
      '"2026-12-07"',
      '"2026-12-07 23:30:00"',
      '"2026-07-01T09:15:00+05:30"',
    ])})`;
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

/** Go's layout constants, and layouts made of the reference time's elements and other text. */
const LAYOUTS = [
  '2006-01-02T15:04:05Z07:00',
  '2006-01-02T15:04:05.999999999Z07:00',
  'Mon, 02 Jan 2006 15:04:05 MST',
  'Mon, 02 Jan 2006 15:04:05 -0700',
  '3:04PM',
  '2006-01-02 15:04:05',
  '2006-01-02',
  '15:04:05',
  'Mon Jan _2 15:04:05 2006',
  'Mon Jan _2 15:04:05 MST 2006',
  '02 Jan 06 15:04 MST',
  'Monday, 02-Jan-06 15:04:05 MST',
  'Jan _2 15:04:05.000000',
  "01/02 03:04:05PM '06 -0700",
];
const ELEMENTS = [
  '2006',
  '06',
  'January',
  'Jan',
  '1',
  '01',
  'Monday',
  'Mon',
  '2',
  '_2',
  '02',
  '__2',
  '002',
  '15',
  '3',
  '03',
  '4',
  '04',
  '5',
  '05',
  'PM',
  'pm',
  'MST',
  'Z0700',
  'Z070000',
  'Z07',
  'Z07:00',
  'Z07:00:00',
  '-0700',
  '-070000',
  '-07',
  '-07:00',
  '-07:00:00',
  '.000',
  ',000',
  '.999',
  ',999999999',
  '.0',
  '.9999999999',
  '.00x',
  '.99',
];
const TEXTS = [
  ' ',
  '-',
  ':',
  'T',
  '/',
  ', ',
  'at ',
  'Month',
  'Janx',
  'Mond',
  'MS',
  '_2006',
  '_',
  'x',
  '0',
  '7',
  '9',
  'Z',
  'P',
  'p',
  '.',
  ',',
];
const ZONED =
  /\.(Format|AddDate|Round|Truncate|IsDST|Hour|Minute|Second|Nanosecond|Day|Month|Year|YearDay|Weekday|Clock|Date|ISOWeek|Zone|UTC|Local|In|Location|String)\(/;
const NAMED = /MST|String|Zone|string\(/;

function layout(random: Random): string {
  if (random.chance(0.3)) return random.pick(LAYOUTS);
  if (random.chance(0.03)) return '';
  const pieces = Array.from({ length: 1 + random.int(6) }, () =>
    random.chance(0.7) ? random.pick(ELEMENTS) : random.pick(TEXTS),
  );
  return pieces.join('');
}

/** A time in some zone: as it comes, in UTC, in the local zone, or in another time's zone. */
function zoned(random: Random): string {
  const t = time(random, 1);
  switch (random.int(7)) {
    case 0:
      return `${t}.UTC()`;
    case 1:
      return `${t}.Local()`;
    case 2:
      return `${t}.In(${time(random, 2)}.Location())`;
    case 3:
      return random.chance(0.1) ? `${t}.In(${random.pick(['nil', '"UTC"', '5'])})` : t;
    case 4:
      return random.pick([
        `${t}.AddDate(${random.pick(['0', '1', '-1'])}, ${random.pick(['0', '1', '-1', '13', '-25'])}, ${random.pick(['0', '1', '-1', '31', '-400', '1.5', 'nil'])})`,
        `${t}.${random.pick(['Round', 'Truncate'])}(${duration(random, 2)})`,
        `${t}.${random.pick(['Round', 'Truncate'])}(duration("${random.pick(['1h', '24h', '15m', '1s', '-1h', '0s', '7h'])}"))`,
      ]);
    default:
      return t;
  }
}

/** A condition reading a time's clock or calendar in its zone. */
function clockCondition(random: Random): string {
  const t = zoned(random);
  switch (random.int(10)) {
    case 9: {
      // A day before a change of daylight saving time in America/New_York (or in UTC, none), at an
      // hour whose AddDate lands in or near the change.
      const [date, offset] = random.pick([
        ['2026-03-07', '-05:00'],
        ['2026-10-31', '-04:00'],
      ]);
      const at = `${date}T0${random.int(6)}:${random.pick(['00', '30', '59'])}:00${offset}`;
      const moved = `${random.pick(['date', 'time.Parse'])}("${at}").AddDate(0, 0, ${random.pick(['1', '1', '-1', '0'])})`;
      return random.pick([`${moved}.Format("2006-01-02T15:04:05Z07:00")`, `${moved}.Hour()`, `${moved}.Unix()`]);
    }
    case 0:
    case 1: {
      const field = random.pick([
        'Year',
        'Day',
        'Hour',
        'Minute',
        'Second',
        'Nanosecond',
        'YearDay',
        'Clock',
        'Date',
        'ISOWeek',
      ]);
      return random.pick([
        `${t}.${field}()`,
        `${t}.${field}() ${random.pick(['>', '<', '==', '>='])} ${random.pick(['9', '12', '17', '2026', '300'])}`,
        `${t}.${field}() == ${zoned(random)}.${field}()`,
        `${t}.${field}(1)`,
      ]);
    }
    case 2: {
      const enumOf = random.pick(['Month', 'Weekday']);
      return random.pick([
        `${t}.${enumOf}()`,
        `${t}.${enumOf}().String()`,
        `int(${t}.${enumOf}())`,
        `${t}.${enumOf}() == ${random.pick(['1', '12', '6'])}`,
        `${t}.${enumOf}() == ${zoned(random)}.${enumOf}()`,
        `${t}.${enumOf}() ${random.pick(['>', '+', '<='])} ${random.pick(['1', `${zoned(random)}.${enumOf}()`])}`,
        `${t}.${enumOf}() in [1, 12]`,
        `string(${t}.${enumOf}())`,
        `${t}.${enumOf}().Foo()`,
      ]);
    }
    case 3:
    case 4:
    case 5:
      return random.chance(0.05)
        ? `${t}.Format(${random.pick(['nil', '5', '', 'rollout.status.a'])})`
        : `${t}.Format(${JSON.stringify(layout(random))})`;
    case 6:
      return random.pick([`${t}.Location().String()`, `${t}.Zone()`, `${t}.Location().Foo()`, `${t}.IsDST()`]);
    case 7:
      return random.pick([`${t}.String()`, `string(${t})`]);
    default:
      return `${t}.Format("15:04") ${random.pick(['>=', '<', '=='])} "${random.pick(['09:00', '17:30', '00:00'])}"`;
  }
}

/** A time whose type expr-lang knows when compiling (its date()), so its methods are typed calls. */
function knownTime(random: Random): string {
  const t = `date("${random.pick(['2026-12-07T10:00:00Z', '2026-03-08T01:30:00-05:00', '2026-12-07'])}")`;
  return random.pick([t, `${t}.UTC()`, `${t}.Add(duration("90m"))`]);
}

/**
 * Conditions on what expr-lang decides by the static types of a condition compiled without an env:
 * a nil argument of a typed method call (fails) or of a reflected one (the zero value); the numeric
 * builtins over Go's named ints; int64 arguments for int parameters; names the variables lack.
 */
function staticCondition(random: Random): string {
  const k = knownTime(random);
  const t = random.chance(0.7) ? k : time(random, 1);
  const arg = random.pick(['rollout.status.missing', 'rollout.status.missing', 'rollout.status.n', 'rollout.status.a']);
  switch (random.int(5)) {
    case 0:
      return random.pick([
        `${t}.${random.pick(['Sub', 'Before', 'After', 'Equal', 'Compare'])}(${arg})`,
        `${t}.${random.pick(['Add', 'Round', 'Truncate'])}(${arg}).Unix()`,
        `${t}.Format(${arg})`,
        `duration("90m").${random.pick(['Round', 'Truncate'])}(${arg})`,
        `${t}.Sub(${arg}).Hours() > 1`,
      ]);
    case 1: {
      const x = random.pick([`${t}.Month()`, `${t}.Weekday()`, duration(random, 1), `[${t}.Month()]`]);
      const fn = random.pick(['abs', 'ceil', 'floor', 'round', 'max', 'min', 'mean', 'median']);
      const call = random.chance(0.3)
        ? `${fn}(${x}, ${random.pick(['3', duration(random, 2), `${k}.Month()`])})`
        : `${fn}(${x})`;
      return random.pick([call, `${call} == ${call}`, `${call} > 5`]);
    }
    case 2: {
      const days = random.pick([
        `${k}.Unix() % 7`,
        `-${k}.Unix()`,
        `duration("0s").Milliseconds()`,
        `${k}.Unix() - ${time(random, 1)}.Unix()`,
        `${k}.YearDay()`,
      ]);
      // A method of time.Now() or time.Parse(...) is called by reflection, which refuses an int64 as well.
      const u = time(random, 1);
      return random.pick([
        `${k}.AddDate(0, 0, ${days}).Unix()`,
        `${u}.AddDate(0, ${random.pick([`${u}.Unix()`, `-${k}.Unix()`, `${u}.Unix() % 7`, '(duration("1h").Milliseconds())'])}, 0).Unix()`,
      ]);
    }
    default:
      return random.pick([
        'missing == nil',
        'len(missing)',
        'missing?.x == nil',
        'analysisRuns == nil || len(analysisRuns) > 0',
        'len(analysisRuns)',
        'rollout.status.missing == nil || len(rollout.status.missing) > 0',
        'rollout.missing.x',
      ]);
  }
}

function condition(random: Random): string {
  const roll = random.int(18);
  if (roll >= 16) return staticCondition(random);
  if (roll >= 10) return clockCondition(random);
  switch (roll) {
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

/**
 * `count` cases; without `named`, none reads a zone's abbreviation (MST, Zone(), String()), which
 * sluice knows only for UTC and the zones Intl names as tzdata does.
 */
function generate(seed: number, count: number, named = true): Case[] {
  const random = seededRandom(seed);
  const cases: Case[] = [];
  while (cases.length < count) {
    // Mostly near the day of the tests, some near the changes of daylight saving time.
    const around = random.pick([
      Date.UTC(2026, 11, 7),
      Date.UTC(2026, 11, 7),
      Date.UTC(2026, 2, 8, 7),
      Date.UTC(2026, 10, 1, 6),
    ]);
    const now = around + (random.int(2_000_001) - 1_000_000) * (random.chance(0.2) ? 10 : 1000) + random.int(1000);
    const status: Record<string, unknown> = { n: 5 };
    for (const field of fields) status[field] = timestamp(random, now);
    const when = condition(random);
    if (named || !NAMED.test(when)) cases.push({ when, rollout: { status }, now });
  }
  return cases;
}

function goOutcome(out: GoOutcome): Outcome {
  if (out.compileError !== undefined) return { kind: 'compile' };
  if (out.error !== undefined) return { kind: 'error' };
  const value = out.value as { nil?: boolean } | undefined;
  return { kind: 'value', value: value && typeof value === 'object' && value.nil === true ? null : value };
}

function goOutcomeValue(out: GoOutcome): unknown {
  const outcome = goOutcome(out);
  return outcome.kind === 'value' ? outcome.value : undefined;
}

/** A value as the Go oracle writes it: Go's Month and Weekday are ints, a *time.Location is `other`. */
function canonicalValue(value: unknown): unknown {
  if (value instanceof GoEnumValue) return { int: value.value.toString() };
  if (value instanceof LocationValue) return { other: '*time.Location' };
  return canonical(value);
}

function sluiceOutcome(c: Case, tz = 'UTC'): Outcome {
  let compiled: ReturnType<typeof compileNotificationCondition>;
  try {
    compiled = compileNotificationCondition(c.when);
  } catch {
    return { kind: 'compile' };
  }
  try {
    const variables = conditionVariables({ rollout: c.rollout, secrets: {} }, c.now, tz);
    // A refusal of the checker when evaluating (with the variables' types) is a compile error too.
    return {
      kind: 'value',
      value: canonicalValue(compiled.evaluate(variables, { now: c.now, localZone: conditionZone(tz) })),
    };
  } catch (error) {
    return { kind: error instanceof ExprError && error.phase === 'check' ? 'compile' : 'error' };
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

function check(seed: number, count: number, tz = 'UTC', named = true): void {
  const cases = generate(seed, count, named);
  const oracle = runOracle<unknown, GoOutcome>(
    buildGoProgram(oracleDir),
    cases.map((c) => ({ when: c.when, rollout: c.rollout, now: new Date(c.now).toISOString() })),
    { env: { TZ: tz } },
  );
  const wrong: string[] = [];
  const kinds = { compile: 0, error: 0, value: 0 };
  const inZone = { cases: 0, values: 0 };
  cases.forEach((c, i) => {
    const raw = oracle[i] as GoOutcome;
    const go = goOutcome(raw);
    kinds[go.kind]++;
    if (ZONED.test(c.when)) {
      inZone.cases++;
      if (go.kind === 'value') inZone.values++;
    }
    const ours = sluiceOutcome(c, tz);
    if (!agree(go, ours))
      wrong.push(
        `${c.when} (TZ=${tz})\n    rollout.status ${JSON.stringify(c.rollout.status)}, now ${new Date(c.now).toISOString()}\n    Argo:   ${JSON.stringify(raw)}\n    sluice: ${JSON.stringify(ours)}`,
      );
  });
  // The cases must exercise both sides: conditions that evaluate and ones that fail.
  assert.ok(kinds.value > count * 0.4 && kinds.error > count * 0.05, `generated cases: ${JSON.stringify(kinds)}`);
  // A third or so of the cases read a time in its zone, most of them to a value.
  assert.ok(
    inZone.cases > count * 0.25 && inZone.values > inZone.cases * 0.6,
    `cases reading a zone: ${JSON.stringify(inZone)}`,
  );
  assert.equal(
    wrong.length,
    0,
    `seed ${seed} (SLUICE_ORACLE_SEED=${seed}): ${wrong.length} of ${count} conditions disagree:\n${wrong.slice(0, 15).join('\n')}`,
  );
}

/**
 * Whether Go loads `tz` here (from the system's tzdata; without it Go's local zone is UTC, and
 * the comparison would be of UTC against the zone). In CI its absence fails; elsewhere it skips.
 */
function goKnowsZone(tz: string, t: TestContext): boolean {
  const [probe] = runOracle<unknown, GoOutcome>(
    buildGoProgram(oracleDir),
    [{ when: 'time.Now().Location().String()', rollout: {}, now: '2026-12-07T10:00:00Z' }],
    { env: { TZ: tz } },
  );
  if (probe?.value === tz) return true;
  const reason = `Go does not load the time zone ${tz} here (no system tzdata): install the tzdata package`;
  if (process.env.CI === 'true') throw new Error(`${reason}; CI must provide it`);
  t.skip(reason);
  return false;
}

describe('notification conditions calling time agree with the notifications engine (expr-lang v1.17.7)', {
  skip,
}, () => {
  const seeds = process.env.CI === 'true' && !process.env.SLUICE_ORACLE_SEED ? [20261207] : [20261207, oracleSeed()];
  for (const seed of seeds) it(`over 3000 generated conditions (seed ${seed})`, () => check(seed, 3000));
  // A zone with daylight saving time (Intl names its zones as tzdata does: EST, EDT), and one with
  // a half-hour offset whose abbreviation (IST) sluice does not know, so none is asked for.
  it(`in TZ=America/New_York, over 2000 generated conditions (seed ${seeds.at(-1)})`, (t) => {
    if (!goKnowsZone('America/New_York', t)) return;
    check(seeds.at(-1) as number, 2000, 'America/New_York');
  });
  it(`in TZ=Asia/Kolkata, over 1500 generated conditions without zone names (seed ${seeds.at(-1)})`, (t) => {
    if (!goKnowsZone('Asia/Kolkata', t)) return;
    check(seeds.at(-1) as number, 1500, 'Asia/Kolkata', false);
  });

  it("the local zone of each way of writing TZ has Go's name and clock", (t) => {
    if (!goKnowsZone('America/New_York', t)) return;
    const when = 'time.Now().Location().String() + " " + time.Now().Format("15:04")';
    const c: Case = { when, rollout: {}, now: Date.parse('2026-12-07T10:00:00Z') };
    const values = [
      '/usr/share/zoneinfo/America/New_York',
      ':America/New_York',
      ':/usr/share/zoneinfo/Asia/Kolkata',
      'America/New_York',
      '',
      'UTC',
      'Nowhere/Else',
    ];
    for (const tz of values) {
      const [raw] = runOracle<unknown, GoOutcome>(
        buildGoProgram(oracleDir),
        [{ when, rollout: {}, now: new Date(c.now).toISOString() }],
        { env: { TZ: tz } },
      );
      assert.deepEqual(sluiceOutcome(c, tz), goOutcome(raw as GoOutcome), `TZ=${JSON.stringify(tz)}`);
    }
  });

  it("conditions decided by static types fail with the engine's message, or give its value", () => {
    const conditions = [
      'now().Sub(rollout.status.missing).Hours() > 1',
      'now().Add(rollout.status.missing)',
      'date("2026-12-07").Before(rollout.status.missing)',
      'now().Format(rollout.status.missing)',
      'duration("1h").Round(rollout.status.missing)',
      'now().Sub(rollout.status)',
      'time.Now().Sub(rollout.status.missing).Hours() > 1',
      'mean(date("2026-12-07").Month())',
      'median(date("2026-12-07").Weekday(), 3)',
      'max(date("2026-12-07").Month()) == date("2026-12-07").Month()',
      'abs(now().Month())',
      'round(now().Month())',
      'ceil(now().Sub(now()))',
      'now().AddDate(0, 0, now().Unix())',
      'time.Now().AddDate(0, 0, -time.Now().Unix())',
      'now().AddDate(0, 0, now().Unix() % 7).IsZero()',
      'analysisRuns == nil || len(analysisRuns) > 0',
      'missing == nil',
      'len(missing)',
    ];
    const now = Date.parse('2026-12-07T10:00:00Z');
    const go = runOracle<unknown, GoOutcome>(
      buildGoProgram(oracleDir),
      conditions.map((when) => ({ when, rollout: { status: {} }, now: new Date(now).toISOString() })),
    );
    conditions.forEach((when, i) => {
      const raw = go[i] as GoOutcome;
      assert.equal(raw.compileError, undefined, `${when} compiles in Go`);
      let ours: { error?: string; value?: unknown };
      try {
        const variables = conditionVariables({ rollout: { status: {} }, secrets: {} }, now);
        ours = { value: canonicalValue(compileNotificationCondition(when).evaluate(variables, { now })) };
      } catch (error) {
        ours = { error: (error as Error).message.split('\n')[0] };
      }
      if (raw.error !== undefined) assert.equal(ours.error, raw.error.split('\n')[0], when);
      else
        assert.ok(
          ours.error === undefined && sameValue(goOutcomeValue(raw), ours.value),
          `${when}: ${JSON.stringify(ours)}`,
        );
    });
  });

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
    assert.deepEqual(
      cases.map((c) => sluiceOutcome(c)),
      go,
    );
  });
});
