// Go text/template's parser: the tree of a template (text, actions, if / range / with / define /
// template / block, pipelines of commands), with the checks Go makes while parsing: unknown
// functions, undefined variables, unbalanced control structures.
import { TemplateError } from './errors.ts';
import { lex, type Token } from './lexer.ts';

export type Operand =
  | { type: 'field'; names: string[] } // .a.b (on dot)
  | { type: 'variable'; name: string; names: string[] } // $x.a.b
  | { type: 'dot' }
  | { type: 'nil' }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'number'; text: string; int?: bigint; float?: number; isFloat: boolean }
  | { type: 'identifier'; name: string } // a function
  | { type: 'pipe'; pipe: Pipeline; names: string[] }; // (pipeline).a.b

export interface Command {
  args: Operand[];
  line: number;
}

export interface Pipeline {
  declare: string[];
  /** `=` instead of `:=`. */
  assign: boolean;
  commands: Command[];
  line: number;
}

export type TemplateNode =
  | { type: 'text'; text: string }
  | { type: 'action'; pipe: Pipeline }
  | { type: 'if' | 'with'; pipe: Pipeline; list: TemplateNode[]; elseList: TemplateNode[] | undefined }
  | { type: 'range'; pipe: Pipeline; list: TemplateNode[]; elseList: TemplateNode[] | undefined }
  | { type: 'template'; name: string; pipe: Pipeline | undefined; line: number }
  | { type: 'break' | 'continue' };

export interface ParsedTemplates {
  /** The named templates: the main one under its name, and each define / block. */
  trees: Map<string, TemplateNode[]>;
}

export function parseTemplate(name: string, source: string, functions: ReadonlySet<string>): ParsedTemplates {
  const parser = new Parser(name, lex(name, source), functions);
  return parser.parseAll();
}

type EndKind = 'end' | 'else' | 'eof';

class Parser {
  private at = 0;
  private readonly trees = new Map<string, TemplateNode[]>();
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private readonly name: string;
  private readonly tokens: Token[];
  private readonly functions: ReadonlySet<string>;

  constructor(name: string, tokens: Token[], functions: ReadonlySet<string>) {
    this.name = name;
    this.tokens = tokens;
    this.functions = functions;
  }

  parseAll(): ParsedTemplates {
    const { list, end } = this.parseList(true);
    if (end !== 'eof') this.fail(`unexpected {{${end}}}`);
    // As Go: a main template with only space does not replace a defined one of that name.
    if (!this.trees.has(this.name) || list.some((n) => n.type !== 'text' || n.text.trim() !== ''))
      this.trees.set(this.name, list);
    return { trees: this.trees };
  }

  private fail(message: string, line = this.peek()?.line ?? this.lastLine()): never {
    throw new TemplateError(`template: ${this.name}:${line}: ${message}`);
  }

  private lastLine(): number {
    return this.tokens[this.tokens.length - 1]?.line ?? 1;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }

  private next(): Token | undefined {
    return this.tokens[this.at++];
  }

  private skipSpace(): void {
    while (this.peek()?.kind === 'space') this.at++;
  }

  private nextNonSpace(): Token | undefined {
    this.skipSpace();
    return this.next();
  }

  private peekNonSpace(): Token | undefined {
    let i = this.at;
    while (this.tokens[i]?.kind === 'space') i++;
    return this.tokens[i];
  }

  /** Items until {{end}}, {{else ...}} (left for the caller to read) or the end of input. */
  private parseList(topLevel: boolean): { list: TemplateNode[]; end: EndKind } {
    const list: TemplateNode[] = [];
    for (;;) {
      const token = this.next();
      if (!token) {
        if (!topLevel) this.fail('unexpected EOF');
        return { list, end: 'eof' };
      }
      if (token.kind === 'text') {
        list.push({ type: 'text', text: token.text });
        continue;
      }
      // token is 'open'
      const word = this.peekNonSpace();
      if (word?.kind === 'close') {
        this.fail('missing value for command', word.line);
      }
      if (word?.kind === 'keyword') {
        this.skipSpace();
        this.next();
        switch (word.text) {
          case 'end':
            this.expectClose('end');
            if (topLevel) this.fail('unexpected {{end}}', word.line);
            return { list, end: 'end' };
          case 'else':
            if (topLevel) this.fail('unexpected {{else}}', word.line);
            return { list, end: 'else' };
          case 'if':
          case 'with':
          case 'range':
            list.push(this.parseControl(word.text, word.line));
            break;
          case 'template':
            list.push(this.parseTemplateCall(word.line));
            break;
          case 'block': {
            const call = this.parseTemplateCall(word.line);
            this.parseDefinitionBody(call.type === 'template' ? call.name : '');
            list.push(call);
            break;
          }
          case 'define': {
            if (!topLevel) this.fail('unexpected {{define}}', word.line);
            const nameToken = this.nextNonSpace();
            if (nameToken?.kind !== 'string' && nameToken?.kind !== 'rawString')
              this.fail('unexpected name in define clause', word.line);
            this.expectClose('define clause');
            this.parseDefinitionBody(unquote(nameToken.text, this.name, nameToken.line));
            break;
          }
          case 'break':
          case 'continue':
            if (this.rangeDepth === 0) this.fail(`{{${word.text}}} outside {{range}}`, word.line);
            this.expectClose(word.text);
            list.push({ type: word.text });
            break;
        }
        continue;
      }
      const pipe = this.parsePipeline('command', true);
      list.push({ type: 'action', pipe });
    }
  }

  private parseDefinitionBody(name: string): void {
    const saved = this.vars;
    this.vars = ['$'];
    const { list, end } = this.parseList(false);
    if (end !== 'end') this.fail('unexpected {{else}} in define');
    this.vars = saved;
    this.trees.set(name, list);
  }

  private expectClose(context: string): void {
    const token = this.nextNonSpace();
    if (token?.kind !== 'close') this.fail(`unexpected ${describe(token)} in ${context}`, token?.line);
  }

  private parseTemplateCall(line: number): TemplateNode {
    const nameToken = this.nextNonSpace();
    if (nameToken?.kind !== 'string' && nameToken?.kind !== 'rawString')
      this.fail(`unexpected ${describe(nameToken)} in template clause`, line);
    const name = unquote(nameToken.text, this.name, nameToken.line);
    if (this.peekNonSpace()?.kind === 'close') {
      this.nextNonSpace();
      return { type: 'template', name, pipe: undefined, line };
    }
    return { type: 'template', name, pipe: this.parsePipeline('template clause', false), line };
  }

  private parseControl(kind: 'if' | 'with' | 'range', line: number): TemplateNode {
    const mark = this.vars.length;
    const pipe = this.parsePipeline(kind, kind !== 'range', kind === 'range');
    if (kind === 'range') this.rangeDepth++;
    const parsed = this.parseList(false);
    const list = parsed.list;
    let end = parsed.end;
    if (kind === 'range') this.rangeDepth--;
    let elseList: TemplateNode[] | undefined;
    if (end === 'else') {
      const following = this.peekNonSpace();
      // {{else if ...}} / {{else with ...}}: a nested control that ends with this one's {{end}}.
      if ((kind === 'if' && following?.text === 'if') || (kind === 'with' && following?.text === 'with')) {
        this.nextNonSpace();
        elseList = [this.parseControl(kind, following.line)];
        this.vars.length = mark;
        return { type: kind, pipe, list, elseList };
      }
      this.expectClose('else');
      // As Go, what the pipeline and the first branch declared stays in scope until {{end}}.
      ({ list: elseList, end } = this.parseList(false));
      if (end !== 'end') this.fail('expected end; found {{else}}', line);
    }
    this.vars.length = mark;
    return { type: kind, pipe, list, elseList };
  }

  private parsePipeline(context: string, allowDeclare: boolean, isRange = false): Pipeline {
    this.skipSpace();
    const line = this.peek()?.line ?? this.lastLine();
    const declare: string[] = [];
    let assign = false;
    // Declarations: $x := or $x = (range also $i, $e :=).
    const first = this.peek();
    if (first?.kind === 'variable') {
      let i = this.at + 1;
      while (this.tokens[i]?.kind === 'space') i++;
      const after = this.tokens[i];
      if (after?.kind === 'declare' || after?.kind === 'assign') {
        declare.push(first.text);
        assign = after.kind === 'assign';
        this.at = i + 1;
      } else if (after?.kind === 'comma' && isRange) {
        let j = i + 1;
        while (this.tokens[j]?.kind === 'space') j++;
        const second = this.tokens[j];
        let k = j + 1;
        while (this.tokens[k]?.kind === 'space') k++;
        const op = this.tokens[k];
        if (second?.kind === 'variable' && (op?.kind === 'declare' || op?.kind === 'assign')) {
          declare.push(first.text, second.text);
          assign = op.kind === 'assign';
          this.at = k + 1;
        } else this.fail(`range can only initialize variables`, first.line);
      }
    }
    if (declare.length > 0 && !allowDeclare && !isRange) this.fail(`unexpected declaration in ${context}`);
    // As Go, a declared (or assigned) variable is in scope from here on, its own pipeline included;
    // assigning one never declared fails when the template runs.
    this.vars.push(...declare);
    const commands: Command[] = [];
    for (;;) {
      this.skipSpace();
      const token = this.peek();
      if (!token) this.fail('unclosed action');
      if (token.kind === 'close') {
        this.next();
        break;
      }
      if (token.kind === 'rightParen') this.fail(`unexpected right paren`, token.line);
      commands.push(this.parseCommand());
      this.skipSpace();
      const after = this.peek();
      if (after?.kind === 'pipe') {
        this.next();
        continue;
      }
      if (after?.kind === 'close') {
        this.next();
        break;
      }
      this.fail(`unexpected ${describe(after)} in operand`, after?.line);
    }
    if (commands.length === 0) this.fail(`missing value for ${context}`, line);
    for (const [index, command] of commands.entries()) {
      if (index === 0) continue;
      const head = command.args[0];
      if (head && ['bool', 'dot', 'nil', 'number', 'string'].includes(head.type))
        this.fail(`non executable command in pipeline stage ${index + 1}`, command.line);
    }
    return { declare, assign, commands, line };
  }

  /** One command: operands up to `|`, `)` or the end of the action. */
  private parseCommand(): Command {
    const line = this.peek()?.line ?? this.lastLine();
    const args: Operand[] = [];
    for (;;) {
      this.skipSpace();
      const token = this.peek();
      if (!token || token.kind === 'close' || token.kind === 'pipe' || token.kind === 'rightParen') break;
      const before = this.at;
      args.push(this.parseOperand());
      // Operands are separated by space.
      const following = this.peek();
      if (
        following &&
        following.kind !== 'space' &&
        following.kind !== 'close' &&
        following.kind !== 'pipe' &&
        following.kind !== 'rightParen' &&
        this.at > before
      )
        this.fail(`missing space?`, following.line);
    }
    if (args.length === 0) this.fail('empty command', line);
    return { args, line };
  }

  private parseOperand(): Operand {
    const token = this.next() as Token;
    switch (token.kind) {
      case 'field':
        return { type: 'field', names: [token.text.slice(1), ...this.fieldChain()] };
      case 'variable': {
        if (!this.vars.includes(token.text)) this.fail(`undefined variable "${token.text}"`, token.line);
        return { type: 'variable', name: token.text, names: this.fieldChain() };
      }
      case 'dot':
        if (this.peek()?.kind === 'field') this.fail(`unexpected . after term "."`, token.line);
        return { type: 'dot' };
      case 'nil':
        return { type: 'nil' };
      case 'bool':
        return { type: 'bool', value: token.text === 'true' };
      case 'string':
      case 'rawString':
        return { type: 'string', value: unquote(token.text, this.name, token.line) };
      case 'char': {
        const value = unquote(`"${token.text.slice(1, -1).replace(/"/g, '\\"')}"`, this.name, token.line);
        const codePoint = value.codePointAt(0) ?? 0;
        return { type: 'number', text: token.text, int: BigInt(codePoint), isFloat: false };
      }
      case 'number':
        return parseNumber(token, this.name);
      case 'identifier':
        if (!this.functions.has(token.text)) this.fail(`function "${token.text}" not defined`, token.line);
        return { type: 'identifier', name: token.text };
      case 'leftParen': {
        const pipe = this.parseParenPipeline(token.line);
        return { type: 'pipe', pipe, names: this.fieldChain() };
      }
      default:
        return this.fail(`unexpected ${describe(token)} in operand`, token.line);
    }
  }

  private parseParenPipeline(line: number): Pipeline {
    const commands: Command[] = [];
    const declare: string[] = [];
    for (;;) {
      this.skipSpace();
      const token = this.peek();
      if (!token || token.kind === 'close') this.fail('unclosed left paren', line);
      if (token.kind === 'rightParen') {
        this.next();
        break;
      }
      commands.push(this.parseCommand());
      this.skipSpace();
      if (this.peek()?.kind === 'pipe') this.next();
    }
    if (commands.length === 0) this.fail('missing value for parenthesized pipeline', line);
    return { declare, assign: false, commands, line };
  }

  private fieldChain(): string[] {
    const names: string[] = [];
    while (this.peek()?.kind === 'field') names.push((this.next() as Token).text.slice(1));
    return names;
  }
}

function describe(token: Token | undefined): string {
  if (!token) return 'EOF';
  if (token.kind === 'close') return '"}}"';
  return `<${token.text}>`;
}

function parseNumber(token: Token, name: string): Operand {
  const text = token.text.replace(/_/g, '');
  const fail = (): never => {
    throw new TemplateError(`template: ${name}:${token.line}: bad number syntax: "${token.text}"`);
  };
  const sign = text.startsWith('-') ? -1n : 1n;
  const body = text.replace(/^[+-]/, '');
  if (/^(0[xX][0-9a-fA-F]+|0[oO]?[0-7]*|0[bB][01]+|[1-9][0-9]*)$/.test(body)) {
    const normal = /^0[0-7]+$/.test(body) ? `0o${body.slice(1)}` : body;
    const int = sign * BigInt(normal === '0' || normal === '' ? '0' : normal);
    if (int > 2n ** 63n - 1n || int < -(2n ** 63n))
      return { type: 'number', text: token.text, float: Number(int), isFloat: true };
    return { type: 'number', text: token.text, int, isFloat: false };
  }
  if (/^([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(body)) {
    const float = Number(text);
    if (!Number.isFinite(float)) fail();
    return { type: 'number', text: token.text, float, isFloat: true };
  }
  return fail();
}

/** A Go string literal ("..." with escapes, or `raw`) as its value. */
export function unquote(literal: string, name: string, line: number): string {
  if (literal.startsWith('`')) return literal.slice(1, -1).replace(/\r/g, '');
  const body = literal.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      '\\': '\\',
      '"': '"',
      "'": "'",
      a: '\x07',
      b: '\b',
      f: '\f',
      v: '\v',
    };
    if (e !== undefined && e in simple) {
      out += simple[e];
      continue;
    }
    const hex = (length: number): void => {
      const digits = body.slice(i + 1, i + 1 + length);
      if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(digits))
        throw new TemplateError(`template: ${name}:${line}: invalid syntax`);
      out += String.fromCodePoint(Number.parseInt(digits, 16));
      i += length;
    };
    if (e === 'x') hex(2);
    else if (e === 'u') hex(4);
    else if (e === 'U') hex(8);
    else if (e !== undefined && /[0-7]/.test(e)) {
      const digits = body.slice(i, i + 3);
      out += String.fromCharCode(Number.parseInt(digits, 8));
      i += 2;
    } else throw new TemplateError(`template: ${name}:${line}: invalid syntax`);
  }
  return out;
}
