// Every built-in function by name.

import { argoBuiltins } from './argo.ts';
import { collectionBuiltins } from './collections.ts';
import { conversionBuiltins } from './conversion.ts';
import { mathBuiltins } from './math.ts';
import { predicateBuiltins } from './predicates.ts';
import { stringBuiltins } from './strings.ts';
import { defineAll, type Builtin } from './types.ts';

export type { Builtin, CallContext, Predicate } from './types.ts';

const builtins = defineAll([
  ...predicateBuiltins,
  ...collectionBuiltins,
  ...mathBuiltins,
  ...conversionBuiltins,
  ...stringBuiltins,
  ...argoBuiltins,
]);

export function builtinNamed(name: string): Builtin | undefined {
  return builtins.get(name);
}

export function builtinNames(): string[] {
  return [...builtins.keys()].sort();
}
