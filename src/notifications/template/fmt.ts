// Go's fmt for the verbs templates use (%v %s %d %q %t %f %x %%, width, precision, `-` and `0`
// flags), and Sprint / Sprintln; a wrong verb prints as Go does: %!d(string=abc).
import { compareStrings, formatFloat, GoTime, goTypeName, intOf, kindOf, NO_VALUE, printValue } from './values.ts';

export function sprint(args: unknown[]): string {
  let out = '';
  args.forEach((arg, index) => {
    // Sprint adds a space between operands when neither is a string.
    const isString = kindOf(arg) === 'string';
    if (index > 0 && !isString && kindOf(args[index - 1]) !== 'string') out += ' ';
    out += printArg(arg);
  });
  return out;
}

export function sprintln(args: unknown[]): string {
  return `${args.map(printArg).join(' ')}\n`;
}

function printArg(arg: unknown): string {
  return arg === NO_VALUE ? '<nil>' : printValue(arg);
}

export function sprintf(format: string, args: unknown[]): string {
  let out = '';
  let next = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i] as string;
    if (c !== '%') {
      out += c;
      continue;
    }
    let minus = false;
    let zero = false;
    let plus = false;
    let j = i + 1;
    for (; j < format.length && '-0+ #'.includes(format[j] as string); j++) {
      if (format[j] === '-') minus = true;
      if (format[j] === '0') zero = true;
      if (format[j] === '+') plus = true;
    }
    let width: number | undefined;
    const widthMatch = /^[0-9]+/.exec(format.slice(j));
    if (widthMatch) {
      width = Number(widthMatch[0]);
      j += widthMatch[0].length;
    }
    let precision: number | undefined;
    if (format[j] === '.') {
      const precisionMatch = /^[0-9]*/.exec(format.slice(j + 1)) as RegExpExecArray;
      precision = Number(precisionMatch[0] || '0');
      j += 1 + precisionMatch[0].length;
    }
    const verb = format[j];
    i = j;
    if (verb === undefined) {
      out += '%!(NOVERB)';
      break;
    }
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (next >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[next++];
    const pad = (text: string, numeric: boolean): string => {
      const length = [...text].length;
      if (width === undefined || length >= width) return text;
      const padding = width - length;
      if (minus) return text + ' '.repeat(padding);
      if (zero) {
        const sign = numeric && /^[+-]/.test(text) ? (text[0] as string) : '';
        return sign + '0'.repeat(padding) + text.slice(sign.length);
      }
      return ' '.repeat(padding) + text;
    };
    out += formatVerb(arg === NO_VALUE ? null : arg, verb, precision, plus, pad);
  }
  if (next < args.length) {
    out += `%!(EXTRA ${args
      .slice(next)
      .map((arg) => (arg === null || arg === NO_VALUE ? '<nil>' : `${goTypeName(arg)}=${printArg(arg)}`))
      .join(', ')})`;
  }
  return out;
}

type Pad = (text: string, numeric: boolean) => string;

function formatVerb(
  arg: unknown,
  verb: string,
  precision: number | undefined,
  plus: boolean,
  pad: Pad,
  nested = false,
): string {
  const kind = kindOf(arg);
  // A nil inside a slice or map prints as <nil> whatever the verb.
  if (nested && arg === null) return pad('<nil>', false);
  // Slices and maps format each element with the verb (and its width).
  if (kind === 'slice') {
    return `[${(arg as unknown[]).map((item) => formatVerb(item, verb, precision, plus, pad, true)).join(' ')}]`;
  }
  if (kind === 'map') {
    const map = arg as Record<string, unknown>;
    const keys = Object.keys(map).sort(compareStrings);
    return `map[${keys.map((key) => `${formatVerb(key, verb, precision, plus, pad, true)}:${formatVerb(map[key], verb, precision, plus, pad, true)}`).join(' ')}]`;
  }
  const numeric = kind === 'int' || kind === 'float';
  const text = formatScalar(arg, verb, precision, plus);
  if (text !== undefined) return pad(text, numeric);
  // A wrong verb prints the value with %v, padded as the verb asked: %!d(string=00-).
  if (arg === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(arg)}=${pad(formatScalar(arg, 'v', precision, plus) ?? printValue(arg), numeric)})`;
}

/** The verb's text of a scalar, or undefined when the verb does not fit the value. */
function formatScalar(arg: unknown, verb: string, precision: number | undefined, plus: boolean): string | undefined {
  const kind = kindOf(arg);
  const badVerb = (_arg: unknown, _verb: string): undefined => undefined;
  switch (verb) {
    case 'v':
      if (kind === 'float' && precision !== undefined) return formatG(arg as number, precision);
      if (kind === 'string' && precision !== undefined) return [...(arg as string)].slice(0, precision).join('');
      if (kind === 'int' && precision !== undefined) return intWithPrecision(intOf(arg), precision, plus);
      if (plus && kind === 'int' && intOf(arg) >= 0n) return `+${printValue(arg)}`;
      return printValue(arg);
    case 's':
      if (kind === 'string')
        return precision === undefined ? (arg as string) : [...(arg as string)].slice(0, precision).join('');
      if (kind === 'struct') return printValue(arg);
      return badVerb(arg, verb);
    case 'q':
      if (kind === 'string') return goQuote(arg as string);
      if (kind === 'int') {
        const code = Number(arg);
        const valid = code >= 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
        return `'${goQuote(String.fromCodePoint(valid ? code : 0xfffd))
          .slice(1, -1)
          .replace(/\\"/g, '"')
          .replace(/'/g, "\\'")}'`;
      }
      return badVerb(arg, verb);
    case 'd':
      if (kind === 'int') return intWithPrecision(intOf(arg), precision, plus);
      return badVerb(arg, verb);
    case 't':
      if (kind === 'bool') return String(arg);
      return badVerb(arg, verb);
    case 'f':
    case 'F':
      if (kind === 'float') return toFixed(arg as number, precision ?? 6);
      return badVerb(arg, verb);
    case 'x':
    case 'X': {
      let text: string;
      if (kind === 'int') text = intOf(arg) < 0n ? `-${(-intOf(arg)).toString(16)}` : intOf(arg).toString(16);
      else if (kind === 'float') text = hexFloat(arg as number);
      else if (kind === 'string')
        text = [...new TextEncoder().encode(arg as string)].map((b) => b.toString(16).padStart(2, '0')).join('');
      else return badVerb(arg, verb);
      return verb === 'X' ? text.toUpperCase() : text;
    }
    default:
      return badVerb(arg, verb);
  }
}

function toFixed(value: number, digits: number): string {
  if (Number.isFinite(value) && Math.abs(value) >= 1e21)
    return `${BigInt(value)}${digits > 0 ? `.${'0'.repeat(digits)}` : ''}`;
  if (!Number.isFinite(value)) return formatFloat(value);
  return value.toFixed(digits);
}

function intWithPrecision(value: bigint, precision: number | undefined, plus: boolean): string {
  const negative = value < 0n;
  let digits = (negative ? -value : value).toString();
  if (precision !== undefined) digits = precision === 0 && value === 0n ? '' : digits.padStart(precision, '0');
  return (negative ? '-' : plus ? '+' : '') + digits;
}

/** strconv.FormatFloat(f, 'x', -1, 64): 0x1.8p+01. */
function hexFloat(value: number): string {
  if (!Number.isFinite(value)) return formatFloat(value);
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  let v = Math.abs(value);
  if (v === 0) return `${sign}0x0p+00`;
  let exponent = Math.floor(Math.log2(v));
  if (2 ** exponent > v) exponent--;
  if (2 ** (exponent + 1) <= v) exponent++;
  v = v / 2 ** exponent - 1;
  let digits = '';
  while (v > 0 && digits.length < 13) {
    v *= 16;
    const digit = Math.floor(v);
    digits += digit.toString(16);
    v -= digit;
  }
  const e = `${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  return `${sign}0x1${digits ? `.${digits}` : ''}p${e}`;
}

function formatG(value: number, precision: number): string {
  if (precision === 0) precision = 1;
  const [mantissa, exponentText] = value.toExponential(precision - 1).split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= precision) {
    const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
    return `${trimmed}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return formatFloat(Number(value.toPrecision(precision)));
}

/** strconv.Quote: Go's double-quoted form with its escapes. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x7f || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch)) out += ch;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

export { GoTime };
