// Fields set to null, left out: the API server prunes them before it stores an object, so the
// rules, the engine and the runtimes read a missing field, never a null.
import { resolved, type Schema } from '../schema/vocabulary.ts';
import { isPlainObject } from './structural.ts';

/**
 * The value with every field set to null left out. Values kept as written (plugin configs, JSON
 * bodies) keep their nulls. Call it on a value without structural problems (validateStructure):
 * null list items and map values are errors there.
 */
export function withoutNullFields(value: unknown, schema: Schema): unknown {
  if (value === null || value === undefined) return value;
  const concrete = resolved(schema);
  switch (concrete.type) {
    case 'object': {
      if (!isPlainObject(value)) return value;
      const result: Record<string, unknown> = {};
      for (const [field, child] of Object.entries(value)) {
        if (child === null) continue;
        const childSchema = Object.hasOwn(concrete.properties, field) ? concrete.properties[field] : undefined;
        setField(result, field, childSchema ? withoutNullFields(child, childSchema) : child);
      }
      return result;
    }
    case 'map': {
      if (!isPlainObject(value)) return value;
      const result: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value))
        setField(result, key, withoutNullFields(child, concrete.values));
      return result;
    }
    case 'array':
      return Array.isArray(value) ? value.map((item) => withoutNullFields(item, concrete.items)) : value;
    default:
      return value;
  }
}

/** Sets a field as an own property, even one named `__proto__`. */
function setField(target: Record<string, unknown>, field: string, value: unknown): void {
  Object.defineProperty(target, field, { value, enumerable: true, writable: true, configurable: true });
}
