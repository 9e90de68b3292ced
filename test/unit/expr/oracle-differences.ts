// The deliberate differences between sluice's condition language and expr-lang as Argo runs
// it, each with its reason (docs/expressions.md lists them too). A disagreement the oracle test
// finds is forgiven only when one of these explains it.
import type { OracleCase } from './oracle-generator.ts';
import type { Outcome } from './oracle-run.ts';

export interface DeliberateDifference {
  name: string;
  reason: string;
  applies(c: OracleCase, argo: Outcome, sluice: Outcome): boolean;
}

export const deliberateDifferences: DeliberateDifference[] = [
  {
    name: 'one now() per evaluation',
    reason:
      'expr-lang reads the clock at each now(), so now() < now() is true there; sluice gives every now() of one evaluation the same instant (pure code takes the time as a parameter)',
    applies: (c) => (c.expression.match(/now\(\)/g) ?? []).length > 1,
  },
  {
    name: 'map order',
    reason:
      'Go iterates maps in random order, so keys(), values() and toPairs() come in a different order on every run; sluice keeps the order of the JSON',
    applies: (c) => /\b(keys|values|toPairs)\(/.test(c.expression),
  },
  {
    name: 'ranges are arrays',
    reason:
      'in expr-lang a range (1..3) is a Go []int, which join() refuses at run time; in sluice it is an array like any other',
    applies: (c, argo) => /\.\./.test(c.expression) && (argo.error ?? '').includes('[]int'),
  },
  {
    name: 'strings are text',
    reason:
      'a byte slice that cuts a character in two ("日本"[1:3]) is invalid UTF-8, which Go keeps and its regexp refuses as a pattern; sluice strings are Unicode text, so the cut bytes become U+FFFD',
    applies: (c, argo) =>
      (argo.error ?? '').includes('invalid UTF-8') ||
      (/\[[^\]]*:/.test(c.expression) && /[^\x00-\x7f]/.test(c.expression + JSON.stringify(c.result))),
  },
  {
    name: 'findLast inside a larger expression',
    reason:
      'expr-lang v1.17.7 miscompiles findLast() (and filter(...)[-1] and last(filter(...)), which its optimizer turns into findLast) as an operand or argument: a value before it on the stack becomes a bool; sluice evaluates what is written',
    applies: (c) =>
      /findLast\(|last\(filter\(|filter\(.*\)\[-1\]/.test(c.expression) && !/^(findLast|last)\(/.test(c.expression),
  },
  {
    name: 'int() of NaN, infinities and huge floats',
    reason:
      "Go's int64(float64) of NaN, ±Inf or a float beyond the int64 range is platform-defined (amd64 and arm64 differ); sluice reports an error instead of guessing",
    applies: (_c, _argo, sluice) => /cannot convert (NaN|[+-]Inf) to int|overflows int/.test(sluice.error ?? ''),
  },
  {
    name: 'predicates over a map',
    reason:
      "expr-lang's VM runs a predicate function (all, count, ...) over a map as many times as it has entries, failing only if the predicate reads `#`; sluice refuses a map there, as it has no elements to give",
    applies: (_c, argo, sluice) => argo.phase !== 'Error' && /cannot iterate over map/.test(sluice.error ?? ''),
  },
  {
    name: 'powers in the last digit',
    reason:
      "`**` and `^` use the JavaScript engine's pow, which can differ from Go's math.Pow in the last binary digit (1.4356082014098146 against ...48); the phase is the same, the value differs by an ulp",
    applies: (c, argo, sluice) =>
      /\*\*|\^/.test(c.expression) && argo.phase === sluice.phase && nearlySame(argo.value, sluice.value),
  },
];

/** Values equal but for floats (also inside strings) a few ulps apart. */
function nearlySame(a: unknown, b: unknown): boolean {
  const close = (x: number, y: number): boolean => Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(x), Math.abs(y));
  if (typeof a === 'string' && typeof b === 'string') {
    const [x, y] = [Number(a), Number(b)];
    return a === b || (Number.isFinite(x) && Number.isFinite(y) && close(x, y));
  }
  if (typeof a === 'number' && typeof b === 'number') return close(a, b);
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => nearlySame(item, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => nearlySame((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
    );
  }
  return a === b;
}

export function deliberateDifference(c: OracleCase, argo: Outcome, sluice: Outcome): DeliberateDifference | undefined {
  return deliberateDifferences.find((difference) => difference.applies(c, argo, sluice));
}
