// now, date, duration: Go's time.Time and time.Duration as expr-lang gives them. date()
// parses with expr-lang's default layouts, in UTC as Go's time.Parse does without a zone (with
// an offset: the local zone when it has that offset then, else a fixed zone); now() is the
// evaluation time the caller passes (pure code reads no clock), in the local zone.

import { ValueError } from '../errors.ts';
import { formatGoTime, UnknownAbbreviation } from '../time-format.ts';
import { DurationValue, TimeValue } from '../values.ts';
import { fixedZone, utcZone, type Zone } from '../zones.ts';
import { stringArg, type Builtin } from './types.ts';

const units: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Go's time.ParseDuration. */
export function parseDuration(text: string): bigint {
  const invalid = (): never => {
    throw new ValueError(`time: invalid duration ${JSON.stringify(text)}`);
  };
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') invalid();
  let total = 0n;
  while (rest !== '') {
    const match = /^(\d*)(?:\.(\d*))?([a-zµμ]+)/.exec(rest);
    if (!match || (match[1] === '' && (match[2] ?? '') === '')) return invalid();
    const unit = units[match[3] as string];
    if (unit === undefined)
      throw new ValueError(`time: unknown unit ${JSON.stringify(match[3])} in duration ${JSON.stringify(text)}`);
    const whole = BigInt(match[1] || '0');
    const fraction = match[2] ?? '';
    total += whole * unit + (fraction === '' ? 0n : (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length));
    rest = rest.slice(match[0].length);
  }
  return negative ? -total : total;
}

const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanos: bigint;
  offsetMinutes: number | undefined;
}

/** What a layout leaves out is Go's zero time: year 0, January 1, midnight, UTC. */
const ZERO_PARTS: DateParts = {
  year: 0,
  month: 1,
  day: 1,
  hour: 0,
  minute: 0,
  second: 0,
  nanos: 0n,
  offsetMinutes: undefined,
};

function instant(text: string, given: Partial<DateParts>, local: Zone): TimeValue {
  const parts = { ...ZERO_PARTS, ...given };
  const { year, month, day, hour, minute, second } = parts;
  const monthDays = month === 2 && isLeap(year) ? 29 : days[month - 1];
  if (monthDays === undefined || day < 1 || day > monthDays || hour > 23 || minute > 59 || second > 59) {
    throw new ValueError(`invalid date ${text}`);
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const offset = parts.offsetMinutes === undefined ? undefined : parts.offsetMinutes * 60;
  const seconds = BigInt(date.getTime() / 1000) - BigInt(offset ?? 0);
  const zone = offset === undefined ? utcZone : local.at(Number(seconds)).offset === offset ? local : fixedZone(offset);
  return new TimeValue(seconds * 1_000_000_000n + parts.nanos, zone);
}

/** expr-lang's date(text) with its default layouts: 2006-01-02, 15:04:05, 2006-01-02 15:04:05, RFC 3339. */
export function parseDate(text: string, local: Zone = utcZone): TimeValue {
  const n = Number;
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) return instant(text, { year: n(m[1]), month: n(m[2]), day: n(m[3]) }, local);
  m = /^(\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (m) return instant(text, { hour: n(m[1]), minute: n(m[2]), second: n(m[3]) }, local);
  m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (m) return instant(text, wholeParts(m), local);
  m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) throw new ValueError(`invalid date ${text}`);
  const zone = m[8] as string;
  // Go refuses an offset past 24 hours or 60 minutes.
  if (zone !== 'Z' && (n(zone.slice(1, 3)) > 24 || n(zone.slice(4, 6)) > 60))
    throw new ValueError(`invalid date ${text}`);
  const offsetMinutes =
    zone === 'Z' ? undefined : (zone.startsWith('-') ? -1 : 1) * (n(zone.slice(1, 3)) * 60 + n(zone.slice(4, 6)));
  const nanos = BigInt((m[7] ?? '').padEnd(9, '0') || '0');
  return instant(text, { ...wholeParts(m), nanos, offsetMinutes }, local);
}

/** The date and time of a match whose groups 1 to 6 are year, month, day, hour, minute, second. */
function wholeParts(m: RegExpExecArray): Partial<DateParts> {
  const n = Number;
  return { year: n(m[1]), month: n(m[2]), day: n(m[3]), hour: n(m[4]), minute: n(m[5]), second: n(m[6]) };
}

/** Go's Duration.String(): 1h2m3.5s, 1.5ms, 0s. */
export function formatDuration(nanoseconds: bigint): string {
  if (nanoseconds === 0n) return '0s';
  const sign = nanoseconds < 0n ? '-' : '';
  let n = nanoseconds < 0n ? -nanoseconds : nanoseconds;
  const trim = (whole: bigint, fraction: bigint, width: number): string => {
    const digits = fraction.toString().padStart(width, '0').replace(/0+$/, '');
    return digits === '' ? whole.toString() : `${whole}.${digits}`;
  };
  if (n < 1_000n) return `${sign}${n}ns`;
  if (n < 1_000_000n) return `${sign}${trim(n / 1_000n, n % 1_000n, 3)}µs`;
  if (n < 1_000_000_000n) return `${sign}${trim(n / 1_000_000n, n % 1_000_000n, 6)}ms`;
  const hours = n / 3_600_000_000_000n;
  n %= 3_600_000_000_000n;
  const minutes = n / 60_000_000_000n;
  n %= 60_000_000_000n;
  const seconds = trim(n / 1_000_000_000n, n % 1_000_000_000n, 9);
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** Go's Time.String() in the time's zone: 2024-01-02 03:04:05.5 +0000 UTC (without a monotonic reading). */
export function formatTime(time: TimeValue): string {
  try {
    return formatGoTime(time.nanoseconds, time.zone, '2006-01-02 15:04:05.999999999 -0700 MST');
  } catch (error) {
    if (!(error instanceof UnknownAbbreviation)) throw error;
    return formatGoTime(time.nanoseconds, time.zone, '2006-01-02 15:04:05.999999999 -0700');
  }
}

export const timeBuiltins: Builtin[] = [
  {
    name: 'now',
    minArgs: 0,
    maxArgs: 0,
    call(_args, { now, localZone }) {
      if (now === undefined) throw new ValueError('now() needs the evaluation time, and none was given');
      return new TimeValue(BigInt(Math.round(now)) * 1_000_000n, localZone);
    },
  },
  {
    name: 'duration',
    minArgs: 1,
    maxArgs: 1,
    call: ([text]) => new DurationValue(parseDuration(stringArg('duration', text))),
  },
  {
    name: 'date',
    minArgs: 1,
    maxArgs: 1,
    call: ([text], { localZone }) => parseDate(stringArg('date', text), localZone),
  },
];
