// Runs a parsed template over its data as Go's text/template executes it: dot, variables, field
// chains over maps, pipelines (the previous command's value is the last argument), if / with /
// range (over slices, maps in key order and ints, with break / continue), template calls, and the
// "missing key gives no value" default.
import { ExecError, TemplateError } from './errors.ts';
import { type CallContext, type Param, type TemplateFunction, templateFunctions } from './functions.ts';
import type { Command, Operand, Pipeline, TemplateNode } from './parser.ts';
import { civilOf } from '../../expr/zones.ts';
import {
  compareStrings,
  formatTime,
  GoTime,
  goTypeName,
  Int64,
  intOf,
  isTrue,
  kindOf,
  NO_VALUE,
  printValue,
} from './values.ts';

const MISSING = Symbol('no final argument');
const maxDepth = 100_000;
const maxOutput = 1 << 20;

class Break {}
class Continue {}

interface State {
  name: string;
  trees: ReadonlyMap<string, TemplateNode[]>;
  vars: Array<[string, unknown]>;
  out: string[];
  size: number;
  context: CallContext;
  depth: number;
  steps: number;
}

export function execute(
  name: string,
  trees: ReadonlyMap<string, TemplateNode[]>,
  data: unknown,
  context: CallContext,
): string {
  const list = trees.get(name);
  if (!list) throw new TemplateError(`template: no template "${name}" associated with template "${name}"`);
  const state: State = { name, trees, vars: [['$', data]], out: [], size: 0, context, depth: 0, steps: 0 };
  try {
    walkList(state, data, list);
  } catch (error) {
    if (error instanceof ExecError) throw new TemplateError(`template: ${name}: executing "${name}": ${error.message}`);
    throw error;
  }
  return state.out.join('');
}

function write(state: State, text: string): void {
  state.size += text.length;
  if (state.size > maxOutput) throw new ExecError('output exceeds 1 MiB');
  state.out.push(text);
}

function walkList(state: State, dot: unknown, list: TemplateNode[]): void {
  for (const node of list) walk(state, dot, node);
}

function walk(state: State, dot: unknown, node: TemplateNode): void {
  if (++state.steps > 10_000_000) throw new ExecError('template runs too long');
  switch (node.type) {
    case 'text':
      write(state, node.text);
      return;
    case 'action': {
      const value = evalPipeline(state, dot, node.pipe);
      if (node.pipe.declare.length === 0) write(state, printValue(value));
      return;
    }
    case 'if':
    case 'with': {
      const mark = state.vars.length;
      const value = evalPipeline(state, dot, node.pipe);
      if (isTrue(value)) walkList(state, node.type === 'with' ? value : dot, node.list);
      else if (node.elseList) walkList(state, dot, node.elseList);
      state.vars.length = mark;
      return;
    }
    case 'range':
      walkRange(state, dot, node);
      return;
    case 'template': {
      const tree = state.trees.get(node.name);
      if (!tree) throw new ExecError(`template: no template "${node.name}" associated with template "${state.name}"`);
      const value = node.pipe ? evalPipeline(state, dot, node.pipe) : NO_VALUE;
      if (++state.depth > maxDepth) throw new ExecError(`exceeded maximum template depth (${maxDepth})`);
      const saved = state.vars;
      state.vars = [['$', value]];
      walkList(state, value, tree);
      state.vars = saved;
      state.depth--;
      return;
    }
    case 'break':
      throw new Break();
    case 'continue':
      throw new Continue();
  }
}

function walkRange(state: State, dot: unknown, node: Extract<TemplateNode, { type: 'range' }>): void {
  const mark = state.vars.length;
  // As Go, the pipeline's variables are pushed holding its value (the else branch sees that);
  // each iteration sets them to the element (and index).
  const value = evalPipeline(state, dot, node.pipe);
  const { declare, assign } = node.pipe;
  const one = (key: unknown, element: unknown): boolean => {
    if (assign) {
      if (declare.length > 1) {
        setVar(state, declare[0] as string, key, true);
        setVar(state, declare[1] as string, element, true);
      } else if (declare.length === 1) setVar(state, declare[0] as string, element, true);
    } else if (declare.length > 0) {
      (state.vars[state.vars.length - 1] as [string, unknown])[1] = element;
      if (declare.length > 1) (state.vars[state.vars.length - 2] as [string, unknown])[1] = key;
    }
    const inner = state.vars.length;
    try {
      walkList(state, element, node.list);
    } catch (error) {
      if (error instanceof Break) return false;
      if (!(error instanceof Continue)) throw error;
    } finally {
      state.vars.length = inner;
    }
    return true;
  };
  let ranged = false;
  switch (kindOf(value)) {
    case 'slice':
      for (const [i, element] of (value as unknown[]).entries()) {
        ranged = true;
        if (!one(BigInt(i), element)) break;
      }
      break;
    case 'map': {
      const map = value as Record<string, unknown>;
      for (const key of Object.keys(map).sort(compareStrings)) {
        ranged = true;
        if (!one(key, map[key])) break;
      }
      break;
    }
    case 'int': {
      if (declare.length > 1)
        throw new ExecError(`can't use ${printValue(value)} to iterate over more than one variable`);
      for (let i = 0n; i < intOf(value); i++) {
        ranged = true;
        if (!one(i, i)) break;
      }
      break;
    }
    case 'invalid':
    case 'nil':
      break;
    default:
      throw new ExecError(`range can't iterate over ${printValue(value)}`);
  }
  if (!ranged && node.elseList) walkList(state, dot, node.elseList);
  state.vars.length = mark;
}

function setVar(state: State, name: string, value: unknown, assign: boolean): void {
  if (assign) {
    for (let i = state.vars.length - 1; i >= 0; i--) {
      const entry = state.vars[i] as [string, unknown];
      if (entry[0] === name) {
        entry[1] = value;
        return;
      }
    }
    throw new ExecError(`undefined variable: ${name}`);
  }
  state.vars.push([name, value]);
}

function getVar(state: State, name: string): unknown {
  for (let i = state.vars.length - 1; i >= 0; i--) {
    const entry = state.vars[i] as [string, unknown];
    if (entry[0] === name) return entry[1];
  }
  throw new ExecError(`undefined variable: ${name}`);
}

function evalPipeline(state: State, dot: unknown, pipe: Pipeline): unknown {
  let value: unknown = MISSING;
  for (const command of pipe.commands) {
    value = evalCommand(state, dot, command, value);
    // As Go: a nil interface{} becomes "no value" between commands.
    if (value === null) value = NO_VALUE;
  }
  for (const name of pipe.declare) setVar(state, name, value, pipe.assign);
  return value;
}

function evalCommand(state: State, dot: unknown, command: Command, final: unknown): unknown {
  const [head, ...args] = command.args as [Operand, ...Operand[]];
  switch (head.type) {
    case 'field':
      return evalChain(state, dot, dot, head.names, args, final);
    case 'variable':
      return evalChain(state, dot, getVar(state, head.name), head.names, args, final);
    case 'pipe':
      if (head.names.length === 0) {
        notAFunction(head, args, final);
        return evalPipeline(state, dot, head.pipe);
      }
      return evalChain(state, dot, evalPipeline(state, dot, head.pipe), head.names, args, final);
    case 'identifier':
      return callFunction(state, dot, head.name, args, final);
    case 'nil':
      throw new ExecError('nil is not a command');
    case 'dot':
      notAFunction(head, args, final);
      return dot;
    default:
      notAFunction(head, args, final);
      return literal(head);
  }
}

function notAFunction(head: Operand, args: Operand[], final: unknown): void {
  if (args.length > 0 || final !== MISSING)
    throw new ExecError(`can't give argument to non-function ${describe(head)}`);
}

function describe(operand: Operand): string {
  switch (operand.type) {
    case 'string':
      return JSON.stringify(operand.value);
    case 'number':
      return operand.text;
    case 'bool':
      return String(operand.value);
    case 'dot':
      return '.';
    default:
      return operand.type;
  }
}

function literal(operand: Operand): unknown {
  switch (operand.type) {
    case 'bool':
      return operand.value;
    case 'string':
      return operand.value;
    case 'number':
      return operand.isFloat ? operand.float : operand.int;
    default:
      return undefined;
  }
}

function evalChain(
  state: State,
  dot: unknown,
  receiver: unknown,
  names: string[],
  args: Operand[],
  final: unknown,
): unknown {
  if (names.length === 0) {
    if (args.length > 0 || final !== MISSING)
      throw new ExecError(`can't give argument to non-function ${printValue(receiver)}`);
    return receiver;
  }
  let current = receiver;
  for (const [i, name] of names.entries()) {
    const last = i === names.length - 1;
    current = evalField(state, dot, name, current, last ? args : [], last ? final : MISSING);
  }
  return current;
}

const timeMethods: Record<string, { params: Param[]; call(time: GoTime, args: unknown[]): unknown }> = {
  Format: { params: ['string'], call: (time, [layout]) => formatTime(time, layout as string) },
  Unix: { params: [], call: (time) => BigInt(Math.floor(time.ms / 1000)) },
  UnixMilli: { params: [], call: (time) => BigInt(time.ms) },
  UTC: { params: [], call: (time) => new GoTime(time.ms) },
  // The templates' local zone is UTC.
  Local: { params: [], call: (time) => new GoTime(time.ms) },
  String: { params: [], call: (time) => printValue(time) },
  Year: { params: [], call: (time) => BigInt(civilOf(BigInt(Math.floor(time.ms)) * 1_000_000n, time.zone).year) },
  IsZero: { params: [], call: (time) => time.ms === -62135596800000 },
};

function evalField(
  state: State,
  dot: unknown,
  name: string,
  receiver: unknown,
  args: Operand[],
  final: unknown,
): unknown {
  const hasArgs = args.length > 0 || final !== MISSING;
  const kind = kindOf(receiver);
  if (kind === 'invalid') return NO_VALUE;
  if (kind === 'nil') throw new ExecError(`nil pointer evaluating interface {}.${name}`);
  if (receiver instanceof GoTime) {
    const method = timeMethods[name];
    if (!method) throw new ExecError(`can't evaluate field ${name} in type time.Time`);
    const values = convertArgs(state, dot, name, { params: method.params }, args, final);
    return method.call(receiver, values);
  }
  if (kind === 'map') {
    if (hasArgs) throw new ExecError(`${name} is not a method but has arguments`);
    const map = receiver as Record<string, unknown>;
    return Object.hasOwn(map, name) ? map[name] : NO_VALUE;
  }
  throw new ExecError(`can't evaluate field ${name} in type ${goTypeName(receiver)}`);
}

function callFunction(state: State, dot: unknown, name: string, args: Operand[], final: unknown): unknown {
  const fn = templateFunctions.get(name) as TemplateFunction;
  if (fn.lazy) {
    let value: unknown = NO_VALUE;
    for (const arg of args) {
      value = evalArg(state, dot, 'value', arg);
      if (isTrue(value) === (name === 'or')) return value;
    }
    return final !== MISSING ? final : value;
  }
  const values = convertArgs(state, dot, name, fn, args, final);
  try {
    return fn.call(values, state.context);
  } catch (error) {
    if (error instanceof ExecError) throw new ExecError(`error calling ${name}: ${error.message}`);
    throw error;
  }
}

function convertArgs(
  state: State,
  dot: unknown,
  name: string,
  fn: { params: Param[]; variadic?: Param },
  args: Operand[],
  final: unknown,
): unknown[] {
  const count = args.length + (final !== MISSING ? 1 : 0);
  if (fn.variadic !== undefined ? count < fn.params.length : count !== fn.params.length) {
    const want = fn.variadic !== undefined ? `at least ${fn.params.length}` : String(fn.params.length);
    throw new ExecError(`wrong number of args for ${name}: want ${want} got ${count}`);
  }
  const paramAt = (i: number): Param => (i < fn.params.length ? (fn.params[i] as Param) : (fn.variadic as Param));
  const values = args.map((arg, i) => evalArg(state, dot, paramAt(i), arg));
  if (final !== MISSING) values.push(validate(final, paramAt(args.length)));
  return values;
}

function evalArg(state: State, dot: unknown, param: Param, operand: Operand): unknown {
  switch (operand.type) {
    case 'dot':
      return validate(dot, param);
    case 'nil':
      if (param === 'any' || param === 'map' || param === 'value') return null;
      throw new ExecError(`cannot assign nil to ${goParamName(param)}`);
    case 'field':
      return validate(evalChain(state, dot, dot, operand.names, [], MISSING), param);
    case 'variable':
      return validate(evalChain(state, dot, getVar(state, operand.name), operand.names, [], MISSING), param);
    case 'pipe': {
      const value = evalPipeline(state, dot, operand.pipe);
      return validate(
        operand.names.length > 0 ? evalChain(state, dot, value, operand.names, [], MISSING) : value,
        param,
      );
    }
    case 'identifier':
      return validate(callFunction(state, dot, operand.name, [], MISSING), param);
  }
  switch (param) {
    case 'string':
      if (operand.type === 'string') return operand.value;
      throw new ExecError(`expected string; found ${describe(operand)}`);
    case 'int':
      if (operand.type === 'number' && !operand.isFloat) return operand.int;
      throw new ExecError(`expected integer; found ${describe(operand)}`);
    case 'float':
      if (operand.type === 'number') return operand.isFloat ? operand.float : Number(operand.int);
      throw new ExecError(`expected float; found ${describe(operand)}`);
    case 'bool':
      if (operand.type === 'bool') return operand.value;
      throw new ExecError(`expected bool; found ${describe(operand)}`);
    case 'map':
      throw new ExecError(`can't handle ${describe(operand)} for arg of type map[string]interface {}`);
    default:
      return literal(operand);
  }
}

function goParamName(param: Param): string {
  return {
    any: 'interface {}',
    value: 'reflect.Value',
    string: 'string',
    int: 'int',
    float: 'float64',
    bool: 'bool',
    map: 'map[string]interface {}',
  }[param];
}

/** Go's validateType: the value as the parameter's type, or the error Go gives. */
function validate(value: unknown, param: Param): unknown {
  const kind = kindOf(value);
  if (param === 'value') return value;
  if (kind === 'invalid') {
    if (param === 'any' || param === 'map') return null;
    throw new ExecError(`invalid value; expected ${goParamName(param)}`);
  }
  const ok =
    param === 'any' ||
    (param === 'string' && kind === 'string') ||
    (param === 'int' && kind === 'int' && !(value instanceof Int64)) ||
    (param === 'float' && kind === 'float') ||
    (param === 'bool' && kind === 'bool') ||
    (param === 'map' && kind === 'map');
  if (!ok)
    throw new ExecError(
      `wrong type for value; expected ${goParamName(param)}; got ${kind === 'nil' ? 'interface {}' : goTypeName(value)}`,
    );
  return value;
}
