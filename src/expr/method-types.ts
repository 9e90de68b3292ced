// The static types of the Go methods of time.Time, time.Duration, time.Month, time.Weekday and
// *time.Location, for expr-lang's checker: where the receiver's type is known at compile time
// (the result of date(), now(), duration(), or of a method of one), a call is checked there as
// expr-lang checks it (the method exists, its arguments' number and types, at most two results)
// and has the method's result type. Where the receiver's type is not known (`time.Now()`, a
// function of the environment), nothing is known until it runs (src/expr/methods.ts).
import {
  boolType,
  durationType,
  floatType,
  int64Type,
  intType,
  stringType,
  timeType,
  type Type,
  unknown,
} from './types.ts';

export const monthType: Type = { kind: 'named', name: 'time.Month' };
export const weekdayType: Type = { kind: 'named', name: 'time.Weekday' };
export const locationType: Type = { kind: 'named', name: '*time.Location' };

export interface MethodType {
  params: Type[];
  /** How many values the Go method returns (more than two is a compile error in expr-lang). */
  results: number;
  /** The type of the first. */
  result: Type;
  /**
   * Whether expr-lang calls it as a typed function (its signature is one of vm/func_types, e.g.
   * func(time.Time) time.Duration) rather than by reflection: a nil argument then fails its type
   * assertion (`interface conversion: interface {} is nil, not time.Time`) instead of becoming the
   * parameter's zero value.
   */
  typed?: boolean;
}

const m = (params: Type[], result: Type, results = 1): MethodType => ({ params, result, results });
/** A method whose signature is one of expr-lang's typed functions. */
const typed = (params: Type[], result: Type): MethodType => ({ params, result, results: 1, typed: true });

const timeMethods: Record<string, MethodType> = {
  Add: typed([durationType], timeType),
  AddDate: m([intType, intType, intType], timeType),
  After: typed([timeType], boolType),
  AppendBinary: m([unknown], unknown, 2),
  AppendFormat: m([unknown, stringType], unknown),
  AppendText: m([unknown], unknown, 2),
  Before: typed([timeType], boolType),
  Clock: m([], intType, 3),
  Compare: m([timeType], intType),
  Date: m([], intType, 3),
  Day: m([], intType),
  Equal: typed([timeType], boolType),
  Format: typed([stringType], stringType),
  GoString: m([], stringType),
  GobEncode: m([], unknown, 2),
  Hour: m([], intType),
  ISOWeek: m([], intType, 2),
  In: m([locationType], timeType),
  IsDST: m([], boolType),
  IsZero: m([], boolType),
  Local: m([], timeType),
  Location: m([], locationType),
  MarshalBinary: m([], unknown, 2),
  MarshalJSON: m([], unknown, 2),
  MarshalText: m([], unknown, 2),
  Minute: m([], intType),
  Month: m([], monthType),
  Nanosecond: m([], intType),
  Round: typed([durationType], timeType),
  Second: m([], intType),
  String: m([], stringType),
  Sub: typed([timeType], durationType),
  Truncate: typed([durationType], timeType),
  UTC: m([], timeType),
  Unix: m([], int64Type),
  UnixMicro: m([], int64Type),
  UnixMilli: m([], int64Type),
  UnixNano: m([], int64Type),
  Weekday: m([], weekdayType),
  Year: m([], intType),
  YearDay: m([], intType),
  Zone: m([], stringType, 2),
  ZoneBounds: m([], timeType, 2),
};

const durationMethods: Record<string, MethodType> = {
  Abs: m([], durationType),
  Hours: m([], floatType),
  Microseconds: m([], int64Type),
  Milliseconds: m([], int64Type),
  Minutes: m([], floatType),
  Nanoseconds: m([], int64Type),
  Round: typed([durationType], durationType),
  Seconds: m([], floatType),
  String: m([], stringType),
  Truncate: typed([durationType], durationType),
};

const stringer: Record<string, MethodType> = { String: m([], stringType) };

/**
 * The methods of a receiver of static type `receiver`, and the Go name of its type (as expr-lang
 * names it in "type ... has no method"), or undefined when the type's methods are not known here.
 */
export function methodsOf(receiver: Type): { typeName: string; methods: Record<string, MethodType> } | undefined {
  if (receiver.kind === 'time') return { typeName: 'time.Time', methods: timeMethods };
  if (receiver.kind === 'duration') return { typeName: 'time.Duration', methods: durationMethods };
  if (receiver.kind === 'named')
    return { typeName: receiver.name === '*time.Location' ? 'time.Location' : receiver.name, methods: stringer };
  return undefined;
}
