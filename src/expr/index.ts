// The condition language of successCondition / failureCondition: expr-lang syntax and
// semantics, evaluated by a pure, bounded interpreter. Compile once, evaluate many times.

import { childrenOf, type Node } from './ast.ts';
import { Budget, defaultLimits, type Limits } from './budget.ts';
import { check } from './checker.ts';
import { ExprError } from './errors.ts';
import { evaluate, type Context } from './evaluator.ts';
import { foldConstants } from './fold.ts';
import { formatValue } from './format.ts';
import { parse } from './parser.ts';
import type { CompiledRegex } from './regex/machine.ts';
import { typeCheck, type TypeCheckResult } from './type-check.ts';
import { type Type, typeKey, typeOfValue, unknown } from './types.ts';
import { typeName } from './values.ts';
import type { Zone } from './zones.ts';

export { ExprError } from './errors.ts';
export type { ExprErrorPhase } from './errors.ts';
export { defaultLimits, type Limits } from './budget.ts';
export { builtinNames } from './builtins/index.ts';
export { formatValue } from './format.ts';
export { typeName } from './values.ts';

export interface CompileOptions {
  /** Variable names the expression may use; others are compile errors. Omit to allow any. */
  names?: readonly string[];
  /**
   * Allows method calls, `x.name(args)`: the Go methods of times and durations (src/expr/methods.ts)
   * and functions the environment holds in maps. Only environments that give such values allow them.
   */
  methods?: boolean;
  /**
   * As expr.Compile(source) with no env (the notifications engine's `when` and `oncePer`): every
   * name's type is unknown to the checker, which runs once here, not against the values' types
   * when evaluating; a name the values lack is nil.
   */
  untypedEnv?: boolean;
}

export interface EvaluateOptions {
  limits?: Partial<Limits>;
  /** The evaluation time now() gives, in milliseconds since the epoch; without it now() is an error. */
  now?: number;
  /** The process's local zone, for now(), time.Now() and Local(); UTC without it. */
  localZone?: Zone;
}

export interface CompiledExpression {
  readonly source: string;
  /** The syntax tree, for checks that depend on the environment's types. */
  readonly tree: Node;
  /**
   * Evaluates against `env`. Ints come back as bigint, floats as number, nil as null.
   * Throws ExprError (phase 'check' when expr-lang's type checker would refuse the expression
   * for these types of `env`, 'runtime' or 'limit') when evaluation fails.
   */
  evaluate(env?: Readonly<Record<string, unknown>>, options?: EvaluateOptions): unknown;
}

export function compile(source: string, options: CompileOptions = {}): CompiledExpression {
  if (typeof source !== 'string') throw new ExprError('syntax', 'expression must be a string', '', 0);
  const tree: Node = parse(source, { methods: options.methods === true });
  const checkOptions = options.names ? { names: new Set(options.names) } : {};
  const regexes = check(source, tree, checkOptions);
  // Type checks run on the tree as written (they depend on the environment's types); evaluation
  // runs on the folded tree, as expr-lang runs its optimized program.
  const folded = foldConstants(source, tree);
  const dynamicRegexes = new Map<string, CompiledRegex>();
  // Type checks by variable name (or '\0' for several variables), then by the types' key.
  const typeChecked = new Map<string, Map<string, TypeCheckResult>>();
  const untyped = options.untypedEnv === true;
  const untypedCheck = untyped ? typeCheck(source, tree, unknownNames(tree)) : undefined;
  const newCache = (name: string): Map<string, TypeCheckResult> => {
    const cache = new Map<string, TypeCheckResult>();
    if (typeChecked.size >= 64) typeChecked.clear();
    typeChecked.set(name, cache);
    return cache;
  };
  // As expr.Compile(expr.Env(env)): the types of the environment's values are known to the
  // type checker, which refuses what expr-lang refuses. Checked once per set of types.
  const typeCheckFor = (values: Readonly<Record<string, unknown>>): TypeCheckResult => {
    const names = Object.keys(values);
    // One variable (`result`) is the common case: its key is a constant string, cheap to look up.
    const key =
      names.length === 1
        ? typeKey(values[names[0] as string])
        : names.map((name) => `${name}:${typeKey(values[name])}`).join('\0');
    const cache =
      names.length === 1
        ? (typeChecked.get(names[0] as string) ?? newCache(names[0] as string))
        : (typeChecked.get('\0') ?? newCache('\0'));
    let checked = cache.get(key);
    if (!checked) {
      const types = new Map(names.map((name) => [name, typeOfValue(values[name])] as const));
      checked = typeCheck(source, tree, types);
      if (cache.size >= 64) cache.clear();
      cache.set(key, checked);
    }
    return checked;
  };
  return {
    source,
    tree,
    evaluate(env = {}, evaluateOptions = {}) {
      const checked = untypedCheck ?? typeCheckFor(env ?? {});
      const context: Context = {
        source,
        env: env ?? {},
        budget: new Budget({ ...defaultLimits, ...evaluateOptions.limits }),
        regexes,
        dynamicRegexes,
        lets: undefined,
        frame: undefined,
        now: evaluateOptions.now,
        localZone: evaluateOptions.localZone,
        intEquals: checked.intEquals,
        floatArgs: checked.floatArgs,
        typedCalls: checked.typedCalls,
        reflectedIntArgs: checked.reflectedIntArgs,
        missingIsNil: untyped,
      };
      return evaluate(folded, context);
    },
  };
}

/** Every name the tree reads, of unknown type. */
function unknownNames(tree: Node): Map<string, Type> {
  const names = new Map<string, Type>();
  const collect = (node: Node): void => {
    if (node.type === 'identifier') names.set(node.name, unknown);
    for (const child of childrenOf(node)) collect(child);
  };
  collect(tree);
  return names;
}

/** The variable Argo Rollouts binds for success and failure conditions. */
export const conditionNames: readonly string[] = ['result'];

const conditionCache = new Map<string, CompiledExpression>();

export function compileCondition(source: string): CompiledExpression {
  const cached = conditionCache.get(source);
  if (cached) return cached;
  const compiled = compile(source, { names: conditionNames });
  if (conditionCache.size >= 256) conditionCache.clear();
  conditionCache.set(source, compiled);
  return compiled;
}

/**
 * What a condition evaluates to with `result` bound, bool or not. Throws ExprError when it cannot.
 * Like Argo (which compiles each condition with the measurement in its env), the condition is
 * type-checked against the type of this `result` first.
 */
export function conditionValue(source: string, result: unknown, options: EvaluateOptions = {}): unknown {
  return compileCondition(source).evaluate({ result }, options);
}

/**
 * Evaluates a successCondition or failureCondition with `result` bound to the measurement.
 * A result that is not a bool is an error, as in Argo Rollouts.
 */
export function evaluateCondition(source: string, result: unknown, options: EvaluateOptions = {}): boolean {
  const value = conditionValue(source, result, options);
  if (typeof value !== 'boolean') {
    throw new ExprError('runtime', `expected bool, but got ${typeName(value)} (${formatValue(value)})`, source, 0);
  }
  return value;
}
