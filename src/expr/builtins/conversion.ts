// int, float, string, type.

import { ValueError } from '../errors.ts';
import { formatValue } from '../format.ts';
import { floatToInt, GoEnumValue, typeName } from '../values.ts';
import { parseGoFloat, parseGoInt } from './parse-number.ts';
import type { Builtin } from './types.ts';

export const conversionBuiltins: Builtin[] = [
  {
    name: 'int',
    minArgs: 1,
    maxArgs: 1,
    call([value]) {
      if (typeof value === 'bigint') return value;
      if (value instanceof GoEnumValue) return value.value;
      if (typeof value === 'number') return floatToInt(value, 'int()');
      if (typeof value === 'string') {
        const parsed = parseGoInt(value);
        if (parsed === undefined)
          throw new ValueError(`invalid operation: int(${JSON.stringify(value)}): not an integer`);
        return parsed;
      }
      throw new ValueError(`invalid operation: int(${typeName(value)})`);
    },
  },
  {
    name: 'float',
    minArgs: 1,
    maxArgs: 1,
    call([value]) {
      if (typeof value === 'bigint') return Number(value);
      if (typeof value === 'number') return value;
      if (typeof value === 'string') {
        const parsed = parseGoFloat(value);
        if (parsed === undefined)
          throw new ValueError(`invalid operation: float(${JSON.stringify(value)}): not a number`);
        return parsed;
      }
      throw new ValueError(`invalid operation: float(${typeName(value)})`);
    },
  },
  {
    name: 'string',
    minArgs: 1,
    maxArgs: 1,
    call([value], { budget }) {
      const text = formatValue(value);
      budget.string(text.length, 'string()');
      return text;
    },
  },
  {
    name: 'type',
    minArgs: 1,
    maxArgs: 1,
    call([value]) {
      const kind = typeName(value);
      return kind === 'time' ? 'time.Time' : kind === 'duration' ? 'time.Duration' : kind;
    },
  },
];
