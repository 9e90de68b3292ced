// Every built-in function by name.

import { argoBuiltins } from './argo.ts';
import { bitBuiltins } from './bits.ts';
import { collectionBuiltins } from './collections.ts';
import { conversionBuiltins } from './conversion.ts';
import { listBuiltins } from './lists.ts';
import { mathBuiltins } from './math.ts';
import { predicateBuiltins } from './predicates.ts';
import { stringBuiltins } from './strings.ts';
import { timeBuiltins } from './time.ts';
import { defineAll, type Builtin } from './types.ts';

export type { Builtin, CallContext, Predicate } from './types.ts';

const builtins = defineAll([
  ...predicateBuiltins,
  ...collectionBuiltins,
  ...mathBuiltins,
  ...conversionBuiltins,
  ...stringBuiltins,
  ...argoBuiltins,
  ...listBuiltins,
  ...timeBuiltins,
  ...bitBuiltins,
]);

export function builtinNamed(name: string): Builtin | undefined {
  return builtins.get(name);
}

export function builtinNames(): string[] {
  return [...builtins.keys()].sort();
}
