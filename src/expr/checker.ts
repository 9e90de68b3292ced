// Compile-time checks: unknown functions, argument counts, predicates in the right
// places, unknown names (when the caller declares its names), and constant regexes.

import type { Node } from './ast.ts';
import { childrenOf } from './ast.ts';
import { builtinNamed } from './builtins/index.ts';
import { ExprError } from './errors.ts';
import { compileRegex, type CompiledRegex } from './regex/machine.ts';
import { RegexSyntaxError } from './regex/syntax.ts';

export interface CheckOptions {
  /** When given, identifiers outside this set are compile errors (`unknown name`). */
  names?: ReadonlySet<string>;
}

export function compilePattern(source: string, pattern: string, at: number): CompiledRegex {
  try {
    return compileRegex(pattern);
  } catch (error) {
    if (error instanceof RegexSyntaxError)
      throw new ExprError('check', `error parsing regexp: ${error.message}: \`${pattern}\``, source, at);
    throw error;
  }
}

/** Checks the tree and returns the regexes of `matches` with a literal pattern, compiled. */
export function check(source: string, root: Node, options: CheckOptions): Map<Node, CompiledRegex> {
  const regexes = new Map<Node, CompiledRegex>();
  const fail = (message: string, at: number): never => {
    throw new ExprError('check', message, source, at);
  };
  const visit = (node: Node, bound: ReadonlySet<string>): void => {
    switch (node.type) {
      case 'identifier':
        if (options.names && !bound.has(node.name) && node.name !== '$env' && !options.names.has(node.name)) {
          fail(`unknown name ${node.name}`, node.at);
        }
        return;
      case 'let': {
        visit(node.value, bound);
        visit(node.body, new Set([...bound, node.name]));
        return;
      }
      case 'call': {
        const builtin = builtinNamed(node.name);
        if (!builtin) return fail(`unknown func ${node.name}`, node.at);
        const count = node.args.length;
        if (count < builtin.minArgs)
          fail(`not enough arguments to call ${node.name} (expected ${builtin.minArgs}, got ${count})`, node.at);
        if (count > builtin.maxArgs)
          fail(`too many arguments to call ${node.name} (expected at most ${builtin.maxArgs}, got ${count})`, node.at);
        node.args.forEach((arg, i) => {
          const wantsPredicate = builtin.predicates?.includes(i) ?? false;
          if (wantsPredicate !== (arg.type === 'predicate')) {
            fail(
              wantsPredicate
                ? `argument ${i + 1} of ${node.name} must be a predicate`
                : `unexpected predicate in ${node.name}`,
              arg.at,
            );
          }
        });
        break;
      }
      case 'binary':
        if (node.operator === 'matches' && node.right.type === 'string') {
          regexes.set(node, compilePattern(source, node.right.value, node.right.at));
        }
        break;
      default:
        break;
    }
    for (const child of childrenOf(node)) visit(child, bound);
  };
  visit(root, new Set());
  return regexes;
}
