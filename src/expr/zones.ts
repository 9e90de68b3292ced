// The zone a Go time.Time is in (its *time.Location), for the methods that read a time's clock
// and calendar (Hour, Weekday, Format, ...): UTC, a fixed offset (what time.Parse gives for an
// offset that is not the local zone's), or a named IANA zone (the process's local zone, from TZ),
// whose offsets come from the time-zone data of Node's Intl. Calendar arithmetic is Go's:
// the proleptic Gregorian calendar, in any year.

/** A Go *time.Location. */
export interface Zone {
  /** Location.String(): "UTC", the TZ name of the local zone, "" for a fixed offset. */
  readonly name: string;
  /**
   * The offset east of UTC (seconds) and the zone's abbreviation ("UTC", "EST") at `seconds` since
   * the epoch; the abbreviation is undefined when it is not known (Intl names most zones "GMT+1").
   */
  at(seconds: number): { offset: number; abbreviation: string | undefined };
}

export const utcZone: Zone = { name: 'UTC', at: () => ({ offset: 0, abbreviation: 'UTC' }) };

/** Go's FixedZone("", offset), as time.Parse makes for an offset the local zone does not have. */
export function fixedZone(offset: number): Zone {
  return { name: '', at: () => ({ offset, abbreviation: '' }) };
}

const namedZones = new Map<string, Zone>();

/**
 * The local zone of a process whose TZ is `tz`, as Go reads it: empty, "UTC" or a name without
 * time-zone data is UTC; a leading `:` is dropped; a path under a zoneinfo folder is the zone it
 * names, and Go names the location by the path itself. Unset is UTC too: Go reads /etc/localtime
 * then (naming it "Local"), which a distroless image such as the controller's has not, so Go's
 * local zone there is UTC, named "UTC".
 */
export function localZone(tz: string | undefined): Zone {
  const given = (tz ?? '').replace(/^:/, '');
  const name = given.startsWith('/') ? (/\/zoneinfo\/(.+)$/.exec(given)?.[1] ?? '') : given;
  if (name === '' || given === 'UTC') return utcZone;
  const known = namedZones.get(given);
  if (known) return known;
  let zone = utcZone;
  try {
    const data = intlZone(name);
    zone = given === name ? data : { name: given, at: data.at };
  } catch {
    zone = utcZone;
  }
  if (namedZones.size > 64) namedZones.clear();
  namedZones.set(given, zone);
  return zone;
}

function intlZone(name: string): Zone {
  const clock = new Intl.DateTimeFormat('en-US', {
    timeZone: name,
    hourCycle: 'h23',
    era: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const abbreviations = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'short' });
  return {
    name,
    at(seconds) {
      // Intl knows instants within ±8.64e15 ms; outside them the nearest one's offset is used.
      const ms = Math.min(Math.max(seconds * 1000, -8.64e15), 8.64e15);
      const date = new Date(ms - (ms % 1000));
      const parts: Record<string, string> = {};
      for (const part of clock.formatToParts(date)) parts[part.type] = part.value;
      const yearOfEra = Number(parts.year);
      const year = parts.era === 'BC' || parts.era === 'B' ? 1 - yearOfEra : yearOfEra;
      const wall =
        daysFromCivil(year, Number(parts.month), Number(parts.day)) * 86_400 +
        Number(parts.hour) * 3600 +
        Number(parts.minute) * 60 +
        Number(parts.second);
      const offset = wall - Math.floor(date.getTime() / 1000);
      const short = abbreviations.formatToParts(date).find((part) => part.type === 'timeZoneName')?.value ?? '';
      // en-US names the zones of the United States as tzdata does (EST, PDT); others as GMT+1.
      return { offset, abbreviation: /^[A-Z]{3,5}$/.test(short) ? short : undefined };
    },
  };
}

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The proleptic Gregorian date of a day since 1970-01-01. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** What Go's methods read of a time in its zone. */
export interface Civil {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanosecond: number;
  /** 0 (Sunday) - 6 */
  weekday: number;
  /** 1-366 */
  yearDay: number;
  /** The zone's offset east of UTC (seconds) and abbreviation. */
  offset: number;
  abbreviation: string | undefined;
}

/** The calendar and clock of the instant `nanoseconds` (since the epoch) in `zone`. */
export function civilOf(nanoseconds: bigint, zone: Zone): Civil {
  const seconds = nanoseconds / 1_000_000_000n - (nanoseconds % 1_000_000_000n < 0n ? 1n : 0n);
  const nanosecond = Number(nanoseconds - seconds * 1_000_000_000n);
  const { offset, abbreviation } = zone.at(Number(seconds));
  const local = Number(seconds) + offset;
  const days = Math.floor(local / 86_400);
  const inDay = local - days * 86_400;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(inDay / 3600),
    minute: Math.floor((inDay % 3600) / 60),
    second: inDay % 60,
    nanosecond,
    weekday: (((days + 4) % 7) + 7) % 7,
    yearDay: days - daysFromCivil(year, 1, 1) + 1,
    offset,
    abbreviation,
  };
}
