// abs, min, max, mean, median, ceil, floor, round.

import type { Budget } from '../budget.ts';
import { ValueError } from '../errors.ts';
import { compare } from '../operators.ts';
import { DurationValue, GoEnumValue, isNumber, toFloat, typeName, wrapInt } from '../values.ts';
import type { Builtin } from './types.ts';

/**
 * Numbers from the arguments, arrays flattened (as expr-lang's mean/median do); a Go named int
 * (time.Month, time.Weekday, time.Duration) is its number, as they read it by reflect.Kind.
 */
function numbersOf(name: string, args: readonly unknown[], budget: Budget, depth = 0): Array<bigint | number> {
  if (depth > 32) throw new ValueError(`arrays nested too deeply in ${name}`);
  const out: Array<bigint | number> = [];
  for (const arg of args) {
    budget.step();
    if (isNumber(arg)) out.push(arg);
    else if (arg instanceof GoEnumValue) out.push(arg.value);
    else if (arg instanceof DurationValue) out.push(arg.nanoseconds);
    else if (Array.isArray(arg)) out.push(...numbersOf(name, arg, budget, depth + 1));
    else throw new ValueError(`invalid argument for ${name} (type ${typeName(arg)})`);
  }
  return out;
}

/**
 * expr-lang's minMax: numbers and arrays of numbers (nested too); one lone other argument is
 * returned as it is. A Go named int (time.Month, time.Duration) among the arguments is compared as
 * Go's `<` compares it: durations with durations, a month with nothing.
 */
function extremeOf(name: 'min' | 'max', args: readonly unknown[], budget: Budget, depth: number): unknown {
  if (depth > 32) throw new ValueError(`arrays nested too deeply in ${name}`);
  let best: unknown = null;
  const consider = (value: unknown): void => {
    if (best === null || compare(name === 'max' ? '<' : '>', best, value)) best = value;
  };
  for (const arg of args) {
    budget.step();
    if (Array.isArray(arg)) {
      for (const item of arg) {
        const value = extremeOf(name, [item], budget, depth + 1);
        if (!isNumber(value)) throw new ValueError(`invalid argument for ${name} (type ${typeName(value)})`);
        consider(value);
      }
    } else if (isNumber(arg) || arg instanceof GoEnumValue || arg instanceof DurationValue) {
      consider(arg);
    } else {
      if (args.length === 1) return arg;
      throw new ValueError(`invalid argument for ${name} (type ${typeName(arg)})`);
    }
  }
  return best;
}

function extreme(name: 'min' | 'max'): Builtin {
  return {
    name,
    minArgs: 1,
    maxArgs: Infinity,
    call: (args, { budget }) => extremeOf(name, args, budget, 0),
  };
}

/** The Go type a panic of abs, ceil, floor or round names (%T): a duration is a time.Duration. */
const goTypeName = (value: unknown): string => (value instanceof DurationValue ? 'time.Duration' : typeName(value));

function roundingFunction(name: string, round: (value: number) => number): Builtin {
  return {
    name,
    minArgs: 1,
    maxArgs: 1,
    call([value]) {
      if (typeof value === 'bigint') return Number(value);
      if (typeof value === 'number') return round(value);
      throw new ValueError(`invalid argument for ${name} (type ${goTypeName(value)})`);
    },
  };
}

/** Go's math.Round: halves away from zero. */
function roundHalfAway(value: number): number {
  if (!Number.isFinite(value)) return value;
  const truncated = Math.trunc(value);
  return Math.abs(value - truncated) >= 0.5 ? truncated + Math.sign(value) : truncated;
}

export const mathBuiltins: Builtin[] = [
  {
    name: 'abs',
    minArgs: 1,
    maxArgs: 1,
    call([value]) {
      if (typeof value === 'bigint') return value < 0n ? wrapInt(-value) : value;
      if (typeof value === 'number') return Math.abs(value);
      throw new ValueError(`invalid argument for abs (type ${goTypeName(value)})`);
    },
  },
  extreme('min'),
  extreme('max'),
  {
    name: 'mean',
    minArgs: 1,
    maxArgs: Infinity,
    call(args, { budget }) {
      const values = numbersOf('mean', args, budget);
      if (values.length === 0) return 0;
      return values.reduce<number>((sum, value) => sum + toFloat(value), 0) / values.length;
    },
  },
  {
    name: 'median',
    minArgs: 1,
    maxArgs: Infinity,
    call(args, { budget }) {
      const values = numbersOf('median', args, budget)
        .map(toFloat)
        .sort((a, b) => a - b);
      budget.step(values.length);
      const n = values.length;
      if (n === 0) return 0;
      return n % 2 === 1
        ? (values[(n - 1) / 2] as number)
        : ((values[n / 2 - 1] as number) + (values[n / 2] as number)) / 2;
    },
  },
  roundingFunction('ceil', Math.ceil),
  roundingFunction('floor', Math.floor),
  roundingFunction('round', roundHalfAway),
];
