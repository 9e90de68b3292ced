// Go methods of time.Time and time.Duration, as expr-lang calls them by reflection
// (`t.Sub(u).Minutes()`, `t.UTC().Hour()`, `t.Format("2006-01-02")`). A nil argument is the
// parameter's zero value and an argument of another type fails, as reflect.Value.Call does,
// except where expr-lang compiled a typed call (the receiver's type known: `now().Sub(x)`), whose
// nil argument fails;
// differences saturate as Go's Time.Sub does. A time keeps its zone (zones.ts): the clock and
// calendar methods read it there. Month() and Weekday() give Go's named ints (GoEnumValue).
// The few methods not given (ZoneBounds, GoString, AppendFormat, the marshalling ones) are
// refused with the list of those given.

import { ValueError } from './errors.ts';
import { formatDuration, formatTime } from './builtins/time.ts';
import { subtractTimes } from './operators.ts';
import { formatGoTime, longDays, longMonths, UnknownAbbreviation } from './time-format.ts';
import { DurationValue, GoEnumValue, isNil, kindOf, LocationValue, maxInt, minInt, TimeValue } from './values.ts';
import { type Civil, civilFromDays, civilOf, daysFromCivil, utcZone, type Zone } from './zones.ts';

const second = 1_000_000_000n;
const minute = 60n * second;
const hour = 60n * minute;
/** Go's zero time.Time, January 1, year 1, 00:00:00 UTC, in nanoseconds since the Unix epoch. */
const zeroTime = -62_135_596_800n * second;

type Param = 'time' | 'duration' | 'string' | 'location' | 'int';

interface Method {
  params: Param[];
  /** `receiver` is the value's nanoseconds; `self` the value; `local` the process's local zone. */
  call(receiver: bigint, args: unknown[], self: TimeValue | DurationValue, local: Zone): unknown;
}

/** Floor division, as Go's Unix() and friends round toward the beginning of time. */
const floorDiv = (n: bigint, d: bigint): bigint => n / d - (n % d < 0n ? 1n : 0n);
/** Go's float64(d/unit) + float64(d%unit)/unit. */
const inUnit = (d: bigint, unit: bigint): number => Number(d / unit) + Number(d % unit) / Number(unit);
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

const zoneOf = (self: TimeValue | DurationValue): Zone => (self as TimeValue).zone;
/** The calendar and clock of a time in its zone. */
const civil = (t: bigint, self: TimeValue | DurationValue): Civil => civilOf(t, zoneOf(self));
const int = (n: number): bigint => BigInt(n);

/** Go's Format of a time in its zone; a zone whose abbreviation is not known refuses `MST`. */
function format(t: bigint, zone: Zone, layout: string): string {
  try {
    return formatGoTime(t, zone, layout);
  } catch (error) {
    if (!(error instanceof UnknownAbbreviation)) throw error;
    throw new ValueError(
      `the abbreviation of time zone ${zone.name} is not known to sluice (Node's time-zone data names it only by its offset): write the zone as a number in the layout (-0700, Z07:00)`,
    );
  }
}

/** The ISO 8601 year of the week of a date: the year of that week's Thursday. */
function isoYear(c: Civil): bigint {
  const days = daysFromCivil(c.year, c.month, c.day);
  return int(civilFromDays(days + 3 - ((c.weekday + 6) % 7)).year);
}

/** Go's Time.Truncate and Time.Round: on the time since the zero time, whatever the zone. */
function truncateTime(t: bigint, d: bigint, rounding: boolean): bigint {
  if (d <= 0n) return t;
  const since = t - zeroTime;
  const r = ((since % d) + d) % d;
  if (!rounding || lessThanHalf(r, d)) return t - r;
  return t + (d - r);
}

/**
 * Go's t.AddDate(years, months, days): the date moved in the time's zone (Go's Date normalizes a
 * month or day out of range: October 31 plus one month is December 1), the clock kept, then the
 * instant of that wall time in the zone (across a change of offset, the offset of the instant
 * after it, as Go's Date finds it).
 */
function addDate(t: bigint, zone: Zone, years: bigint, months: bigint, days: bigint): TimeValue {
  const c = civilOf(t, zone);
  const monthIndex = c.month - 1 + Number(months);
  const year = c.year + Number(years) + Math.floor(monthIndex / 12);
  const month = (((monthIndex % 12) + 12) % 12) + 1;
  const day = daysFromCivil(year, month, 1) + c.day - 1 + Number(days);
  const wall = day * 86_400 + c.hour * 3600 + c.minute * 60 + c.second;
  const offset = zone.at(wall - zone.at(wall).offset).offset;
  return new TimeValue(BigInt(wall - offset) * second + BigInt(c.nanosecond), zone);
}

/** Whether the zone is on daylight saving time then: its offset is past the year's least (January's or July's). */
function isDst(t: bigint, zone: Zone): boolean {
  const c = civilOf(t, zone);
  const at = (month: number): number => zone.at(daysFromCivil(c.year, month, 1) * 86_400).offset;
  return c.offset > Math.min(at(1), at(7));
}

// Methods that return several values give expr-lang their first (Clock's hour, Date's year, Zone's name).
const timeMethods: Record<string, Method> = {
  Sub: { params: ['time'], call: (t, [u]) => subtractTimes(new TimeValue(t), new TimeValue(u as bigint)) },
  Add: { params: ['duration'], call: (t, [d], self) => new TimeValue(t + (d as bigint), zoneOf(self)) },
  Before: { params: ['time'], call: (t, [u]) => t < (u as bigint) },
  After: { params: ['time'], call: (t, [u]) => t > (u as bigint) },
  Equal: { params: ['time'], call: (t, [u]) => t === u },
  Compare: { params: ['time'], call: (t, [u]) => (t < (u as bigint) ? -1n : t > (u as bigint) ? 1n : 0n) },
  IsZero: { params: [], call: (t) => t === zeroTime },
  UTC: { params: [], call: (t) => new TimeValue(t, utcZone) },
  Local: { params: [], call: (t, _args, _self, local) => new TimeValue(t, local) },
  In: {
    params: ['location'],
    call: (t, [location]) => {
      if (!(location instanceof LocationValue)) throw new ValueError('time: missing Location in call to Time.In');
      return new TimeValue(t, location.zone);
    },
  },
  Location: { params: [], call: (_t, _args, self) => new LocationValue(zoneOf(self)) },
  Unix: { params: [], call: (t) => floorDiv(t, second) },
  UnixMilli: { params: [], call: (t) => floorDiv(t, 1_000_000n) },
  UnixMicro: { params: [], call: (t) => floorDiv(t, 1_000n) },
  UnixNano: { params: [], call: (t) => BigInt.asIntN(64, t) },
  Year: { params: [], call: (t, _args, self) => int(civil(t, self).year) },
  Month: {
    params: [],
    call: (t, _args, self) => {
      const { month } = civil(t, self);
      return new GoEnumValue('time.Month', int(month), longMonths[month - 1] as string);
    },
  },
  Day: { params: [], call: (t, _args, self) => int(civil(t, self).day) },
  Hour: { params: [], call: (t, _args, self) => int(civil(t, self).hour) },
  Minute: { params: [], call: (t, _args, self) => int(civil(t, self).minute) },
  Second: { params: [], call: (t, _args, self) => int(civil(t, self).second) },
  Nanosecond: { params: [], call: (t, _args, self) => int(civil(t, self).nanosecond) },
  YearDay: { params: [], call: (t, _args, self) => int(civil(t, self).yearDay) },
  Weekday: {
    params: [],
    call: (t, _args, self) => {
      const { weekday } = civil(t, self);
      return new GoEnumValue('time.Weekday', int(weekday), longDays[weekday] as string);
    },
  },
  Clock: { params: [], call: (t, _args, self) => int(civil(t, self).hour) },
  Date: { params: [], call: (t, _args, self) => int(civil(t, self).year) },
  ISOWeek: { params: [], call: (t, _args, self) => isoYear(civil(t, self)) },
  Zone: {
    params: [],
    call: (t, _args, self) => {
      const zone = zoneOf(self);
      // A fixed zone's name is "" (Format's MST writes its offset instead).
      return civil(t, self).abbreviation ?? format(t, zone, 'MST');
    },
  },
  AddDate: {
    params: ['int', 'int', 'int'],
    call: (t, [years, months, days], self) =>
      addDate(t, zoneOf(self), years as bigint, months as bigint, days as bigint),
  },
  Round: {
    params: ['duration'],
    call: (t, [d], self) => new TimeValue(truncateTime(t, d as bigint, true), zoneOf(self)),
  },
  Truncate: {
    params: ['duration'],
    call: (t, [d], self) => new TimeValue(truncateTime(t, d as bigint, false), zoneOf(self)),
  },
  IsDST: { params: [], call: (t, _args, self) => isDst(t, zoneOf(self)) },
  Format: { params: ['string'], call: (t, [layout], self) => format(t, zoneOf(self), layout as string) },
  String: { params: [], call: (_t, _args, self) => formatTime(self as TimeValue) },
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

/** Go's other methods of a time: named so a condition calling one gets a clear refusal. */
const otherTimeMethods = [
  'AppendBinary',
  'AppendFormat',
  'AppendText',
  'GoString',
  'GobEncode',
  'MarshalBinary',
  'MarshalJSON',
  'MarshalText',
  'ZoneBounds',
];

/** The method names sluice evaluates, for checks that cannot know a receiver's type (lint). */
export const methodNames: ReadonlySet<string> = new Set([...Object.keys(timeMethods), ...Object.keys(durationMethods)]);

function goType(value: unknown): string {
  if (value instanceof GoEnumValue) return value.type;
  if (value instanceof LocationValue) return '*time.Location';
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

const paramTypes: Record<Param, string> = {
  time: 'time.Time',
  duration: 'time.Duration',
  string: 'string',
  location: '*time.Location',
  int: 'int',
};

/**
 * An argument as reflect.Value.Call takes it: nil is the zero value, another type fails. In a
 * `typed` call (expr-lang's typed functions, where the receiver's type is known when compiling)
 * the argument is asserted to the parameter's type, so nil fails too.
 */
function argument(value: unknown, param: Param, typed: boolean): unknown {
  if (typed && (isNil(value) || !fits(value, param)))
    throw new ValueError(
      `interface conversion: interface {} is ${isNil(value) ? 'nil' : goType(value)}, not ${paramTypes[param]}`,
    );
  if (isNil(value))
    return param === 'time' ? zeroTime : param === 'duration' || param === 'int' ? 0n : param === 'string' ? '' : null;
  if (param === 'int' && typeof value === 'bigint') return value;
  if (param === 'time' && value instanceof TimeValue) return value.nanoseconds;
  if (param === 'duration' && value instanceof DurationValue) return value.nanoseconds;
  if (param === 'string' && typeof value === 'string') return value;
  if (param === 'location' && value instanceof LocationValue) return value;
  throw new ValueError(`reflect: Call using ${goType(value)} as type ${paramTypes[param]}`);
}

function fits(value: unknown, param: Param): boolean {
  switch (param) {
    case 'int':
      return typeof value === 'bigint';
    case 'time':
      return value instanceof TimeValue;
    case 'duration':
      return value instanceof DurationValue;
    case 'string':
      return typeof value === 'string';
    case 'location':
      return value instanceof LocationValue;
  }
}

/**
 * Calls `name` of a time, duration, month, weekday or location with `args`, as expr-lang does;
 * `typed` when expr-lang compiled the call as a typed function (method-types.ts).
 */
export function callMethod(
  receiver: TimeValue | DurationValue | GoEnumValue | LocationValue,
  name: string,
  args: readonly unknown[],
  localZone: Zone = utcZone,
  typed = false,
  /** The Go integer type of each argument when it is known not to be int (an int64 from Unix()). */
  intTypes: ReadonlyArray<string | undefined> = [],
): unknown {
  if (receiver instanceof GoEnumValue || receiver instanceof LocationValue) {
    const typeName = goType(receiver);
    if (name !== 'String') throw new ValueError(`cannot fetch ${name} from ${typeName}`);
    if (args.length > 0) throw new ValueError('reflect: Call with too many input arguments');
    return receiver instanceof GoEnumValue ? receiver.name : receiver.zone.name;
  }
  const isTime = receiver instanceof TimeValue;
  const table = isTime ? timeMethods : durationMethods;
  const method = Object.hasOwn(table, name) ? table[name] : undefined;
  const typeName = isTime ? 'time.Time' : 'time.Duration';
  if (!method) {
    if (isTime && otherTimeMethods.includes(name))
      throw new ValueError(
        `${typeName}'s ${name}() is not evaluated by sluice; the methods given are ${Object.keys(table).join(', ')}`,
      );
    throw new ValueError(`cannot fetch ${name} from ${typeName}`);
  }
  if (args.length < method.params.length) throw new ValueError('reflect: Call with too few input arguments');
  if (args.length > method.params.length) throw new ValueError('reflect: Call with too many input arguments');
  method.params.forEach((param, i) => {
    const intType = intTypes[i];
    if (param === 'int' && intType !== undefined && intType !== 'int' && !typed)
      throw new ValueError(`reflect: Call using ${intType} as type int`);
  });
  return method.call(
    receiver.nanoseconds,
    method.params.map((param, i) => argument(args[i], param, typed)),
    receiver,
    localZone,
  );
}
