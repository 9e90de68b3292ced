// The schema vocabulary: a small, typed description of the shape of every kind sluice reads.
// One description serves three uses: structural validation of manifests, sample generation in
// tests, and conversion to an OpenAPI v3 structural schema for the project's own CRDs.

export type IntegerFormat = 'int32' | 'int64';

export interface ObjectSchema {
  type: 'object';
  properties: Record<string, Schema>;
  required?: readonly string[];
  /** Keep fields that the properties do not declare (x-kubernetes-preserve-unknown-fields). */
  preserveUnknownFields?: boolean;
  description?: string;
}

export interface MapSchema {
  type: 'map';
  values: Schema;
  description?: string;
}

export interface ArraySchema {
  type: 'array';
  items: Schema;
  description?: string;
}

export interface StringSchema {
  type: 'string';
  enum?: readonly string[];
  format?: 'date-time' | 'byte';
  description?: string;
}

export interface IntegerSchema {
  type: 'integer';
  format: IntegerFormat;
  description?: string;
}

export interface NumberSchema {
  type: 'number';
  description?: string;
}

export interface BooleanSchema {
  type: 'boolean';
  description?: string;
}

/** Kubernetes IntOrString: an integer or a string. */
export interface IntOrStringSchema {
  type: 'int-or-string';
  description?: string;
}

/** Kubernetes resource.Quantity: a number or a string such as `500m` or `1Gi`. */
export interface QuantitySchema {
  type: 'quantity';
  description?: string;
}

/** Any JSON value, kept as written (plugin configs, JSON bodies, raw extensions). */
export interface AnySchema {
  type: 'any';
  /** An object is expected (x-kubernetes-preserve-unknown-fields on `type: object`). */
  objectOnly?: boolean;
  description?: string;
}

/** A named schema resolved lazily, so definitions can refer to each other in any order. */
export interface RefSchema {
  type: 'ref';
  name: string;
  resolve: () => Schema;
  description?: string;
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
