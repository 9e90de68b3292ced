// expr-lang's constant folding (optimizer/fold.go of v1.17.7, with its filter merging), run after
// type checking: it can
// decide an outcome before anything runs (`x || 0 == 0` is true without evaluating x, `1 % 0`
// is an error even where it would never be evaluated), so sluice folds the same way.

import type { Node } from './ast.ts';
import { childrenOf } from './ast.ts';
import { Budget, defaultLimits } from './budget.ts';
import { ExprError, ValueError } from './errors.ts';
import * as op from './operators.ts';

const literal = (value: unknown, at: number): Node | undefined => {
  if (typeof value === 'bigint') return { type: 'int', value, at };
  if (typeof value === 'number') return { type: 'float', value, at };
  if (typeof value === 'string') return { type: 'string', value, at };
  if (typeof value === 'boolean') return { type: 'bool', value, at };
  return undefined;
};

const isNumberLiteral = (node: Node): node is Extract<Node, { type: 'int' | 'float' }> =>
  node.type === 'int' || node.type === 'float';
const boolOf = (node: Node): boolean | undefined => (node.type === 'bool' ? node.value : undefined);

/** The folded tree; nodes that do not change are kept as they are. */
export function foldConstants(source: string, node: Node): Node {
  const budget = new Budget(defaultLimits);
  const fold = (current: Node): Node => {
    const rebuilt = withChildren(current, fold);
    const merged = mergeFilters(rebuilt) ?? shortcutFilter(rebuilt);
    if (merged) return fold(merged);
    try {
      return foldNode(rebuilt, budget) ?? rebuilt;
    } catch (error) {
      if (error instanceof ValueError) throw new ExprError('check', error.message, source, current.at);
      throw error;
    }
  };
  return fold(node);
}

/** filter(filter(a, p), q) is filter(a, p && q), as expr-lang's optimizer makes it (then folds p && q). */
function mergeFilters(node: Node): Node | undefined {
  if (node.type !== 'call' || node.name !== 'filter' || node.args.length !== 2) return undefined;
  const [base, outer] = node.args;
  if (base?.type !== 'call' || base.name !== 'filter' || base.args.length !== 2) return undefined;
  const [collection, inner] = base.args;
  if (!collection || inner?.type !== 'predicate' || outer?.type !== 'predicate') return undefined;
  const body: Node = { type: 'binary', operator: '&&', left: inner.body, right: outer.body, at: outer.at };
  return { ...node, args: [collection, { ...outer, body }] };
}

/**
 * len(filter(a, p)) is count(a, p), first(filter(a, p)) find(a, p) and last(filter(a, p))
 * findLast(a, p), as expr-lang's optimizer makes them: they stop early, so elements after the
 * answer are not looked at.
 */
function shortcutFilter(node: Node): Node | undefined {
  const shortcuts: Record<string, string> = { len: 'count', first: 'find', last: 'findLast' };
  const name = node.type === 'call' ? shortcuts[node.name] : undefined;
  if (node.type !== 'call' || !name || node.args.length !== 1) return undefined;
  const [filter] = node.args;
  if (filter?.type !== 'call' || filter.name !== 'filter' || filter.args.length !== 2) return undefined;
  return { ...node, name, args: filter.args };
}

function foldNode(node: Node, budget: Budget): Node | undefined {
  if (node.type === 'unary') {
    const operand = node.operand;
    if ((node.operator === '-' || node.operator === '+') && isNumberLiteral(operand)) {
      return literal(node.operator === '-' ? op.negate(operand.value) : operand.value, node.at);
    }
    const value = boolOf(operand);
    if ((node.operator === '!' || node.operator === 'not') && value !== undefined)
      return { type: 'bool', value: !value, at: node.at };
    return undefined;
  }
  if (node.type !== 'binary') return undefined;
  const { left, right } = node;
  switch (node.operator) {
    case '+':
    case '-':
    case '*':
    case '/':
    case '**':
      if (isNumberLiteral(left) && isNumberLiteral(right)) {
        const [a, b] = [left.value, right.value];
        const value =
          node.operator === '+'
            ? op.add(a, b, budget)
            : node.operator === '/'
              ? op.divide(a, b)
              : node.operator === '**'
                ? op.power(a, b)
                : op.arithmetic(node.operator, a, b);
        return literal(value, node.at);
      }
      if (node.operator === '+' && left.type === 'string' && right.type === 'string')
        return literal(left.value + right.value, node.at);
      return undefined;
    case '%':
      if (left.type === 'int' && right.type === 'int') return literal(op.modulo(left.value, right.value), node.at);
      return undefined;
    case '&&':
    case '||': {
      const absorbing = node.operator === '||';
      const [a, b] = [boolOf(left), boolOf(right)];
      if (a === !absorbing) return right;
      if (b === !absorbing) return left;
      if (a === absorbing || b === absorbing) return { type: 'bool', value: absorbing, at: node.at };
      return undefined;
    }
    case '==':
      if (
        (left.type === 'int' && right.type === 'int') ||
        (left.type === 'string' && right.type === 'string') ||
        (left.type === 'bool' && right.type === 'bool')
      ) {
        return { type: 'bool', value: left.value === right.value, at: node.at };
      }
      return undefined;
    default:
      return undefined;
  }
}

/** The node with its children replaced by `map`'s answers; the same node when none changed. */
function withChildren(node: Node, map: (child: Node) => Node): Node {
  const children = childrenOf(node);
  const mapped = children.map(map);
  if (mapped.every((child, i) => child === children[i])) return node;
  let i = 0;
  const next = (): Node => mapped[i++] as Node;
  switch (node.type) {
    case 'unary':
      return { ...node, operand: next() };
    case 'binary':
      return { ...node, left: next(), right: next() };
    case 'conditional':
      return { ...node, test: next(), consequent: next(), alternate: next() };
    case 'member':
      return { ...node, object: next(), property: next() };
    case 'slice':
      return { ...node, object: next(), ...(node.from ? { from: next() } : {}), ...(node.to ? { to: next() } : {}) };
    case 'chain':
      return { ...node, expression: next() };
    case 'call':
      return { ...node, args: node.args.map(() => next()) };
    case 'method':
      return { ...node, object: next(), args: node.args.map(() => next()) };
    case 'predicate':
      return { ...node, body: next() };
    case 'array':
      return { ...node, elements: node.elements.map(() => next()) };
    case 'map':
      return { ...node, entries: node.entries.map(() => ({ key: next(), value: next() })) };
    case 'let':
      return { ...node, value: next(), body: next() };
    default:
      return node;
  }
}
