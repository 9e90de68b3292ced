// Turns source text into tokens, following expr-lang's lexer: comments, numbers with
// 0x/0o/0b prefixes and `_` separators, three kinds of string, word operators.

import { ExprError } from './errors.ts';

export type TokenKind = 'identifier' | 'number' | 'string' | 'operator' | 'bracket' | 'eof';

export interface Token {
  kind: TokenKind;
  value: string; // for strings: the unescaped text
  at: number; // offset of the first character
  end: number; // offset just past the last character
}

const wordOperators = new Set(['in', 'or', 'and', 'not', 'matches', 'contains', 'startsWith', 'endsWith', 'let']);
const twoCharOperators = new Set(['==', '!=', '<=', '>=', '&&', '||', '**', '??', '?.', '..']);
const oneCharOperators = new Set([
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '<',
  '>',
  '!',
  '=',
  '&',
  '|',
  '?',
  ':',
  ',',
  ';',
  '.',
  '#',
]);

const identifierChar = /[\p{L}\p{Nd}_$]/u;

export function isIdentifierChar(char: string | undefined): boolean {
  return char !== undefined && identifierChar.test(char);
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (message: string, at: number): never => {
    throw new ExprError('syntax', message, source, at);
  };
  while (i < source.length) {
    const char = source[i] as string;
    const start = i;
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      i++;
      continue;
    }
    if (char === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (char === '/' && source[i + 1] === '*') {
      const close = source.indexOf('*/', i + 2);
      if (close < 0) fail('unclosed comment', start);
      i = close + 2;
      continue;
    }
    if (char === '"' || char === "'") {
      i = scanQuoted(source, i, char, fail);
      tokens.push({ kind: 'string', value: unescape(source, start + 1, i - 1, fail), at: start, end: i });
      continue;
    }
    if (char === '`') {
      const close = source.indexOf('`', i + 1);
      if (close < 0) fail('literal not terminated', start);
      tokens.push({ kind: 'string', value: source.slice(i + 1, close), at: start, end: close + 1 });
      i = close + 1;
      continue;
    }
    if (isDigit(char) || (char === '.' && isDigit(source[i + 1]))) {
      i = scanNumber(source, i, fail);
      tokens.push({ kind: 'number', value: source.slice(start, i), at: start, end: i });
      continue;
    }
    if ('()[]{}'.includes(char)) {
      tokens.push({ kind: 'bracket', value: char, at: start, end: i + 1 });
      i++;
      continue;
    }
    const pair = source.slice(i, i + 2);
    if (twoCharOperators.has(pair)) {
      tokens.push({ kind: 'operator', value: pair, at: start, end: i + 2 });
      i += 2;
      continue;
    }
    if (oneCharOperators.has(char)) {
      tokens.push({ kind: 'operator', value: char, at: start, end: i + 1 });
      i++;
      continue;
    }
    const codePoint = source.codePointAt(i) ?? 0;
    const whole = String.fromCodePoint(codePoint);
    if (isIdentifierChar(whole)) {
      while (i < source.length) {
        const next = String.fromCodePoint(source.codePointAt(i) ?? 0);
        if (!isIdentifierChar(next)) break;
        i += next.length;
      }
      const word = source.slice(start, i);
      tokens.push({ kind: wordOperators.has(word) ? 'operator' : 'identifier', value: word, at: start, end: i });
      continue;
    }
    const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
    fail(`unrecognized character: U+${hex} '${whole}'`, start);
  }
  tokens.push({ kind: 'eof', value: '', at: source.length, end: source.length });
  return tokens;
}

function scanQuoted(source: string, from: number, quote: string, fail: (m: string, at: number) => never): number {
  let i = from + 1;
  while (i < source.length) {
    const char = source[i];
    if (char === '\\') {
      i += 2;
      continue;
    }
    if (char === quote) return i + 1;
    i++;
  }
  return fail('literal not terminated', from);
}

function scanNumber(source: string, from: number, fail: (m: string, at: number) => never): number {
  let i = from;
  let digits = '0123456789_';
  const acceptRun = (set: string): void => {
    while (i < source.length && set.includes(source[i] as string)) i++;
  };
  if (source[i] === '0') {
    i++;
    const prefix = (source[i] ?? '').toLowerCase();
    if (prefix === 'x') digits = '0123456789abcdefABCDEF_';
    else if (prefix === 'o') digits = '01234567_';
    else if (prefix === 'b') digits = '01_';
    if (digits !== '0123456789_') i++;
  }
  acceptRun(digits);
  if (source[i] === '.' && source[i + 1] !== '.') {
    i++;
    acceptRun(digits);
  }
  if (source[i] === 'e' || source[i] === 'E') {
    i++;
    if (source[i] === '+' || source[i] === '-') i++;
    acceptRun(digits);
  }
  if (isIdentifierChar(source[i])) fail(`bad number syntax: "${source.slice(from, i + 1)}"`, from);
  return i;
}

const simpleEscapes: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

function unescape(source: string, from: number, to: number, fail: (m: string, at: number) => never): string {
  let out = '';
  let i = from;
  while (i < to) {
    const char = source[i] as string;
    if (char !== '\\') {
      out += char;
      i++;
      continue;
    }
    const kind = source[i + 1] ?? '';
    const simple = simpleEscapes[kind];
    if (simple !== undefined) {
      out += simple;
      i += 2;
      continue;
    }
    const width = kind === 'x' ? 2 : kind === 'u' ? 4 : kind === 'U' ? 8 : 0;
    if (width > 0) {
      const digits = source.slice(i + 2, i + 2 + width);
      if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== width) fail('invalid char escape', i);
      const value = parseInt(digits, 16);
      if (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) fail('invalid char escape', i);
      out += String.fromCodePoint(value);
      i += 2 + width;
      continue;
    }
    const octal = source.slice(i + 1, i + 4);
    if (/^[0-7]{3}$/.test(octal) && parseInt(octal, 8) <= 255) {
      out += String.fromCodePoint(parseInt(octal, 8));
      i += 4;
      continue;
    }
    fail('invalid char escape', i);
  }
  return out;
}
