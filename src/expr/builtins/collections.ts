// len, first, last, get, keys, values, take.

import { ValueError } from '../errors.ts';
import { member } from '../operators.ts';
import { isMap, isNil, typeName } from '../values.ts';
import { arrayArg, intArg, type Builtin } from './types.ts';

/** expr-lang's first()/last(): runtime.Fetch at 0 or -1, and nil for anything it cannot fetch from. */
function fetchOrNil(value: unknown, index: bigint): unknown {
  if (!Array.isArray(value) && typeof value !== 'string') return null;
  try {
    return member(value, index) ?? null;
  } catch (error) {
    if (error instanceof ValueError) return null;
    throw error;
  }
}

export const collectionBuiltins: Builtin[] = [
  {
    name: 'len',
    minArgs: 1,
    maxArgs: 1,
    call([value]) {
      if (Array.isArray(value)) return BigInt(value.length);
      if (typeof value === 'string') return BigInt(Array.from(value).length); // runes, as expr-lang counts
      if (isMap(value)) return BigInt(Object.keys(value).length);
      throw new ValueError(`invalid argument for len (type ${isNil(value) ? '<nil>' : typeName(value)})`);
    },
  },
  {
    name: 'first',
    minArgs: 1,
    maxArgs: 1,
    call: ([value]) => fetchOrNil(value, 0n),
  },
  {
    name: 'last',
    minArgs: 1,
    maxArgs: 1,
    call: ([value]) => fetchOrNil(value, -1n),
  },
  {
    name: 'get',
    minArgs: 2,
    maxArgs: 2,
    call([value, key]) {
      try {
        return member(value, key) ?? null;
      } catch (error) {
        if (error instanceof ValueError) return null;
        throw error;
      }
    },
  },
  {
    name: 'keys',
    minArgs: 1,
    maxArgs: 1,
    call([value], { budget }) {
      if (!isMap(value)) throw new ValueError(`invalid argument for keys (type ${typeName(value)}, expected map)`);
      const keys = Object.keys(value);
      budget.items(keys.length, 'keys()');
      return keys;
    },
  },
  {
    name: 'values',
    minArgs: 1,
    maxArgs: 1,
    call([value], { budget }) {
      if (!isMap(value)) throw new ValueError(`invalid argument for values (type ${typeName(value)}, expected map)`);
      const values = Object.keys(value).map((key) => value[key] ?? null);
      budget.items(values.length, 'values()');
      return values;
    },
  },
  {
    name: 'take',
    minArgs: 2,
    maxArgs: 2,
    call([value, count]) {
      const items = arrayArg('take', value);
      const n = intArg('take', count);
      if (n < 0n) throw new ValueError(`invalid argument for take (negative count ${n})`);
      return items.slice(0, n > BigInt(items.length) ? items.length : Number(n));
    },
  },
];
