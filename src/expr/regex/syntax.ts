// Parses Go RE2 regular expression syntax into a small tree. Constructs RE2 refuses
// (backreferences, lookaround, possessive or nested repetition) are refused here too,
// with RE2's reasons, so a pattern accepted by Argo is accepted here and vice versa.

export type CharTest = (codePoint: number) => boolean;

export type Regex =
  | { kind: 'empty' }
  | { kind: 'char'; test: CharTest }
  | { kind: 'assert'; assertion: Assertion }
  | { kind: 'concat'; items: Regex[] }
  | { kind: 'alternate'; items: Regex[] }
  | { kind: 'repeat'; item: Regex; min: number; max: number };

export type Assertion = 'text-start' | 'text-end' | 'line-start' | 'line-end' | 'word-boundary' | 'not-word-boundary';

export class RegexSyntaxError extends Error {
  override readonly name = 'RegexSyntaxError';
}

interface Flags { caseInsensitive: boolean; multiLine: boolean; dotAll: boolean }

const maxRepeat = 1000;

const isWordCodePoint: CharTest = (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isDigitCodePoint: CharTest = (c) => c >= 48 && c <= 57;
const isSpaceCodePoint: CharTest = (c) => c === 9 || c === 10 || c === 12 || c === 13 || c === 32;

export { isWordCodePoint };

const posixClasses: Record<string, CharTest> = {
  alnum: (c) => isDigitCodePoint(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  alpha: (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  ascii: (c) => c <= 0x7f,
  blank: (c) => c === 9 || c === 32,
  cntrl: (c) => c <= 0x1f || c === 0x7f,
  digit: isDigitCodePoint,
  graph: (c) => c >= 0x21 && c <= 0x7e,
  lower: (c) => c >= 97 && c <= 122,
  print: (c) => c >= 0x20 && c <= 0x7e,
  punct: (c) => (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e),
  space: (c) => isSpaceCodePoint(c) || c === 11,
  upper: (c) => c >= 65 && c <= 90,
  word: isWordCodePoint,
  xdigit: (c) => isDigitCodePoint(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
};

function unicodeClass(name: string): CharTest {
  if (!/^[A-Za-z_]+$/.test(name)) throw new RegexSyntaxError(`invalid character class range: \\p{${name}}`);
  for (const property of [name, `Script=${name}`]) {
    try {
      const pattern = new RegExp(`^\\p{${property}}$`, 'u');
      return (c) => pattern.test(String.fromCodePoint(c));
    } catch {
      // try the next spelling
    }
  }
  throw new RegexSyntaxError(`invalid character class range: \\p{${name}}`);
}

function foldCase(test: CharTest): CharTest {
  return (c) => {
    if (test(c)) return true;
    const text = String.fromCodePoint(c);
    for (const other of [text.toLowerCase(), text.toUpperCase()]) {
      const code = other.codePointAt(0) as number;
      if (other.length === text.length && code !== c && test(code)) return true;
    }
    return false;
  };
}

export function parseRegex(pattern: string): Regex {
  return new RegexParser(Array.from(pattern)).parseAll();
}

class RegexParser {
  private i = 0;
  private readonly chars: string[];
  constructor(chars: string[]) {
    this.chars = chars;
  }

  private get current(): string | undefined {
    return this.chars[this.i];
  }

  private fail(message: string): never {
    throw new RegexSyntaxError(message);
  }

  parseAll(): Regex {
    const regex = this.parseAlternation({ caseInsensitive: false, multiLine: false, dotAll: false }, 0);
    if (this.current === ')') this.fail('unexpected ): missing opening (');
    return regex;
  }

  private parseAlternation(flags: Flags, depth: number): Regex {
    if (depth > 100) this.fail('expression nests too deeply');
    const branches: Regex[] = [this.parseConcat(flags, depth)];
    while (this.current === '|') {
      this.i++;
      branches.push(this.parseConcat(flags, depth));
    }
    return branches.length === 1 ? (branches[0] as Regex) : { kind: 'alternate', items: branches };
  }

  private parseConcat(flags: Flags, depth: number): Regex {
    const items: Regex[] = [];
    while (this.current !== undefined && this.current !== '|' && this.current !== ')') {
      if (this.current === '(' && this.chars[this.i + 1] === '?' && this.isFlagGroupWithoutBody()) {
        this.applyFlags(flags);
        continue;
      }
      const atom = this.parseAtom(flags, depth);
      items.push(this.parseQuantifiers(atom));
    }
    return items.length === 1 ? (items[0] as Regex) : { kind: 'concat', items };
  }

  private isFlagGroupWithoutBody(): boolean {
    let j = this.i + 2;
    while (j < this.chars.length && /[imsU-]/.test(this.chars[j] as string)) j++;
    return this.chars[j] === ')';
  }

  private applyFlags(flags: Flags): void {
    this.i += 2;
    let on = true;
    while (this.current !== ')' && this.current !== ':') {
      const flag = this.current;
      if (flag === '-') on = false;
      else if (flag === 'i') flags.caseInsensitive = on;
      else if (flag === 'm') flags.multiLine = on;
      else if (flag === 's') flags.dotAll = on;
      else if (flag !== 'U') this.fail('invalid or unsupported Perl syntax');
      this.i++;
    }
    this.i++;
  }

  private parseQuantifiers(atom: Regex): Regex {
    const quantified = this.parseQuantifier(atom);
    if (quantified === atom) return atom;
    if (this.current === '?') this.i++; // non-greedy: the same language, so the same answer to "matches"
    if (this.parseQuantifier(quantified) !== quantified) this.fail('invalid nested repetition operator');
    return quantified;
  }

  private parseQuantifier(atom: Regex): Regex {
    const char = this.current;
    const bounds = char === '*' ? [0, Infinity] : char === '+' ? [1, Infinity] : char === '?' ? [0, 1] : undefined;
    if (bounds) {
      if (atom.kind === 'empty') this.fail(`missing argument to repetition operator: ${char}`);
      this.i++;
      return { kind: 'repeat', item: atom, min: bounds[0] as number, max: bounds[1] as number };
    }
    if (char !== '{') return atom;
    const rest = this.chars.slice(this.i).join('');
    const match = /^\{(\d+)(,(\d*))?\}/.exec(rest);
    if (!match) return atom; // a `{` that does not start a count is a literal
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
    if (min > maxRepeat || (max !== Infinity && (max > maxRepeat || max < min))) this.fail(`invalid repeat count: ${match[0]}`);
    if (atom.kind === 'empty') this.fail(`missing argument to repetition operator: ${match[0]}`);
    this.i += Array.from(match[0]).length;
    return { kind: 'repeat', item: atom, min, max };
  }

  private parseAtom(flags: Flags, depth: number): Regex {
    const char = this.current as string;
    switch (char) {
      case '(': return this.parseGroup(flags, depth);
      case '[': return this.charNode(this.parseClass(), flags);
      case '.': {
        this.i++;
        const dotAll = flags.dotAll;
        return { kind: 'char', test: (c) => dotAll || c !== 10 };
      }
      case '^':
        this.i++;
        return { kind: 'assert', assertion: flags.multiLine ? 'line-start' : 'text-start' };
      case '$':
        this.i++;
        return { kind: 'assert', assertion: flags.multiLine ? 'line-end' : 'text-end' };
      case '*': case '+': case '?':
        return this.fail(`missing argument to repetition operator: ${char}`);
      case '\\': return this.parseEscape(flags);
      default: {
        this.i++;
        const code = char.codePointAt(0) as number;
        return this.charNode((c) => c === code, flags);
      }
    }
  }

  private charNode(test: CharTest, flags: Flags): Regex {
    return { kind: 'char', test: flags.caseInsensitive ? foldCase(test) : test };
  }

  private parseGroup(flags: Flags, depth: number): Regex {
    this.i++;
    const inner: Flags = { ...flags };
    if (this.current === '?') {
      const next = this.chars[this.i + 1];
      if (next === 'P' || (next === '<' && this.chars[this.i + 2] !== '=' && this.chars[this.i + 2] !== '!')) {
        const rest = this.chars.slice(this.i).join('');
        const named = /^\?P?<([A-Za-z0-9_]+)>/.exec(rest);
        if (!named) this.fail(`invalid named capture: ${rest.slice(0, 20)}`);
        this.i += named[0].length;
      } else if (next === ':' ) {
        this.i += 2;
      } else if (next !== undefined && /[imsU-]/.test(next)) {
        this.applyFlagsScoped(inner);
      } else {
        this.fail('invalid or unsupported Perl syntax');
      }
    }
    const body = this.parseAlternation(inner, depth + 1);
    if (this.current !== ')') this.fail('missing closing ): unterminated group');
    this.i++;
    return body;
  }

  private applyFlagsScoped(flags: Flags): void {
    this.i--; // applyFlags expects to stand on '('
    this.applyFlags(flags);
    if (this.chars[this.i - 1] !== ':') this.fail('invalid or unsupported Perl syntax');
  }

  private parseEscape(flags: Flags): Regex {
    this.i++;
    const char = this.current;
    if (char === undefined) this.fail('trailing backslash at end of expression');
    switch (char) {
      case 'A': this.i++; return { kind: 'assert', assertion: 'text-start' };
      case 'z': this.i++; return { kind: 'assert', assertion: 'text-end' };
      case 'b': this.i++; return { kind: 'assert', assertion: 'word-boundary' };
      case 'B': this.i++; return { kind: 'assert', assertion: 'not-word-boundary' };
      case 'Q': {
        this.i++;
        const items: Regex[] = [];
        while (this.current !== undefined && !(this.current === '\\' && this.chars[this.i + 1] === 'E')) {
          const code = this.current.codePointAt(0) as number;
          items.push(this.charNode((c) => c === code, flags));
          this.i++;
        }
        if (this.current !== undefined) this.i += 2;
        return { kind: 'concat', items };
      }
      default: {
        const escaped = this.parseEscapedChar();
        return this.charNode(typeof escaped === 'number' ? (c) => c === escaped : escaped, flags);
      }
    }
  }

  /** An escape that stands for one character or a class of them (also valid inside []). */
  private parseEscapedChar(): number | CharTest {
    const char = this.current as string;
    this.i++;
    const perl: Record<string, CharTest> = {
      d: isDigitCodePoint, D: (c) => !isDigitCodePoint(c),
      s: isSpaceCodePoint, S: (c) => !isSpaceCodePoint(c),
      w: isWordCodePoint, W: (c) => !isWordCodePoint(c),
    };
    const perlClass = perl[char];
    if (perlClass) return perlClass;
    if (char === 'p' || char === 'P') {
      let name: string;
      if (this.current === '{') {
        const close = this.chars.indexOf('}', this.i);
        if (close < 0) this.fail('invalid character class range: missing }');
        name = this.chars.slice(this.i + 1, close).join('');
        this.i = close + 1;
      } else {
        name = this.current ?? '';
        this.i++;
      }
      const negated = name.startsWith('^') !== (char === 'P');
      const test = unicodeClass(name.replace(/^\^/, ''));
      return negated ? (c) => !test(c) : test;
    }
    const controls: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };
    if (controls[char] !== undefined) {
      return controls[char] as number;
    }
    if (char === 'x') {
      let digits: string;
      if (this.current === '{') {
        const close = this.chars.indexOf('}', this.i);
        digits = close < 0 ? '' : this.chars.slice(this.i + 1, close).join('');
        this.i = close + 1;
      } else {
        digits = this.chars.slice(this.i, this.i + 2).join('');
        this.i += 2;
      }
      const code = /^[0-9a-fA-F]{1,6}$/.test(digits) ? parseInt(digits, 16) : NaN;
      if (!(code <= 0x10ffff)) this.fail('invalid escape sequence: \\x');
      return code;
    }
    if (/[0-7]/.test(char)) {
      let digits = char;
      while (digits.length < 3 && this.current !== undefined && /[0-7]/.test(this.current)) digits += this.chars[this.i++];
      if (char !== '0' && digits.length === 1) this.fail(`invalid escape sequence: \\${char}`); // backreference
      return parseInt(digits, 8);
    }
    if (/[\p{L}\p{N}]/u.test(char)) this.fail(`invalid escape sequence: \\${char}`);
    return char.codePointAt(0) as number;
  }

  private parseClass(): CharTest {
    this.i++;
    let negated = false;
    if (this.current === '^') {
      negated = true;
      this.i++;
    }
    const items: CharTest[] = [];
    let first = true;
    while (this.current !== ']' || first) {
      if (this.current === undefined) this.fail('missing closing ]');
      first = false;
      if (this.current === '[' && this.chars[this.i + 1] === ':') {
        const rest = this.chars.slice(this.i).join('');
        const posix = /^\[:(\^?)([a-z]+):\]/.exec(rest);
        const test = posix ? posixClasses[posix[2] as string] : undefined;
        if (posix && test) {
          items.push(posix[1] ? (c) => !test(c) : test);
          this.i += posix[0].length;
          continue;
        }
        if (posix) this.fail(`invalid character class range: ${posix[0]}`);
      }
      const low = this.classChar();
      if (typeof low === 'function') {
        items.push(low);
        continue;
      }
      if (this.current === '-' && this.chars[this.i + 1] !== ']' && this.chars[this.i + 1] !== undefined) {
        this.i++;
        const high = this.classChar();
        if (typeof high === 'function' || high < low) this.fail('invalid character class range');
        items.push((c) => c >= low && c <= high);
      } else {
        items.push((c) => c === low);
      }
    }
    this.i++;
    const test: CharTest = (c) => items.some((item) => item(c));
    return negated ? (c) => !test(c) : test;
  }

  private classChar(): number | CharTest {
    const char = this.current as string;
    if (char !== '\\') {
      this.i++;
      return char.codePointAt(0) as number;
    }
    this.i++;
    if (this.current === undefined) this.fail('missing closing ]');
    return this.parseEscapedChar();
  }
}
