// bitand, bitor, bitxor, bitnand, bitshl, bitshr, bitushr, bitnot: expr-lang's int bit
// functions (64-bit, as Go's int).

import { ValueError } from '../errors.ts';
import { typeName, wrapInt } from '../values.ts';
import type { Builtin } from './types.ts';

/** Only ints: a float, even 2.0, is refused as Go's toInt refuses it. */
function intArg(name: string, value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  throw new ValueError(
    `cannot use ${typeName(value) === 'float' ? 'float64' : typeName(value)} as argument (type int) to call ${name}`,
  );
}

function shiftCount(y: bigint): bigint {
  if (y < 0n) throw new ValueError(`invalid operation: negative shift count ${y} (type int)`);
  return y > 64n ? 64n : y;
}

function bit(name: string, fn: (x: bigint, y: bigint) => bigint): Builtin {
  return {
    name,
    minArgs: 2,
    maxArgs: 2,
    call: ([a, b]) => wrapInt(fn(intArg(name, a), intArg(name, b))),
  };
}

export const bitBuiltins: Builtin[] = [
  bit('bitand', (x, y) => x & y),
  bit('bitor', (x, y) => x | y),
  bit('bitxor', (x, y) => x ^ y),
  bit('bitnand', (x, y) => x & ~y),
  bit('bitshl', (x, y) => x << shiftCount(y)),
  bit('bitshr', (x, y) => x >> shiftCount(y)),
  bit('bitushr', (x, y) => BigInt.asUintN(64, x) >> shiftCount(y)),
  { name: 'bitnot', minArgs: 1, maxArgs: 1, call: ([a]) => ~intArg('bitnot', a) },
];
