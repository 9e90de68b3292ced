// Pratt parser for expr-lang's grammar. Precedences and associativity follow
// expr-lang's operator table; positions are kept on every node for error messages.

import type { MemberNode, Node, PredicateNode, SliceNode } from './ast.ts';
import { childrenOf } from './ast.ts';
import { ExprError } from './errors.ts';
import {
  binaryOperators,
  maxNesting,
  maxTreeDepth,
  negatable,
  normalised,
  predicateFunctions,
  unaryPrecedence,
  type ArgKind,
} from './grammar.ts';
import { isIdentifierChar, tokenize, type Token } from './lexer.ts';

const chaining = new Set(['<', '>', '<=', '>=']);

export interface ParseOptions {
  /** Allows `x.name(args)` (MethodNode); expr-lang calls Go methods there, which only some environments give. */
  methods?: boolean;
}

export function parse(source: string, options: ParseOptions = {}): Node {
  const parser = new Parser(source, tokenize(source), options.methods === true);
  const node = parser.parseExpression(0);
  parser.expectEnd();
  checkTreeDepth(source, node);
  return node;
}

function checkTreeDepth(source: string, root: Node): void {
  const stack: Array<[Node, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [Node, number];
    if (depth > maxTreeDepth) throw new ExprError('limit', 'expression is nested too deeply', source, node.at);
    for (const child of childrenOf(node)) stack.push([child, depth + 1]);
  }
}

function describe(token: Token): string {
  return token.kind === 'eof' ? 'end of expression' : `token ${JSON.stringify(token.value)}`;
}

class Parser {
  private position = 0;
  private depth = 0;
  private predicateDepth = 0;
  private readonly source: string;
  private readonly tokens: Token[];

  private readonly methods: boolean;

  constructor(source: string, tokens: Token[], methods: boolean) {
    this.methods = methods;
    this.source = source;
    this.tokens = tokens;
  }

  private get current(): Token {
    return this.tokens[this.position] ?? (this.tokens[this.tokens.length - 1] as Token);
  }

  private peek(offset = 1): Token {
    return this.tokens[this.position + offset] ?? (this.tokens[this.tokens.length - 1] as Token);
  }

  private advance(): Token {
    const token = this.current;
    if (this.position < this.tokens.length - 1) this.position++;
    return token;
  }

  private is(kind: Token['kind'], value?: string): boolean {
    return this.current.kind === kind && (value === undefined || this.current.value === value);
  }

  private fail(message: string, at: number = this.current.at): never {
    throw new ExprError('syntax', message, this.source, at);
  }

  private unexpected(): never {
    return this.fail(`unexpected ${describe(this.current)}`);
  }

  private expect(kind: Token['kind'], value?: string): Token {
    if (!this.is(kind, value)) this.unexpected();
    return this.advance();
  }

  expectEnd(): void {
    if (!this.is('eof')) this.unexpected();
  }

  parseExpression(precedence: number): Node {
    if (++this.depth > maxNesting)
      throw new ExprError('limit', 'expression is nested too deeply', this.source, this.current.at);
    try {
      if (precedence === 0 && this.is('operator', 'let')) return this.parseLet();
      let left = this.parsePrimary();
      let previous = '';
      while (this.is('operator')) {
        let operatorToken = this.current;
        let negate: Token | undefined;
        if (operatorToken.value === 'not') {
          const next = this.peek();
          if (next.kind !== 'operator' || !negatable.has(next.value))
            this.fail(`unexpected ${describe(next)}`, next.at);
          if ((binaryOperators[next.value]?.precedence ?? -1) < precedence) break;
          negate = operatorToken;
          this.advance();
          operatorToken = this.current;
        }
        const operator = binaryOperators[operatorToken.value];
        if (!operator || operator.precedence < precedence) break;
        this.advance();
        if (operatorToken.value === '|') {
          const name = this.expect('identifier');
          left = this.parseCall(name, [left]);
          previous = '|';
          continue;
        }
        if (previous === '??' && operatorToken.value !== '??') {
          this.fail(
            `operator (${operatorToken.value}) and coalesce expressions (??) cannot be mixed; wrap either in parentheses`,
            operatorToken.at,
          );
        }
        if (chaining.has(operatorToken.value) && !negate) {
          left = this.parseComparison(left, operatorToken);
        } else {
          const right = this.parseExpression(operator.rightAssociative ? operator.precedence : operator.precedence + 1);
          const op = normalised[operatorToken.value] ?? operatorToken.value;
          left = { type: 'binary', operator: op, left, right, at: operatorToken.at };
          if (negate) left = { type: 'unary', operator: '!', operand: left, at: negate.at };
        }
        previous = operatorToken.value;
      }
      return precedence === 0 ? this.parseConditional(left) : left;
    } finally {
      this.depth--;
    }
  }

  /** `a < b < c` means `a < b && b < c`, as in expr-lang; only `< > <= >=` chain (`a < b == c` is `(a < b) == c`). */
  private parseComparison(left: Node, operatorToken: Token): Node {
    let root: Node | undefined;
    let token = operatorToken;
    for (;;) {
      const right = this.parseExpression(21);
      const comparison: Node = { type: 'binary', operator: token.value, left, right, at: token.at };
      root = root ? { type: 'binary', operator: '&&', left: root, right: comparison, at: token.at } : comparison;
      left = right;
      if (!(this.is('operator') && chaining.has(this.current.value))) break;
      token = this.advance();
    }
    return root;
  }

  private parseLet(): Node {
    const letToken = this.advance();
    const name = this.expect('identifier');
    this.expect('operator', '=');
    const value = this.parseExpression(0);
    this.expect('operator', ';');
    const body = this.parseExpression(0);
    return { type: 'let', name: name.value, value, body, at: letToken.at };
  }

  private parseConditional(test: Node): Node {
    let node = test;
    while (this.is('operator', '?')) {
      const question = this.advance();
      const consequent = this.parseExpression(0);
      this.expect('operator', ':');
      const alternate = this.parseExpression(0);
      node = { type: 'conditional', test: node, consequent, alternate, at: question.at };
    }
    return node;
  }

  private parsePrimary(): Node {
    const token = this.current;
    if (token.kind === 'operator' && unaryPrecedence[token.value] !== undefined) {
      this.advance();
      const operand = this.parseExpression(unaryPrecedence[token.value] as number);
      const operator = token.value === 'not' ? '!' : (token.value as '!' | '-' | '+');
      return this.parsePostfix({ type: 'unary', operator, operand, at: token.at });
    }
    if (this.is('bracket', '(')) {
      this.advance();
      const inner = this.parseExpression(0);
      this.expect('bracket', ')');
      return this.parsePostfix(inner);
    }
    if (token.kind === 'operator' && (token.value === '#' || token.value === '.')) {
      if (this.predicateDepth === 0) this.fail('cannot use pointer accessor outside predicate');
      let name = '';
      if (token.value === '#') {
        this.advance();
        if (this.is('identifier') && this.current.at === token.end) name = this.advance().value;
      }
      return this.parsePostfix({ type: 'pointer', name, at: token.at });
    }
    return this.parseSecondary();
  }

  private parseSecondary(): Node {
    const token = this.current;
    let node: Node;
    switch (token.kind) {
      case 'identifier':
        this.advance();
        if (token.value === 'true' || token.value === 'false')
          return { type: 'bool', value: token.value === 'true', at: token.at };
        if (token.value === 'nil') return { type: 'nil', at: token.at };
        node = this.is('bracket', '(')
          ? this.parseCall(token, [])
          : { type: 'identifier', name: token.value, at: token.at };
        break;
      case 'number':
        this.advance();
        node = this.numberNode(token);
        break;
      case 'string':
        this.advance();
        node = { type: 'string', value: token.value, at: token.at };
        break;
      default:
        if (this.is('bracket', '[')) node = this.parseArray();
        else if (this.is('bracket', '{')) node = this.parseMap();
        else this.unexpected();
    }
    return this.parsePostfix(node);
  }

  private numberNode(token: Token): Node {
    const text = token.value.replace(/_/g, '');
    const lower = text.toLowerCase();
    const prefixed = /^0[xob]/.test(lower);
    if (!prefixed && /[.e]/.test(lower)) {
      const value = Number(text.endsWith('.') ? `${text}0` : text);
      if (Number.isNaN(value)) this.fail(`invalid float literal: ${token.value}`, token.at);
      if (!Number.isFinite(value)) this.fail('float literal is too large', token.at);
      return { type: 'float', value, at: token.at };
    }
    let value: bigint;
    try {
      value = BigInt(prefixed ? `0${lower.slice(1)}` : text);
    } catch {
      return this.fail(`invalid integer literal: ${token.value}`, token.at);
    }
    if (value > 9223372036854775807n) this.fail('integer literal is too large', token.at);
    return { type: 'int', value, at: token.at };
  }

  private parseCall(name: Token, args: Node[]): Node {
    const shape = predicateFunctions[name.value];
    if (!shape) return { type: 'call', name: name.value, args: this.parseArguments(args), at: name.at };
    this.expect('bracket', '(');
    const remaining = shape.slice(args.length);
    for (let i = 0; i < remaining.length; i++) {
      const kind = remaining[i] as ArgKind;
      const optional = kind.startsWith('optional');
      if (this.is('bracket', ')')) {
        if (optional) break;
        this.fail(
          `expected at least ${shape.filter((k) => !k.startsWith('optional')).length} arguments to ${name.value}`,
        );
      }
      if (i > 0) this.expect('operator', ',');
      args.push(kind.endsWith('predicate') ? this.parsePredicate() : this.parseExpression(0));
    }
    if (this.is('operator', ',')) this.advance();
    this.expect('bracket', ')');
    return { type: 'call', name: name.value, args, at: name.at };
  }

  private parseArguments(args: Node[]): Node[] {
    const offset = args.length;
    this.expect('bracket', '(');
    while (!this.is('bracket', ')')) {
      if (args.length > offset) this.expect('operator', ',');
      if (this.is('bracket', ')')) break;
      args.push(this.parseExpression(0));
    }
    this.expect('bracket', ')');
    return args;
  }

  private parsePredicate(): PredicateNode {
    const start = this.current;
    const braced = this.is('bracket', '{');
    if (braced) this.advance();
    this.predicateDepth++;
    const body = this.parseExpression(0);
    this.predicateDepth--;
    if (braced) this.expect('bracket', '}');
    return { type: 'predicate', body, at: start.at };
  }

  private parseArray(): Node {
    const open = this.expect('bracket', '[');
    const elements: Node[] = [];
    while (!this.is('bracket', ']')) {
      if (elements.length > 0) {
        this.expect('operator', ',');
        if (this.is('bracket', ']')) break;
      }
      elements.push(this.parseExpression(0));
    }
    this.expect('bracket', ']');
    return { type: 'array', elements, at: open.at };
  }

  private parseMap(): Node {
    const open = this.expect('bracket', '{');
    const entries: Array<{ key: Node; value: Node }> = [];
    while (!this.is('bracket', '}')) {
      if (entries.length > 0) {
        this.expect('operator', ',');
        if (this.is('bracket', '}')) break;
      }
      const token = this.current;
      let key: Node;
      if (token.kind === 'number' || token.kind === 'string' || token.kind === 'identifier') {
        this.advance();
        key = { type: 'string', value: token.value, at: token.at };
      } else if (this.is('bracket', '(')) {
        key = this.parseExpression(0);
      } else {
        this.fail(
          `a map key must be a quoted string, a number, an identifier, or an expression in parentheses (unexpected ${describe(token)})`,
        );
      }
      this.expect('operator', ':');
      entries.push({ key, value: this.parseExpression(0) });
    }
    this.expect('bracket', '}');
    return { type: 'map', entries, at: open.at };
  }

  private parsePostfix(start: Node): Node {
    let node = start;
    for (;;) {
      const token = this.current;
      if (token.kind === 'operator' && (token.value === '.' || token.value === '?.')) {
        const optional = token.value === '?.';
        this.advance();
        if (optional && this.is('bracket', '[')) {
          node = this.parseIndex(node, true);
          continue;
        }
        const property = this.advance();
        const validName =
          property.kind === 'identifier' || (property.kind === 'operator' && isIdentifierChar(property.value[0]));
        if (!validName) this.fail('expected name', property.at);
        if (this.is('bracket', '(')) {
          if (!this.methods) this.fail(`method calls are not supported (${property.value})`, property.at);
          const args = this.parseArguments([]);
          node = this.chained(node, optional, (object) => ({
            type: 'method',
            object,
            optional,
            name: property.value,
            args,
            at: property.at,
          }));
          continue;
        }
        node = this.chained(node, optional, (object) => ({
          type: 'member',
          object,
          optional,
          at: property.at,
          property: { type: 'string', value: property.value, at: property.at },
        }));
        continue;
      }
      if (this.is('bracket', '[')) {
        node = this.parseIndex(node, false);
        continue;
      }
      return node;
    }
  }

  private parseIndex(node: Node, optional: boolean): Node {
    const open = this.advance();
    let from: Node | undefined;
    if (!this.is('operator', ':')) {
      from = this.parseExpression(0);
      if (!this.is('operator', ':')) {
        this.expect('bracket', ']');
        const property = from;
        return this.indexed(
          node,
          optional,
          (object): MemberNode => ({ type: 'member', object, property, optional, at: open.at }),
        );
      }
    }
    this.advance(); // ':'
    const to = this.is('bracket', ']') ? undefined : this.parseExpression(0);
    this.expect('bracket', ']');
    return this.indexed(node, optional, (object): SliceNode => ({ type: 'slice', object, from, to, at: open.at }));
  }

  /**
   * `[...]` applies to the value of a chain before it, as in expr-lang: `a?.b[0]` indexes the nil
   * that `a?.b` gives when `a` is nil (an error), where `a?.b.c` is nil.
   */
  private indexed(node: Node, optional: boolean, build: (object: Node) => Node): Node {
    const built = build(node);
    return optional ? { type: 'chain', expression: built, at: built.at } : built;
  }

  /** Keeps one chain node around a whole `a?.b.c` so `?.` short-circuits all of it. */
  private chained(node: Node, optional: boolean, build: (object: Node) => Node): Node {
    const inChain = node.type === 'chain';
    const built = build(inChain ? node.expression : node);
    return inChain || optional ? { type: 'chain', expression: built, at: built.at } : built;
  }
}
