// The values a client-go JSONPath works on, with their Go types: what encoding/json decodes
// (float64, string, bool, nil, map[string]interface{}, []interface{}), the template's literals
// (int, float64, bool, string) and the bytes of a string (uint8, from a wildcard over it); and
// the comparisons of Go's text/template that filters use (template.Equal, Less, ...).

/** A zero reflect.Value: the decoded document `null` at the root. */
export const INVALID: unique symbol = Symbol('invalid reflect.Value');

/** A Go int (a number literal in the template). */
export class GoInt {
  readonly value: bigint;
  constructor(value: bigint) {
    this.value = value;
  }
}

/** A Go uint8 (one byte of a string's UTF-8 encoding). */
export class GoByte {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
}

export type GoValue =
  | typeof INVALID
  | null
  | boolean
  | number
  | string
  | GoInt
  | GoByte
  | GoValue[]
  | { [key: string]: GoValue };

export function isMap(value: GoValue): value is { [key: string]: GoValue } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof GoInt) &&
    !(value instanceof GoByte)
  );
}

/** Go's reflect type name, for error messages. */
export function goTypeName(value: GoValue): string {
  if (value === INVALID || value === null) return 'interface {}';
  if (Array.isArray(value)) return '[]interface {}';
  if (value instanceof GoInt) return 'int';
  if (value instanceof GoByte) return 'uint8';
  if (isMap(value)) return 'map[string]interface {}';
  return typeof value === 'number' ? 'float64' : typeof value;
}

/** Roughly Go's %v of a value, for error messages. */
export function goDisplay(value: GoValue): string {
  if (value === INVALID) return '<invalid reflect.Value>';
  if (value === null) return '<nil>';
  if (value instanceof GoInt || value instanceof GoByte) return String(value.value);
  if (Array.isArray(value)) return `[${value.map(goDisplay).join(' ')}]`;
  if (isMap(value))
    return `map[${sortedKeys(value)
      .map((key) => `${key}:${goDisplay(value[key] as GoValue)}`)
      .join(' ')}]`;
  return String(value);
}

/** Byte order of the UTF-8 encodings, as Go sorts and compares strings. */
export function compareGoStrings(a: string, b: string): number {
  const left = Array.from(a, (char) => char.codePointAt(0) as number);
  const right = Array.from(b, (char) => char.codePointAt(0) as number);
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const difference = (left[index] as number) - (right[index] as number);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

/** An object's keys in the order sluice walks them (Go's own map order is random). */
export function sortedKeys(value: { [key: string]: GoValue }): string[] {
  return Object.keys(value).sort(compareGoStrings);
}

/** The UTF-8 bytes of a string, as indexing a Go string gives them. */
export function utf8Bytes(text: string): GoByte[] {
  return Array.from(new TextEncoder().encode(text), (byte) => new GoByte(byte));
}

type Kind = 'bool' | 'int' | 'uint' | 'float' | 'string';

export class GoCompareError extends Error {
  override name = 'GoCompareError';
}

function basicKind(value: GoValue): Kind {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'float';
  if (typeof value === 'string') return 'string';
  if (value instanceof GoInt) return 'int';
  if (value instanceof GoByte) return 'uint';
  throw new GoCompareError('invalid type for comparison');
}

function integer(value: GoValue): bigint {
  return value instanceof GoInt ? value.value : BigInt((value as GoByte).value);
}

export function goEqual(left: GoValue, right: GoValue): boolean {
  const k1 = basicKind(left);
  const k2 = basicKind(right);
  if (k1 !== k2) {
    if ((k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int')) return integer(left) === integer(right);
    throw new GoCompareError('incompatible types for comparison');
  }
  if (k1 === 'int' || k1 === 'uint') return integer(left) === integer(right);
  return left === right;
}

export function goLess(left: GoValue, right: GoValue): boolean {
  const k1 = basicKind(left);
  const k2 = basicKind(right);
  if (k1 !== k2) {
    if ((k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int')) return integer(left) < integer(right);
    throw new GoCompareError('incompatible types for comparison');
  }
  switch (k1) {
    case 'bool':
      throw new GoCompareError('invalid type for comparison');
    case 'int':
    case 'uint':
      return integer(left) < integer(right);
    case 'float':
      return (left as number) < (right as number);
    case 'string':
      return compareGoStrings(left as string, right as string) < 0;
  }
}

/** A filter's comparison, as client-go's evalFilter runs it. */
export function goCompare(operator: string, left: GoValue, right: GoValue): boolean {
  switch (operator) {
    case '<':
      return goLess(left, right);
    case '>':
      return !(goLess(left, right) || goEqual(left, right));
    case '==':
      return goEqual(left, right);
    case '!=':
      return !goEqual(left, right);
    case '<=':
      return goLess(left, right) || goEqual(left, right);
    case '>=':
      return !goLess(left, right);
    default:
      throw new GoCompareError(`unrecognized filter operator ${operator}`);
  }
}
