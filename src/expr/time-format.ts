// Go's Time.Format: a layout is the reference time Mon Jan 2 15:04:05 MST 2006 written the way the
// result should be, each element of it (2006, Jan, 02, _2, 15, 03, PM, .000, Z07:00, MST, ...) found
// as Go's nextStdChunk finds it and replaced by the time's own; any other text is copied.
import { civilOf, type Civil, type Zone } from './zones.ts';

export const longDays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const longMonths = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

type Element =
  | 'January'
  | 'Jan'
  | '1'
  | '01'
  | 'Monday'
  | 'Mon'
  | '2'
  | '_2'
  | '02'
  | '__2'
  | '002'
  | '15'
  | '3'
  | '03'
  | '4'
  | '04'
  | '5'
  | '05'
  | '2006'
  | '06'
  | 'PM'
  | 'pm'
  | 'MST'
  | 'Z0700'
  | 'Z070000'
  | 'Z07'
  | 'Z07:00'
  | 'Z07:00:00'
  | '-0700'
  | '-070000'
  | '-07'
  | '-07:00'
  | '-07:00:00'
  | { fraction: string; digits: number; trim: boolean };

const zeroElements: Element[] = ['01', '02', '03', '04', '05', '06'];
const zones = ['-070000', '-07:00:00', '-0700', '-07:00', '-07'] as const;

/** The first element of `layout` at or after `from`: where it starts, what it is and its length. */
function nextElement(layout: string, from: number): { at: number; element: Element; length: number } | undefined {
  const has = (i: number, text: string): boolean => layout.startsWith(text, i);
  const lowerAt = (i: number): boolean => i < layout.length && layout[i]! >= 'a' && layout[i]! <= 'z';
  const digitAt = (i: number): boolean => i < layout.length && layout[i]! >= '0' && layout[i]! <= '9';
  for (let i = from; i < layout.length; i++) {
    const found = (element: Element, length: number) => ({ at: i, element, length });
    switch (layout[i]) {
      case 'J':
        if (has(i, 'January')) return found('January', 7);
        if (has(i, 'Jan') && !lowerAt(i + 3)) return found('Jan', 3);
        break;
      case 'M':
        if (has(i, 'Monday')) return found('Monday', 6);
        if (has(i, 'Mon') && !lowerAt(i + 3)) return found('Mon', 3);
        if (has(i, 'MST')) return found('MST', 3);
        break;
      case '0': {
        const next = layout[i + 1];
        if (next !== undefined && next >= '1' && next <= '6') return found(zeroElements[Number(next) - 1]!, 2);
        if (has(i, '002')) return found('002', 3);
        break;
      }
      case '1':
        return has(i, '15') ? found('15', 2) : found('1', 1);
      case '2':
        return has(i, '2006') ? found('2006', 4) : found('2', 1);
      case '_':
        if (has(i, '_2')) {
          // `_2006` is a literal `_` before the year.
          if (has(i + 1, '2006')) return { at: i + 1, element: '2006', length: 4 };
          return found('_2', 2);
        }
        if (has(i, '__2')) return found('__2', 3);
        break;
      case '3':
        return found('3', 1);
      case '4':
        return found('4', 1);
      case '5':
        return found('5', 1);
      case 'P':
        if (has(i, 'PM')) return found('PM', 2);
        break;
      case 'p':
        if (has(i, 'pm')) return found('pm', 2);
        break;
      case '-':
        for (const zone of zones) if (has(i, zone)) return found(zone, zone.length);
        break;
      case 'Z':
        for (const zone of zones)
          if (has(i, `Z${zone.slice(1)}`)) return found(`Z${zone.slice(1)}` as Element, zone.length);
        break;
      case '.':
      case ',': {
        const digit = layout[i + 1];
        if (digit === '0' || digit === '9') {
          let end = i + 1;
          while (layout[end] === digit) end++;
          // Only a run of digits that ends the number is a fraction of a second.
          if (!digitAt(end)) return found({ fraction: layout[i]!, digits: end - i - 1, trim: digit === '9' }, end - i);
        }
        break;
      }
    }
  }
  return undefined;
}

/** Go's appendInt: the decimal of `n`, its sign first, zero-padded to `width` digits. */
function padded(n: number, width: number): string {
  const digits = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? `-${digits}` : digits;
}

function zoneText(element: string, offset: number): string {
  if (offset === 0 && element.startsWith('Z')) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const minutes = Math.floor(abs / 60);
  const colon = element.includes(':') ? ':' : '';
  let text = `${sign}${padded(Math.floor(minutes / 60), 2)}`;
  if (element.length > 3) text += `${colon}${padded(minutes % 60, 2)}`;
  if (element.endsWith('0000') || element.endsWith(':00:00')) text += `${colon}${padded(abs % 60, 2)}`;
  return text;
}

function formatElement(element: Element, t: Civil): string {
  if (typeof element === 'object') {
    if (element.trim && (element.digits === 0 || t.nanosecond === 0)) return '';
    let digits = String(t.nanosecond).padStart(9, '0').slice(0, Math.min(element.digits, 9));
    if (element.trim) digits = digits.replace(/0+$/, '');
    return digits === '' ? '' : `${element.fraction}${digits}`;
  }
  const hour12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
  switch (element) {
    case '2006':
      return padded(t.year, 4);
    case '06':
      return padded(Math.abs(t.year) % 100, 2);
    case 'January':
      return longMonths[t.month - 1]!;
    case 'Jan':
      return longMonths[t.month - 1]!.slice(0, 3);
    case '1':
      return String(t.month);
    case '01':
      return padded(t.month, 2);
    case 'Monday':
      return longDays[t.weekday]!;
    case 'Mon':
      return longDays[t.weekday]!.slice(0, 3);
    case '2':
      return String(t.day);
    case '_2':
      return t.day < 10 ? ` ${t.day}` : String(t.day);
    case '02':
      return padded(t.day, 2);
    case '__2':
      return String(t.yearDay).padStart(3, ' ');
    case '002':
      return padded(t.yearDay, 3);
    case '15':
      return padded(t.hour, 2);
    case '3':
      return String(hour12);
    case '03':
      return padded(hour12, 2);
    case '4':
      return String(t.minute);
    case '04':
      return padded(t.minute, 2);
    case '5':
      return String(t.second);
    case '05':
      return padded(t.second, 2);
    case 'PM':
      return t.hour >= 12 ? 'PM' : 'AM';
    case 'pm':
      return t.hour >= 12 ? 'pm' : 'am';
    case 'MST': {
      if (t.abbreviation === undefined) throw new UnknownAbbreviation();
      if (t.abbreviation !== '') return t.abbreviation;
      // No name for a fixed offset: Go writes it as -0700.
      const minutes = Math.floor(Math.abs(t.offset) / 60);
      return `${t.offset < 0 ? '-' : '+'}${padded(Math.floor(minutes / 60), 2)}${padded(minutes % 60, 2)}`;
    }
    default:
      return zoneText(element, t.offset);
  }
}

/** Thrown for `MST` when the zone's abbreviation is not known (see Zone.at). */
export class UnknownAbbreviation extends Error {
  constructor() {
    super('the abbreviation of the time zone is not known');
  }
}

/** Go's t.Format(layout) of the instant `nanoseconds` in `zone`. */
export function formatGoTime(nanoseconds: bigint, zone: Zone, layout: string): string {
  const civil = civilOf(nanoseconds, zone);
  let out = '';
  let at = 0;
  for (;;) {
    const next = nextElement(layout, at);
    if (!next) return out + layout.slice(at);
    out += layout.slice(at, next.at) + formatElement(next.element, civil);
    at = next.at + next.length;
  }
}
