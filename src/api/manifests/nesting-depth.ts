// Parses YAML text into its concrete syntax tree while watching how deep its collections nest,
// and stops at the first one deeper than the limit: building a deeper document would overflow the
// call stack, and parsing a file of a million `[` alone takes seconds.
import { Lexer, Parser, type CST, type LineCounter } from 'yaml';

export type DepthBoundedParse = { tokens: CST.Token[] } | { tooDeepAt: number };

export function parseWithinDepth(text: string, lines: LineCounter, limit: number): DepthBoundedParse {
  const parser = new Parser(lines.addNewLine);
  lines.addNewLine(0);
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(text)) {
    tokens.push(...parser.next(lexeme));
    // The parser's stack holds the document, then each collection being built (and a scalar or two).
    if (parser.stack.length > limit && collectionDepth(parser.stack) > limit) return { tooDeepAt: parser.offset };
  }
  tokens.push(...parser.end());
  return { tokens };
}

function collectionDepth(stack: readonly CST.Token[]): number {
  return stack.filter(
    (token) => token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection',
  ).length;
}
