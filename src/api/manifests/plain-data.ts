// An object given already parsed, made what the loader reads from text: a copy of plain data, its
// fields whose value is undefined left out (as JSON leaves them out), refused where its mappings and
// lists nest deeper than the loader reads (limits.ts). The limit also ends a value that contains
// itself. The copy keeps the caller's object out of the checks' way, and a field named `__proto__`
// an own field.
import type { PathSegment } from './field-path.ts';
import { MAX_NESTING_DEPTH } from './limits.ts';

export type PlainData = { value: unknown } | { tooDeepAt: PathSegment[] };

class TooDeep {
  readonly path: PathSegment[];
  constructor(path: PathSegment[]) {
    this.path = path;
  }
}

export function asPlainData(value: unknown, limit: number = MAX_NESTING_DEPTH): PlainData {
  try {
    return { value: copy(value, [], 0, limit) };
  } catch (error) {
    if (error instanceof TooDeep) return { tooDeepAt: error.path };
    throw error;
  }
}

function copy(value: unknown, path: PathSegment[], depth: number, limit: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) return value; // a Date, a Map ...: the schema refuses it
  // As the YAML reader counts: the document's own mapping is the first level.
  if (depth + 1 > limit) throw new TooDeep(path);
  if (Array.isArray(value)) {
    return Array.from(value, (item: unknown, index) =>
      copy(item === undefined ? null : item, [...path, index], depth + 1, limit),
    );
  }
  const result: Record<string, unknown> = {};
  for (const [field, child] of Object.entries(value)) {
    if (child === undefined) continue;
    const copied = copy(child, [...path, field], depth + 1, limit);
    Object.defineProperty(result, field, { value: copied, enumerable: true, writable: true, configurable: true });
  }
  return result;
}
