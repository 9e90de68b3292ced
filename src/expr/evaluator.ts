// Walks the tree. Every node visit costs a step from the budget; helpers report
// problems as ValueError, which is turned here into an ExprError at the node's column.

import type { BinaryNode, CallNode, MemberNode, MethodNode, Node, PredicateNode } from './ast.ts';
import { builtinNamed, type Predicate } from './builtins/index.ts';
import type { Budget } from './budget.ts';
import { compilePattern } from './checker.ts';
import { ExprError, ValueError } from './errors.ts';
import { callMethod } from './methods.ts';
import * as op from './operators.ts';
import type { CompiledRegex } from './regex/machine.ts';
import { DurationValue, GoEnumValue, isMap, isNil, kindOf, LocationValue, TimeValue, typeName } from './values.ts';
import { utcZone, type Zone } from './zones.ts';

interface Frame {
  element: unknown;
  index: number;
  accumulator: unknown;
}

export interface Context {
  source: string;
  env: Readonly<Record<string, unknown>>;
  budget: Budget;
  regexes: Map<Node, CompiledRegex>;
  /** Regexes built at run time from non-literal patterns, kept per compiled expression. */
  dynamicRegexes: Map<string, CompiledRegex>;
  lets: ReadonlyMap<string, unknown> | undefined;
  frame: Frame | undefined;
  /** The evaluation time for now(), in milliseconds since the epoch. */
  now: number | undefined;
  /** The process's local zone (Local(), now()); UTC when undefined. */
  localZone: Zone | undefined;
  /** `==` / `!=` nodes expr-lang compiles as int-only comparisons (see type-check.ts). */
  intEquals: ReadonlySet<number>;
  /** isNaN / isInf calls whose integer literals expr-lang makes floats (see type-check.ts). */
  floatArgs: ReadonlySet<number>;
  /** Method calls expr-lang makes as typed function calls (see type-check.ts). */
  typedCalls: ReadonlySet<number>;
  /** Method arguments reflect refuses for their integer type (see type-check.ts). */
  reflectedIntArgs: ReadonlyMap<number, string>;
  /** Whether a name the environment lacks is nil (expr-lang compiled without an env) rather than an error. */
  missingIsNil?: boolean;
}

/** Thrown by `?.` on nil; the enclosing chain node turns it into nil. */
class ShortCircuit {}
const shortCircuit = new ShortCircuit();

export function evaluate(node: Node, context: Context): unknown {
  context.budget.step();
  try {
    return evaluateNode(node, context);
  } catch (error) {
    if (error instanceof ValueError) {
      throw new ExprError(error.isLimit ? 'limit' : 'runtime', error.message, context.source, node.at);
    }
    throw error;
  }
}

function evaluateNode(node: Node, context: Context): unknown {
  switch (node.type) {
    case 'nil':
      return null;
    case 'bool':
    case 'int':
    case 'float':
    case 'string':
      return node.value;
    case 'identifier':
      return lookup(node.name, context);
    case 'pointer':
      return pointer(node.name, context);
    case 'unary': {
      const value = evaluate(node.operand, context);
      if (node.operator === '!' || node.operator === 'not') return op.not(value);
      return node.operator === '-' ? op.negate(value) : op.plus(value);
    }
    case 'binary':
      return binary(node, context);
    case 'conditional': {
      const test = evaluate(node.test, context);
      if (typeof test !== 'boolean')
        throw new ValueError(`non-bool expression (type ${typeName(test)}) used as condition`);
      return evaluate(test ? node.consequent : node.alternate, context);
    }
    case 'member':
      return memberOf(node, context);
    case 'slice': {
      const object = evaluate(node.object, context);
      const from = node.from ? evaluate(node.from, context) : undefined;
      const to = node.to ? evaluate(node.to, context) : undefined;
      if (object === null || object === undefined) throw new ValueError('cannot slice nil');
      const result = op.slice(object, from, to);
      if (Array.isArray(result)) context.budget.step(result.length);
      return result;
    }
    case 'chain':
      try {
        return evaluate(node.expression, context);
      } catch (error) {
        if (error === shortCircuit) return null;
        throw error;
      }
    case 'call':
      return call(node, context);
    case 'method':
      return method(node, context);
    case 'predicate':
      throw new ValueError('a predicate can only be an argument of a function such as all() or filter()');
    case 'array': {
      context.budget.items(node.elements.length, 'array');
      return node.elements.map((element) => evaluate(element, context));
    }
    case 'map': {
      context.budget.items(node.entries.length, 'map');
      const out: Record<string, unknown> = {};
      for (const entry of node.entries) {
        const key = evaluate(entry.key, context);
        if (typeof key !== 'string') throw new ValueError(`map key must be a string, got ${typeName(key)}`);
        Object.defineProperty(out, key, {
          value: evaluate(entry.value, context),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    case 'let': {
      const value = evaluate(node.value, context);
      const lets = new Map(context.lets ?? []);
      lets.set(node.name, value);
      return evaluate(node.body, { ...context, lets });
    }
  }
}

function lookup(name: string, context: Context): unknown {
  if (context.lets?.has(name)) return context.lets.get(name);
  if (name === '$env') return context.env;
  if (!Object.hasOwn(context.env, name)) {
    if (context.missingIsNil) return null;
    throw new ValueError(`unknown name ${name}`);
  }
  return context.env[name] ?? null;
}

function pointer(name: string, context: Context): unknown {
  const frame = context.frame;
  if (!frame) throw new ValueError('cannot use pointer accessor outside predicate');
  if (name === '') return frame.element ?? null;
  if (name === 'index') return BigInt(frame.index);
  if (name === 'acc') return frame.accumulator ?? null;
  throw new ValueError(`unknown pointer #${name}`);
}

function memberOf(node: MemberNode, context: Context): unknown {
  const object = evaluate(node.object, context);
  if (isNil(object) && node.optional) throw shortCircuit;
  const key = evaluate(node.property, context);
  if (isNil(object)) throw new ValueError(`cannot fetch ${typeof key === 'string' ? key : String(key)} from nil`);
  return op.member(object, key) ?? null;
}

function binary(node: BinaryNode, context: Context): unknown {
  const { budget } = context;
  const left = evaluate(node.left, context);
  switch (node.operator) {
    case '&&':
    case '||': {
      if (typeof left !== 'boolean')
        throw new ValueError(`invalid operation: ${node.operator} (left operand is ${typeName(left)}, expected bool)`);
      if (left === (node.operator === '||')) return left;
      // As expr-lang's VM: the right operand is the answer as it is (the type checker has
      // already refused a right operand that cannot be a bool).
      return evaluate(node.right, context);
    }
    case '??':
      return isNil(left) ? evaluate(node.right, context) : left;
    default:
      break;
  }
  const right = evaluate(node.right, context);
  switch (node.operator) {
    case '+':
      return op.add(left, right, budget);
    case '-':
      return op.arithmetic('-', left, right);
    case '*':
      return op.arithmetic('*', left, right);
    case '/':
      return op.divide(left, right);
    case '%':
      return op.modulo(left, right);
    case '**':
      return op.power(left, right);
    case '==':
    case '!=': {
      if (context.intEquals.has(node.at)) {
        for (const side of [left, right]) {
          if (typeof side !== 'bigint')
            throw new ValueError(`interface conversion: interface {} is ${goTypeName(side)}, not int`);
        }
      }
      const same = op.equal(left, right, budget);
      return node.operator === '==' ? same : !same;
    }
    case '<':
    case '>':
    case '<=':
    case '>=':
      return op.compare(node.operator, left, right);
    case 'in':
      // expr-lang's optimizer turns a literal array of strings into a Go map[string]struct{}, whose
      // lookup panics on any other key than a string (or nil).
      if (isStringSet(node.right) && !isNil(left) && typeof left !== 'string') {
        throw new ValueError(
          `reflect.Value.MapIndex: value of type ${typeName(left)} is not assignable to type string`,
        );
      }
      return op.isIn(left, right, budget);
    case 'contains':
    case 'startsWith':
    case 'endsWith':
      return op.stringTest(node.operator, left, right);
    case '..':
      return op.range(left, right, budget);
    case 'matches':
      return matches(node, left, right, context);
    default:
      throw new ValueError(`unknown operator ${node.operator}`);
  }
}

function isConstant(node: Node): boolean {
  if (node.type === 'unary' && (node.operator === '-' || node.operator === '+'))
    return node.operand.type === 'int' || node.operand.type === 'float';
  return node.type === 'int' || node.type === 'float' || node.type === 'string' || node.type === 'bool';
}

function goTypeName(value: unknown): string {
  const kind = kindOf(value);
  return kind === 'float' ? 'float64' : kind === 'nil' ? 'nil' : kind;
}

function isStringSet(node: Node): boolean {
  return (
    node.type === 'array' && node.elements.length > 0 && node.elements.every((element) => element.type === 'string')
  );
}

function matches(node: BinaryNode, text: unknown, pattern: unknown, context: Context): boolean {
  if (isNil(text) || isNil(pattern)) return false; // as expr-lang's VM: a missing field matches nothing
  if (typeof text !== 'string' || typeof pattern !== 'string') {
    throw new ValueError(`invalid operation: matches (mismatched types ${typeName(text)} and ${typeName(pattern)})`);
  }
  let regex = context.regexes.get(node) ?? context.dynamicRegexes.get(pattern);
  if (!regex) {
    regex = compilePattern(context.source, pattern, node.right.at);
    if (context.dynamicRegexes.size > 64) context.dynamicRegexes.clear();
    context.dynamicRegexes.set(pattern, regex);
  }
  context.budget.step(regex.size);
  return regex.test(text, (steps) => context.budget.step(steps));
}

function call(node: CallNode, context: Context): unknown {
  const builtin = builtinNamed(node.name);
  if (!builtin) throw new ValueError(`unknown func ${node.name}`);
  const [only] = node.args;
  if (
    node.name === 'sum' &&
    node.args.length === 1 &&
    only?.type === 'array' &&
    only.elements.length >= 2 &&
    !only.elements.every(isConstant)
  ) {
    // expr-lang's optimizer turns sum([a, b, c]) into a + (b + c), unless it has already folded
    // an array of literals into a constant (then sum() adds each element to an int 0).
    const values = only.elements.map((element) => evaluate(element, context));
    return values.reduceRight((total, value) => op.add(value, total, context.budget));
  }
  const args = node.args.map((arg) => (arg.type === 'predicate' ? predicateOf(arg, context) : evaluate(arg, context)));
  if ((node.name === 'isNaN' || node.name === 'isInf') && typeof args[0] === 'bigint') {
    // Go's func(float64): expr-lang turns the integer literals of the argument (reached through
    // unary operators and + - *) into floats at compile time, which makes the sum a float; an
    // int reached otherwise fails the function's type assertion.
    if (!context.floatArgs.has(node.at)) throw new ValueError('interface conversion: interface {} is int, not float64');
    args[0] = Number(args[0]);
  }
  return builtin.call(args, {
    budget: context.budget,
    env: context.env,
    ...(context.now === undefined ? {} : { now: context.now }),
    ...(context.localZone === undefined ? {} : { localZone: context.localZone }),
  });
}

/**
 * `object.name(args)`: a Go method of a time or duration, or a function the environment holds in a
 * map (`time.Now()`); a function's own failure is the expression's error, as a Go panic is.
 */
function method(node: MethodNode, context: Context): unknown {
  const object = evaluate(node.object, context);
  if (isNil(object) && node.optional) throw shortCircuit;
  const args = node.args.map((arg) => evaluate(arg, context));
  if (
    object instanceof TimeValue ||
    object instanceof DurationValue ||
    object instanceof GoEnumValue ||
    object instanceof LocationValue
  ) {
    const typed = context.typedCalls.has(node.at);
    const intTypes = node.args.map(
      (arg) => context.reflectedIntArgs.get(arg.at) ?? (int64ByConstruction(arg) ? 'int64' : undefined),
    );
    return callMethod(object, node.name, args, context.localZone ?? utcZone, typed, intTypes);
  }
  if (isNil(object)) throw new ValueError(`cannot call ${node.name} of nil`);
  if (!isMap(object)) throw new ValueError(`cannot call ${node.name} of ${typeName(object)}`);
  const fn = op.member(object, node.name);
  if (isNil(fn)) throw new ValueError('invalid operation: cannot call nil');
  if (typeof fn !== 'function') throw new ValueError(`invalid operation: cannot call ${typeName(fn)}`);
  // A Go func has a fixed number of parameters: the environment's functions declare theirs.
  if (args.length !== fn.length)
    throw new ValueError(`reflect: Call with too ${args.length < fn.length ? 'few' : 'many'} input arguments`);
  try {
    return (fn as (...values: unknown[]) => unknown)(...args) ?? null;
  } catch (error) {
    if (error instanceof ValueError || !(error instanceof Error)) throw error;
    throw new ValueError(error.message);
  }
}

/** Go's methods that return an int64 (a time's Unix seconds, a duration's milliseconds, ...). */
const int64Methods = new Set([
  'Unix',
  'UnixMilli',
  'UnixMicro',
  'UnixNano',
  'Milliseconds',
  'Microseconds',
  'Nanoseconds',
]);

/**
 * Whether an argument is an int64 whatever the checker knew of it: such a method's result, or its
 * negation (expr-lang's arithmetic with another int gives an int).
 */
function int64ByConstruction(node: Node): boolean {
  if (node.type === 'chain') return int64ByConstruction(node.expression);
  if (node.type === 'unary' && (node.operator === '-' || node.operator === '+'))
    return int64ByConstruction(node.operand);
  return node.type === 'method' && int64Methods.has(node.name);
}

function predicateOf(node: PredicateNode, context: Context): Predicate {
  return (element, index, accumulator) => evaluate(node.body, { ...context, frame: { element, index, accumulator } });
}
