// all, any, none, one, filter, map, count, sum, find*, reduce: the functions that take
// a predicate (`{# > 0.9}`, `.field > 1`), run once per element.

import { ValueError } from '../errors.ts';
import { add } from '../operators.ts';
import { boolResult, iterableArg, predicateArg, type Builtin } from './types.ts';

/** all/any/none stop as soon as the answer is known, as expr-lang does; one() runs over all. */
function quantifier(name: string, early: { on: boolean; answer: boolean } | 'one', otherwise: boolean): Builtin {
  return {
    name,
    minArgs: 2,
    maxArgs: 2,
    predicates: [1],
    call(args, { budget }) {
      const items = iterableArg(name, args[0]);
      const test = predicateArg(args, 1);
      let matches = 0;
      for (let i = 0; i < items.length; i++) {
        budget.step();
        const passed = boolResult(name, test(items[i], i));
        if (early === 'one') {
          if (passed) matches++; // one() looks at every element, as expr-lang's does
        } else if (passed === early.on) {
          return early.answer;
        }
      }
      return early === 'one' ? matches === 1 : otherwise;
    },
  };
}

function finder(name: string, fromEnd: boolean, wantIndex: boolean): Builtin {
  return {
    name,
    minArgs: 2,
    maxArgs: 2,
    predicates: [1],
    call(args, { budget }) {
      const items = iterableArg(name, args[0]);
      const test = predicateArg(args, 1);
      for (let step = 0; step < items.length; step++) {
        const i = fromEnd ? items.length - 1 - step : step;
        budget.step();
        if (boolResult(name, test(items[i], i))) return wantIndex ? BigInt(i) : items[i];
      }
      return null; // findIndex too: expr-lang v1.17 gives nil, not -1, when nothing matches
    },
  };
}

export const predicateBuiltins: Builtin[] = [
  quantifier('all', { on: false, answer: false }, true),
  quantifier('any', { on: true, answer: true }, false),
  quantifier('none', { on: true, answer: false }, true),
  quantifier('one', 'one', false),
  {
    name: 'filter',
    minArgs: 2,
    maxArgs: 2,
    predicates: [1],
    call(args, { budget }) {
      const items = iterableArg('filter', args[0]);
      const test = predicateArg(args, 1);
      const kept: unknown[] = [];
      items.forEach((item, i) => {
        budget.step();
        if (boolResult('filter', test(item, i))) kept.push(item);
      });
      return kept;
    },
  },
  {
    name: 'map',
    minArgs: 2,
    maxArgs: 2,
    predicates: [1],
    call(args, { budget }) {
      const items = iterableArg('map', args[0]);
      const project = predicateArg(args, 1);
      budget.items(items.length, 'map()');
      return items.map((item, i) => project(item, i));
    },
  },
  {
    name: 'count',
    minArgs: 1,
    maxArgs: 2,
    predicates: [1],
    call(args, { budget }) {
      const items = iterableArg('count', args[0]);
      const test = args.length > 1 ? predicateArg(args, 1) : (item: unknown) => item;
      let total = 0n;
      items.forEach((item, i) => {
        budget.step();
        if (boolResult('count', test(item, i))) total++;
      });
      return total;
    },
  },
  {
    name: 'sum',
    minArgs: 1,
    maxArgs: 2,
    predicates: [1],
    call(args, { budget }) {
      const items = iterableArg('sum', args[0]);
      const project = args.length > 1 ? predicateArg(args, 1) : (item: unknown) => item;
      let total: unknown = 0n;
      items.forEach((item, i) => {
        budget.step();
        const value = project(item, i);
        if (typeof value !== 'bigint' && typeof value !== 'number') {
          throw new ValueError(`invalid argument for sum (type ${value === null ? 'nil' : typeof value})`);
        }
        total = add(total, value, budget);
      });
      return total;
    },
  },
  finder('find', false, false),
  finder('findIndex', false, true),
  finder('findLast', true, false),
  finder('findLastIndex', true, true),
  {
    name: 'reduce',
    minArgs: 2,
    maxArgs: 3,
    predicates: [1],
    call(args, { budget }) {
      const items = iterableArg('reduce', args[0]);
      const step = predicateArg(args, 1);
      let start = 0;
      let accumulator: unknown;
      if (args.length > 2) accumulator = args[2];
      else {
        if (items.length === 0) throw new ValueError('reduce of empty array with no initial value');
        accumulator = items[0];
        start = 1;
      }
      for (let i = start; i < items.length; i++) {
        budget.step();
        accumulator = step(items[i], i, accumulator);
      }
      return accumulator;
    },
  },
];
