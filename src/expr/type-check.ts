// expr-lang's type checker (checker/checker.go of v1.17.7), for the types of the environment
// known at compile time: Argo compiles each condition with `expr.Env(env)`, so `result` has the
// Go type of the measurement (`float64`, `string`, `[]interface {}`, ...). What the checker
// refuses is a compile error there even when running it would give an answer
// (`result == "high"` on a number), so sluice refuses it too.

import type { BinaryNode, CallNode, MemberNode, Node } from './ast.ts';
import { builtinResultType, envFunctions } from './builtins/signatures.ts';
import { ExprError } from './errors.ts';
import { methodsOf } from './method-types.ts';
import {
  anyArray,
  anyMap,
  arrayOf,
  assignable,
  boolType,
  comparable,
  durationType,
  floatType,
  intType,
  isNumber,
  isUnknown,
  maybe,
  nilType,
  promote,
  stringType,
  timeType,
  type Type,
  typeString,
  unknown,
} from './types.ts';

class TypeError_ extends Error {
  readonly at: number;
  constructor(message: string, at: number) {
    super(message);
    this.at = at;
  }
}

interface Scope {
  /** Type of `#`; undefined outside predicates. */
  element?: Type;
  pointers: ReadonlyMap<string, Type>;
  lets: ReadonlyMap<string, Type>;
  /** Collects the int-only `==` / `!=` nodes (TypeCheckResult.intEquals). */
  intEquals: Set<number>;
  /** Collects TypeCheckResult.floatArgs. */
  floatArgs: Set<number>;
  /** Collects TypeCheckResult.typedCalls. */
  typedCalls: Set<number>;
  /** Collects TypeCheckResult.reflectedIntArgs. */
  reflectedIntArgs: Map<number, string>;
}

const fail = (message: string, at: number): never => {
  throw new TypeError_(message, at);
};

const isBool = (t: Type): boolean => t.kind === 'bool';
const isString = (t: Type): boolean => t.kind === 'string';
const isArray = (t: Type): boolean => t.kind === 'array';
const isInteger = (t: Type): boolean => t.kind === 'int';

export interface TypeCheckResult {
  type: Type;
  /**
   * The offsets of the `==` and `!=` nodes both of whose sides are statically Go ints: expr-lang compiles them to
   * an int-only comparison, which fails when a side is a float after all (`mean(1, 2) == 1`).
   */
  intEquals: ReadonlySet<number>;
  /**
   * The offsets of the isNaN / isInf calls whose argument is statically an int: expr-lang turns the integer
   * literals in it into floats (func(float64) parameters); any other int argument fails at run time.
   */
  floatArgs: ReadonlySet<number>;
  /**
   * The offsets of the method calls expr-lang compiles as typed function calls (the receiver's type
   * is known and the method's signature is one of its typed functions): a nil argument fails there.
   */
  typedCalls: ReadonlySet<number>;
  /**
   * The offsets of method arguments of an integer type other than the parameter's (an int64 from
   * Unix() for AddDate's int): the checker lets them through, and reflect's Call refuses them when
   * the call runs. Each is the argument's Go type.
   */
  reflectedIntArgs: ReadonlyMap<number, string>;
}

/** Throws the ExprError expr-lang reports when `root` does not type-check with `env` of these types. */
export function typeCheck(source: string, root: Node, env: ReadonlyMap<string, Type>): TypeCheckResult {
  const intEquals = new Set<number>();
  const floatArgs = new Set<number>();
  const typedCalls = new Set<number>();
  const reflectedIntArgs = new Map<number, string>();
  try {
    const type = visit(
      root,
      { pointers: new Map(), lets: new Map(), intEquals, floatArgs, typedCalls, reflectedIntArgs },
      env,
    );
    return { type, intEquals, floatArgs, typedCalls, reflectedIntArgs };
  } catch (error) {
    if (error instanceof TypeError_) throw new ExprError('check', error.message, source, error.at);
    throw error;
  }
}

function visit(node: Node, scope: Scope, env: ReadonlyMap<string, Type>): Type {
  const go = (child: Node, inner: Scope = scope): Type => visit(child, inner, env);
  switch (node.type) {
    case 'nil':
      return nilType;
    case 'bool':
      return boolType;
    case 'int':
      return intType;
    case 'float':
      return floatType;
    case 'string':
      return stringType;
    case 'identifier': {
      const own = scope.lets.get(node.name);
      if (own) return own;
      if (node.name === '$env') return unknown;
      return env.get(node.name) ?? (envFunctions.has(node.name) ? unknown : fail(`unknown name ${node.name}`, node.at));
    }
    case 'pointer': {
      if (node.name === '') {
        const element = scope.element ?? fail('cannot use pointer accessor outside predicate', node.at);
        if (isUnknown(element)) return unknown;
        return element.kind === 'array' ? element.elem : fail(`cannot use ${typeString(element)} as array`, node.at);
      }
      return scope.pointers.get(node.name) ?? fail(`unknown pointer #${node.name}`, node.at);
    }
    case 'unary': {
      const operand = go(node.operand);
      if (node.operator === '!' || node.operator === 'not') {
        if (isBool(operand) || isUnknown(operand)) return boolType;
      } else {
        if (isNumber(operand)) return operand;
        if (isUnknown(operand)) return unknown;
      }
      return fail(`invalid operation: ${node.operator} (mismatched type ${typeString(operand)})`, node.at);
    }
    case 'binary':
      return binary(node, go(node.left), go(node.right), scope.intEquals);
    case 'conditional': {
      const test = go(node.test);
      if (!isBool(test) && !isUnknown(test))
        fail(`non-bool expression (type ${typeString(test)}) used as condition`, node.test.at);
      const a = go(node.consequent);
      const b = go(node.alternate);
      if (a.kind === 'nil' && b.kind !== 'nil') return b;
      if (a.kind !== 'nil' && b.kind === 'nil') return a;
      if (a.kind === 'nil') return nilType;
      if (assignable(a, b)) {
        if (a.kind === 'array' && b.kind === 'array' && !(assignable(a.elem, b.elem) && assignable(b.elem, a.elem)))
          return anyArray;
        return a;
      }
      return unknown;
    }
    case 'member':
      return member(node, go(node.object), go(node.property));
    case 'slice': {
      const object = go(node.object);
      if (isUnknown(object)) return unknown;
      if (!isString(object) && !isArray(object)) fail(`cannot slice ${typeString(object)}`, node.at);
      for (const bound of [node.from, node.to]) {
        if (!bound) continue;
        const index = go(bound);
        if (!isInteger(index) && !isUnknown(index)) fail(`non-integer slice index ${typeString(index)}`, bound.at);
      }
      return object;
    }
    case 'chain':
      return go(node.expression);
    case 'call':
      return call(node, scope, env);
    case 'method': {
      const receiver = go(node.object);
      // Methods of a value whose type is not known are found by reflection at run time, and
      // expr-lang's checker does not look into their arguments (`time.Now().Add(1 + "a")` fails
      // only when it runs).
      const known = methodsOf(receiver);
      if (!known) return unknown;
      const args = node.args.map((arg) => go(arg));
      const method = Object.hasOwn(known.methods, node.name) ? known.methods[node.name] : undefined;
      if (!method) return fail(`type ${known.typeName} has no method ${node.name}`, node.at);
      if (method.results > 2) fail(`func ${node.name} returns more then two values`, node.at);
      if (args.length > method.params.length) fail(`too many arguments to call ${node.name}`, node.at);
      if (args.length < method.params.length) fail(`not enough arguments to call ${node.name}`, node.at);
      if (method.typed) scope.typedCalls.add(node.at);
      method.params.forEach((param, i) => {
        const arg = args[i] as Type;
        if (isUnknown(param) || isUnknown(arg)) return;
        // An integer of another kind passes the checker (which retypes the literals in it); a
        // value that is still of the other type is refused by reflect when the call runs.
        if (param.kind === 'int' && arg.kind === 'int') {
          if (arg.name !== param.name) scope.reflectedIntArgs.set((node.args[i] as Node).at, arg.name);
          return;
        }
        // nil is a pointer's zero value only (a *time.Location); for the others it is refused.
        if (arg.kind === 'nil' ? param.kind !== 'named' : !assignable(arg, param))
          fail(
            `cannot use ${arg.kind === 'nil' ? 'nil' : typeString(arg)} as argument (type ${typeString(param)}) to call ${node.name}`,
            (node.args[i] as Node).at,
          );
      });
      return method.result;
    }
    case 'predicate':
      return go(node.body);
    case 'array': {
      const types = node.elements.map((element) => go(element));
      const same = types.every((t) => t.kind === types[0]?.kind);
      return same ? arrayOf(types[types.length - 1] ?? unknown) : anyArray;
    }
    case 'map':
      for (const entry of node.entries) {
        go(entry.key);
        go(entry.value);
      }
      return anyMap;
    case 'let': {
      if (env.has(node.name)) fail(`cannot redeclare ${node.name}`, node.at);
      if (envFunctions.has(node.name)) fail(`cannot redeclare function ${node.name}`, node.at);
      if (scope.lets.has(node.name)) fail(`cannot redeclare variable ${node.name}`, node.at);
      const value = go(node.value);
      return go(node.body, { ...scope, lets: new Map([...scope.lets, [node.name, value]]) });
    }
  }
}

function binary(node: BinaryNode, l: Type, r: Type, intEquals: Set<number>): Type {
  const numbers = (t: Type): boolean => isNumber(t);
  switch (node.operator) {
    case '==':
    case '!=':
      if (l.kind === 'int' && l.name === 'int' && r.kind === 'int' && r.name === 'int') intEquals.add(node.at);
      if (comparable(l, r)) return boolType;
      break;
    case '&&':
    case '||':
      if ((isBool(l) && isBool(r)) || maybe(l, r, isBool)) return boolType;
      break;
    case '<':
    case '>':
    case '<=':
    case '>=':
      if (
        (isNumber(l) && isNumber(r)) ||
        (isString(l) && isString(r)) ||
        (l.kind === 'time' && r.kind === 'time') ||
        (l.kind === 'duration' && r.kind === 'duration')
      )
        return boolType;
      if (maybe(l, r, (t) => isNumber(t) || isString(t) || t.kind === 'time' || t.kind === 'duration')) return boolType;
      break;
    case '-':
      if (isNumber(l) && isNumber(r)) return promote(l, r);
      if (l.kind === 'time' && r.kind === 'time') return durationType;
      if (l.kind === 'time' && r.kind === 'duration') return timeType;
      if (l.kind === 'duration' && r.kind === 'duration') return durationType;
      if (maybe(l, r, (t) => isNumber(t) || t.kind === 'time' || t.kind === 'duration')) return unknown;
      break;
    case '*':
      if (isNumber(l) && isNumber(r)) return promote(l, r);
      if ((isNumber(l) || l.kind === 'duration') && (isNumber(r) || r.kind === 'duration')) return durationType;
      if (maybe(l, r, (t) => isNumber(t) || t.kind === 'duration')) return unknown;
      break;
    case '/':
    case '**':
      if ((isNumber(l) && isNumber(r)) || maybe(l, r, numbers)) return floatType;
      break;
    case '%':
      if ((isInteger(l) && isInteger(r)) || maybe(l, r, isInteger)) return intType;
      break;
    case '+':
      if (isNumber(l) && isNumber(r)) return promote(l, r);
      if (isString(l) && isString(r)) return stringType;
      if ((l.kind === 'time' && r.kind === 'duration') || (l.kind === 'duration' && r.kind === 'time')) return timeType;
      if (l.kind === 'duration' && r.kind === 'duration') return durationType;
      if (maybe(l, r, (t) => isNumber(t) || isString(t) || t.kind === 'time' || t.kind === 'duration')) return unknown;
      break;
    case 'in':
      // time.Time is a Go struct: `in` asks for one of its (unexported) fields, so it is allowed.
      if ((isString(l) || isUnknown(l)) && r.kind === 'time') return boolType;
      if (r.kind === 'map') {
        if (!isUnknown(l) && !assignable(l, stringType))
          fail(`cannot use ${typeString(l)} as type string in map key`, node.at);
        return boolType;
      }
      if (r.kind === 'array') {
        if (!comparable(l, r.elem)) fail(`cannot use ${typeString(l)} as type ${typeString(r.elem)} in array`, node.at);
        return boolType;
      }
      if (isUnknown(l) && (isString(r) || isArray(r))) return boolType;
      if (isUnknown(r)) return boolType;
      break;
    case 'matches':
    case 'contains':
    case 'startsWith':
    case 'endsWith':
      if ((isString(l) && isString(r)) || maybe(l, r, isString)) return boolType;
      break;
    case '..':
      if ((isInteger(l) && isInteger(r)) || maybe(l, r, isInteger)) return arrayOf(intType);
      break;
    case '??':
      if (l.kind === 'nil' && r.kind !== 'nil') return r;
      if (l.kind !== 'nil' && r.kind === 'nil') return l;
      if (l.kind === 'nil') return nilType;
      return assignable(r, l) ? l : unknown;
    default:
      break;
  }
  return fail(`invalid operation: ${node.operator} (mismatched types ${typeString(l)} and ${typeString(r)})`, node.at);
}

function member(node: MemberNode, base: Type, property: Type): Type {
  if (isUnknown(base)) return unknown;
  const name = node.property.type === 'string' ? node.property.value : undefined;
  if (name !== undefined && base.kind === 'nil') fail(`type nil has no field ${name}`, node.at);
  if (base.kind === 'map') {
    if (!assignable(property, stringType) && !isUnknown(property))
      fail(`cannot use ${typeString(property)} to get an element from ${typeString(base)}`, node.property.at);
    return base.elem;
  }
  if (base.kind === 'array') {
    if (!isInteger(property) && !isUnknown(property))
      fail(`array elements can only be selected using an integer (got ${typeString(property)})`, node.property.at);
    return base.elem;
  }
  if (name !== undefined) return fail(`type ${typeString(base)} has no field ${name}`, node.at);
  return fail(`type ${typeString(base)}[${typeString(property)}] is undefined`, node.at);
}

function call(node: CallNode, scope: Scope, env: ReadonlyMap<string, Type>): Type {
  const go = (child: Node, inner: Scope = scope): Type => visit(child, inner, env);
  const [first, second, third] = node.args;
  if (second?.type === 'predicate' && first) {
    const collection = go(first);
    if (!isArray(collection) && !isUnknown(collection))
      fail(`builtin ${node.name} takes only array (got ${typeString(collection)})`, first.at);
    const pointers = new Map<string, Type>();
    if (node.name === 'map' || node.name === 'reduce') pointers.set('index', intType);
    if (node.name === 'reduce') pointers.set('acc', unknown);
    const out = go(second, { ...scope, element: collection, pointers });
    if (third) go(third);
    if (out.kind === 'nil')
      fail(`predicate should has ${node.name === 'reduce' ? 'two' : 'one'} input and one output param`, second.at);
    const wantsBool = [
      'all',
      'none',
      'any',
      'one',
      'filter',
      'count',
      'find',
      'findLast',
      'findIndex',
      'findLastIndex',
    ].includes(node.name);
    if (wantsBool && !isBool(out) && !isUnknown(out))
      fail(`predicate should return boolean (got ${typeString(out)})`, second.at);
    const elem = collection.kind === 'array' ? collection.elem : unknown;
    switch (node.name) {
      case 'filter':
        return isUnknown(collection) ? anyArray : arrayOf(elem);
      case 'map':
        return arrayOf(out);
      case 'count':
      case 'findIndex':
      case 'findLastIndex':
        return intType;
      case 'find':
      case 'findLast':
        return isUnknown(collection) ? unknown : elem;
      case 'sum':
      case 'reduce':
        return out;
      default:
        return boolType;
    }
  }
  if (node.name === 'get' && first && second) {
    const base = go(first);
    const property = go(second);
    if (isUnknown(base)) return unknown;
    if (base.kind === 'array') {
      if (!isInteger(property) && !isUnknown(property))
        fail(`non-integer slice index ${typeString(property)}`, second.at);
      return base.elem;
    }
    if (base.kind === 'map') {
      if (!assignable(property, stringType) && !isUnknown(property))
        fail(`cannot use ${typeString(property)} to get an element from ${typeString(base)}`, second.at);
      return base.elem;
    }
    return fail(`type ${typeString(base)} does not support indexing`, first.at);
  }
  const args = node.args.map((arg) => go(arg));
  if ((node.name === 'isNaN' || node.name === 'isInf') && args[0]?.kind === 'int' && hasIntegerLiteral(first as Node))
    scope.floatArgs.add(node.at);
  const outcome = builtinResultType(node.name, args);
  if (typeof outcome === 'string') return fail(outcome, node.at);
  return outcome;
}

/** An integer literal reached through unary operators and + - *: the ones expr-lang makes floats. */
function hasIntegerLiteral(node: Node): boolean {
  if (node.type === 'int') return true;
  if (node.type === 'unary') return hasIntegerLiteral(node.operand);
  if (node.type === 'binary' && ['+', '-', '*'].includes(node.operator))
    return hasIntegerLiteral(node.left) || hasIntegerLiteral(node.right);
  return false;
}
