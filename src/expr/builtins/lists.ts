// reverse, uniq, sort, concat, flatten, toPairs, fromPairs, toJSON, fromJSON, toBase64,
// fromBase64: the collection and encoding functions of expr-lang v1.17.

import type { Budget } from '../budget.ts';
import { ValueError } from '../errors.ts';
import { equal, compare } from '../operators.ts';
import { isMap, isNumber, nilSlice, typeName } from '../values.ts';
import { toJson, fromJson } from './json.ts';
import { arrayArg, stringArg, type Builtin } from './types.ts';

function flattenInto(items: readonly unknown[], out: unknown[], budget: Budget, depth: number): void {
  if (depth > 64) throw new ValueError('arrays nested too deeply in flatten');
  for (const item of items) {
    budget.step();
    if (Array.isArray(item)) flattenInto(item, out, budget, depth + 1);
    else out.push(item);
  }
}

function sortValues(items: readonly unknown[], descending: boolean): unknown[] {
  const sorted = [...items];
  // Like Go's sort, elements are only looked at when compared: one element never fails.
  sorted.sort((a, b) => {
    if ((!isNumber(a) && typeof a !== 'string') || (!isNumber(b) && typeof b !== 'string')) {
      throw new ValueError(`cannot sort ${typeName(isNumber(a) || typeof a === 'string' ? b : a)}`);
    }
    return compare('<', a, b) ? -1 : compare('>', a, b) ? 1 : 0;
  });
  return descending ? sorted.reverse() : sorted;
}

export const listBuiltins: Builtin[] = [
  {
    name: 'reverse',
    minArgs: 1,
    maxArgs: 1,
    call: ([value]) => [...arrayArg('reverse', value)].reverse(),
  },
  {
    name: 'uniq',
    minArgs: 1,
    maxArgs: 1,
    call([value], { budget }) {
      const out: unknown[] = [];
      for (const item of arrayArg('uniq', value)) {
        budget.step(out.length + 1);
        if (!out.some((seen) => typeof seen === typeof item && equal(seen, item, budget))) out.push(item);
      }
      return out;
    },
  },
  {
    name: 'sort',
    minArgs: 1,
    maxArgs: 2,
    call([value, order]) {
      const direction = order === undefined ? 'asc' : stringArg('sort', order);
      if (direction !== 'asc' && direction !== 'desc')
        throw new ValueError(`unknown order ${direction}, use asc or desc`);
      if (!Array.isArray(value)) return []; // Go's sort of anything but a slice: an empty array
      return sortValues(arrayArg('sort', value), direction === 'desc');
    },
  },
  {
    name: 'concat',
    minArgs: 1,
    maxArgs: Infinity,
    call(args, { budget }) {
      const out: unknown[] = [];
      for (const arg of args) {
        const items = arrayArg('concat', arg);
        budget.items(out.length + items.length, 'concat()');
        out.push(...items);
      }
      return out.length === 0 ? nilSlice : out;
    },
  },
  {
    name: 'flatten',
    minArgs: 1,
    maxArgs: 1,
    call([value], { budget }) {
      const out: unknown[] = [];
      flattenInto(arrayArg('flatten', value), out, budget, 0);
      return out;
    },
  },
  {
    name: 'toPairs',
    minArgs: 1,
    maxArgs: 1,
    call([value]) {
      if (!isMap(value)) throw new ValueError(`cannot transform ${typeName(value)} to pairs`);
      return Object.keys(value).map((key) => [key, value[key] ?? null]);
    },
  },
  {
    name: 'fromPairs',
    minArgs: 1,
    maxArgs: 1,
    call([value]) {
      const out: Record<string, unknown> = {};
      for (const pair of arrayArg('fromPairs', value)) {
        if (!Array.isArray(pair) || pair.length !== 2) throw new ValueError(`invalid pair ${JSON.stringify(pair)}`);
        if (typeof pair[0] !== 'string') throw new ValueError('a pair key must be a string');
        Object.defineProperty(out, pair[0], { value: pair[1], enumerable: true, writable: true, configurable: true });
      }
      return out;
    },
  },
  { name: 'toJSON', minArgs: 1, maxArgs: 1, call: ([value]) => toJson(value, '') },
  { name: 'fromJSON', minArgs: 1, maxArgs: 1, call: ([text]) => fromJson(stringArg('fromJSON', text)) },
  {
    name: 'toBase64',
    minArgs: 1,
    maxArgs: 1,
    call: ([text]) => btoa(String.fromCharCode(...new TextEncoder().encode(stringArg('toBase64', text)))),
  },
  {
    name: 'fromBase64',
    minArgs: 1,
    maxArgs: 1,
    call([text]) {
      let binary: string;
      try {
        binary = atob(stringArg('fromBase64', text));
      } catch {
        throw new ValueError('illegal base64 data');
      }
      return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
    },
  },
];
