// Operator semantics, following expr-lang's runtime: int op int stays int (64-bit
// wrap-around), any float makes a float, `/` always gives a float, `%` is int only,
// `**` always gives a float, `==` between different kinds is false (never an error).

import type { Budget } from './budget.ts';
import { ValueError } from './errors.ts';
import {
  DurationValue,
  GoEnumValue,
  TimeValue,
  isDuration,
  isMap,
  isNil,
  isNumber,
  isTime,
  kindOf,
  maxInt,
  minInt,
  ownValue,
  toFloat,
  toIndex,
  typeName,
  utf8Bytes,
  utf8Length,
  utf8Slice,
  wrapInt,
} from './values.ts';

function mismatched(operator: string, a: unknown, b: unknown): ValueError {
  return new ValueError(`invalid operation: ${operator} (mismatched types ${typeName(a)} and ${typeName(b)})`);
}

export function add(a: unknown, b: unknown, budget: Budget): unknown {
  if (typeof a === 'bigint' && typeof b === 'bigint') return wrapInt(a + b);
  if (isTime(a) && isDuration(b)) return new TimeValue(a.nanoseconds + b.nanoseconds, a.zone);
  if (isDuration(a) && isTime(b)) return new TimeValue(a.nanoseconds + b.nanoseconds, b.zone);
  if (isDuration(a) && isDuration(b)) return new DurationValue(wrapInt(a.nanoseconds + b.nanoseconds));
  if (isNumber(a) && isNumber(b)) return toFloat(a) + toFloat(b);
  if (typeof a === 'string' && typeof b === 'string') {
    budget.string(a.length + b.length, 'string concatenation');
    return a + b;
  }
  throw mismatched('+', a, b);
}

export function arithmetic(operator: '-' | '*', a: unknown, b: unknown): unknown {
  if (typeof a === 'bigint' && typeof b === 'bigint') return wrapInt(operator === '-' ? a - b : a * b);
  // expr-lang subtracts times with Go's Time.Sub, which saturates at the int64 bounds of a Duration.
  if (operator === '-' && isTime(a) && isTime(b)) return subtractTimes(a, b);
  if (operator === '-' && isTime(a) && isDuration(b)) return new TimeValue(a.nanoseconds - b.nanoseconds, a.zone);
  if (operator === '-' && isDuration(a) && isDuration(b))
    return new DurationValue(wrapInt(a.nanoseconds - b.nanoseconds));
  if (operator === '*' && isDuration(a) && typeof b === 'bigint') return new DurationValue(wrapInt(a.nanoseconds * b));
  if (operator === '*' && typeof a === 'bigint' && isDuration(b)) return new DurationValue(wrapInt(a * b.nanoseconds));
  if (isNumber(a) && isNumber(b)) return operator === '-' ? toFloat(a) - toFloat(b) : toFloat(a) * toFloat(b);
  throw mismatched(operator, a, b);
}

export function divide(a: unknown, b: unknown): number {
  if (isNumber(a) && isNumber(b)) return toFloat(a) / toFloat(b);
  throw mismatched('/', a, b);
}

export function modulo(a: unknown, b: unknown): bigint {
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    if (b === 0n) throw new ValueError('integer divide by zero');
    return wrapInt(a % b);
  }
  throw mismatched('%', a, b);
}

/** Go's math.Pow, which differs from JS `**` on a few special cases. */
export function power(a: unknown, b: unknown): number {
  if (!isNumber(a) || !isNumber(b)) throw mismatched('**', a, b);
  const base = toFloat(a);
  const exponent = toFloat(b);
  if (base === 1 || exponent === 0) return 1;
  if (base === -1 && (exponent === Infinity || exponent === -Infinity)) return 1;
  return base ** exponent;
}

export function negate(value: unknown): unknown {
  if (typeof value === 'bigint') return wrapInt(-value);
  if (typeof value === 'number') return -value;
  throw new ValueError(`invalid operation: - ${typeName(value)}`);
}

export function plus(value: unknown): unknown {
  if (isNumber(value)) return value;
  throw new ValueError(`invalid operation: + ${typeName(value)}`);
}

export function not(value: unknown): boolean {
  if (typeof value === 'boolean') return !value;
  throw new ValueError(`invalid operation: ! ${typeName(value)} (operand must be bool)`);
}

/**
 * `==` as expr-lang's runtime.Equal: numbers compare by value across int and float, arrays
 * element by element with this same `==` (so `[1, 2] == [1.0, 2.0]`), maps with Go's
 * reflect.DeepEqual (so `{a: 1} == {a: 1.0}` is false).
 */
export function equal(a: unknown, b: unknown, budget: Budget, depth = 0): boolean {
  if (isNumber(a) && isNumber(b)) {
    return typeof a === typeof b ? a === b : toFloat(a) === toFloat(b);
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    budget.step();
    if (depth > 64) throw new ValueError('values are nested too deeply to compare');
    return a.length === b.length && a.every((item, i) => equal(item, b[i], budget, depth + 1));
  }
  if (isNil(a) || isNil(b)) return isNil(a) && isNil(b);
  if (isTime(a) && isTime(b)) return a.nanoseconds === b.nanoseconds;
  if (isDuration(a) && isDuration(b)) return a.nanoseconds === b.nanoseconds;
  if (a instanceof GoEnumValue || b instanceof GoEnumValue)
    return a instanceof GoEnumValue && b instanceof GoEnumValue && a.type === b.type && a.value === b.value;
  return deepEqual(a, b, budget, 0);
}

/** Go's reflect.DeepEqual on the decoded values: no int/float mixing inside collections. */
function deepEqual(a: unknown, b: unknown, budget: Budget, depth: number): boolean {
  budget.step();
  if (depth > 64) throw new ValueError('values are nested too deeply to compare');
  const kind = kindOf(a);
  if (kind !== kindOf(b)) return false;
  if (kind === 'array') {
    const left = a as unknown[];
    const right = b as unknown[];
    return left.length === right.length && left.every((item, i) => deepEqual(item, right[i], budget, depth + 1));
  }
  if (kind === 'map' && isMap(a) && isMap(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key], budget, depth + 1));
  }
  if (kind === 'nil') return true;
  if (a instanceof GoEnumValue && b instanceof GoEnumValue) return a.type === b.type && a.value === b.value;
  return a === b;
}

function compareStrings(a: string, b: string): number {
  // Code point order, which is the UTF-8 byte order Go compares by.
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(j) as number;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return i < a.length ? 1 : j < b.length ? -1 : 0;
}

export function compare(operator: '<' | '>' | '<=' | '>=', a: unknown, b: unknown): boolean {
  let order: number;
  if (typeof a === 'bigint' && typeof b === 'bigint') order = a < b ? -1 : a > b ? 1 : 0;
  else if (isNumber(a) && isNumber(b)) {
    const x = toFloat(a);
    const y = toFloat(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return false;
    order = x < y ? -1 : x > y ? 1 : 0;
  } else if (typeof a === 'string' && typeof b === 'string') order = compareStrings(a, b);
  else if ((isTime(a) && isTime(b)) || (isDuration(a) && isDuration(b))) {
    order = a.nanoseconds < b.nanoseconds ? -1 : a.nanoseconds > b.nanoseconds ? 1 : 0;
  } else throw mismatched(operator, a, b);
  switch (operator) {
    case '<':
      return order < 0;
    case '>':
      return order > 0;
    case '<=':
      return order <= 0;
    case '>=':
      return order >= 0;
  }
}

export function range(a: unknown, b: unknown, budget: Budget): bigint[] {
  if (typeof a !== 'bigint' || typeof b !== 'bigint') throw mismatched('..', a, b);
  const size = b - a + 1n;
  if (size <= 0n) return [];
  budget.items(size > 2n ** 53n ? Number.MAX_SAFE_INTEGER : Number(size), `range ${a}..${b}`);
  const out: bigint[] = [];
  for (let value = a; value <= b; value++) out.push(value);
  return out;
}

export function isIn(needle: unknown, container: unknown, budget: Budget): boolean {
  if (isNil(container)) return false;
  if (isTime(container)) {
    // time.Time is a Go struct with no exported fields: no name is one of them.
    if (typeof needle === 'string') return false;
    throw new ValueError(`cannot use ${isNil(needle) ? '<nil>' : typeName(needle)} as field name of time.Time`);
  }
  if (Array.isArray(container)) {
    for (const item of container) {
      budget.step();
      if (equal(item, needle, budget)) return true;
    }
    return false;
  }
  if (isMap(container)) {
    if (isNil(needle)) return false;
    if (typeof needle !== 'string')
      throw new ValueError(`cannot use ${typeName(needle)} as a key of map (keys are strings)`);
    return Object.hasOwn(container, needle);
  }
  throw new ValueError(`operator "in" not defined on ${typeName(container)}`);
}

export function stringTest(operator: 'contains' | 'startsWith' | 'endsWith', a: unknown, b: unknown): boolean {
  if (isNil(a) || isNil(b)) return false; // as expr-lang's VM: a missing field contains nothing
  if (typeof a !== 'string' || typeof b !== 'string') throw mismatched(operator, a, b);
  if (operator === 'contains') return a.includes(b);
  return operator === 'startsWith' ? a.startsWith(b) : a.endsWith(b);
}

function describeKey(key: unknown): string {
  return typeof key === 'string' ? key : String(key);
}

/** `a.b` and `a[b]`: missing map keys give nil, out-of-range indexes are errors. */
export function member(object: unknown, key: unknown): unknown {
  if (Array.isArray(object)) {
    const index = toIndex(key, 'index');
    const actual = index < 0 ? object.length + index : index;
    if (actual < 0 || actual >= object.length)
      throw new ValueError(`index out of range: ${describeKey(key)} (array length is ${object.length})`);
    return object[actual];
  }
  if (typeof object === 'string') {
    const length = utf8Length(object);
    const index = toIndex(key, 'index');
    const actual = index < 0 ? length + index : index;
    if (actual < 0 || actual >= length)
      throw new ValueError(`index out of range: ${describeKey(key)} (string length is ${length})`);
    return BigInt(utf8Bytes(object)[actual] as number); // a byte (Go's uint8), as expr-lang gives
  }
  if (isMap(object)) {
    if (typeof key !== 'string')
      throw new ValueError(`cannot fetch ${describeKey(key)} from map (keys are strings, got ${typeName(key)})`);
    return ownValue(object, key);
  }
  throw new ValueError(`cannot fetch ${describeKey(key)} from ${typeName(object)}`);
}

export function slice(object: unknown, from: unknown, to: unknown): unknown {
  let length: number;
  if (Array.isArray(object)) length = object.length;
  else if (typeof object === 'string') length = utf8Length(object);
  else throw new ValueError(`cannot slice ${typeName(object)}`);
  let start = from === undefined ? 0 : toIndex(from, 'slice');
  let end = to === undefined ? length : toIndex(to, 'slice');
  if (start < 0) start = Math.max(0, length + start);
  if (end < 0) end = Math.max(0, length + end);
  end = Math.min(end, length);
  start = Math.min(start, end);
  return Array.isArray(object) ? object.slice(start, end) : utf8Slice(object as string, start, end);
}

/** Go's Time.Sub: the difference, saturated to the longest Duration either way. */
export function subtractTimes(a: TimeValue, b: TimeValue): DurationValue {
  const difference = a.nanoseconds - b.nanoseconds;
  return new DurationValue(difference > maxInt ? maxInt : difference < minInt ? minInt : difference);
}
