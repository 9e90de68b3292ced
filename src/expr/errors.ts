// One error class for everything that can go wrong with a condition: lexing, parsing,
// checking and evaluating. It carries the position so a user can see where.

export type ExprErrorPhase = 'syntax' | 'check' | 'runtime' | 'limit';

export interface SourcePosition {
  offset: number; // 0-based index into the source (UTF-16 units)
  line: number; // 1-based
  column: number; // 1-based, counted in characters (code points) on that line
}

export function positionAt(source: string, offset: number): SourcePosition {
  const clamped = Math.max(0, Math.min(offset, source.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < clamped; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = Array.from(source.slice(lineStart, clamped)).length + 1;
  return { offset: clamped, line, column };
}

function lineText(source: string, position: SourcePosition): string {
  const lines = source.split('\n');
  return (lines[position.line - 1] ?? '').replace(/\r$/, '');
}

/** The source line with a caret under the column, as compilers print it. */
export function renderCaret(source: string, position: SourcePosition): string {
  const text = lineText(source, position).replace(/\t/g, ' ');
  return `${text}\n${' '.repeat(Math.max(0, position.column - 1))}^`;
}

export class ExprError extends Error {
  override readonly name = 'ExprError';
  readonly phase: ExprErrorPhase;
  /** The message without position, e.g. `unknown name foo`. */
  readonly reason: string;
  readonly source: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  /** The offending source line with a caret under the column. */
  readonly caret: string;

  constructor(phase: ExprErrorPhase, reason: string, source: string, offset: number) {
    const position = positionAt(source, offset);
    super(`${reason} (${position.line}:${position.column})`);
    this.phase = phase;
    this.reason = reason;
    this.source = source;
    this.offset = position.offset;
    this.line = position.line;
    this.column = position.column;
    this.caret = renderCaret(source, position);
  }

  /** Message, then the source line and caret: what a CLI or status message shows. */
  pretty(): string {
    return `${this.message}\n${this.caret
      .split('\n')
      .map((l) => ` | ${l}`)
      .join('\n')}`;
  }
}

/**
 * Thrown by value-level helpers that do not know the source position; the evaluator
 * catches it and rethrows an ExprError pointing at the node being evaluated.
 */
export class ValueError extends Error {
  override readonly name = 'ValueError';
  readonly isLimit: boolean;
  constructor(message: string, isLimit = false) {
    super(message);
    this.isLimit = isLimit;
  }
}
