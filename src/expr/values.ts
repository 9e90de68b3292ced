// The value model. expr-lang keeps int (int64) and float (float64) apart, so we do too:
// ints are bigint (wrapped to 64 bits like Go), floats are JS numbers.
// Environment values are read as they are: number -> float, bigint -> int,
// undefined -> nil, arrays -> array, other objects -> map of their own properties.

import { ValueError } from './errors.ts';
import { utcZone, type Zone } from './zones.ts';

export type Kind = 'nil' | 'bool' | 'int' | 'float' | 'string' | 'array' | 'map' | 'time' | 'duration' | 'unsupported';

export type MapValue = Record<string, unknown>;

export function kindOf(value: unknown): Kind {
  if (value instanceof TimeValue) return 'time';
  if (value instanceof DurationValue) return 'duration';
  if (value instanceof GoEnumValue || value instanceof LocationValue) return 'unsupported';
  switch (typeof value) {
    case 'undefined':
      return 'nil';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
    case 'object':
      if (value === null) return 'nil';
      return Array.isArray(value) ? 'array' : 'map';
    default:
      return 'unsupported';
  }
}

/** Type names as expr-lang's `type()` reports them. */
export function typeName(value: unknown): string {
  if (value instanceof GoEnumValue) return value.type;
  if (value instanceof LocationValue) return '*time.Location';
  const kind = kindOf(value);
  return kind === 'unsupported' ? typeof value : kind;
}

/**
 * Go's nil slice: an empty array that is also nil (`concat([], []) == nil` in expr-lang, whose
 * concat() appends nothing to a nil slice).
 */
export const nilSlice: readonly unknown[] = Object.freeze([]);

export function isNil(value: unknown): value is null | undefined {
  return value === null || value === undefined || value === nilSlice;
}

export function isNumber(value: unknown): value is bigint | number {
  return typeof value === 'bigint' || typeof value === 'number';
}

export function isMap(value: unknown): value is MapValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof TimeValue) &&
    !(value instanceof DurationValue) &&
    !(value instanceof GoEnumValue) &&
    !(value instanceof LocationValue)
  );
}

export const minInt = -(2n ** 63n);
export const maxInt = 2n ** 63n - 1n;

export function wrapInt(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}

export function toFloat(value: bigint | number): number {
  return typeof value === 'bigint' ? Number(value) : value;
}

/** Go's int(float64): truncation toward zero; out of range is refused rather than guessed. */
export function floatToInt(value: number, context: string): bigint {
  if (!Number.isFinite(value))
    throw new ValueError(`cannot convert ${formatNumberForError(value)} to int in ${context}`);
  const truncated = BigInt(Math.trunc(value));
  if (truncated < minInt || truncated > maxInt) throw new ValueError(`${value} overflows int in ${context}`);
  return truncated;
}

function formatNumberForError(value: number): string {
  return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
}

/** Reads an index argument the way expr-lang does: ints as they are, floats truncated. */
export function toIndex(value: unknown, context: string): number {
  if (typeof value === 'bigint')
    return value > 2n ** 53n ? Number.MAX_SAFE_INTEGER : value < -(2n ** 53n) ? Number.MIN_SAFE_INTEGER : Number(value);
  if (typeof value === 'number') return Number(floatToInt(value, context));
  throw new ValueError(`invalid operation: int(${typeName(value)}) in ${context}`);
}

export function ownValue(map: MapValue, key: string): unknown {
  return Object.hasOwn(map, key) ? map[key] : null;
}

export function ownKeys(map: MapValue): string[] {
  return Object.keys(map);
}

/** Strings are measured and sliced in UTF-8 bytes, as Go does. */
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function utf8Length(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) length += 1;
    else if (code < 0x800) length += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      length += 4;
      i++;
    } else length += 3;
  }
  return length;
}

export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

export function utf8Slice(text: string, from: number, to: number): string {
  return decoder.decode(encoder.encode(text).subarray(from, to));
}

/**
 * Go's time.Time: an instant, in nanoseconds since the Unix epoch (UTC), and the zone its clock
 * and calendar are read in (its Location; UTC unless said).
 */
export class TimeValue {
  readonly nanoseconds: bigint;
  readonly zone: Zone;
  constructor(nanoseconds: bigint, zone: Zone = utcZone) {
    this.nanoseconds = nanoseconds;
    this.zone = zone;
  }
  /** RFC 3339 with trailing zeros of the fraction dropped, as Go's time.RFC3339Nano. */
  toISOString(): string {
    const seconds = this.nanoseconds / 1_000_000_000n - (this.nanoseconds % 1_000_000_000n < 0n ? 1n : 0n);
    const fraction = this.nanoseconds - seconds * 1_000_000_000n;
    const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
    const digits = fraction === 0n ? '' : `.${fraction.toString().padStart(9, '0').replace(/0+$/, '')}`;
    return `${base}${digits}Z`;
  }
}

/** Go's time.Duration: nanoseconds. */
export class DurationValue {
  readonly nanoseconds: bigint;
  constructor(nanoseconds: bigint) {
    this.nanoseconds = nanoseconds;
  }
}

/**
 * Go's time.Month and time.Weekday, as a time's Month() and Weekday() give them: named ints, which
 * expr-lang's `==` finds equal only to the same type's value (never to a number), and which do not
 * order or add; int() reads the number, string() and String() the name.
 */
export class GoEnumValue {
  readonly type: 'time.Month' | 'time.Weekday';
  readonly value: bigint;
  readonly name: string;
  constructor(type: 'time.Month' | 'time.Weekday', value: bigint, name: string) {
    this.type = type;
    this.value = value;
    this.name = name;
  }
  toString(): string {
    return this.name;
  }
}

/** Go's *time.Location, as a time's Location() gives it (for In and String). */
export class LocationValue {
  readonly zone: Zone;
  constructor(zone: Zone) {
    this.zone = zone;
  }
}

export function isTime(value: unknown): value is TimeValue {
  return value instanceof TimeValue;
}

export function isDuration(value: unknown): value is DurationValue {
  return value instanceof DurationValue;
}
