// Go's %v rendering of values, which expr-lang's string() uses:
// 1e+06 rather than 1000000 for floats, [1 2 3] for arrays, map[a:1] for maps.

import { formatDuration, formatTime } from './builtins/time.ts';
import { isMap, kindOf, type DurationValue, type TimeValue } from './values.ts';

export function formatFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  // Shortest round-trip digits, then Go's shortest %g rule: exponent form when the
  // decimal exponent is below -4 or at least 6 (so 1e+06, but 123456).
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let body: string;
  if (exponent < -4 || exponent >= 6) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const sign = exponent < 0 ? '-' : '+';
    body = `${digits[0]}${fraction}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  } else if (exponent < 0) {
    body = `0.${'0'.repeat(-exponent - 1)}${digits}`;
  } else if (digits.length <= exponent + 1) {
    body = digits + '0'.repeat(exponent + 1 - digits.length);
  } else {
    body = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  }
  return negative ? `-${body}` : body;
}

/** Renders any value as Go's fmt %v would; `depth` guards against deep nesting. */
export function formatValue(value: unknown, depth = 0): string {
  if (depth > 64) return '...';
  switch (kindOf(value)) {
    case 'nil':
      return '<nil>';
    case 'bool':
      return String(value);
    case 'int':
      return (value as bigint).toString();
    case 'float':
      return formatFloat(value as number);
    case 'string':
      return value as string;
    case 'time':
      return formatTime(value as TimeValue);
    case 'duration':
      return formatDuration((value as DurationValue).nanoseconds);
    case 'array':
      return `[${(value as unknown[]).map((item) => formatValue(item, depth + 1)).join(' ')}]`;
    case 'map': {
      if (!isMap(value)) return '';
      const keys = Object.keys(value).sort();
      return `map[${keys.map((key) => `${key}:${formatValue(value[key], depth + 1)}`).join(' ')}]`;
    }
    default:
      return String(value);
  }
}
