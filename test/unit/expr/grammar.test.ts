import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinNamed } from '../../../src/expr/builtins/index.ts';
import { predicateFunctions } from '../../../src/expr/grammar.ts';
import { parse } from '../../../src/expr/parser.ts';
import type { Node } from '../../../src/expr/ast.ts';

/** A compact rendering of the tree, to check grouping. */
function shape(node: Node): string {
  switch (node.type) {
    case 'int':
      return String(node.value);
    case 'float':
      return `${node.value}f`;
    case 'bool':
      return String(node.value);
    case 'nil':
      return 'nil';
    case 'string':
      return JSON.stringify(node.value);
    case 'identifier':
      return node.name;
    case 'pointer':
      return `#${node.name}`;
    case 'unary':
      return `(${node.operator}${shape(node.operand)})`;
    case 'binary':
      return `(${shape(node.left)} ${node.operator} ${shape(node.right)})`;
    case 'conditional':
      return `(${shape(node.test)} ? ${shape(node.consequent)} : ${shape(node.alternate)})`;
    case 'member':
      return `${shape(node.object)}${node.optional ? '?.' : '.'}[${shape(node.property)}]`;
    case 'chain':
      return `chain(${shape(node.expression)})`;
    case 'call':
      return `${node.name}(${node.args.map(shape).join(', ')})`;
    case 'predicate':
      return `{${shape(node.body)}}`;
    default:
      return node.type;
  }
}

describe('parser grouping follows expr-lang precedence', () => {
  const cases: Array<[string, string]> = [
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['2 ** 3 ** 2', '(2 ** (3 ** 2))'],
    ['-2 ** 2', '(-(2 ** 2))'],
    ['not a == b', '((!a) == b)'],
    ['a || b && c', '(a || (b && c))'],
    ['a and b or c', '((a && b) || c)'],
    ['a not in b', '(!(a in b))'],
    ['1..2 + 3', '(1 .. (2 + 3))'],
    ['a ?? b ?? c', '((a ?? b) ?? c)'],
    ['a + b ?? c', '(a + (b ?? c))'],
    ['a < b < c', '((a < b) && (b < c))'],
    ['a ? b : c ? d : e', '(a ? b : (c ? d : e))'],
    ['a?.b.c', 'chain(a?.["b"].["c"])'],
    ['x | filter(# > 1)', 'filter(x, {(# > 1)})'],
    ['all(r, .ok)', 'all(r, {#.["ok"]})'],
    ['1 ^ 2', '(1 ** 2)'],
  ];
  for (const [source, expected] of cases) {
    it(`${source} groups as ${expected}`, () => {
      assert.equal(shape(parse(source)), expected);
    });
  }
});

describe('predicate functions', () => {
  it('the parser and the builtins agree on which arguments are predicates', () => {
    for (const [name, kinds] of Object.entries(predicateFunctions)) {
      const builtin = builtinNamed(name);
      assert.ok(builtin, `${name} is parsed as a predicate function but not defined`);
      const positions = kinds.flatMap((kind, i) => (kind.endsWith('predicate') ? [i] : []));
      assert.deepEqual(builtin.predicates ?? [], positions, name);
      assert.equal(builtin.maxArgs, kinds.length, name);
    }
  });
});
