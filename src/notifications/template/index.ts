// Go text/template for notification templates: parse once (unknown functions, undefined
// variables and unbalanced actions are parse errors, as in Go), execute many times over
// JSON-shaped data. Errors are TemplateError with Go's wording.
import { TemplateError } from './errors.ts';
import { execute } from './exec.ts';
import { templateFunctions } from './functions.ts';
import { parseTemplate } from './parser.ts';
import type { TemplateNode } from './parser.ts';

export { TemplateError } from './errors.ts';
export { GoFunc, GoTime } from './values.ts';

export interface CompiledTemplate {
  readonly name: string;
  /** Runs the template; `now` (milliseconds since the epoch) is the time `now` gives. Throws TemplateError. */
  execute(data: unknown, options: { now: number }): string;
}

const functionNames: ReadonlySet<string> = new Set(templateFunctions.keys());

export function compileTemplate(name: string, source: string): CompiledTemplate {
  if (typeof source !== 'string') throw new TemplateError(`template: ${name}: the template must be a string`);
  const { trees } = parseTemplate(name, source, functionNames);
  const frozen: ReadonlyMap<string, TemplateNode[]> = trees;
  return {
    name,
    execute: (data, options) => execute(name, frozen, data, { now: options.now }),
  };
}
