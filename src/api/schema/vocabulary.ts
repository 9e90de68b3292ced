// The schema vocabulary: a small, typed description of the shape of every kind sluice reads.
// One description serves three uses: structural validation of manifests, sample generation in
// tests, and conversion to an OpenAPI v3 structural schema for the project's own CRDs.
// Defaults, list and map types and validation rules are for the API server (toOpenAPI emits them);
// parsing never fills defaults in: effective values are read through src/api/defaults.ts.

export type IntegerFormat = 'int32' | 'int64';

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A CEL rule the API server checks when an object is written (x-kubernetes-validations). */
export interface ValidationRule {
  rule: string;
  message?: string;
}

/** What every node may carry besides its shape. */
export interface Annotations {
  description?: string;
  /** The value the API server fills in when the field is left out (OpenAPI `default`). */
  default?: JsonValue;
  validations?: readonly ValidationRule[];
}

/**
 * How server-side apply merges a list: as one value (atomic), as a set of scalars, or as a map
 * of items keyed by some of their fields (x-kubernetes-list-type, x-kubernetes-list-map-keys).
 */
export type ListType = 'atomic' | 'set' | 'map';

/** How server-side apply merges an object or map: as one value or field by field (x-kubernetes-map-type). */
export type MapType = 'atomic' | 'granular';

export interface ObjectSchema extends Annotations {
  type: 'object';
  properties: Record<string, Schema>;
  required?: readonly string[];
  /** Keep fields that the properties do not declare (x-kubernetes-preserve-unknown-fields). */
  preserveUnknownFields?: boolean;
  mapType?: MapType;
}

export interface MapSchema extends Annotations {
  type: 'map';
  values: Schema;
  mapType?: MapType;
}

export interface ArraySchema extends Annotations {
  type: 'array';
  items: Schema;
  listType?: ListType;
  /** With listType 'map': the item fields that identify an item (each required or defaulted). */
  listMapKeys?: readonly string[];
}

export interface StringSchema extends Annotations {
  type: 'string';
  enum?: readonly string[];
  format?: 'date-time' | 'byte';
}

export interface IntegerSchema extends Annotations {
  type: 'integer';
  format: IntegerFormat;
}

export interface NumberSchema extends Annotations {
  type: 'number';
}

export interface BooleanSchema extends Annotations {
  type: 'boolean';
}

/** Kubernetes IntOrString: an integer or a string. */
export interface IntOrStringSchema extends Annotations {
  type: 'int-or-string';
}

/** Kubernetes resource.Quantity: a number or a string such as `500m` or `1Gi`. */
export interface QuantitySchema extends Annotations {
  type: 'quantity';
}

/** Any JSON value, kept as written (plugin configs, JSON bodies, raw extensions). */
export interface AnySchema extends Annotations {
  type: 'any';
  /** An object is expected (x-kubernetes-preserve-unknown-fields on `type: object`). */
  objectOnly?: boolean;
}

/** A named schema resolved lazily, so definitions can refer to each other in any order. */
export interface RefSchema extends Annotations {
  type: 'ref';
  name: string;
  resolve: () => Schema;
}

export type Schema =
  | ObjectSchema
  | MapSchema
  | ArraySchema
  | StringSchema
  | IntegerSchema
  | NumberSchema
  | BooleanSchema
  | IntOrStringSchema
  | QuantitySchema
  | AnySchema
  | RefSchema;

export function object(properties: Record<string, Schema>, required: readonly string[] = []): ObjectSchema {
  return required.length > 0 ? { type: 'object', properties, required } : { type: 'object', properties };
}

/** An object that declares some fields and keeps any other field as written. */
export function openObject(properties: Record<string, Schema> = {}): ObjectSchema {
  return { type: 'object', properties, preserveUnknownFields: true };
}

export function mapOf(values: Schema): MapSchema {
  return { type: 'map', values };
}

export function arrayOf(items: Schema): ArraySchema {
  return { type: 'array', items };
}

export function string(): StringSchema {
  return { type: 'string' };
}

export function dateTime(): StringSchema {
  return { type: 'string', format: 'date-time' };
}

export function enumOf(...values: string[]): StringSchema {
  return { type: 'string', enum: values };
}

export function int32(): IntegerSchema {
  return { type: 'integer', format: 'int32' };
}

export function int64(): IntegerSchema {
  return { type: 'integer', format: 'int64' };
}

export function number(): NumberSchema {
  return { type: 'number' };
}

export function boolean(): BooleanSchema {
  return { type: 'boolean' };
}

export function intOrString(): IntOrStringSchema {
  return { type: 'int-or-string' };
}

export function quantity(): QuantitySchema {
  return { type: 'quantity' };
}

export function anyValue(): AnySchema {
  return { type: 'any' };
}

export function anyObject(): AnySchema {
  return { type: 'any', objectOnly: true };
}

export function ref(name: string, resolve: () => Schema): RefSchema {
  return { type: 'ref', name, resolve };
}

/** A list that server-side apply replaces as a whole. */
export function atomicList(items: Schema): ArraySchema {
  return { type: 'array', items, listType: 'atomic' };
}

/** A list of unique scalars, merged item by item by server-side apply. */
export function setOf(items: Schema): ArraySchema {
  return { type: 'array', items, listType: 'set' };
}

/** A list whose items are identified by these fields (unique together), merged item by item. */
export function listMap(items: Schema, ...keys: string[]): ArraySchema {
  if (keys.length === 0) throw new Error('listMap: name at least one key field');
  return { type: 'array', items, listType: 'map', listMapKeys: keys };
}

/** An object or map that server-side apply replaces as a whole. */
export function atomic<T extends ObjectSchema | MapSchema>(schema: T): T {
  return { ...schema, mapType: 'atomic' };
}

/** The same schema with the value the API server fills in when the field is left out. */
export function withDefault<T extends Schema>(schema: T, value: JsonValue): T {
  return { ...schema, default: value };
}

/** The same schema with a CEL rule the API server checks on every write. */
export function validated<T extends Schema>(schema: T, rule: string, message?: string): T {
  const added: ValidationRule = message === undefined ? { rule } : { rule, message };
  return { ...schema, validations: [...(schema.validations ?? []), added] };
}

/** A field that cannot change once the object exists (a transition rule: `self == oldSelf`). */
export function immutable<T extends Schema>(schema: T, message: string): T {
  return validated(schema, 'self == oldSelf', message);
}

/** The same schema with a description (carried into the project's CRDs by toOpenAPI). */
export function described<T extends Schema>(schema: T, description: string): T {
  return { ...schema, description };
}

/**
 * An object schema whose fields carry these descriptions. Naming a field the object does not
 * have is a mistake in the schema, so it throws.
 */
export function describeFields(schema: ObjectSchema, descriptions: Readonly<Record<string, string>>): ObjectSchema {
  const properties: Record<string, Schema> = { ...schema.properties };
  for (const [field, description] of Object.entries(descriptions)) {
    const property = properties[field];
    if (!property) throw new Error(`describeFields: no field "${field}" to describe`);
    properties[field] = described(property, description);
  }
  return { ...schema, properties };
}

/** Follows references until a concrete schema. */
export function resolved(schema: Schema): Exclude<Schema, RefSchema> {
  let current: Schema = schema;
  while (current.type === 'ref') current = current.resolve();
  return current;
}

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
