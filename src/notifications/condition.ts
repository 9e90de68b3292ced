// A trigger's `when` and `oncePer` as the notifications engine runs them: expr-lang compiled with
// no environment (so Go methods are called by reflection at run time), over `rollout` and the
// `time` namespace Argo Rollouts gives (utils/record: time.Now() and time.Parse(text), RFC 3339).
// The methods of the times and durations they return (Sub, Add, Before, Minutes, Hour, Format, ...)
// are src/expr/methods.ts. time.Now() is in the controller's local zone (UTC unless its TZ says
// otherwise); time.Parse gives UTC for `Z`, the local zone for an offset that zone has then, and a
// fixed zone for any other offset, as Go's time.Parse does.
import { childrenOf, type Node } from '../expr/ast.ts';
import { compile, type CompiledExpression } from '../expr/index.ts';
import { methodNames } from '../expr/methods.ts';
import { TimeValue } from '../expr/values.ts';
import { fixedZone, localZone, utcZone, type Zone } from '../expr/zones.ts';

const compiledConditions = new Map<string, CompiledExpression>();

/**
 * Compiles (once) a `when` or `oncePer`; throws ExprError when it does not compile. As the engine
 * compiles it with no environment (expr.Compile(when), pkg/triggers/service.go), every name's type
 * is unknown to the checker, which still refuses what it can tell is wrong (a method of expr-lang's
 * own date() called wrongly); the values' types are not checked when it runs (`analysisRuns == nil
 * || len(analysisRuns) > 0` is true), and a name the variables lack is nil.
 */
export function compileNotificationCondition(source: string): CompiledExpression {
  let compiled = compiledConditions.get(source);
  if (!compiled) {
    compiled = compile(source, { methods: true, untypedEnv: true });
    if (compiledConditions.size > 512) compiledConditions.clear();
    compiledConditions.set(source, compiled);
  }
  return compiled;
}

/** The zone a condition's times are in when the controller's TZ is `tz` (UTC when unset). */
export function conditionZone(tz: string | undefined): Zone {
  return localZone(tz);
}

/**
 * The functions of the `time` namespace, Now() answering `now` (milliseconds since the epoch) in
 * `local`, the controller's zone.
 */
export function conditionTime(
  now: number,
  local: Zone = utcZone,
): { Now: () => TimeValue; Parse: (text: unknown) => TimeValue } {
  return {
    Now: () => new TimeValue(BigInt(Math.round(now)) * 1_000_000n, local),
    Parse: (text: unknown) => {
      if (text !== null && text !== undefined && typeof text !== 'string')
        throw new Error(`time.Parse takes a string, not ${typeof text === 'number' ? 'float64' : typeof text}`);
      return parseRfc3339(text ?? '', local);
    },
  };
}

const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const digit = (text: string, at: number): boolean => at < text.length && text[at]! >= '0' && text[at]! <= '9';

/**
 * Go's time.Parse(time.RFC3339, text): 2006-01-02T15:04:05Z07:00, with an optional fraction of a
 * second (`.` or `,`, digits past the ninth ignored), an hour of one or two digits, and a zone that is
 * `Z` or ±hh:mm (up to 24:60). Throws with what is wrong.
 */
export function parseRfc3339(text: string, local: Zone = utcZone): TimeValue {
  let rest = text;
  const fail = (why: string): never => {
    throw new Error(`parsing time ${JSON.stringify(text)} as RFC 3339 (2006-01-02T15:04:05Z07:00): ${why}`);
  };
  const literal = (expected: string): void => {
    if (!rest.startsWith(expected)) fail(`cannot parse ${JSON.stringify(rest)} as ${JSON.stringify(expected)}`);
    rest = rest.slice(expected.length);
  };
  // Go's getnum: two digits, or (when not fixed) one digit not followed by another.
  const number = (fixed: boolean, what: string): number => {
    if (!digit(rest, 0)) return fail(`cannot parse ${JSON.stringify(rest)} as ${what}`);
    const width = digit(rest, 1) ? 2 : fixed ? fail(`cannot parse ${JSON.stringify(rest)} as ${what}`) : 1;
    const value = Number(rest.slice(0, width));
    rest = rest.slice(width);
    return value;
  };
  if (!/^\d{4}/.test(rest)) fail(`cannot parse ${JSON.stringify(rest)} as "2006"`);
  const year = Number(rest.slice(0, 4));
  rest = rest.slice(4);
  literal('-');
  const month = number(true, '"01"');
  if (month < 1 || month > 12) fail('month out of range');
  literal('-');
  const day = number(true, '"02"');
  literal('T');
  const hour = number(false, '"15"');
  if (hour >= 24) fail('hour out of range');
  literal(':');
  const minute = number(true, '"04"');
  if (minute >= 60) fail('minute out of range');
  literal(':');
  const second = number(true, '"05"');
  if (second >= 60) fail('second out of range');
  let nanos = 0n;
  if (rest.length >= 2 && (rest[0] === '.' || rest[0] === ',') && digit(rest, 1)) {
    let end = 1;
    while (digit(rest, end)) end++;
    nanos = BigInt(rest.slice(1, Math.min(end, 10)).padEnd(9, '0'));
    rest = rest.slice(end);
  }
  let offsetSeconds: number | undefined;
  if (rest.startsWith('Z')) rest = rest.slice(1);
  else {
    if (rest.length < 6 || rest[3] !== ':') fail(`cannot parse ${JSON.stringify(rest)} as "Z07:00"`);
    const sign = rest[0];
    const zoneHours = /^\d\d$/.test(rest.slice(1, 3)) ? Number(rest.slice(1, 3)) : NaN;
    const zoneMinutes = /^\d\d$/.test(rest.slice(4, 6)) ? Number(rest.slice(4, 6)) : NaN;
    if ((sign !== '+' && sign !== '-') || Number.isNaN(zoneHours) || Number.isNaN(zoneMinutes))
      fail(`cannot parse ${JSON.stringify(rest)} as "Z07:00"`);
    if (zoneHours > 24) fail('time zone offset hour out of range');
    if (zoneMinutes > 60) fail('time zone offset minute out of range');
    offsetSeconds = (sign === '-' ? -1 : 1) * (zoneHours * 3600 + zoneMinutes * 60);
    rest = rest.slice(6);
  }
  if (rest !== '') fail(`extra text: ${JSON.stringify(rest)}`);
  const monthDays = month === 2 && isLeap(year) ? 29 : (days[month - 1] as number);
  if (day < 1 || day > monthDays) fail('day out of range');
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const seconds = BigInt(date.getTime() / 1000) - BigInt(offsetSeconds ?? 0);
  // An offset the local zone has at that instant is read as the local zone, as Go does.
  const zone =
    offsetSeconds === undefined
      ? utcZone
      : local.at(Number(seconds)).offset === offsetSeconds
        ? local
        : fixedZone(offsetSeconds);
  return new TimeValue(seconds * 1_000_000_000n + nanos, zone);
}

const timeFunctions = ['Now', 'Parse'];

/**
 * The methods a compiled condition calls that sluice does not evaluate (neither a function of
 * `time` nor one of src/expr/methods.ts): a condition calling one fails when it runs.
 */
export function unevaluatedMethods(tree: Node): string[] {
  const found = new Set<string>();
  const visit = (node: Node): void => {
    if (node.type === 'method' && !timeFunctions.includes(node.name) && !methodNames.has(node.name))
      found.add(node.name);
    for (const child of childrenOf(node)) visit(child);
  };
  visit(tree);
  return [...found];
}

/**
 * Where a condition compares Month() or Weekday() with a number (`t.Weekday() == 1`,
 * `t.Month() in [1, 12]`): Go's time.Month and time.Weekday are named ints, which expr-lang's `==`
 * never finds equal to a number, so the comparison is always false (`!=` always true), in the
 * notifications engine as in sluice. Each is the method's name.
 */
export function numberComparedMethods(tree: Node): string[] {
  const found = new Set<string>();
  const unwrap = (node: Node): Node => (node.type === 'chain' ? unwrap(node.expression) : node);
  const enumMethod = (node: Node): string | undefined => {
    const inner = unwrap(node);
    return inner.type === 'method' && inner.args.length === 0 && (inner.name === 'Month' || inner.name === 'Weekday')
      ? inner.name
      : undefined;
  };
  const isNumber = (node: Node): boolean => node.type === 'int' || node.type === 'float';
  const visit = (node: Node): void => {
    if (node.type === 'binary') {
      const left = enumMethod(node.left);
      const right = enumMethod(node.right);
      if (node.operator === '==' || node.operator === '!=') {
        if (left && isNumber(node.right)) found.add(left);
        if (right && isNumber(node.left)) found.add(right);
      }
      if (node.operator === 'in' && left && node.right.type === 'array' && node.right.elements.some(isNumber))
        found.add(left);
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(tree);
  return [...found];
}

/** What a condition may call, for messages. */
export const conditionFunctions: readonly string[] = [...timeFunctions.map((name) => `time.${name}`), ...methodNames];
