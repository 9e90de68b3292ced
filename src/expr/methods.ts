// Go methods of time.Time and time.Duration, as expr-lang calls them by reflection
// (`t.Sub(u).Minutes()`): the zone-independent ones conditions use. A nil argument is the
// parameter's zero value and an argument of another type fails, as reflect.Value.Call does;
// differences saturate as Go's Time.Sub does. Methods that depend on a time's zone (Format,
// Hour, ...) are refused with the list of those given.

import { ValueError } from './errors.ts';
import { formatDuration } from './builtins/time.ts';
import { subtractTimes } from './operators.ts';
import { DurationValue, isNil, kindOf, maxInt, minInt, TimeValue } from './values.ts';

const second = 1_000_000_000n;
const minute = 60n * second;
const hour = 60n * minute;
/** Go's zero time.Time, January 1, year 1, 00:00:00 UTC, in nanoseconds since the Unix epoch. */
const zeroTime = -62_135_596_800n * second;

type Param = 'time' | 'duration';

interface Method {
  params: Param[];
  call(receiver: bigint, args: bigint[]): unknown;
}

/** Floor division, as Go's Unix() and friends round toward the beginning of time. */
const floorDiv = (n: bigint, d: bigint): bigint => n / d - (n % d < 0n ? 1n : 0n);
/** Go's float64(d/unit) + float64(d%unit)/unit. */
const inUnit = (d: bigint, unit: bigint): number => Number(d / unit) + Number(d % unit) / Number(unit);
const time = (ns: bigint): TimeValue => new TimeValue(ns);
const duration = (ns: bigint): DurationValue => new DurationValue(ns);
/** Go's lessThanHalf: uint64(x)+uint64(x) < uint64(y), the sum wrapping as uint64 does. */
const lessThanHalf = (x: bigint, y: bigint): boolean =>
  BigInt.asUintN(64, BigInt.asUintN(64, x) * 2n) < BigInt.asUintN(64, y);

function round(d: bigint, m: bigint): bigint {
  if (m <= 0n) return d;
  let r = d % m;
  if (d < 0n) {
    r = -r;
    if (lessThanHalf(r, m)) return d + r;
    const d1 = d - m + r;
    return d1 >= minInt ? d1 : minInt;
  }
  if (lessThanHalf(r, m)) return d - r;
  const d1 = d + m - r;
  return d1 <= maxInt ? d1 : maxInt;
}

const timeMethods: Record<string, Method> = {
  Sub: { params: ['time'], call: (t, [u]) => subtractTimes(time(t), time(u as bigint)) },
  Add: { params: ['duration'], call: (t, [d]) => time(t + (d as bigint)) },
  Before: { params: ['time'], call: (t, [u]) => t < (u as bigint) },
  After: { params: ['time'], call: (t, [u]) => t > (u as bigint) },
  Equal: { params: ['time'], call: (t, [u]) => t === u },
  Compare: { params: ['time'], call: (t, [u]) => (t < (u as bigint) ? -1n : t > (u as bigint) ? 1n : 0n) },
  IsZero: { params: [], call: (t) => t === zeroTime },
  UTC: { params: [], call: (t) => time(t) },
  Unix: { params: [], call: (t) => floorDiv(t, second) },
  UnixMilli: { params: [], call: (t) => floorDiv(t, 1_000_000n) },
  UnixMicro: { params: [], call: (t) => floorDiv(t, 1_000n) },
  UnixNano: { params: [], call: (t) => BigInt.asIntN(64, t) },
};

const durationMethods: Record<string, Method> = {
  Hours: { params: [], call: (d) => inUnit(d, hour) },
  Minutes: { params: [], call: (d) => inUnit(d, minute) },
  Seconds: { params: [], call: (d) => inUnit(d, second) },
  Milliseconds: { params: [], call: (d) => d / 1_000_000n },
  Microseconds: { params: [], call: (d) => d / 1_000n },
  Nanoseconds: { params: [], call: (d) => d },
  String: { params: [], call: (d) => formatDuration(d) },
  Abs: { params: [], call: (d) => duration(d >= 0n ? d : d === minInt ? maxInt : -d) },
  Truncate: { params: ['duration'], call: (d, [m]) => duration((m as bigint) <= 0n ? d : d - (d % (m as bigint))) },
  Round: { params: ['duration'], call: (d, [m]) => duration(round(d, m as bigint)) },
};

/** Go's other methods of the two types: named so a condition calling one gets a clear refusal. */
const otherTimeMethods = [
  'AddDate',
  'AppendFormat',
  'Clock',
  'Date',
  'Day',
  'Format',
  'GoString',
  'Hour',
  'ISOWeek',
  'In',
  'IsDST',
  'Local',
  'Location',
  'MarshalJSON',
  'MarshalText',
  'Minute',
  'Month',
  'Nanosecond',
  'Round',
  'Second',
  'String',
  'Truncate',
  'Weekday',
  'Year',
  'YearDay',
  'Zone',
  'ZoneBounds',
];

/** The method names sluice evaluates, for checks that cannot know a receiver's type (lint). */
export const methodNames: ReadonlySet<string> = new Set([...Object.keys(timeMethods), ...Object.keys(durationMethods)]);

function goType(value: unknown): string {
  switch (kindOf(value)) {
    case 'time':
      return 'time.Time';
    case 'duration':
      return 'time.Duration';
    case 'float':
      return 'float64';
    case 'array':
      return '[]interface {}';
    case 'map':
      return 'map[string]interface {}';
    default:
      return kindOf(value);
  }
}

function argument(value: unknown, param: Param): bigint {
  if (isNil(value)) return param === 'time' ? zeroTime : 0n;
  if (param === 'time' && value instanceof TimeValue) return value.nanoseconds;
  if (param === 'duration' && value instanceof DurationValue) return value.nanoseconds;
  throw new ValueError(`reflect: Call using ${goType(value)} as type time.${param === 'time' ? 'Time' : 'Duration'}`);
}

/** Calls `name` of a time or duration with `args`, as expr-lang does. */
export function callMethod(receiver: TimeValue | DurationValue, name: string, args: readonly unknown[]): unknown {
  const isTime = receiver instanceof TimeValue;
  const table = isTime ? timeMethods : durationMethods;
  const method = Object.hasOwn(table, name) ? table[name] : undefined;
  const typeName = isTime ? 'time.Time' : 'time.Duration';
  if (!method) {
    if (isTime && otherTimeMethods.includes(name))
      throw new ValueError(
        `${typeName}'s ${name}() is not evaluated by sluice (a time's zone is not kept); the methods given are ${Object.keys(table).join(', ')}`,
      );
    throw new ValueError(`cannot fetch ${name} from ${typeName}`);
  }
  if (args.length < method.params.length) throw new ValueError('reflect: Call with too few input arguments');
  if (args.length > method.params.length) throw new ValueError('reflect: Call with too many input arguments');
  return method.call(
    receiver.nanoseconds,
    method.params.map((param, i) => argument(args[i], param)),
  );
}
