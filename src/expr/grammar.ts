// The operator table and predicate-taking functions of expr-lang's grammar:
// precedences and associativity as expr-lang defines them.

export interface BinaryOperator {
  precedence: number;
  rightAssociative: boolean;
}

export const binaryOperators: Record<string, BinaryOperator> = {
  '|': { precedence: 0, rightAssociative: false },
  or: { precedence: 10, rightAssociative: false },
  '||': { precedence: 10, rightAssociative: false },
  and: { precedence: 15, rightAssociative: false },
  '&&': { precedence: 15, rightAssociative: false },
  '==': { precedence: 20, rightAssociative: false },
  '!=': { precedence: 20, rightAssociative: false },
  '<': { precedence: 20, rightAssociative: false },
  '>': { precedence: 20, rightAssociative: false },
  '<=': { precedence: 20, rightAssociative: false },
  '>=': { precedence: 20, rightAssociative: false },
  in: { precedence: 20, rightAssociative: false },
  matches: { precedence: 20, rightAssociative: false },
  contains: { precedence: 20, rightAssociative: false },
  startsWith: { precedence: 20, rightAssociative: false },
  endsWith: { precedence: 20, rightAssociative: false },
  '..': { precedence: 25, rightAssociative: false },
  '+': { precedence: 30, rightAssociative: false },
  '-': { precedence: 30, rightAssociative: false },
  '*': { precedence: 60, rightAssociative: false },
  '/': { precedence: 60, rightAssociative: false },
  '%': { precedence: 60, rightAssociative: false },
  '**': { precedence: 100, rightAssociative: true },
  '^': { precedence: 100, rightAssociative: true },
  '??': { precedence: 500, rightAssociative: false },
};

export const unaryPrecedence: Record<string, number> = { not: 50, '!': 50, '-': 90, '+': 90 };
export const negatable = new Set(['in', 'matches', 'contains', 'startsWith', 'endsWith']);
export const normalised: Record<string, string> = { and: '&&', or: '||', '^': '**' };

export type ArgKind = 'expr' | 'predicate' | 'optional-expr' | 'optional-predicate';

/** Functions whose second argument is a predicate (`{# > 0}` or a bare expression). */
export const predicateFunctions: Record<string, ArgKind[]> = {
  all: ['expr', 'predicate'],
  none: ['expr', 'predicate'],
  any: ['expr', 'predicate'],
  one: ['expr', 'predicate'],
  filter: ['expr', 'predicate'],
  map: ['expr', 'predicate'],
  count: ['expr', 'optional-predicate'],
  sum: ['expr', 'optional-predicate'],
  find: ['expr', 'predicate'],
  findIndex: ['expr', 'predicate'],
  findLast: ['expr', 'predicate'],
  findLastIndex: ['expr', 'predicate'],
  reduce: ['expr', 'predicate', 'optional-expr'],
};

/** Deeper nesting than this is refused, so no input can exhaust the call stack. */
export const maxNesting = 128;
export const maxTreeDepth = 400;
