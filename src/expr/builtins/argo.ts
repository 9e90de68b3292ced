// The functions Argo Rollouts adds to the environment of successCondition and
// failureCondition. Like Argo, isNil() and default() look at `result` itself,
// whatever their first argument is: `default(result, 0)` is the documented use.

import { ValueError } from '../errors.ts';
import { formatValue } from '../format.ts';
import { floatToInt, isNil, typeName } from '../values.ts';
import { parseGoFloat, parseGoInt } from './parse-number.ts';
import type { Builtin } from './types.ts';

function notSupported(name: string, value: unknown): ValueError {
  return new ValueError(`${name}() not supported on ${typeName(value)} ${formatValue(value)}`);
}

function numberTest(name: string, test: (value: number) => boolean): Builtin {
  return {
    name,
    minArgs: 1,
    maxArgs: 1,
    call([value]) {
      if (typeof value === 'number') return test(value);
      if (typeof value === 'bigint') return false;
      throw new ValueError(`${name}() expects a number, got ${typeName(value)}`);
    },
  };
}

export const argoBuiltins: Builtin[] = [
  {
    name: 'asInt',
    minArgs: 1,
    maxArgs: 1,
    call([value]) {
      if (typeof value === 'bigint') return value;
      if (typeof value === 'number') return floatToInt(value, 'asInt()');
      if (typeof value === 'string') {
        const parsed = parseGoInt(value);
        if (parsed === undefined) throw new ValueError(`asInt(): cannot parse ${JSON.stringify(value)} as an integer`);
        return parsed;
      }
      throw notSupported('asInt', value);
    },
  },
  {
    name: 'asFloat',
    minArgs: 1,
    maxArgs: 1,
    call([value]) {
      if (typeof value === 'bigint') return Number(value);
      if (typeof value === 'number') return value;
      if (typeof value === 'string') {
        const parsed = parseGoFloat(value);
        if (parsed === undefined) throw new ValueError(`asFloat(): cannot parse ${JSON.stringify(value)} as a number`);
        return parsed;
      }
      throw notSupported('asFloat', value);
    },
  },
  numberTest('isNaN', Number.isNaN),
  numberTest('isInf', (value) => value === Infinity || value === -Infinity),
  {
    name: 'isNil',
    minArgs: 1,
    maxArgs: 1,
    call(_args, { env }) {
      return isNil(env['result']);
    },
  },
  {
    name: 'default',
    minArgs: 2,
    maxArgs: 2,
    call(args, { env }) {
      const result = env['result'];
      return isNil(result) ? (args[1] ?? null) : result;
    },
  },
];
