// The tokens of Go's text/template: text between actions, and inside `{{ }}` the words of an
// action (fields, variables, literals, keywords, `(`, `)`, `|`, `:=`, `=`, `,`), with the trim
// markers `{{- ` and ` -}}` and comments `{{/* */}}` as Go reads them.
import { TemplateError } from './errors.ts';

export type TokenKind =
  | 'text'
  | 'open'
  | 'close'
  | 'field'
  | 'variable'
  | 'identifier'
  | 'string'
  | 'rawString'
  | 'char'
  | 'number'
  | 'bool'
  | 'nil'
  | 'dot'
  | 'leftParen'
  | 'rightParen'
  | 'pipe'
  | 'declare'
  | 'assign'
  | 'comma'
  | 'space'
  | 'keyword'
  | 'comment';

export interface Token {
  kind: TokenKind;
  text: string;
  /** The line the token starts on (1-based), as Go's errors name it. */
  line: number;
}

const keywords = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);
const spaceChars = ' \t\r\n';

export function lex(name: string, source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  const lineAt = (offset: number): number => source.slice(0, offset).split('\n').length;
  const fail = (offset: number, message: string): never => {
    throw new TemplateError(`template: ${name}:${lineAt(offset)}: ${message}`);
  };
  while (at < source.length) {
    const open = source.indexOf('{{', at);
    let textEnd = open < 0 ? source.length : open;
    const trimLeft = open >= 0 && source[open + 2] === '-' && spaceChars.includes(source[open + 3] ?? '');
    let text = source.slice(at, textEnd);
    if (trimLeft) text = text.replace(/[ \t\r\n]+$/, '');
    if (text !== '') tokens.push({ kind: 'text', text, line: lineAt(at) });
    if (open < 0) break;
    textEnd = open;
    let i = open + 2 + (trimLeft ? 2 : 0);
    tokens.push({ kind: 'open', text: '{{', line: lineAt(open) });
    // A comment takes the whole action.
    if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) fail(open, 'unclosed comment');
      let after = end + 2;
      let trimRight = false;
      if (
        source.startsWith(' -}}', after) ||
        (spaceChars.includes(source[after] ?? '') && source.startsWith('-}}', after + 1))
      ) {
        trimRight = true;
        after += 4;
      } else if (source.startsWith('}}', after)) {
        after += 2;
      } else fail(open, 'comment ends before closing delimiter');
      tokens.pop();
      at = after;
      if (trimRight) at = skipSpace(source, at);
      continue;
    }
    let closed = false;
    while (i < source.length) {
      const c = source[i] as string;
      // The right delimiter, with or without its trim marker.
      if (spaceChars.includes(c)) {
        const start = i;
        while (i < source.length && spaceChars.includes(source[i] as string)) i++;
        if (source.startsWith('-}}', i)) {
          tokens.push({ kind: 'close', text: '}}', line: lineAt(i) });
          i += 3;
          at = skipSpace(source, i);
          closed = true;
          break;
        }
        tokens.push({ kind: 'space', text: source.slice(start, i), line: lineAt(start) });
        continue;
      }
      if (source.startsWith('}}', i)) {
        tokens.push({ kind: 'close', text: '}}', line: lineAt(i) });
        at = i + 2;
        closed = true;
        break;
      }
      const line = lineAt(i);
      if (c === '(') {
        tokens.push({ kind: 'leftParen', text: c, line });
        i++;
      } else if (c === ')') {
        tokens.push({ kind: 'rightParen', text: c, line });
        i++;
      } else if (c === '|') {
        tokens.push({ kind: 'pipe', text: c, line });
        i++;
      } else if (c === ',') {
        tokens.push({ kind: 'comma', text: c, line });
        i++;
      } else if (c === ':' && source[i + 1] === '=') {
        tokens.push({ kind: 'declare', text: ':=', line });
        i += 2;
      } else if (c === '=') {
        tokens.push({ kind: 'assign', text: '=', line });
        i++;
      } else if (c === '"') {
        let j = i + 1;
        while (j < source.length && source[j] !== '"') {
          if (source[j] === '\\') j++;
          if (source[j] === '\n') fail(i, 'unterminated quoted string');
          j++;
        }
        if (j >= source.length) fail(i, 'unterminated quoted string');
        tokens.push({ kind: 'string', text: source.slice(i, j + 1), line });
        i = j + 1;
      } else if (c === '`') {
        const j = source.indexOf('`', i + 1);
        if (j < 0) fail(i, 'unterminated raw quoted string');
        tokens.push({ kind: 'rawString', text: source.slice(i, j + 1), line });
        i = j + 1;
      } else if (c === "'") {
        let j = i + 1;
        while (j < source.length && source[j] !== "'") {
          if (source[j] === '\\') j++;
          j++;
        }
        if (j >= source.length) fail(i, 'unterminated character constant');
        tokens.push({ kind: 'char', text: source.slice(i, j + 1), line });
        i = j + 1;
      } else if (c === '$') {
        let j = i + 1;
        while (j < source.length && isAlphaNumeric(source[j] as string)) j++;
        tokens.push({ kind: 'variable', text: source.slice(i, j), line });
        i = j;
      } else if (c === '.' && !isDigit(source[i + 1] ?? '')) {
        let j = i + 1;
        while (j < source.length && isAlphaNumeric(source[j] as string)) j++;
        tokens.push({ kind: j === i + 1 ? 'dot' : 'field', text: source.slice(i, j), line });
        i = j;
      } else if (isDigit(c) || ((c === '-' || c === '+' || c === '.') && isDigit(source[i + 1] ?? ''))) {
        let j = i + 1;
        while (j < source.length && /[0-9a-zA-Z_.+-]/.test(source[j] as string)) {
          if ((source[j] === '+' || source[j] === '-') && !/[eEpP]/.test(source[j - 1] as string)) break;
          j++;
        }
        tokens.push({ kind: 'number', text: source.slice(i, j), line });
        i = j;
      } else if (isAlphaNumeric(c)) {
        let j = i;
        while (j < source.length && isAlphaNumeric(source[j] as string)) j++;
        const word = source.slice(i, j);
        const kind: TokenKind = keywords.has(word)
          ? 'keyword'
          : word === 'true' || word === 'false'
            ? 'bool'
            : word === 'nil'
              ? 'nil'
              : 'identifier';
        tokens.push({ kind, text: word, line });
        i = j;
      } else {
        fail(i, `unexpected ${JSON.stringify(c)} in command`);
      }
    }
    if (!closed) fail(open, 'unclosed action');
  }
  return tokens;
}

function skipSpace(source: string, at: number): number {
  while (at < source.length && spaceChars.includes(source[at] as string)) at++;
  return at;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isAlphaNumeric(c: string): boolean {
  return /[\p{L}\p{Nd}_]/u.test(c);
}
