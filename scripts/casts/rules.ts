// The cast rule (docs/architecture.md, Tooling): a cast that takes the type checker out of the way,
// `x as unknown as T` or `x as any`, says why in a comment on its own line or right above it. As a
// formatter may wrap a long statement, "above it" is above the statement that holds the cast, and a
// comment on any line of that statement up to the cast counts too. Casts that narrow or widen
// between related types (`x as T`) are left to tsc.

import type { SourceFile } from '../source-files.ts';
import { lineFinder, splitSource, statementStart } from './source-text.ts';

export type { SourceFile };

export interface UnexplainedCast {
  path: string;
  line: number;
  cast: string;
}

const CAST = /\bas\s+(?:unknown\s+as|any)\b/g;

/** A reason is at least two words of text, not a bare marker such as `// cast` or `// TODO`. */
function isReason(comment: string): boolean {
  const words = comment.match(/[A-Za-z][\w'-]*/g) ?? [];
  return words.length >= 2;
}

export function unexplainedCasts(file: SourceFile): UnexplainedCast[] {
  const { code, comments } = splitSource(file.source);
  const codeLines = code.split('\n');
  const lineOf = lineFinder(file.source);
  const explained = (index: number): boolean => {
    const first = lineOf(statementStart(code, index));
    for (let line = first; line <= lineOf(index); line++) {
      if ((comments.get(line) ?? []).some(isReason)) return true;
    }
    // The comment lines right above the statement, up to a line with code or a blank line.
    for (let above = first - 1; above >= 1; above--) {
      const text = comments.get(above);
      if (text === undefined || (codeLines[above - 1] ?? '').trim() !== '') return false;
      if (text.some(isReason)) return true;
    }
    return false;
  };
  const found: UnexplainedCast[] = [];
  for (const match of code.matchAll(CAST)) {
    if (!explained(match.index))
      found.push({ path: file.path, line: lineOf(match.index), cast: match[0].replace(/\s+/g, ' ') });
  }
  return found;
}

export function describe(cast: UnexplainedCast): string {
  return (
    `${cast.path}:${cast.line}: \`${cast.cast}\` without a reason: say why in a comment on this line or above ` +
    'its statement (what the type checker cannot know here), or give the value its real type'
  );
}
