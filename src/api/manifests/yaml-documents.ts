// Splits manifest files into documents and converts each to plain data, remembering the line
// of every field and list item so that any problem can be reported at its place in the file.
// Reading is bounded (limits.ts): a file too large, nested too deep or whose aliases expand too
// much is refused with an issue before it can use much time or memory. Merge keys (`<<: *anchor`)
// are expanded as Kubernetes' YAML reader expands them.
import {
  Composer,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  visit,
  type Alias,
  type Document,
  type Node,
} from 'yaml';
import type { ValidationIssue } from './issue.ts';
import { formatPath, type PathSegment } from './field-path.ts';
import {
  fileTooLargeMessage,
  MAX_ALIAS_EXPANSION,
  MAX_FILE_CHARACTERS,
  MAX_NESTING_DEPTH,
  recursiveAliasMessage,
  tooDeepMessage,
  tooManyAliasesMessage,
} from './limits.ts';
import { parseWithinDepth } from './nesting-depth.ts';

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
  const refuse = (offset: number, message: string): void => {
    issues.push({ file: source.file, line: lineCounter.linePos(offset).line, path: '', message, severity: 'error' });
  };
  if (source.text.length > MAX_FILE_CHARACTERS) {
    issues.push({
      file: source.file,
      line: 1,
      path: '',
      message: fileTooLargeMessage(source.text.length),
      severity: 'error',
    });
    return { documents, issues };
  }
  const parsed = parseWithinDepth(source.text, lineCounter, MAX_NESTING_DEPTH);
  if ('tooDeepAt' in parsed) {
    refuse(parsed.tooDeepAt, tooDeepMessage());
    return { documents, issues };
  }
  // Kubernetes reads YAML 1.1 (yes/no are booleans), so sluice does too; like Kubernetes, it
  // keeps timestamps as the strings they are written as.
  const composer = new Composer({
    version: '1.1',
    customTags: (tags) => tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:timestamp'),
    uniqueKeys: false,
  });
  const list = Array.from(composer.compose(parsed.tokens));
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
    const context: WalkContext = {
      positions,
      lines: lineCounter,
      file: source.file,
      issues,
      anchors: aliasTargets(doc),
      open: new Set(),
      aliasBudget: MAX_ALIAS_EXPANSION,
      expanding: undefined,
      refused: false,
    };
    const value = toPlain(context, doc.contents, []);
    if (context.refused || value === null || value === undefined) return;
    documents.push({ file: source.file, index, value, positions });
  });
  return { documents, issues };
}

/**
 * The node each alias names: the nearest node before it with that anchor (or the node it is in).
 * Found in one walk; asking the `yaml` library per alias would walk the whole document each time.
 */
function aliasTargets(doc: Document): Map<Alias, Node> {
  const latest = new Map<string, Node>();
  const targets = new Map<Alias, Node>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        const target = latest.get(node.source);
        if (target) targets.set(node, target);
      } else if (node.anchor) {
        latest.set(node.anchor, node);
      }
    },
  });
  return targets;
}

function yamlErrorMessage(message: string): string {
  const firstLine = message.split('\n')[0] ?? message;
  return `YAML syntax error: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}`;
}

interface WalkContext {
  anchors: Map<Alias, Node>;
  positions: PositionIndex;
  lines: LineCounter;
  file: string;
  issues: ValidationIssue[];
  /** The collections being converted, from the root down: an alias to one of them never ends. */
  open: Set<Node>;
  /** How many more values aliases may produce (limits.ts): an alias bomb runs out of it. */
  aliasBudget: number;
  /** The outermost alias the value being converted comes from (where the document uses it). */
  expanding: { alias: Node; path: PathSegment[] } | undefined;
  /** Set when the document is refused (a recursive alias, or aliases that expand too much). */
  refused: boolean;
}

function startOf(node: unknown, fallback: Node): number {
  return (node as { range?: [number, number, number] } | null)?.range?.[0] ?? fallback.range?.[0] ?? 0;
}

function toPlain(context: WalkContext, node: Node | null, path: PathSegment[]): unknown {
  if (node === null || context.refused) return null;
  if (isAlias(node)) {
    const target = context.anchors.get(node) ?? null;
    if (target !== null && context.open.has(target))
      return refuseAt(context, node, path, recursiveAliasMessage(node.source));
    const outermost = context.expanding ?? { alias: node, path };
    const saved = context.expanding;
    context.expanding = outermost;
    try {
      if (--context.aliasBudget < 0) return refuseAt(context, outermost.alias, outermost.path, tooManyAliasesMessage());
      return toPlain(context, target, path);
    } finally {
      context.expanding = saved;
    }
  }
  if (context.expanding && --context.aliasBudget < 0)
    return refuseAt(context, context.expanding.alias, context.expanding.path, tooManyAliasesMessage());
  if (isScalar(node)) return plainScalar(node.value, node.source);
  context.open.add(node);
  try {
    return collectionToPlain(context, node, path);
  } finally {
    context.open.delete(node);
  }
}

function refuseAt(context: WalkContext, node: Node, path: PathSegment[], message: string): null {
  context.refused = true;
  const line = position(context.lines, node.range?.[0] ?? 0).line;
  context.issues.push({ file: context.file, line, path: formatPath(path), message, severity: 'error' });
  return null;
}

/** A scalar as JSON would hold it: `!!binary` and other tags that build objects keep their text. */
function plainScalar(value: unknown, source: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (typeof value === 'bigint') return Number(value);
  return typeof source === 'string' ? source : String(value);
}

/** Sets a field of a converted mapping; a key such as `__proto__` is a field like any other, never the object's prototype. */
function setField(result: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(result, name, { value, enumerable: true, writable: true, configurable: true });
}

/** A `<<` key as go-yaml reads it: plain (not quoted, no other tag), or tagged `!!merge`. */
function isMergeKey(node: Node | null): boolean {
  if (!isScalar(node)) return false;
  if (node.tag === 'tag:yaml.org,2002:merge') return true;
  return node.tag === undefined && node.type === 'PLAIN' && node.source === '<<';
}

/**
 * A merge key (`<<: *anchor`, `<<: [*a, *b]`), as Kubernetes' YAML reader (sigs.k8s.io/yaml on
 * go-yaml v2) expands it: the fields of the merged mapping are set in this mapping where the key
 * stands, so they replace a field written before it and a field written after it replaces them;
 * of a list of mappings, the first that has a field gives it. The value must be a mapping or a
 * list of mappings (or aliases to them). Aliases count against the alias budget as anywhere else.
 */
function mergeInto(
  context: WalkContext,
  result: Record<string, unknown>,
  keyNode: Node,
  valueNode: Node | null,
  path: PathSegment[],
): void {
  const resolved = (node: Node | null): Node | null => (isAlias(node) ? (context.anchors.get(node) ?? null) : node);
  const wrong = (): void => {
    context.issues.push({
      file: context.file,
      line: position(context.lines, keyNode.range?.[0] ?? 0).line,
      path: formatPath([...path, '<<']),
      message:
        'the merge key << takes a mapping, an alias to one (<<: *anchor) or a list of them (<<: [*a, *b]); write the fields out, or quote "<<" for a field of that name',
      severity: 'error',
    });
  };
  const value = resolved(valueNode);
  const sources = isMap(value)
    ? [valueNode]
    : isSeq(value)
      ? [...(value.items as Array<Node | null>)].reverse()
      : undefined;
  if (!sources || sources.some((item) => !isMap(resolved(item)))) return wrong();
  for (const source of sources) {
    const fields = toPlain(context, source, path);
    if (context.refused || fields === null || typeof fields !== 'object') return;
    for (const [name, field] of Object.entries(fields)) setField(result, name, field);
  }
}

function collectionToPlain(context: WalkContext, node: Node, path: PathSegment[]): unknown {
  if (isMap(node)) {
    const result: Record<string, unknown> = {};
    /** The fields written in this mapping itself (a field may come from a merge and be written too). */
    const written = new Set<string>();
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      if (isMergeKey(keyNode)) {
        mergeInto(context, result, keyNode as Node, pair.value as Node | null, path);
        continue;
      }
      // The key as written: YAML 1.1 would otherwise read a key such as `y` or `on` as a boolean.
      const name = isScalar(keyNode) ? String(keyNode.source ?? keyNode.value) : String(keyNode);
      const childPath = [...path, name];
      const at = position(context.lines, startOf(keyNode, node));
      if (written.has(name)) {
        context.issues.push({
          file: context.file,
          line: at.line,
          path: formatPath(childPath),
          message: `duplicate key "${name}": a field may appear only once in a mapping; remove or merge the repeated one`,
          severity: 'error',
        });
        continue;
      }
      written.add(name);
      context.positions.set(childPath, at);
      setField(result, name, toPlain(context, pair.value as Node | null, childPath));
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
