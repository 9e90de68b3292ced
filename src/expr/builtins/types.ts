// The shape every built-in function has, and small argument readers they share.

import type { Budget } from '../budget.ts';
import { ValueError } from '../errors.ts';
import { typeName } from '../values.ts';
import type { Zone } from '../zones.ts';

/** A predicate argument (`{# > 0}`), run for one element. */
export type Predicate = (element: unknown, index: number, accumulator?: unknown) => unknown;

export interface CallContext {
  budget: Budget;
  /** The evaluation environment; Argo's isNil and default read `result` from it. */
  env: Readonly<Record<string, unknown>>;
  /** The evaluation time for now(), in milliseconds since the epoch. */
  now?: number;
  /** The zone now()'s time is in (the process's local zone); UTC without it. */
  localZone?: Zone;
}

export interface Builtin {
  name: string;
  minArgs: number;
  maxArgs: number; // Infinity for variadic
  /** Argument positions that are predicates; the parser knows them too. */
  predicates?: readonly number[];
  call(args: readonly unknown[], context: CallContext): unknown;
}

export function predicateArg(args: readonly unknown[], index: number): Predicate {
  return args[index] as Predicate;
}

export function arrayArg(name: string, value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  throw new ValueError(`cannot iterate over ${typeName(value)} in ${name} (expected an array)`);
}

/**
 * The collection a predicate function runs over: an array, or a string, whose bytes (as ints)
 * expr-lang's VM iterates.
 */
export function iterableArg(name: string, value: unknown): readonly unknown[] {
  if (typeof value === 'string') return Array.from(new TextEncoder().encode(value), (byte) => BigInt(byte));
  return arrayArg(name, value);
}

export function stringArg(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  throw new ValueError(`invalid argument for ${name} (type ${typeName(value)}, expected string)`);
}

export function intArg(name: string, value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  throw new ValueError(`invalid argument for ${name} (type ${typeName(value)}, expected int)`);
}

export function boolResult(name: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  throw new ValueError(`predicate of ${name} must return bool, got ${typeName(value)}`);
}

export function defineAll(list: Builtin[]): Map<string, Builtin> {
  return new Map(list.map((builtin) => [builtin.name, builtin]));
}
