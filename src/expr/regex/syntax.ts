// Parses Go RE2 regular expression syntax (regexp.Compile: Perl flags) into a small tree.
// Constructs RE2 refuses (backreferences, lookaround, possessive or nested repetition) are
// refused here too, with RE2's reasons, so a pattern accepted by Argo is accepted here and vice
// versa. The character sets and case folding are in classes.ts.

import { charSet, isWordCodePoint, perlClasses, posixClasses, unicodeClass, type CharTest } from './classes.ts';

export { isWordCodePoint, type CharTest };

export type Regex =
  | { kind: 'empty' }
  | { kind: 'char'; test: CharTest }
  | { kind: 'assert'; assertion: Assertion }
  | { kind: 'concat'; items: Regex[] }
  | { kind: 'alternate'; items: Regex[] }
  | { kind: 'repeat'; item: Regex; min: number; max: number; counted: boolean };

export type Assertion = 'text-start' | 'text-end' | 'line-start' | 'line-end' | 'word-boundary' | 'not-word-boundary';

export class RegexSyntaxError extends Error {
  override readonly name = 'RegexSyntaxError';
}

interface Flags {
  caseInsensitive: boolean;
  multiLine: boolean;
  dotAll: boolean;
}

/** A set of characters before case folding and negation are applied. */
interface CharItem {
  test: CharTest;
  negated: boolean;
  folds: boolean;
}

const maxRepeat = 1000;
const maxDepth = 1000;

export function parseRegex(pattern: string): Regex {
  return new RegexParser(Array.from(pattern)).parseAll();
}

/** Go's repeatIsValid: nested counted repetitions may not make more than 1000 copies. */
function repeatIsValid(node: Regex, budget: number): boolean {
  if (node.kind === 'repeat' && node.counted) {
    const copies = node.max === Infinity ? node.min : node.max;
    if (copies === 0) return true;
    if (copies > budget) return false;
    budget = Math.floor(budget / copies);
  }
  if (node.kind === 'repeat') return repeatIsValid(node.item, budget);
  if (node.kind === 'concat' || node.kind === 'alternate')
    return node.items.every((item) => repeatIsValid(item, budget));
  return true;
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
    if (depth > maxDepth) this.fail('expression nests too deeply');
    const branches: Regex[] = [this.parseConcat(flags, depth)];
    while (this.current === '|') {
      this.i++;
      branches.push(this.parseConcat(flags, depth));
    }
    return branches.length === 1 ? (branches[0] as Regex) : { kind: 'alternate', items: branches };
  }

  /** A run of atoms; a repetition operator applies to the item before it, as on Go's stack. */
  private parseConcat(flags: Flags, depth: number): Regex {
    const items: Regex[] = [];
    let lastWasRepeat = false;
    while (this.current !== undefined && this.current !== '|' && this.current !== ')') {
      const repeated = this.parseRepetition(items, lastWasRepeat);
      if (repeated !== undefined) {
        lastWasRepeat = repeated;
        continue;
      }
      lastWasRepeat = false;
      if (this.current === '(' && this.chars[this.i + 1] === '?' && this.isFlagGroupWithoutBody()) {
        this.applyFlags(flags);
        continue;
      }
      items.push(...this.parseAtom(flags, depth));
    }
    return items.length === 1 ? (items[0] as Regex) : { kind: 'concat', items };
  }

  /**
   * When a repetition operator stands here, applies it to the last item and returns true; a `{`
   * that does not start a count returns undefined (it is a literal). Otherwise undefined.
   */
  private parseRepetition(items: Regex[], lastWasRepeat: boolean): boolean | undefined {
    const char = this.current;
    let bounds: [number, number] | undefined;
    let text = char as string;
    if (char === '*') bounds = [0, Infinity];
    else if (char === '+') bounds = [1, Infinity];
    else if (char === '?') bounds = [0, 1];
    else if (char === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.chars.slice(this.i, this.i + 24).join(''));
      if (!match) return undefined;
      text = match[0];
      const min = Number(match[1]);
      const max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
      if (min > maxRepeat || (max !== Infinity && (max > maxRepeat || max < min)))
        this.fail(`invalid repeat count ${text}`);
      bounds = [min, max];
    } else {
      return undefined;
    }
    this.i += text.length;
    if (this.current === '?') {
      this.i++; // non-greedy: the same language, so the same answer to "matches"
      text += '?';
    }
    if (lastWasRepeat) this.fail(`invalid nested repetition operator ${text}`);
    const item = items.pop();
    if (item === undefined) this.fail(`missing argument to repetition operator ${text}`);
    const node: Regex = { kind: 'repeat', item, min: bounds[0], max: bounds[1], counted: char === '{' };
    if (char === '{' && (bounds[0] >= 2 || bounds[1] >= 2) && !repeatIsValid(node, maxRepeat))
      this.fail(`invalid repeat count ${text}`);
    items.push(node);
    return true;
  }

  private isFlagGroupWithoutBody(): boolean {
    let j = this.i + 2;
    while (j < this.chars.length && /[imsU-]/.test(this.chars[j] as string)) j++;
    return this.chars[j] === ')';
  }

  /** Reads `(?flags)` or `(?flags:` from the `(`, setting `flags`; Go's rules for `-`. */
  private applyFlags(flags: Flags): void {
    const start = this.i;
    this.i += 2;
    let on = true;
    let sawFlag = false;
    const invalid = () =>
      this.fail(`invalid or unsupported Perl syntax ${this.chars.slice(start, this.i + 1).join('')}`);
    while (this.current !== ')' && this.current !== ':') {
      const flag = this.current;
      if (flag === '-') {
        if (!on) invalid();
        on = false;
        sawFlag = false;
      } else if (flag === 'i') flags.caseInsensitive = on;
      else if (flag === 'm') flags.multiLine = on;
      else if (flag === 's') flags.dotAll = on;
      else if (flag !== 'U') invalid();
      if (flag !== '-') sawFlag = true;
      this.i++;
    }
    if (!on && !sawFlag) invalid();
    this.i++;
  }

  private parseAtom(flags: Flags, depth: number): Regex[] {
    const char = this.current as string;
    switch (char) {
      case '(':
        return [this.parseGroup(flags, depth)];
      case '[':
        return [{ kind: 'char', test: this.parseClass(flags.caseInsensitive) }];
      case '.': {
        this.i++;
        const dotAll = flags.dotAll;
        return [{ kind: 'char', test: (c) => dotAll || c !== 10 }];
      }
      case '^':
        this.i++;
        return [{ kind: 'assert', assertion: flags.multiLine ? 'line-start' : 'text-start' }];
      case '$':
        this.i++;
        return [{ kind: 'assert', assertion: flags.multiLine ? 'line-end' : 'text-end' }];
      case '\\':
        return this.parseEscape(flags);
      default: {
        this.i++;
        return [literal(char, flags)];
      }
    }
  }

  private parseGroup(flags: Flags, depth: number): Regex {
    const start = this.i;
    this.i++;
    const inner: Flags = { ...flags };
    if (this.current === '?') {
      const next = this.chars[this.i + 1];
      if (next === 'P' || (next === '<' && this.chars[this.i + 2] !== '=' && this.chars[this.i + 2] !== '!')) {
        const rest = this.chars.slice(this.i, this.i + 300).join('');
        if (next === 'P' && this.chars[this.i + 2] !== '<')
          this.fail(`invalid or unsupported Perl syntax (?P${this.chars[this.i + 2] ?? ''}`);
        const close = rest.indexOf('>');
        if (close < 0) this.fail(`invalid named capture (${rest}`);
        const named = /^\?P?<([A-Za-z0-9_]+)>/.exec(rest);
        if (!named) this.fail(`invalid named capture (${rest.slice(0, close + 1)}`);
        this.i += Array.from(named[0]).length;
      } else if (next !== undefined && /[imsU:-]/.test(next)) {
        this.i = start;
        this.applyFlags(inner);
        if (this.chars[this.i - 1] !== ':') this.fail('invalid or unsupported Perl syntax');
      } else {
        this.fail(`invalid or unsupported Perl syntax (?${next ?? ''}`);
      }
    }
    const body = this.parseAlternation(inner, depth + 1);
    if (this.current !== ')') this.fail('missing closing ): unterminated group');
    this.i++;
    return body;
  }

  private parseEscape(flags: Flags): Regex[] {
    this.i++;
    const char = this.current;
    if (char === undefined) this.fail('trailing backslash at end of expression');
    switch (char) {
      case 'A':
        this.i++;
        return [{ kind: 'assert', assertion: 'text-start' }];
      case 'z':
        this.i++;
        return [{ kind: 'assert', assertion: 'text-end' }];
      case 'b':
        this.i++;
        return [{ kind: 'assert', assertion: 'word-boundary' }];
      case 'B':
        this.i++;
        return [{ kind: 'assert', assertion: 'not-word-boundary' }];
      case 'Q': {
        // Each quoted character is its own literal: a following `*` repeats the last one.
        this.i++;
        const items: Regex[] = [];
        while (this.current !== undefined && !(this.current === '\\' && this.chars[this.i + 1] === 'E')) {
          items.push(literal(this.current, flags));
          this.i++;
        }
        if (this.current !== undefined) this.i += 2;
        return items;
      }
      default: {
        const item = this.parseEscapedChar();
        return [
          {
            kind: 'char',
            test:
              typeof item === 'number'
                ? literalTest(item, flags.caseInsensitive)
                : itemTest(item, flags.caseInsensitive),
          },
        ];
      }
    }
  }

  /** An escape that stands for one character or a set of them (also valid inside []). */
  private parseEscapedChar(): number | CharItem {
    const start = this.i - 1;
    const char = this.current as string;
    this.i++;
    const invalid = (): never => this.fail(`invalid escape sequence ${this.chars.slice(start, this.i).join('')}`);
    const perl = perlClasses[char];
    if (perl) return { test: perl.test, negated: perl.negated, folds: true };
    if (char === 'p' || char === 'P') return this.parseUnicodeClass(char === 'P', start);
    const controls: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };
    if (controls[char] !== undefined) return controls[char] as number;
    if (char === 'x') {
      if (this.current === '{') {
        const close = this.chars.indexOf('}', this.i);
        if (close < 0) {
          this.i = this.chars.length;
          invalid();
        }
        const digits = this.chars.slice(this.i + 1, close).join('');
        this.i = close + 1;
        const code = /^[0-9a-fA-F]+$/.test(digits) ? parseInt(digits, 16) : NaN;
        if (!(code <= 0x10ffff)) invalid();
        return code;
      }
      const digits = this.chars.slice(this.i, this.i + 2).join('');
      this.i = Math.min(this.i + 2, this.chars.length);
      if (!/^[0-9a-fA-F]{2}$/.test(digits)) invalid();
      return parseInt(digits, 16);
    }
    if (/[0-7]/.test(char)) {
      let digits = char;
      if (char !== '0' && !/[0-7]/.test(this.current ?? '')) invalid(); // a backreference
      while (digits.length < 3 && this.current !== undefined && /[0-7]/.test(this.current))
        digits += this.chars[this.i++];
      return parseInt(digits, 8);
    }
    // Only ASCII punctuation may be escaped to stand for itself.
    const code = char.codePointAt(0) as number;
    if (code >= 0x80 || /[A-Za-z0-9]/.test(char)) invalid();
    return code;
  }

  private parseUnicodeClass(negatedByLetter: boolean, start: number): CharItem {
    let name: string;
    if (this.current === '{') {
      const close = this.chars.indexOf('}', this.i);
      if (close < 0) this.fail(`invalid character class range ${this.chars.slice(start).join('')}`);
      name = this.chars.slice(this.i + 1, close).join('');
      this.i = close + 1;
    } else {
      if (this.current === undefined) this.fail(`invalid character class range ${this.chars.slice(start).join('')}`);
      name = this.current;
      this.i++;
    }
    let negated = negatedByLetter;
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    const found = unicodeClass(name);
    if (!found) this.fail(`invalid character class range ${this.chars.slice(start, this.i).join('')}`);
    return { test: found.test, negated: negated !== found.inverted, folds: found.folds };
  }

  private parseClass(fold: boolean): CharTest {
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
        const close = rest.indexOf(':]', 2);
        if (close >= 0) {
          const name = rest.slice(0, close + 2);
          const posix = /^\[:(\^?)([a-z]+):\]$/.exec(name);
          const test = posix ? posixClasses[posix[2] as string] : undefined;
          if (!posix || !test) this.fail(`invalid character class range ${name}`);
          items.push(itemTest({ test, negated: posix[1] === '^', folds: true }, fold));
          this.i += Array.from(name).length;
          continue;
        }
      }
      const low = this.classChar();
      if (typeof low !== 'number') {
        items.push(itemTest(low, fold));
        continue;
      }
      if (this.current === '-' && this.chars[this.i + 1] !== ']' && this.chars[this.i + 1] !== undefined) {
        this.i++;
        const high = this.classChar();
        if (typeof high !== 'number' || high < low) this.fail('invalid character class range');
        items.push(charSet((c) => c >= low && c <= high, false, fold));
      } else {
        items.push(literalTest(low, fold));
      }
    }
    this.i++;
    const test: CharTest = (c) => items.some((item) => item(c));
    return negated ? (c) => !test(c) : test;
  }

  private classChar(): number | CharItem {
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

function literalTest(code: number, fold: boolean): CharTest {
  return charSet((c) => c === code, false, fold);
}

function itemTest(item: CharItem, fold: boolean): CharTest {
  return charSet(item.test, item.negated, fold && item.folds);
}

function literal(char: string, flags: Flags): Regex {
  return { kind: 'char', test: literalTest(char.codePointAt(0) as number, flags.caseInsensitive) };
}
