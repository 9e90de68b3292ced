// Kubernetes-style JSONPath ({$.data.ok}) over decoded JSON, as Argo's web metric uses it. A
// subset, interpreted (nothing is executed): $ and @, .field, ['field'], [n], [-n], [a:b], [*],
// .*, ..field (recursive), [0,2] unions and filters [?(@.x == "y")] with == != < <= > >= or a
// bare @.x (present and not false/null). The template is one {...} expression.

type Segment =
  | { kind: 'field'; name: string }
  | { kind: 'recursive'; name: string | '*' }
  | { kind: 'wildcard' }
  | { kind: 'index'; indexes: number[] }
  | { kind: 'slice'; start?: number; end?: number; step?: number }
  | { kind: 'filter'; path: Segment[]; operator?: string; literal?: unknown };

export class JsonPathError extends Error {
  override name = 'JsonPathError';
}

export interface CompiledJsonPath {
  readonly source: string;
  /** Every value the path selects, in document order; throws JsonPathError when a field is missing. */
  find(document: unknown): unknown[];
}

/** Parses `{$.a.b}`; throws JsonPathError for a malformed path, with where and what to write. */
export function compileJsonPath(source: string): CompiledJsonPath {
  const trimmed = source.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) {
    throw new JsonPathError(`jsonPath "${source}" must be written in braces, e.g. {$.data.ok}`);
  }
  const body = trimmed.slice(1, -1).trim();
  const reader = new Reader(body, source);
  const segments = reader.path(true);
  reader.end();
  return { source, find: (document) => select([document], segments) };
}

function select(input: unknown[], segments: readonly Segment[]): unknown[] {
  let current = input;
  for (const segment of segments) {
    const next = step(current, segment);
    if (next.length === 0 && current.length > 0 && segment.kind === 'field') {
      throw new JsonPathError(`${segment.name} is not found`);
    }
    current = next;
  }
  return current;
}

function step(values: unknown[], segment: Segment): unknown[] {
  const out: unknown[] = [];
  for (const value of values) {
    switch (segment.kind) {
      case 'field':
        if (isObject(value) && Object.hasOwn(value, segment.name)) out.push(value[segment.name]);
        break;
      case 'wildcard':
        if (Array.isArray(value)) out.push(...value);
        else if (isObject(value)) out.push(...Object.keys(value).sort().map((key) => value[key]));
        break;
      case 'index':
        if (!Array.isArray(value)) break;
        for (const index of segment.indexes) {
          const at = index < 0 ? value.length + index : index;
          if (at < 0 || at >= value.length) throw new JsonPathError(`array index ${index} is out of bounds (length ${value.length})`);
          out.push(value[at]);
        }
        break;
      case 'slice':
        if (Array.isArray(value)) out.push(...slice(value, segment));
        break;
      case 'recursive':
        collect(value, segment.name, out);
        break;
      case 'filter':
        if (Array.isArray(value)) out.push(...value.filter((item) => matches(item, segment)));
        break;
    }
  }
  return out;
}

function slice(array: unknown[], { start, end, step: stride }: { start?: number; end?: number; step?: number }): unknown[] {
  const by = stride ?? 1;
  if (by <= 0) throw new JsonPathError('a slice step must be more than 0');
  const clamp = (index: number) => Math.min(Math.max(index < 0 ? array.length + index : index, 0), array.length);
  const from = clamp(start ?? 0);
  const to = clamp(end ?? array.length);
  const out: unknown[] = [];
  for (let index = from; index < to; index += by) out.push(array[index]);
  return out;
}

function collect(value: unknown, name: string, out: unknown[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, name, out);
    return;
  }
  if (!isObject(value)) return;
  for (const key of Object.keys(value)) {
    if (name === '*' || key === name) out.push(value[key]);
  }
  for (const key of Object.keys(value)) collect(value[key], name, out);
}

function matches(item: unknown, filter: Extract<Segment, { kind: 'filter' }>): boolean {
  let found: unknown[];
  try {
    found = select([item], filter.path);
  } catch {
    return false;
  }
  if (found.length === 0) return false;
  const left = found[0];
  if (filter.operator === undefined) return left !== null && left !== false && left !== undefined;
  const right = filter.literal;
  switch (filter.operator) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    default: {
      if (typeof left !== typeof right || (typeof left !== 'number' && typeof left !== 'string')) return false;
      const a = left as number | string;
      const b = right as number | string;
      if (filter.operator === '<') return a < b;
      if (filter.operator === '<=') return a <= b;
      if (filter.operator === '>') return a > b;
      return a >= b;
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Reader {
  #position = 0;
  readonly #text: string;
  readonly #source: string;

  constructor(text: string, source: string) {
    this.#text = text;
    this.#source = source;
  }

  /** A path from `$` / `@` (or a leading `.`, as kubectl allows). */
  path(top: boolean): Segment[] {
    const root = this.#text[this.#position];
    if (root === '$' || root === '@') this.#position++;
    else if (root !== '.' && root !== '[' && !(top && this.#position >= this.#text.length)) this.#fail(`expected $ or a field such as .data`);
    const segments: Segment[] = [];
    for (;;) {
      const char = this.#text[this.#position];
      if (char === '.') {
        if (this.#text[this.#position + 1] === '.') {
          this.#position += 2;
          const name = this.#text[this.#position] === '*' ? (this.#position++, '*') : this.#name();
          segments.push({ kind: 'recursive', name });
        } else {
          this.#position++;
          if (this.#text[this.#position] === '*') {
            this.#position++;
            segments.push({ kind: 'wildcard' });
          } else if (this.#position < this.#text.length && this.#text[this.#position] !== '[') {
            segments.push({ kind: 'field', name: this.#name() });
          }
        }
      } else if (char === '[') {
        segments.push(this.#bracket());
      } else {
        return segments;
      }
    }
  }

  end(): void {
    if (this.#position < this.#text.length) this.#fail(`unexpected "${this.#text.slice(this.#position)}"`);
  }

  #name(): string {
    const match = /^[^.[\]\s()=!<>,'"]+/.exec(this.#text.slice(this.#position));
    if (!match) this.#fail('expected a field name');
    this.#position += match[0].length;
    return match[0];
  }

  #bracket(): Segment {
    this.#position++;
    this.#skipSpace();
    const char = this.#text[this.#position];
    let segment: Segment;
    if (char === '*') {
      this.#position++;
      segment = { kind: 'wildcard' };
    } else if (char === '?') {
      segment = this.#filter();
    } else if (char === "'" || char === '"') {
      segment = { kind: 'field', name: this.#quoted() };
    } else {
      segment = this.#indexOrSlice();
    }
    this.#skipSpace();
    this.#expect(']');
    return segment;
  }

  #indexOrSlice(): Segment {
    const match = /^(-?\d*)\s*(?::\s*(-?\d*)\s*(?::\s*(-?\d*))?)?/.exec(this.#text.slice(this.#position));
    const whole = match?.[0] ?? '';
    if (!match || whole.trim() === '') this.#fail('expected an index, a slice, *, a quoted field or a filter');
    this.#position += whole.length;
    const number = (text: string | undefined) => (text === undefined || text === '' ? undefined : Number(text));
    if (whole.includes(':')) {
      const start = number(match[1]);
      const end = number(match[2]);
      const step = number(match[3]);
      return { kind: 'slice', ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }), ...(step === undefined ? {} : { step }) };
    }
    const indexes = [Number(match[1])];
    for (;;) {
      this.#skipSpace();
      if (this.#text[this.#position] !== ',') break;
      this.#position++;
      this.#skipSpace();
      const next = /^-?\d+/.exec(this.#text.slice(this.#position))?.[0];
      if (next === undefined) this.#fail('expected an index after ","');
      this.#position += next.length;
      indexes.push(Number(next));
    }
    return { kind: 'index', indexes };
  }

  #filter(): Segment {
    this.#position++;
    this.#expect('(');
    this.#skipSpace();
    if (this.#text[this.#position] !== '@') this.#fail('a filter starts with @, e.g. [?(@.status == "ok")]');
    const path = this.path(false);
    this.#skipSpace();
    const operator = /^(==|!=|<=|>=|<|>)/.exec(this.#text.slice(this.#position))?.[0];
    let literal: unknown;
    if (operator) {
      this.#position += operator.length;
      this.#skipSpace();
      literal = this.#literal();
      this.#skipSpace();
    }
    this.#expect(')');
    return { kind: 'filter', path, ...(operator ? { operator, literal } : {}) };
  }

  #literal(): unknown {
    const char = this.#text[this.#position];
    if (char === "'" || char === '"') return this.#quoted();
    const match = /^(true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.#text.slice(this.#position));
    if (!match) this.#fail('expected a string, a number, true, false or null');
    this.#position += match[0].length;
    return match[0] === 'true' ? true : match[0] === 'false' ? false : match[0] === 'null' ? null : Number(match[0]);
  }

  #quoted(): string {
    const quote = this.#text[this.#position];
    let out = '';
    for (let index = this.#position + 1; index < this.#text.length; index++) {
      const char = this.#text[index];
      if (char === '\\' && index + 1 < this.#text.length) {
        out += this.#text[index + 1];
        index++;
      } else if (char === quote) {
        this.#position = index + 1;
        return out;
      } else {
        out += char;
      }
    }
    return this.#fail('a quoted string is not closed');
  }

  #expect(char: string): void {
    if (this.#text[this.#position] !== char) this.#fail(`expected "${char}"`);
    this.#position++;
  }

  #skipSpace(): void {
    while (/\s/.test(this.#text[this.#position] ?? '')) this.#position++;
  }

  #fail(message: string): never {
    throw new JsonPathError(`jsonPath "${this.#source}": ${message} at offset ${this.#position + 1}`);
  }
}
