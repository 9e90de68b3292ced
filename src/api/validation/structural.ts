// Structural validation: the checks the API server makes against a schema. Unknown fields,
// wrong types, missing required fields, enum values, int32 range, date-time format, and items
// that repeat the key of an earlier item in a list keyed for server-side apply.
import { INT32_MAX, INT32_MIN, resolved, type ArraySchema, type Schema } from '../schema/vocabulary.ts';
import { repeatedListItems } from '../schema/list-keys.ts';
import { formatPath, type PathSegment } from '../manifests/field-path.ts';
import { closestName } from './suggest.ts';

export interface StructuralProblem {
  path: PathSegment[];
  message: string;
  /**
   * An item repeating an earlier item's key: the object is still well typed, so the semantic
   * rules can read it (and may report the same item in their own words).
   */
  repeatedItem?: true;
}

export function validateStructure(value: unknown, schema: Schema, path: PathSegment[] = []): StructuralProblem[] {
  const problems: StructuralProblem[] = [];
  check(value, schema, path, problems);
  return problems;
}

function check(value: unknown, schema: Schema, path: PathSegment[], problems: StructuralProblem[]): void {
  // As the API server does, an explicit null for a field means "not set" (see withoutNullFields).
  if (value === null || value === undefined) return;
  const concrete = resolved(schema);
  const report = (message: string): void => {
    problems.push({ path, message });
  };
  switch (concrete.type) {
    case 'object': {
      if (!isPlainObject(value)) return report(`must be an object (a mapping of fields), got ${describe(value)}`);
      const known = Object.keys(concrete.properties);
      for (const [field, child] of Object.entries(value)) {
        const childSchema = Object.hasOwn(concrete.properties, field) ? concrete.properties[field] : undefined;
        if (childSchema) check(child, childSchema, [...path, field], problems);
        else if (!concrete.preserveUnknownFields)
          problems.push({ path: [...path, field], message: unknownFieldMessage(field, known) });
      }
      for (const field of concrete.required ?? []) {
        if (value[field] === undefined || value[field] === null) {
          problems.push({
            path: [...path, field],
            message: `required field "${field}" is missing; add it under ${formatPath(path) || 'the document root'}`,
          });
        }
      }
      return;
    }
    case 'map':
      if (!isPlainObject(value)) return report(`must be a mapping of keys to values, got ${describe(value)}`);
      for (const [key, child] of Object.entries(value)) checkEntry(child, concrete.values, [...path, key], problems);
      return;
    case 'array':
      if (!Array.isArray(value)) return report(`must be a list, got ${describe(value)}; start each item with "- "`);
      value.forEach((item, index) => checkEntry(item, concrete.items, [...path, index], problems));
      reportRepeatedItems(concrete, value, path, problems);
      return;
    case 'string':
      if (typeof value !== 'string') return report(`must be a string, got ${describe(value)}; put the value in quotes`);
      if (concrete.enum && !concrete.enum.includes(value)) {
        return report(
          `unsupported value ${quoted(value)}: use one of ${concrete.enum.map((item) => `"${item}"`).join(', ')}`,
        );
      }
      if (concrete.format === 'date-time' && !isDateTime(value)) {
        return report(`${quoted(value)} is not an RFC 3339 date-time such as 2024-05-01T12:00:00Z`);
      }
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value))
        return report(`must be an integer, got ${describe(value)}`);
      if (concrete.format === 'int32' && (value < INT32_MIN || value > INT32_MAX)) {
        return report(`${value} is out of range: must fit in 32 bits (${INT32_MIN} to ${INT32_MAX})`);
      }
      if (!Number.isSafeInteger(value))
        return report(
          `${value} is too large: sluice reads whole numbers from -${Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`,
        );
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value))
        return report(`must be a number, got ${describe(value)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') return report(`must be true or false, got ${describe(value)}`);
      return;
    case 'int-or-string':
      if (typeof value === 'string') return;
      if (typeof value === 'number' && Number.isSafeInteger(value)) return;
      return report(`must be an integer or a string, got ${describe(value)}`);
    case 'quantity':
      if (isQuantity(value)) return;
      return report(`must be a quantity such as 500m, 2, 128Mi or 1Gi, got ${describe(value)}`);
    case 'any':
      if (concrete.objectOnly && !isPlainObject(value))
        return report(`must be an object (a mapping of fields), got ${describe(value)}`);
      return;
  }
}

/** A list item or map value: unlike a field, it cannot be left out by writing null. */
function checkEntry(value: unknown, schema: Schema, path: PathSegment[], problems: StructuralProblem[]): void {
  const concrete = resolved(schema);
  if (value === null && concrete.type !== 'any') {
    problems.push({ path, message: `must be ${expected(concrete)}, got null; give it a value or remove it` });
    return;
  }
  check(value, schema, path, problems);
}

function expected(schema: Exclude<Schema, { type: 'ref' }>): string {
  switch (schema.type) {
    case 'object':
      return 'an object (a mapping of fields)';
    case 'map':
      return 'a mapping of keys to values';
    case 'array':
      return 'a list';
    case 'string':
      return 'a string';
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'int-or-string':
      return 'an integer or a string';
    case 'quantity':
      return 'a quantity such as 500m, 2, 128Mi or 1Gi';
    case 'any':
      return 'a value';
  }
}

function reportRepeatedItems(
  schema: ArraySchema,
  items: unknown[],
  path: PathSegment[],
  problems: StructuralProblem[],
): void {
  for (const repeated of repeatedListItems(schema, items)) {
    const what = schema.listType === 'set' ? `the value ${repeated.key}` : `the same ${repeated.key}`;
    problems.push({
      path: [...path, repeated.index],
      message: `repeats item [${repeated.firstIndex}] (${what}): the API server refuses a list with two such items; remove or change one`,
      repeatedItem: true,
    });
  }
}

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?(\d+(\.\d*)?|\.\d+)))?$/;

/** A value Kubernetes reads as a resource.Quantity: a finite number or a string such as `500m` or `1Gi`. */
export function isQuantity(value: unknown): boolean {
  return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && QUANTITY.test(value));
}

function unknownFieldMessage(field: string, known: string[]): string {
  const suggestion = closestName(field, known);
  if (suggestion) return `unknown field "${field}"; did you mean "${suggestion}"?`;
  return `unknown field "${field}"; check its spelling and indentation`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDateTime(text: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(text) &&
    !Number.isNaN(Date.parse(text))
  );
}

/** A string in quotes, cut short when long: a message repeats what was written, not a whole file. */
export function quoted(text: string): string {
  return `"${text.length > 80 ? `${text.slice(0, 80)}..." (${text.length} characters)` : `${text}"`}`;
}

export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isPlainObject(value)) return 'an object';
  if (typeof value === 'string') return `string ${quoted(value)}`;
  return `${typeof value} ${String(value)}`;
}
