// Splits manifest files into documents and converts each to plain data, remembering the line
// of every field and list item so that any problem can be reported at its place in the file.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { ValidationIssue } from './issue.ts';
import { formatPath, type PathSegment } from './field-path.ts';

export interface ManifestSource {
  file: string;
  text: string;
}

export interface Position {
  line: number;
  column: number;
}

/** Finds the line of a field path within one object. */
export interface LineLookup {
  lineOf(path: readonly PathSegment[]): number;
}

/** The positions of a part of a document (an item of a `kind: List`), addressed from that part. */
export function scopedLookup(parent: LineLookup, prefix: readonly PathSegment[]): LineLookup {
  return { lineOf: (path) => parent.lineOf([...prefix, ...path]) };
}

/** The line of each path in one document. */
export class PositionIndex implements LineLookup {
  private readonly positions = new Map<string, Position>();
  readonly documentLine: number;

  constructor(documentLine: number) {
    this.documentLine = documentLine;
  }

  set(path: readonly PathSegment[], position: Position): void {
    this.positions.set(key(path), position);
  }

  /** The line of a path, or of its nearest ancestor that is written in the document. */
  lineOf(path: readonly PathSegment[]): number {
    for (let length = path.length; length > 0; length--) {
      const found = this.positions.get(key(path.slice(0, length)));
      if (found) return found.line;
    }
    return this.documentLine;
  }

  has(path: readonly PathSegment[]): boolean {
    return this.positions.has(key(path));
  }
}

function key(path: readonly PathSegment[]): string {
  return path.map((segment) => (typeof segment === 'number' ? `#${segment}` : `.${segment}`)).join('\u0001');
}

export interface RawDocument {
  file: string;
  /** Index of the document in its file, from 0. */
  index: number;
  value: unknown;
  positions: PositionIndex;
}

export function parseYamlDocuments(source: ManifestSource): { documents: RawDocument[]; issues: ValidationIssue[] } {
  const lineCounter = new LineCounter();
  const issues: ValidationIssue[] = [];
  const documents: RawDocument[] = [];
  // Kubernetes reads YAML 1.1 (yes/no are booleans), so sluice does too; like Kubernetes, it
  // keeps timestamps as the strings they are written as.
  const parsed = parseAllDocuments(source.text, {
    lineCounter,
    version: '1.1',
    customTags: (tags) => tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:timestamp'),
    uniqueKeys: false,
    prettyErrors: false,
  });
  const list = Array.isArray(parsed) ? parsed : [];
  list.forEach((doc, index) => {
    // The first line of content, not the `---` that may open the document.
    const startLine = lineCounter.linePos(doc.contents?.range?.[0] ?? doc.range[0]).line;
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const line = error.pos ? lineCounter.linePos(error.pos[0]).line : startLine;
        issues.push({ file: source.file, line, path: '', message: yamlErrorMessage(error.message), severity: 'error' });
      }
      return;
    }
    if (doc.contents === null) return; // an empty document, e.g. after a trailing `---`
    const positions = new PositionIndex(startLine);
    const context: WalkContext = { doc, positions, lines: lineCounter, file: source.file, issues };
    const value = toPlain(context, doc.contents, []);
    if (value === null || value === undefined) return;
    documents.push({ file: source.file, index, value, positions });
  });
  return { documents, issues };
}

function yamlErrorMessage(message: string): string {
  const firstLine = message.split('\n')[0] ?? message;
  return `YAML syntax error: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}`;
}

interface WalkContext {
  doc: Document;
  positions: PositionIndex;
  lines: LineCounter;
  file: string;
  issues: ValidationIssue[];
}

function startOf(node: unknown, fallback: Node): number {
  return (node as { range?: [number, number, number] } | null)?.range?.[0] ?? fallback.range?.[0] ?? 0;
}

function toPlain(context: WalkContext, node: Node | null, path: PathSegment[]): unknown {
  if (node === null) return null;
  if (isAlias(node)) return toPlain(context, (node.resolve(context.doc) as Node | undefined) ?? null, path);
  if (isScalar(node)) return node.value;
  if (isMap(node)) {
    const result: Record<string, unknown> = {};
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      // The key as written: YAML 1.1 would otherwise read a key such as `y` or `on` as a boolean.
      const name = isScalar(keyNode) ? String(keyNode.source ?? keyNode.value) : String(keyNode);
      const childPath = [...path, name];
      const at = position(context.lines, startOf(keyNode, node));
      if (Object.hasOwn(result, name)) {
        context.issues.push({
          file: context.file,
          line: at.line,
          path: formatPath(childPath),
          message: `duplicate key "${name}": a field may appear only once in a mapping; remove or merge the repeated one`,
          severity: 'error',
        });
        continue;
      }
      context.positions.set(childPath, at);
      result[name] = toPlain(context, pair.value as Node | null, childPath);
    }
    return result;
  }
  if (isSeq(node)) {
    return node.items.map((item, itemIndex) => {
      const childPath = [...path, itemIndex];
      context.positions.set(childPath, position(context.lines, startOf(item, node)));
      return toPlain(context, item as Node | null, childPath);
    });
  }
  return null;
}

function position(lines: LineCounter, offset: number): Position {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}
