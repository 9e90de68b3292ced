// What expr-lang's checker knows of each function: the result type for argument types, or the
// compile error for arguments it refuses (builtin/builtin.go and Argo's env functions).

import {
  anyArray,
  anyMap,
  anyType,
  boolType,
  durationType,
  floatType,
  int64Type,
  intType,
  isNumber,
  isUnknown,
  stringArray,
  stringType,
  timeType,
  type Type,
  typeString,
  unknown,
} from '../types.ts';

/** Argo Rollouts' functions in the env of a condition, with their Go signatures. */
export const envFunctions: ReadonlyMap<string, { params: Type[]; result: Type }> = new Map([
  ['asInt', { params: [anyType], result: int64Type }],
  ['asFloat', { params: [anyType], result: floatType }],
  ['isNaN', { params: [floatType], result: boolType }],
  ['isInf', { params: [floatType], result: boolType }],
  ['isNil', { params: [anyType], result: boolType }],
  ['default', { params: [anyType, anyType], result: anyType }],
]);

/** Go's argument check of a typed function: ints pass for floats, nil for interfaces. */
function checkParams(
  name: string,
  params: readonly Type[],
  args: readonly Type[],
  variadic = false,
): string | undefined {
  if (!variadic && args.length > params.length) return `too many arguments to call ${name}`;
  if (args.length < params.length - (variadic ? 1 : 0)) return `not enough arguments to call ${name}`;
  for (let i = 0; i < args.length; i++) {
    const param = params[Math.min(i, params.length - 1)] as Type;
    const arg = args[i] as Type;
    if (isUnknown(arg) || isUnknown(param)) continue;
    if (arg.kind === 'int' && (param.kind === 'float' || param.kind === 'int')) continue;
    if (arg.kind === 'nil') return `cannot use nil as argument (type ${typeString(param)}) to call ${name}`;
    if (arg.kind !== param.kind || typeString(arg) !== typeString(param)) {
      return `cannot use ${typeString(arg)} as argument (type ${typeString(param)}) to call ${name} `;
    }
  }
  return undefined;
}

/** Typed overloads: the first whose parameters accept the arguments gives the result. */
function overloads(name: string, args: readonly Type[], ...signatures: Array<[Type[], Type]>): Type | string {
  let last = `no matching overload for ${name}`;
  for (const [params, result] of signatures) {
    const problem = checkParams(name, params, args);
    if (problem === undefined) return result;
    last = problem;
  }
  return last;
}

const s = stringType;
const i = intType;

function aggregate(name: string, args: readonly Type[]): Type | string {
  if (args.length === 0) return `not enough arguments to call ${name}`;
  for (const arg of args) {
    if (isUnknown(arg) || arg.kind === 'array') return anyType;
    if (!isNumberKind(arg)) return `invalid argument for ${name} (type ${typeString(arg)})`;
  }
  return args[0] as Type;
}

function oneArg(args: readonly Type[]): string | undefined {
  return args.length === 1 ? undefined : `invalid number of arguments (expected 1, got ${args.length})`;
}

/** The result type of calling builtin `name` with arguments of these types, or the compile error. */
export function builtinResultType(name: string, args: readonly Type[]): Type | string {
  const env = envFunctions.get(name);
  if (env) return checkParams(name, env.params, args) ?? env.result;
  const [a, b] = args;
  const kindOf = (t: Type | undefined): string => (t === undefined ? 'none' : t.kind);
  switch (name) {
    case 'len':
      return (
        oneArg(args) ??
        (['array', 'map', 'string', 'unknown', 'any'].includes(kindOf(a))
          ? intType
          : `invalid argument for len (type ${typeString(a as Type)})`)
      );
    case 'type':
    case 'string':
    case 'toJSON':
      return checkParams(name, [anyType], args) ?? stringType;
    case 'fromJSON':
      return checkParams(name, [s], args) ?? anyType;
    case 'toBase64':
    case 'fromBase64':
    case 'upper':
    case 'lower':
      return checkParams(name, [s], args) ?? stringType;
    case 'abs':
      return (
        oneArg(args) ??
        (isUnknown(a as Type)
          ? anyType
          : isNumberKind(a as Type)
            ? (a as Type)
            : `invalid argument for abs (type ${typeString(a as Type)})`)
      );
    case 'ceil':
    case 'floor':
    case 'round':
      return (
        oneArg(args) ??
        (isNumberKind(a as Type) || isUnknown(a as Type)
          ? floatType
          : `invalid argument for ${name} (type ${typeString(a as Type)})`)
      );
    case 'int':
    case 'float':
      return (
        oneArg(args) ??
        // A time.Month or time.Weekday passes the checker (int() reads it; float() fails when it runs).
        (isNumber(a as Type) || isUnknown(a as Type) || kindOf(a) === 'string' || isNamedInt(a as Type)
          ? name === 'int'
            ? intType
            : floatType
          : `invalid argument for ${name} (type ${typeString(a as Type)})`)
      );
    case 'trim':
    case 'trimPrefix':
    case 'trimSuffix':
      return overloads(name, args, [[s], s], [[s, s], s]);
    case 'split':
    case 'splitAfter':
      return overloads(name, args, [[s, s], stringArray], [[s, s, i], stringArray]);
    case 'replace':
      return overloads(name, args, [[s, s, s], s], [[s, s, s, i], s]);
    case 'repeat':
      return checkParams(name, [s, i], args) ?? stringType;
    case 'join':
      return overloads(name, args, [[anyArray], s], [[anyArray, s], s], [[stringArray], s], [[stringArray, s], s]);
    case 'indexOf':
    case 'lastIndexOf':
      return checkParams(name, [s, s], args) ?? intType;
    case 'hasPrefix':
    case 'hasSuffix':
      return checkParams(name, [s, s], args) ?? boolType;
    case 'max':
    case 'min':
    case 'mean':
    case 'median':
      return aggregate(name, args);
    case 'now':
      return args.length === 0 ? timeType : `invalid number of arguments (expected 0, got ${args.length})`;
    case 'duration':
      return checkParams(name, [s], args) ?? durationType;
    case 'date':
      if (args.length < 1) return `invalid number of arguments (expected at least 1, got ${args.length})`;
      if (args.length > 3) return `invalid number of arguments (expected at most 3, got ${args.length})`;
      return timeType;
    case 'first':
    case 'last':
      if (args.length !== 1) return `invalid number of arguments (expected 1, got ${args.length})`;
      if (isUnknown(a as Type)) return anyType;
      if (kindOf(a) === 'array')
        return (a as { name: string }).name === '[]interface {}' ? anyType : (a as { elem: Type }).elem;
      return `cannot get ${name} element from ${typeString(a as Type)}`;
    case 'take':
      if (args.length !== 2) return `invalid number of arguments (expected 2, got ${args.length})`;
      if (!isUnknown(a as Type) && kindOf(a) !== 'array') return `cannot take from ${typeString(a as Type)}`;
      if (!isUnknown(b as Type) && kindOf(b) !== 'int') return `cannot take ${typeString(b as Type)} elements`;
      return isUnknown(a as Type) ? anyType : (a as Type);
    case 'keys':
    case 'values':
    case 'toPairs':
      if (args.length !== 1) return `invalid number of arguments (expected 1, got ${args.length})`;
      return isUnknown(a as Type) || kindOf(a) === 'map'
        ? anyArray
        : `cannot get ${name} from ${typeString(a as Type)}`;
    case 'fromPairs':
      return (
        oneArg(args) ??
        (isUnknown(a as Type) || kindOf(a) === 'array'
          ? anyMap
          : `cannot transform ${typeString(a as Type)} from pairs`)
      );
    case 'reverse':
    case 'uniq':
    case 'flatten':
    case 'sort':
      if (args.length < 1) return `invalid number of arguments (expected 1, got 0)`;
      return isUnknown(a as Type) || kindOf(a) === 'array' ? anyArray : `cannot ${name} ${typeString(a as Type)}`;
    case 'concat':
      if (args.length === 0) return 'invalid number of arguments (expected at least 1, got 0)';
      for (const arg of args) if (!isUnknown(arg) && arg.kind !== 'array') return `cannot concat ${typeString(arg)}`;
      return anyArray;
    case 'count':
    case 'sum':
      if (isUnknown(a as Type)) return name === 'count' ? intType : unknown;
      if (kindOf(a) !== 'array') return `builtin ${name} takes only array (got ${typeString(a as Type)})`;
      return name === 'count' ? intType : (a as { elem: Type }).elem;
    case 'bitand':
    case 'bitor':
    case 'bitxor':
    case 'bitnand':
    case 'bitshl':
    case 'bitshr':
    case 'bitushr':
      return checkParams(name, [i, i], args) ?? intType;
    case 'bitnot':
      return checkParams(name, [i], args) ?? intType;
    default:
      return unknown;
  }
}

/**
 * A type of a Go number kind, as expr-lang's abs, ceil, floor, round, max, min, mean and median
 * check their arguments (by reflect.Kind, builtin/validation.go): the numbers, and the named ints
 * time.Month, time.Weekday and time.Duration. Which of these they then take is decided when they
 * run (math.ts).
 */
function isNumberKind(t: Type): boolean {
  return isNumber(t) || isNamedInt(t) || t.kind === 'duration';
}

/** Go's named int types a method gives (time.Month, time.Weekday). */
function isNamedInt(t: Type): boolean {
  return t.kind === 'named' && (t.name === 'time.Month' || t.name === 'time.Weekday');
}
