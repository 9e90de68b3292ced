// Which items of a list repeat an earlier item's key, as the API server finds them for lists that
// server-side apply merges item by item: `x-kubernetes-list-type: map` (items keyed by some of their
// fields, a missing key field taking its schema default) and `set` (items unique as values). The
// API server refuses such a list when the object is stored.
import { resolved, type ArraySchema, type JsonValue, type Schema } from './vocabulary.ts';

export interface RepeatedItem {
  /** The index of the repeating item. */
  index: number;
  /** The index of the earlier item with the same key. */
  firstIndex: number;
  /** The key, as `field=value` pairs (map lists) or the value itself (sets). */
  key: string;
}

export function repeatedListItems(schema: ArraySchema, items: readonly unknown[]): RepeatedItem[] {
  if (schema.listType !== 'map' && schema.listType !== 'set') return [];
  const keyOf = schema.listType === 'set' ? (item: unknown) => stableText(item) : mapKeyReader(schema);
  const seen = new Map<string, number>();
  const repeated: RepeatedItem[] = [];
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (key === undefined) return;
    const firstIndex = seen.get(key);
    if (firstIndex === undefined) seen.set(key, index);
    else repeated.push({ index, firstIndex, key });
  });
  return repeated;
}

function mapKeyReader(schema: ArraySchema): (item: unknown) => string | undefined {
  const keys = schema.listMapKeys ?? [];
  const itemSchema = resolved(schema.items);
  const fieldSchemas: Record<string, Schema> = itemSchema.type === 'object' ? itemSchema.properties : {};
  return (item) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
    const parts: string[] = [];
    for (const key of keys) {
      let value = (item as Record<string, unknown>)[key];
      if (value === undefined) value = defaultOf(fieldSchemas[key]);
      // A key that is neither given nor defaulted is a missing required field, reported as such.
      if (value === undefined) return undefined;
      parts.push(`${key}=${stableText(value)}`);
    }
    return parts.join(', ');
  };
}

function defaultOf(schema: Schema | undefined): JsonValue | undefined {
  if (schema === undefined) return undefined;
  return schema.default ?? (schema.type === 'ref' ? resolved(schema).default : undefined);
}

function stableText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableText).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${stableText((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}
