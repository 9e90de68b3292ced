// The functions a notification template may call: text/template's builtins and the part of
// Sprig's TxtFuncMap (without env / expandenv, as the notifications engine removes them) that
// notification templates use. Each names its Go parameter types, so arguments are checked and
// converted as Go's reflection does (a float64 where a string is expected is an error).
import { ExecError } from './errors.ts';
import { goQuote, sprint, sprintf, sprintln } from './fmt.ts';
import {
  byteLength,
  compareStrings,
  formatTime,
  GoFunc,
  GoTime,
  goTypeName,
  Int64,
  intOf,
  isTrue,
  kindOf,
  NO_VALUE,
  printValue,
  stringSlice,
} from './values.ts';

/** A Go parameter type: `value` is reflect.Value (anything, "no value" included). */
export type Param = 'any' | 'value' | 'string' | 'int' | 'float' | 'bool' | 'map';

export interface TemplateFunction {
  params: Param[];
  /** The type of the variadic tail, if any. */
  variadic?: Param;
  /** and / or: arguments evaluated one at a time. */
  lazy?: boolean;
  call(args: unknown[], context: CallContext): unknown;
}

export interface CallContext {
  /** The time `now` gives, in milliseconds since the epoch. */
  now: number;
}

const fail = (message: string): never => {
  throw new ExecError(message);
};

// ---- builtins ----

function basicKind(value: unknown): 'bool' | 'int' | 'float' | 'string' | 'invalid' | 'other' {
  const kind = kindOf(value);
  if (kind === 'bool' || kind === 'int' || kind === 'float' || kind === 'string') return kind;
  if (kind === 'invalid' || kind === 'nil') return 'invalid';
  return 'other';
}

function eq(args: unknown[]): boolean {
  const [first, ...rest] = args;
  if (rest.length === 0) fail('missing argument for comparison');
  const k1 = basicKind(first);
  for (const other of rest) {
    const k2 = basicKind(other);
    if (k1 !== k2) {
      if (k1 !== 'invalid' && k2 !== 'invalid') fail('incompatible types for comparison');
      continue;
    }
    if (k1 === 'other') fail(`non-comparable type ${printValue(first)}: ${goTypeName(first)}`);
    if (k1 === 'invalid') return true;
    if (k1 === 'int' ? intOf(first) === intOf(other) : first === other) return true;
  }
  return false;
}

function lessThan(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'other' || k1 === 'invalid' || k1 === 'bool') fail('invalid type for comparison');
  if (k1 !== k2) fail('incompatible types for comparison');
  if (k1 === 'string') return compareStrings(a as string, b as string) < 0;
  return (a as number) < (b as number);
}

function length(value: unknown): bigint {
  switch (kindOf(value)) {
    case 'string':
      return BigInt(byteLength(value as string));
    case 'slice':
      return BigInt((value as unknown[]).length);
    case 'map':
      return BigInt(Object.keys(value as object).length);
    case 'nil':
    case 'invalid':
      return fail('len of nil pointer');
    default:
      return fail(`len of type ${goTypeName(value)}`);
  }
}

function index(item: unknown, indices: unknown[]): unknown {
  if (kindOf(item) === 'nil' || kindOf(item) === 'invalid') fail('index of untyped nil');
  let current = item;
  for (const key of indices) {
    const kind = kindOf(current);
    if (kind === 'nil' || kind === 'invalid') fail('index of untyped nil');
    if (kind === 'slice' || kind === 'string') {
      if (kindOf(key) !== 'int') fail(`cannot index slice/array with type ${goTypeName(key)}`);
      const at = Number(key);
      const size = kind === 'string' ? byteLength(current as string) : (current as unknown[]).length;
      if (at < 0 || at >= size) fail(`index out of range: ${at}`);
      current =
        kind === 'string'
          ? BigInt(new TextEncoder().encode(current as string)[at] as number)
          : (current as unknown[])[at];
    } else if (kind === 'map') {
      if (kindOf(key) !== 'string') fail(`value has type ${goTypeName(key)}; should be string`);
      const map = current as Record<string, unknown>;
      current = Object.hasOwn(map, key as string) ? map[key as string] : null;
    } else fail(`can't index item of type ${goTypeName(current)}`);
  }
  return current;
}

const builtins: Record<string, TemplateFunction> = {
  and: { params: ['value'], variadic: 'value', lazy: true, call: () => fail('and is evaluated lazily') },
  or: { params: ['value'], variadic: 'value', lazy: true, call: () => fail('or is evaluated lazily') },
  not: { params: ['value'], call: ([v]) => !isTrue(v) },
  len: { params: ['value'], call: ([v]) => length(v) },
  index: { params: ['value'], variadic: 'value', call: ([item, ...rest]) => index(item, rest) },
  print: { params: [], variadic: 'any', call: (args) => sprint(args) },
  println: { params: [], variadic: 'any', call: (args) => sprintln(args) },
  printf: { params: ['string'], variadic: 'any', call: ([format, ...rest]) => sprintf(format as string, rest) },
  eq: { params: ['value'], variadic: 'value', call: (args) => eq(args) },
  ne: { params: ['value', 'value'], call: (args) => !eq(args) },
  lt: { params: ['value', 'value'], call: ([a, b]) => lessThan(a, b) },
  le: { params: ['value', 'value'], call: ([a, b]) => lessThan(a, b) || eq([a, b]) },
  gt: { params: ['value', 'value'], call: ([a, b]) => !lessThan(a, b) && !eq([a, b]) },
  ge: { params: ['value', 'value'], call: ([a, b]) => !lessThan(a, b) },
  urlquery: { params: [], variadic: 'any', call: (args) => queryEscape(escaperText(args)) },
  html: {
    params: [],
    variadic: 'any',
    call: (args) =>
      escaperText(args)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&#34;')
        .replace(/'/g, '&#39;')
        .replace(/\0/g, '\uFFFD'),
  },
  call: {
    params: ['value'],
    variadic: 'value',
    call: ([fn, ...args]) => {
      if (!(fn instanceof GoFunc)) return fail(`non-function of type ${goTypeName(fn)}`);
      try {
        return fn.fn(...args);
      } catch (error) {
        return fail((error as Error).message);
      }
    },
  },
};

/** What text/template's escapers (html, urlquery) escape: a nil argument reads "<no value>". */
function escaperText(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((arg) => (arg === null || arg === NO_VALUE ? '<no value>' : arg)));
}

/** url.QueryEscape. */
function queryEscape(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

// ---- Sprig (the part notification templates use) ----

/** Sprig's strval: a value as a string. */
function strval(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === NO_VALUE) return '<nil>';
  return printValue(value);
}

/** cast.ToInt64 as Sprig's arithmetic uses it: unparsable or odd values count as 0. */
function toInt64(value: unknown): bigint {
  switch (kindOf(value)) {
    case 'int':
      return intOf(value);
    case 'float': {
      // Go's conversion of a float64 outside int64 (or NaN) gives the minimum int64 on amd64.
      const float = value as number;
      if (!Number.isFinite(float) || float >= 2 ** 63 || float < -(2 ** 63)) return -(2n ** 63n);
      return BigInt(Math.trunc(float));
    }
    case 'bool':
      return value ? 1n : 0n;
    case 'string': {
      const text = (value as string).replace(/\.0*$/, '');
      try {
        return /^[+-]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[1-9][0-9]*|0)$/.test(text)
          ? BigInt(text.replace(/^([+-]?)0([0-7])/, '$10o$2'))
          : 0n;
      } catch {
        return 0n;
      }
    }
    default:
      return 0n;
  }
}

function toFloat64(value: unknown): number {
  switch (kindOf(value)) {
    case 'int':
      return Number(value);
    case 'float':
      return value as number;
    case 'bool':
      return value ? 1 : 0;
    case 'string':
      // strconv.ParseFloat of decimal forms; anything else counts as 0.
      return /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(value as string) ? Number(value) : 0;
    default:
      return 0;
  }
}

const wrapInt64 = (value: bigint): Int64 => new Int64(BigInt.asIntN(64, value));

function isEmpty(value: unknown): boolean {
  return !isTrue(value);
}

function strslice(value: unknown): string[] {
  if (kindOf(value) === 'slice') return (value as unknown[]).filter((item) => item !== null).map(strval);
  if (value === null || value === NO_VALUE) return [];
  return [strval(value)];
}

function goJson(value: unknown, indent?: string, level = ''): string {
  const escape = (text: string): string =>
    JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  switch (kindOf(value)) {
    case 'invalid':
    case 'nil':
      return 'null';
    case 'bool':
    case 'int':
      return String(value);
    case 'float':
      return JSON.stringify(value);
    case 'string':
      return escape(value as string);
    case 'struct':
      return `"${formatTime(value as GoTime, '2006-01-02T15:04:05.999999999Z07:00')}"`;
    case 'slice': {
      const items = value as unknown[];
      if (items.length === 0) return '[]';
      if (indent === undefined) return `[${items.map((item) => goJson(item)).join(',')}]`;
      const inner = level + indent;
      return `[\n${items.map((item) => inner + goJson(item, indent, inner)).join(',\n')}\n${level}]`;
    }
    case 'map': {
      const map = value as Record<string, unknown>;
      const keys = Object.keys(map).sort(compareStrings);
      if (keys.length === 0) return '{}';
      if (indent === undefined) return `{${keys.map((key) => `${escape(key)}:${goJson(map[key])}`).join(',')}}`;
      const inner = level + indent;
      return `{\n${keys.map((key) => `${inner}${escape(key)}: ${goJson(map[key], indent, inner)}`).join(',\n')}\n${level}}`;
    }
    default:
      return fail(`json: unsupported type: ${goTypeName(value)}`);
  }
}

function listOf(value: unknown, name: string): unknown[] {
  if (kindOf(value) === 'slice') return value as unknown[];
  return fail(`Cannot find ${name} on type ${goTypeName(value)}`);
}

const sprig: Record<string, TemplateFunction> = {
  // strings
  upper: { params: ['string'], call: ([s]) => (s as string).toUpperCase() },
  lower: { params: ['string'], call: ([s]) => (s as string).toLowerCase() },
  title: { params: ['string'], call: ([s]) => goTitle(s as string) },
  trim: { params: ['string'], call: ([s]) => (s as string).replace(/^[\s\u0085\u00a0]+|[\s\u0085\u00a0]+$/g, '') },
  trimAll: {
    params: ['string', 'string'],
    call: ([cut, s]) => {
      const set = new Set([...(cut as string)]);
      const chars = [...(s as string)];
      let start = 0;
      let end = chars.length;
      while (start < end && set.has(chars[start] as string)) start++;
      while (end > start && set.has(chars[end - 1] as string)) end--;
      return chars.slice(start, end).join('');
    },
  },
  trimPrefix: {
    params: ['string', 'string'],
    call: ([prefix, s]) =>
      (s as string).startsWith(prefix as string) ? (s as string).slice((prefix as string).length) : s,
  },
  trimSuffix: {
    params: ['string', 'string'],
    call: ([suffix, s]) =>
      (suffix as string) !== '' && (s as string).endsWith(suffix as string)
        ? (s as string).slice(0, -(suffix as string).length)
        : s,
  },
  replace: {
    params: ['string', 'string', 'string'],
    call: ([from, to, s]) => goReplaceAll(s as string, from as string, to as string),
  },
  contains: { params: ['string', 'string'], call: ([sub, s]) => (s as string).includes(sub as string) },
  hasPrefix: { params: ['string', 'string'], call: ([prefix, s]) => (s as string).startsWith(prefix as string) },
  hasSuffix: { params: ['string', 'string'], call: ([suffix, s]) => (s as string).endsWith(suffix as string) },
  repeat: {
    params: ['int', 'string'],
    call: ([count, s]) =>
      (count as bigint) < 0n ? fail('strings: negative Repeat count') : (s as string).repeat(Number(count)),
  },
  // Sprig's nospace (goutils.DeleteWhiteSpace) works on bytes: each kept byte becomes a rune.
  nospace: {
    params: ['string'],
    call: ([s]) => {
      const bytes = [...new TextEncoder().encode(s as string)];
      const kept = bytes.filter((byte) => ![0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x85, 0xa0].includes(byte));
      return kept.length === bytes.length ? s : kept.map((byte) => String.fromCharCode(byte)).join('');
    },
  },
  // trunc and substr cut bytes, as Go slices strings.
  trunc: {
    params: ['int', 'string'],
    call: ([c, s]) => {
      const bytes = new TextEncoder().encode(s as string);
      const n = Number(c);
      if (n < 0 && bytes.length + n > 0) return fromBytes(bytes.slice(bytes.length + n));
      if (n >= 0 && bytes.length > n) return fromBytes(bytes.slice(0, n));
      return s;
    },
  },
  substr: {
    params: ['int', 'int', 'string'],
    call: ([start, end, s]) => {
      const bytes = new TextEncoder().encode(s as string);
      const a = Number(start);
      const b = Number(end);
      if (a < 0) return fromBytes(bytes.slice(0, b));
      if (a > bytes.length || (b >= 0 && b <= bytes.length && a > b))
        return fail(`runtime error: slice bounds out of range [${a}:${b}]`);
      if (b < 0 || b > bytes.length) return fromBytes(bytes.slice(a));
      return fromBytes(bytes.slice(a, b));
    },
  },
  quote: {
    params: [],
    variadic: 'any',
    call: (args) =>
      args
        .filter((arg) => arg !== null)
        .map((arg) => goQuote(strval(arg)))
        .join(' '),
  },
  squote: {
    params: [],
    variadic: 'any',
    call: (args) =>
      args
        .filter((arg) => arg !== null)
        .map((arg) => `'${strval(arg)}'`)
        .join(' '),
  },
  cat: {
    params: [],
    variadic: 'any',
    call: (args) =>
      args
        .filter((arg) => arg !== null)
        .map(strval)
        .join(' '),
  },
  indent: {
    params: ['int', 'string'],
    call: ([n, s]) => {
      const pad = spaces(n as bigint);
      return pad + (s as string).replace(/\n/g, `\n${pad}`);
    },
  },
  nindent: {
    params: ['int', 'string'],
    call: ([n, s]) => {
      const pad = spaces(n as bigint);
      return `\n${pad}${(s as string).replace(/\n/g, `\n${pad}`)}`;
    },
  },
  ['toString']: { params: ['any'], call: ([v]: unknown[]) => strval(v) } as TemplateFunction,
  b64enc: { params: ['string'], call: ([s]) => bytesToBase64(new TextEncoder().encode(s as string)) },
  join: { params: ['string', 'any'], call: ([sep, v]) => strslice(v).join(sep as string) },
  splitList: { params: ['string', 'string'], call: ([sep, s]) => stringSlice(goSplit(s as string, sep as string)) },
  // numbers
  add: {
    params: [],
    variadic: 'any',
    call: (args) => wrapInt64(args.reduce<bigint>((sum, v) => sum + toInt64(v), 0n)),
  },
  add1: { params: ['any'], call: ([v]) => wrapInt64(toInt64(v) + 1n) },
  sub: { params: ['any', 'any'], call: ([a, b]) => wrapInt64(toInt64(a) - toInt64(b)) },
  mul: {
    params: ['any'],
    variadic: 'any',
    call: ([first, ...rest]) => wrapInt64(rest.reduce<bigint>((product, v) => product * toInt64(v), toInt64(first))),
  },
  div: {
    params: ['any', 'any'],
    call: ([a, b]) =>
      toInt64(b) === 0n ? fail('runtime error: integer divide by zero') : wrapInt64(toInt64(a) / toInt64(b)),
  },
  mod: {
    params: ['any', 'any'],
    call: ([a, b]) =>
      toInt64(b) === 0n ? fail('runtime error: integer divide by zero') : wrapInt64(toInt64(a) % toInt64(b)),
  },
  max: {
    params: ['any'],
    variadic: 'any',
    call: ([first, ...rest]) =>
      wrapInt64(rest.reduce<bigint>((m, v) => (toInt64(v) > m ? toInt64(v) : m), toInt64(first))),
  },
  min: {
    params: ['any'],
    variadic: 'any',
    call: ([first, ...rest]) =>
      wrapInt64(rest.reduce<bigint>((m, v) => (toInt64(v) < m ? toInt64(v) : m), toInt64(first))),
  },
  int: { params: ['any'], call: ([v]) => toInt64(v) },
  int64: { params: ['any'], call: ([v]) => wrapInt64(toInt64(v)) },
  float64: { params: ['any'], call: ([v]) => toFloat64(v) },
  atoi: {
    params: ['string'],
    call: ([s]) => (/^[+-]?[0-9]+$/.test(s as string) ? BigInt(s as string) : 0n),
  },
  // defaults and logic
  default: {
    params: ['any'],
    variadic: 'any',
    call: ([fallback, ...given]) => (given.length === 0 || isEmpty(given[0]) ? fallback : given[0]),
  },
  empty: { params: ['any'], call: ([v]) => isEmpty(v) },
  coalesce: { params: [], variadic: 'any', call: (args) => args.find((v) => !isEmpty(v)) ?? null },
  ternary: { params: ['any', 'any', 'bool'], call: ([yes, no, condition]) => (condition ? yes : no) },
  toJson: { params: ['any'], call: ([v]) => goJson(v) },
  toPrettyJson: { params: ['any'], call: ([v]) => goJson(v, '  ') },
  // lists and dicts
  list: { params: [], variadic: 'any', call: (args) => args },
  first: {
    params: ['any'],
    call: ([v]) => {
      const items = listOf(v, 'first');
      return items.length === 0 ? null : items[0];
    },
  },
  last: {
    params: ['any'],
    call: ([v]) => {
      const items = listOf(v, 'last');
      return items.length === 0 ? null : items[items.length - 1];
    },
  },
  dict: {
    params: [],
    variadic: 'any',
    call: (args) => {
      const map: Record<string, unknown> = {};
      for (let i = 0; i < args.length; i += 2) map[strval(args[i])] = i + 1 < args.length ? args[i + 1] : '';
      return map;
    },
  },
  hasKey: {
    params: ['map', 'string'],
    call: ([map, key]) => map !== null && Object.hasOwn(map as object, key as string),
  },
  get: {
    params: ['map', 'string'],
    call: ([map, key]) =>
      map !== null && Object.hasOwn(map as object, key as string)
        ? (map as Record<string, unknown>)[key as string]
        : '',
  },
  // time
  now: { params: [], call: (_args, context) => new GoTime(context.now) },
  date: {
    params: ['string', 'any'],
    // Sprig's date formats in the local zone (UTC here), whatever the time's own zone.
    call: ([layout, when]) => formatTime(new GoTime(toTime(when).ms), layout as string),
  },
  unixEpoch: { params: ['any'], call: ([when]) => String(Math.floor(toTime(when).ms / 1000)) },
};

/** strings.Title: each letter after a separator (not an ASCII letter, digit or _, a Unicode letter or digit) upper-cased. */
function goTitle(text: string): string {
  let previous = ' ';
  let out = '';
  for (const ch of text) {
    out += isSeparator(previous) ? ch.toUpperCase() : ch;
    previous = ch;
  }
  return out;
}

function isSeparator(ch: string): boolean {
  if ((ch.codePointAt(0) as number) <= 0x7f) return !/[0-9A-Za-z_]/.test(ch);
  if (/[\p{L}\p{Nd}]/u.test(ch)) return false;
  return /\s/u.test(ch);
}

function fromBytes(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

function spaces(n: bigint): string {
  if (n < 0n) return fail('strings: negative Repeat count');
  return ' '.repeat(Number(n));
}

function toTime(value: unknown): GoTime {
  if (value instanceof GoTime) return value;
  if (kindOf(value) === 'int') return new GoTime(Number(value) * 1000);
  if (kindOf(value) === 'float') return new GoTime(Math.trunc(value as number) * 1000);
  return new GoTime(0);
}

/** strings.ReplaceAll (an empty `from` inserts `to` around every rune). */
function goReplaceAll(s: string, from: string, to: string): string {
  if (from === '') return [...s].reduce((out, ch) => out + ch + to, to);
  return s.split(from).join(to);
}

/** strings.Split (an empty separator splits into runes). */
function goSplit(s: string, sep: string): string[] {
  if (sep === '') return [...s];
  return s.split(sep);
}

function bytesToBase64(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += i + 1 < bytes.length ? alphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? alphabet[n & 63] : '=';
  }
  return out;
}

export const templateFunctions: ReadonlyMap<string, TemplateFunction> = new Map(
  Object.entries({ ...sprig, ...builtins }),
);
