// Converts the schema vocabulary to an OpenAPI v3 schema in the structural form that
// CustomResourceDefinitions require: every node typed, no $ref, int-or-string and
// preserve-unknown-fields as Kubernetes extensions.
import type { Schema } from './vocabulary.ts';

export type OpenAPISchema = { [key: string]: unknown };

export function toOpenAPI(schema: Schema): OpenAPISchema {
  return convert(schema, new Set());
}

function convert(schema: Schema, inProgress: Set<string>): OpenAPISchema {
  if (schema.type === 'ref') {
    // A recursive definition cannot be inlined forever; its inner occurrence keeps any value.
    if (inProgress.has(schema.name)) return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    inProgress.add(schema.name);
    const result = convert(schema.resolve(), inProgress);
    inProgress.delete(schema.name);
    return schema.description === undefined ? result : { ...result, description: schema.description };
  }
  const out = convertConcrete(schema, inProgress);
  if (schema.description !== undefined) out.description = schema.description;
  return out;
}

function convertConcrete(schema: Exclude<Schema, { type: 'ref' }>, inProgress: Set<string>): OpenAPISchema {
  switch (schema.type) {
    case 'object': {
      const properties: Record<string, OpenAPISchema> = {};
      for (const [name, child] of Object.entries(schema.properties)) properties[name] = convert(child, inProgress);
      const out: OpenAPISchema = { type: 'object' };
      if (Object.keys(properties).length > 0) out.properties = properties;
      if (schema.required && schema.required.length > 0) out.required = [...schema.required];
      if (schema.preserveUnknownFields) out['x-kubernetes-preserve-unknown-fields'] = true;
      return out;
    }
    case 'map':
      return { type: 'object', additionalProperties: convert(schema.values, inProgress) };
    case 'array':
      return { type: 'array', items: convert(schema.items, inProgress) };
    case 'string': {
      const out: OpenAPISchema = { type: 'string' };
      if (schema.format) out.format = schema.format;
      if (schema.enum) out.enum = [...schema.enum];
      return out;
    }
    case 'integer':
      return { type: 'integer', format: schema.format };
    case 'number':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'int-or-string':
      return { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true };
    case 'quantity':
      return {
        anyOf: [{ type: 'integer' }, { type: 'string' }],
        pattern: '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$',
        'x-kubernetes-int-or-string': true,
      };
    case 'any':
      return schema.objectOnly
        ? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }
        : { 'x-kubernetes-preserve-unknown-fields': true };
  }
}

