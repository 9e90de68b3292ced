// The values a template works on, as Go holds what encoding/json decodes into map[string]any:
// objects, arrays, strings, float64 numbers, bools and nil; plus the ints of literals and of
// functions (bigint), Go's "no value" (a missing map key), times and functions. Printing follows
// Go's fmt `%v`.
import { ExecError } from './errors.ts';
import { formatGoTime } from '../../expr/time-format.ts';
import { utcZone, type Zone } from '../../expr/zones.ts';

/** Go's invalid reflect.Value: what a missing map key yields; printed as "<no value>". */
export const NO_VALUE: unique symbol = Symbol('no value');
export type NoValue = typeof NO_VALUE;

const stringSliceMark = Symbol('[]string');

/** Marks a list as Go's []string (Sprig's splitList returns one), for the type names fmt prints. */
export function stringSlice(items: string[]): string[] {
  Object.defineProperty(items, stringSliceMark, { value: true });
  return items;
}

/** A Go int64 (what Sprig's arithmetic returns); a plain bigint is a Go int. */
export class Int64 {
  readonly value: bigint;
  constructor(value: bigint) {
    this.value = value;
  }
  valueOf(): bigint {
    return this.value;
  }
  toString(): string {
    return String(this.value);
  }
}

/** The integer of an int or int64. */
export function intOf(value: unknown): bigint {
  return value instanceof Int64 ? value.value : (value as bigint);
}

/**
 * A Go time.Time: milliseconds since the epoch, in a zone (UTC, the templates' local zone, unless
 * time.Parse read another offset, which the time keeps as Go's does).
 */
export class GoTime {
  readonly ms: number;
  readonly zone: Zone;
  constructor(ms: number, zone: Zone = utcZone) {
    this.ms = ms;
    this.zone = zone;
  }
}

/** A Go function value (e.g. `.time.Now`), called with `call`. */
export class GoFunc {
  readonly fn: (...args: unknown[]) => unknown;
  constructor(fn: (...args: unknown[]) => unknown) {
    this.fn = fn;
  }
}

export type Kind = 'invalid' | 'nil' | 'bool' | 'int' | 'float' | 'string' | 'slice' | 'map' | 'struct' | 'func';

export function kindOf(value: unknown): Kind {
  if (value === NO_VALUE || value === undefined) return 'invalid';
  if (value === null) return 'nil';
  switch (typeof value) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
  }
  if (Array.isArray(value)) return 'slice';
  if (value instanceof Int64) return 'int';
  if (value instanceof GoTime) return 'struct';
  if (value instanceof GoFunc) return 'func';
  return 'map';
}

/** Go's type name of a value, as fmt's %T and Go's errors say it. */
export function goTypeName(value: unknown): string {
  switch (kindOf(value)) {
    case 'invalid':
      return '<invalid reflect.Value>';
    case 'nil':
      return '<nil>';
    case 'bool':
      return 'bool';
    case 'int':
      return value instanceof Int64 ? 'int64' : 'int';
    case 'float':
      return 'float64';
    case 'string':
      return 'string';
    case 'slice':
      return Object.hasOwn(value as object, stringSliceMark) ? '[]string' : '[]interface {}';
    case 'struct':
      return 'time.Time';
    case 'func':
      return 'func() time.Time';
    default:
      return 'map[string]interface {}';
  }
}

/** Go's truth of a value for if / with / and / or / not. */
export function isTrue(value: unknown): boolean {
  switch (kindOf(value)) {
    case 'invalid':
    case 'nil':
      return false;
    case 'bool':
      return value as boolean;
    case 'int':
      return intOf(value) !== 0n;
    case 'float':
      return value !== 0;
    case 'string':
      return value !== '';
    case 'slice':
      return (value as unknown[]).length > 0;
    case 'map':
      return Object.keys(value as object).length > 0;
    default:
      return true;
  }
}

/** strconv.FormatFloat(f, 'g', -1, 64): the shortest digits, exponent form outside [1e-4, 1e6). */
export function formatFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  // Plain digits: place the decimal point.
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const point = exponent + 1;
  let text: string;
  if (point <= 0) text = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) text = digits + '0'.repeat(point - digits.length);
  else text = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${text}` : text;
}

/** Go's time.Format, with the whole layout language, of a time in its zone. */
export function formatTime(time: GoTime, layout: string): string {
  return formatGoTime(BigInt(Math.round(time.ms)) * 1_000_000n, time.zone, layout);
}

/** fmt's %v of a value (Go's Fprint of the interface), and "<no value>" for a missing one. */
export function printValue(value: unknown): string {
  switch (kindOf(value)) {
    case 'invalid':
      return '<no value>';
    case 'nil':
      return '<nil>';
    case 'bool':
    case 'int':
    case 'string':
      return String(value);
    case 'float':
      return formatFloat(value as number);
    case 'slice':
      return `[${(value as unknown[]).map(printElement).join(' ')}]`;
    case 'map': {
      const map = value as Record<string, unknown>;
      return `map[${Object.keys(map)
        .sort(compareStrings)
        .map((key) => `${key}:${printElement(map[key])}`)
        .join(' ')}]`;
    }
    case 'struct':
      return formatTime(value as GoTime, '2006-01-02 15:04:05.999999999 -0700 MST');
    default:
      return '0x0';
  }
}

function printElement(value: unknown): string {
  return value === NO_VALUE ? '<nil>' : printValue(value);
}

/** Go orders strings by their UTF-8 bytes. */
export function compareStrings(a: string, b: string): number {
  // UTF-8 byte order is code point order.
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] as string).codePointAt(0)! - (y[i] as string).codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** The UTF-8 length of a string, as Go's len. */
export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

export function execError(message: string): ExecError {
  return new ExecError(message);
}
