// Splits a TypeScript source into its code and its comments, line by line, closely enough to find
// casts: the text of strings, template literals and regular expressions is blanked out of the code
// (so an `as any` inside a string is not a cast) and the comments are kept per line. Line breaks
// stay where they were, so an index into the code is an index into the source.

export interface SourceText {
  /** The source with comments, string and template text and regex bodies replaced by spaces. */
  code: string;
  /** The comments' text by line number (1-based), without the `//`, `/*` and `*\/` markers. */
  comments: Map<number, string[]>;
}

/** After these characters a `/` starts a regular expression, not a division. */
const BEFORE_REGEX = new Set('(,=:[!&|?{};+-*%<>~^');
const KEYWORDS_BEFORE_REGEX = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);

export function splitSource(source: string): SourceText {
  const out = source.split('');
  const comments = new Map<number, string[]>();
  const lineOf = lineFinder(source);
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  const addComment = (line: number, text: string): void => {
    const list = comments.get(line) ?? [];
    list.push(text);
    comments.set(line, list);
  };
  /** Brace depth inside each open `${ ... }` of a template literal, innermost last. */
  const templateDepths: number[] = [];
  let i = 0;

  const previousSignificant = (): { char: string; word: string } => {
    let k = i - 1;
    while (k >= 0 && /\s/.test(out[k]!)) k--;
    if (k < 0) return { char: '', word: '' };
    let start = k;
    while (start >= 0 && /[\w$]/.test(out[start]!)) start--;
    return { char: out[k]!, word: out.slice(start + 1, k + 1).join('') };
  };

  /** Blanks template text from i (just after a backtick or a closing `}`) to the end or a `${`. */
  const templateText = (): void => {
    const start = i;
    while (i < source.length) {
      const c = source[i]!;
      if (c === '\\') {
        i += 2;
      } else if (c === '`') {
        blank(start, i);
        i++;
        return;
      } else if (c === '$' && source[i + 1] === '{') {
        blank(start, i);
        i += 2;
        templateDepths.push(0);
        return;
      } else {
        i++;
      }
    }
    blank(start, i);
  };

  /** From a `/` that may start a regular expression: blanks its body when it is one. */
  const regex = (): boolean => {
    let k = i + 1;
    let inClass = false;
    while (k < source.length) {
      const c = source[k]!;
      if (c === '\n') return false; // not a regular expression after all: a division
      if (c === '\\') k += 2;
      else {
        if (c === '[') inClass = true;
        else if (c === ']') inClass = false;
        else if (c === '/' && !inClass) break;
        k++;
      }
    }
    if (k >= source.length) return false;
    blank(i + 1, k);
    i = k + 1;
    while (i < source.length && /[a-z]/.test(source[i]!)) i++;
    return true;
  };

  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i) === -1 ? source.length : source.indexOf('\n', i);
      addComment(lineOf(i), source.slice(i + 2, end));
      blank(i, end);
      i = end;
    } else if (c === '/' && next === '*') {
      const close = source.indexOf('*/', i + 2);
      const end = close === -1 ? source.length : close + 2;
      const body = source.slice(i + 2, close === -1 ? source.length : close);
      blank(i, end);
      const first = lineOf(i);
      body.split('\n').forEach((part, index) => addComment(first + index, part.replace(/^\s*\*(?!\/)/, '')));
      i = end;
    } else if (c === "'" || c === '"') {
      const start = i + 1;
      i++;
      while (i < source.length && source[i] !== c && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
      blank(start, Math.min(i, source.length));
      i++;
    } else if (c === '`') {
      i++;
      templateText();
    } else if (c === '{') {
      if (templateDepths.length > 0) templateDepths[templateDepths.length - 1]!++;
      i++;
    } else if (c === '}') {
      i++;
      if (templateDepths.length > 0) {
        if (templateDepths[templateDepths.length - 1] === 0) {
          templateDepths.pop();
          templateText();
        } else {
          templateDepths[templateDepths.length - 1]!--;
        }
      }
    } else if (c === '/') {
      const before = previousSignificant();
      const startsRegex = before.char === '' || BEFORE_REGEX.has(before.char) || KEYWORDS_BEFORE_REGEX.has(before.word);
      if (!(startsRegex && regex())) i++;
    } else {
      i++;
    }
  }
  return { code: out.join(''), comments };
}

/** The 1-based line of each index of `source`. */
export function lineFinder(source: string): (index: number) => number {
  const starts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') starts.push(i + 1);
  return (index) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= index) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}

/**
 * Where the statement holding `index` starts, in code from splitSource: back from `index` past
 * bracketed groups and object literals, to the `;`, `{` or `}` that ends the statement or block
 * before it. A formatter may wrap a statement over lines; a comment above the statement then still
 * belongs to it.
 */
export function statementStart(code: string, index: number): number {
  let i = index - 1;
  while (i >= 0) {
    const c = code[i]!;
    if (c === ';') return firstCode(code, i + 1);
    if (c === ')' || c === ']' || c === '}') {
      const open = matchingOpen(code, i);
      if (open < 0) return firstCode(code, 0);
      if (c === '}' && !opensObjectLiteral(code, open)) return firstCode(code, i + 1);
      i = open - 1;
    } else if (c === '{' && !opensObjectLiteral(code, i)) {
      return firstCode(code, i + 1);
    } else {
      i--; // an opening ( or [ holds the statement's own expression: go on outward
    }
  }
  return firstCode(code, 0);
}

function firstCode(code: string, from: number): number {
  let i = from;
  while (i < code.length && /\s/.test(code[i]!)) i++;
  return i;
}

function matchingOpen(code: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const c = code[i]!;
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** A `{` after `=`, `(`, `,`, `:`, `[`, `?`, `return` or `yield` opens an object, not a block. */
function opensObjectLiteral(code: string, brace: number): boolean {
  let k = brace - 1;
  while (k >= 0 && /\s/.test(code[k]!)) k--;
  if (k < 0) return false;
  if ('=(,:[?'.includes(code[k]!)) return !(code[k] === '=' && code[k - 1] === '>'); // `=> {` is a body
  const word = /(?:^|[^\w$])(return|yield)$/.exec(code.slice(Math.max(0, k - 6), k + 1));
  return word !== null;
}
