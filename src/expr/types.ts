// The static types expr-lang's checker infers ("natures"), enough of them to refuse at compile
// time what expr-lang refuses: Go types named as Go prints them (`float64`, `[]interface {}`).
// `unknown` is a type not known before running and `any` is Go's interface{}: the checker lets
// both through, but only a value of a known type can be assigned to interface{} (so `ok ? true :
// result.x` is a bool when result.x is interface{}, and unknown when it is unknown).

export type Type =
  | { kind: 'unknown' }
  | { kind: 'any' }
  | { kind: 'nil' }
  | { kind: 'bool' }
  | { kind: 'int'; name: string }
  | { kind: 'float'; name: string }
  | { kind: 'string' }
  | { kind: 'time' }
  | { kind: 'duration' }
  /** A Go type a method gives that is none of the others: time.Month, time.Weekday, *time.Location. */
  | { kind: 'named'; name: string }
  | { kind: 'array'; name: string; elem: Type }
  | { kind: 'map'; name: string; elem: Type }
  | { kind: 'func'; name: string; params: Type[]; result: Type };

export const unknown: Type = { kind: 'unknown' };
export const anyType: Type = { kind: 'any' };
export const nilType: Type = { kind: 'nil' };
export const boolType: Type = { kind: 'bool' };
export const intType: Type = { kind: 'int', name: 'int' };
export const int64Type: Type = { kind: 'int', name: 'int64' };
export const uint8Type: Type = { kind: 'int', name: 'uint8' };
export const floatType: Type = { kind: 'float', name: 'float64' };
export const stringType: Type = { kind: 'string' };
export const timeType: Type = { kind: 'time' };
export const durationType: Type = { kind: 'duration' };
/** []interface {} whose elements are known to be `elem` (an array literal of ints, filter()). */
export const arrayOf = (elem: Type): Type => ({ kind: 'array', name: '[]interface {}', elem });
export const anyArray: Type = arrayOf(anyType);
export const stringArray: Type = { kind: 'array', name: '[]string', elem: stringType };
export const anyMap: Type = { kind: 'map', name: 'map[string]interface {}', elem: anyType };

export function typeString(type: Type): string {
  switch (type.kind) {
    case 'unknown':
    case 'nil':
      return 'unknown';
    case 'any':
      return 'interface {}';
    case 'time':
      return 'time.Time';
    case 'duration':
      return 'time.Duration';
    case 'bool':
    case 'string':
      return type.kind;
    default:
      return type.name;
  }
}

export const isUnknown = (t: Type): boolean => t.kind === 'unknown' || t.kind === 'any';
export const isNumber = (t: Type): boolean => t.kind === 'int' || t.kind === 'float';

/** Go's assignability, as the checker applies it (identical types, or to an interface). */
export function assignable(from: Type, to: Type): boolean {
  if (from.kind === 'nil') return to.kind === 'any' || to.kind === 'array' || to.kind === 'map' || to.kind === 'func';
  if (from.kind === 'unknown' || to.kind === 'unknown') return false;
  if (to.kind === 'any') return true;
  return from.kind === to.kind && typeString(from) === typeString(to);
}

export function comparable(a: Type, b: Type): boolean {
  return (
    isUnknown(a) ||
    isUnknown(b) ||
    a.kind === 'nil' ||
    b.kind === 'nil' ||
    (isNumber(a) && isNumber(b)) ||
    (a.kind === 'duration' && b.kind === 'duration') ||
    (a.kind === 'time' && b.kind === 'time') ||
    (a.kind === 'array' && b.kind === 'array') ||
    assignable(a, b)
  );
}

/** One side unknown and the other of an accepted kind (or both unknown): checked when running. */
export function maybe(a: Type, b: Type, accepted: (t: Type) => boolean): boolean {
  return (isUnknown(a) && isUnknown(b)) || (isUnknown(a) && accepted(b)) || (isUnknown(b) && accepted(a));
}

export function promote(a: Type, b: Type): Type {
  if (isUnknown(a) || isUnknown(b)) return unknown;
  return a.kind === 'float' || b.kind === 'float' ? floatType : intType;
}

/** The type expr-lang gives a value from the environment (its Go type, as decoded from JSON). */
export function typeOfValue(value: unknown): Type {
  if (value === null || value === undefined) return nilType;
  switch (typeof value) {
    case 'boolean':
      return boolType;
    case 'number':
      return floatType;
    case 'bigint':
      return intType;
    case 'string':
      return stringType;
    case 'object':
      return Array.isArray(value) ? anyArray : anyMap;
    default:
      return unknown;
  }
}

/** A short key for typeOfValue(value), computed without allocating (for caching type checks). */
export function typeKey(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value !== 'object') return typeof value;
  return Array.isArray(value) ? 'array' : 'map';
}
