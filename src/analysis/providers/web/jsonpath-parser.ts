// The parser of client-go's JSONPath templates (k8s.io/client-go/util/jsonpath, as Argo's web
// metric uses it), followed step by step so that a template means here what it means there,
// quirks included: text outside {...} is a value, ['a.b'] is the fields a and b, [] is [0],
// .. must be followed by a field or [, and a filter's right side is parsed on its own.

export type JsonPathNode =
  | ListNode
  | { type: 'text'; text: string }
  | { type: 'field'; name: string }
  | { type: 'identifier'; name: string }
  | { type: 'array'; params: [SliceParam, SliceParam, SliceParam] }
  | { type: 'filter'; left: ListNode; right: ListNode; operator: string }
  | { type: 'int'; value: bigint }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'union'; nodes: ListNode[] };

export interface ListNode {
  type: 'list';
  nodes: JsonPathNode[];
}

/** One of a slice's start, end and step; `derived` marks an end made from an index ([n]). */
export interface SliceParam {
  value: number;
  known: boolean;
  derived: boolean;
}

export class JsonPathSyntaxError extends Error {
  override name = 'JsonPathSyntaxError';
}

const eof = -1;
const maxInt = 2n ** 63n - 1n;
const minInt = -(2n ** 63n);

const isSpace = (r: number) => r === 0x20 || r === 0x09;
const isEndOfLine = (r: number) => r === 0x0d || r === 0x0a;
const isTerminator = (r: number) =>
  isSpace(r) || isEndOfLine(r) || r === eof || '.,[]$@{}'.includes(String.fromCodePoint(r));
const isDigit = (r: number) => r !== eof && /\p{Nd}/u.test(String.fromCodePoint(r));
const isAlphaNumeric = (r: number) => r === 0x5f || (r !== eof && /[\p{L}\p{Nd}]/u.test(String.fromCodePoint(r)));

/** Go's %#U: U+0041 'A'. */
export function describeRune(r: number): string {
  const hex = `U+${r.toString(16).toUpperCase().padStart(4, '0')}`;
  const char = String.fromCodePoint(r);
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(char) ? `${hex} '${char}'` : hex;
}

/** Go's strconv.Atoi: an optional sign and ASCII digits, within int64. */
function atoi(text: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value > maxInt || value < minInt ? undefined : value;
}

/** Parses a whole template (text and {actions}) into the root list of client-go's Parser. */
export function parseJsonPathTemplate(text: string): ListNode {
  // Go reads the template as UTF-8, where a lone surrogate (from a YAML or JSON \u escape) is
  // U+FFFD; lone surrogates inside the parser stand only for bytes of \x escapes.
  return new Parser(text.toWellFormed()).parse();
}

class Parser {
  readonly #input: string;
  readonly #root: ListNode = { type: 'list', nodes: [] };
  #pos = 0;
  #start = 0;
  #width = 0;

  constructor(input: string) {
    this.#input = input;
  }

  parse(): ListNode {
    this.#parseText(this.#root);
    return this.#root;
  }

  #next(): number {
    if (this.#pos >= this.#input.length) {
      this.#width = 0;
      return eof;
    }
    const r = this.#input.codePointAt(this.#pos) as number;
    this.#width = r > 0xffff ? 2 : 1;
    this.#pos += this.#width;
    return r;
  }

  #peek(): number {
    const r = this.#next();
    this.#backup();
    return r;
  }

  #backup(): void {
    this.#pos -= this.#width;
  }

  #consumeText(): string {
    const value = this.#input.slice(this.#start, this.#pos);
    this.#start = this.#pos;
    return value;
  }

  #rest(): string {
    return this.#input.slice(this.#pos);
  }

  #parseText(cur: ListNode): void {
    for (;;) {
      if (this.#rest().startsWith('{')) {
        if (this.#pos > this.#start) cur.nodes.push({ type: 'text', text: this.#consumeText() });
        this.#parseLeftDelim(cur);
        return;
      }
      if (this.#next() === eof) break;
    }
    if (this.#pos > this.#start) cur.nodes.push({ type: 'text', text: this.#consumeText() });
  }

  #parseLeftDelim(cur: ListNode): void {
    this.#pos += 1;
    this.#consumeText();
    const list: ListNode = { type: 'list', nodes: [] };
    cur.nodes.push(list);
    this.#parseInsideAction(list);
  }

  #parseInsideAction(cur: ListNode): void {
    // client-go recurses once per token; a loop does the same without a deep stack.
    for (;;) {
      const rest = this.#rest();
      if (rest.startsWith('}')) {
        this.#pos += 1;
        this.#consumeText();
        this.#parseText(this.#root);
        return;
      }
      if (rest.startsWith('[?(')) {
        this.#parseFilter(cur);
        continue;
      }
      if (rest.startsWith('..')) {
        this.#parseRecursive(cur);
        continue;
      }
      const r = this.#next();
      if (r === eof || isEndOfLine(r)) throw new JsonPathSyntaxError('unclosed action');
      if (r === 0x20 || r === 0x40 || r === 0x24) {
        // ' ', '@', '$'
        this.#consumeText();
      } else if (r === 0x5b) {
        // '['
        this.#parseArray(cur);
      } else if (r === 0x22 || r === 0x27) {
        this.#parseQuote(cur, r);
      } else if (r === 0x2e) {
        // '.'
        this.#parseField(cur);
      } else if (r === 0x2b || r === 0x2d || isDigit(r)) {
        this.#backup();
        this.#parseNumber(cur);
      } else if (isAlphaNumeric(r)) {
        this.#backup();
        this.#parseIdentifier(cur);
      } else {
        throw new JsonPathSyntaxError(`unrecognized character in action: ${describeRune(r)}`);
      }
    }
  }

  #parseIdentifier(cur: ListNode): void {
    for (;;) {
      if (isTerminator(this.#next())) {
        this.#backup();
        break;
      }
    }
    const value = this.#consumeText();
    cur.nodes.push(
      value === 'true' || value === 'false'
        ? { type: 'bool', value: value === 'true' }
        : { type: 'identifier', name: value },
    );
  }

  #parseRecursive(cur: ListNode): void {
    if (cur.nodes.at(-1)?.type === 'recursive') throw new JsonPathSyntaxError('invalid multiple recursive descent');
    this.#pos += 2;
    this.#consumeText();
    cur.nodes.push({ type: 'recursive' });
    if (isAlphaNumeric(this.#peek())) this.#parseField(cur);
  }

  #parseNumber(cur: ListNode): void {
    const first = this.#peek();
    if (first === 0x2b || first === 0x2d) this.#next();
    for (;;) {
      const r = this.#next();
      if (r !== 0x2e && !isDigit(r)) {
        this.#backup();
        break;
      }
    }
    const value = this.#consumeText();
    const integer = atoi(value);
    if (integer !== undefined) {
      cur.nodes.push({ type: 'int', value: integer });
    } else if (/^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)$/.test(value)) {
      cur.nodes.push({ type: 'float', value: Number(value) });
    } else {
      throw new JsonPathSyntaxError(`cannot parse number ${value}`);
    }
  }

  #parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.#next();
      if (r === eof || r === 0x0a) throw new JsonPathSyntaxError('unterminated array');
      if (r === 0x5d) break;
    }
    let text = this.#consumeText().slice(1, -1);
    if (text === '*') text = ':';
    const parts = text.split(',');
    if (parts.length > 1) {
      cur.nodes.push({ type: 'union', nodes: parts.map((part) => parseAction(`[${part.replace(/^ +| +$/g, '')}]`)) });
      return;
    }
    const key = /^'([^']*)'$/.exec(text);
    if (key) {
      cur.nodes.push(...parseAction(`.${key[1]}`).nodes);
      return;
    }
    const slice = /^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$/.exec(text);
    if (!slice) throw new JsonPathSyntaxError(`invalid array index ${text}`);
    const params: [SliceParam, SliceParam, SliceParam] = [0, 1, 2].map(() => ({
      value: 0,
      known: false,
      derived: false,
    })) as never;
    for (let index = 0; index < 3; index++) {
      let part = slice[index + 1] ?? '';
      const param = params[index] as SliceParam;
      if (part !== '') {
        if (index > 0) part = part.slice(1);
        if (index > 0 && part === '') continue;
        const value = atoi(part);
        if (value === undefined) throw new JsonPathSyntaxError(`array index ${part} is not a number`);
        param.known = true;
        param.value = Number(value);
      } else if (index === 1) {
        param.known = true;
        param.value = params[0].value + 1;
        param.derived = true;
      }
    }
    cur.nodes.push({ type: 'array', params });
  }

  #parseFilter(cur: ListNode): void {
    this.#pos += 3;
    this.#consumeText();
    let begin = false;
    let end = false;
    let pair = 0;
    for (;;) {
      const r = this.#next();
      if (r === eof || r === 0x0a) throw new JsonPathSyntaxError('unterminated filter');
      if (r === 0x22 || r === 0x27) {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.#input[this.#pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === 0x29 && begin === end) {
        // ')'
        break;
      }
    }
    if (this.#next() !== 0x5d) throw new JsonPathSyntaxError('unclosed array expect ]');
    const text = this.#consumeText().slice(0, -2);
    const comparison = /^([^!<>=]+)([!<>=]+)([^\n]+?)$/.exec(text);
    if (!comparison) {
      cur.nodes.push({
        type: 'filter',
        left: parseAction(text),
        right: { type: 'list', nodes: [] },
        operator: 'exists',
      });
      return;
    }
    const left = parseAction(comparison[1] as string);
    const right = parseAction(comparison[3] as string);
    cur.nodes.push({ type: 'filter', left, right, operator: comparison[2] as string });
  }

  #parseQuote(cur: ListNode, quote: number): void {
    for (;;) {
      const r = this.#next();
      if (r === eof || r === 0x0a) throw new JsonPathSyntaxError('unterminated quoted string');
      if (r === quote && this.#input[this.#pos - 2] !== '\\') break;
    }
    const value = this.#consumeText();
    cur.nodes.push({ type: 'text', text: unquote(value) });
  }

  #parseField(cur: ListNode): void {
    this.#consumeText();
    while (this.#advance());
    const value = this.#consumeText();
    cur.nodes.push(value === '*' ? { type: 'wildcard' } : { type: 'field', name: value.replaceAll('\\', '') });
  }

  #advance(): boolean {
    const r = this.#next();
    if (r === 0x5c) {
      this.#next();
    } else if (isTerminator(r)) {
      this.#backup();
      return false;
    }
    return true;
  }
}

/** client-go's parseAction: `text` parsed as the one action `{text}`. */
function parseAction(text: string): ListNode {
  return new Parser(`{${text}}`).parse().nodes[0] as ListNode;
}

/**
 * client-go's UnquoteExtend (strconv.Unquote that also takes single quotes). A \x or octal
 * escape is one byte, as in Go; a byte that is not part of UTF-8 becomes a lone surrogate
 * (U+DC00 + byte), equal to no JSON string, which goJson writes as Go does: \ufffd.
 */
function unquote(quoted: string): string {
  const invalid = () => new JsonPathSyntaxError(`unquote string ${quoted} error invalid syntax`);
  const quote = quoted[0] as string;
  const body = quoted.slice(1, -1);
  if (quoted.length < 2 || quoted.at(-1) !== quote) throw invalid();
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  const text = (chars: string) => bytes.push(...encoder.encode(chars));
  const simple: Record<string, string> = {
    a: '\x07',
    b: '\b',
    f: '\f',
    n: '\n',
    r: '\r',
    t: '\t',
    v: '\v',
    '\\': '\\',
  };
  for (let index = 0; index < body.length; ) {
    const char = body[index] as string;
    if (char === quote) throw invalid();
    if (char !== '\\') {
      const code = body.codePointAt(index) as number;
      text(String.fromCodePoint(code));
      index += code > 0xffff ? 2 : 1;
      continue;
    }
    const escape = body[index + 1];
    if (escape === undefined) throw invalid();
    index += 2;
    if (simple[escape] !== undefined) {
      text(simple[escape]);
    } else if (escape === "'" || escape === '"') {
      if (escape !== quote) throw invalid();
      text(escape);
    } else if (escape === 'x' || escape === 'u' || escape === 'U') {
      const size = escape === 'x' ? 2 : escape === 'u' ? 4 : 8;
      const digits = body.slice(index, index + size);
      if (!new RegExp(`^[0-9a-fA-F]{${size}}$`).test(digits)) throw invalid();
      const code = parseInt(digits, 16);
      if (escape === 'x') bytes.push(code);
      else if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw invalid();
      else text(String.fromCodePoint(code));
      index += size;
    } else if (/[0-7]/.test(escape)) {
      const digits = escape + body.slice(index, index + 2);
      if (!/^[0-7]{3}$/.test(digits) || parseInt(digits, 8) > 255) throw invalid();
      bytes.push(parseInt(digits, 8));
      index += 2;
    } else {
      throw invalid();
    }
  }
  return decodeBytes(bytes);
}

/** Go's utf8.DecodeRune over `bytes`, each invalid byte kept as U+DC00 + byte. */
function decodeBytes(bytes: number[]): string {
  let out = '';
  for (let index = 0; index < bytes.length; ) {
    const lead = bytes[index] as number;
    const size =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0;
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    let valid = size > 0 && index + size <= bytes.length;
    for (let k = 1; valid && k < size; k++) {
      const byte = bytes[index + k] as number;
      valid = k === 1 ? byte >= low && byte <= high : byte >= 0x80 && byte <= 0xbf;
    }
    if (!valid) {
      out += String.fromCharCode(0xdc00 + lead);
      index++;
      continue;
    }
    out += new TextDecoder().decode(new Uint8Array(bytes.slice(index, index + size)));
    index += size;
  }
  return out;
}
