// Converts the schema vocabulary to an OpenAPI v3 schema in the structural form that
// CustomResourceDefinitions require: every node typed, no $ref, int-or-string and
// preserve-unknown-fields as Kubernetes extensions; defaults, list and map types (for
// server-side apply) and validation rules as the API server reads them.
import type { Annotations, Schema } from './vocabulary.ts';

export type OpenAPISchema = { [key: string]: unknown };

export interface OpenAPIOptions {
  /**
   * Named definitions (RefSchema names) below which no `default` is written: for fields whose
   * stored form must stay as written (see scripts/generate-crds.ts).
   */
  withoutDefaultsIn?: ReadonlySet<string>;
}

interface Context {
  inProgress: Set<string>;
  withoutDefaultsIn: ReadonlySet<string>;
  /** Inside a definition named in withoutDefaultsIn. */
  defaultsOff: boolean;
}

export function toOpenAPI(schema: Schema, options: OpenAPIOptions = {}): OpenAPISchema {
  return convert(schema, {
    inProgress: new Set(),
    withoutDefaultsIn: options.withoutDefaultsIn ?? new Set(),
    defaultsOff: false,
  });
}

function convert(schema: Schema, context: Context): OpenAPISchema {
  if (schema.type === 'ref') {
    // A recursive definition cannot be inlined forever; its inner occurrence keeps any value.
    if (context.inProgress.has(schema.name)) {
      return annotate({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, schema, context);
    }
    context.inProgress.add(schema.name);
    const inner = { ...context, defaultsOff: context.defaultsOff || context.withoutDefaultsIn.has(schema.name) };
    const result = convert(schema.resolve(), inner);
    context.inProgress.delete(schema.name);
    return annotate(result, schema, context);
  }
  return annotate(convertConcrete(schema, context), schema, context);
}

/** Adds the node's own annotations; a reference's override those of the definition it names. */
function annotate(out: OpenAPISchema, schema: Annotations, context: Context): OpenAPISchema {
  if (schema.description !== undefined) out.description = schema.description;
  if (schema.default !== undefined && !context.defaultsOff) out.default = structuredClone(schema.default);
  if (schema.validations && schema.validations.length > 0) {
    out['x-kubernetes-validations'] = schema.validations.map((rule) => ({ ...rule }));
  }
  return out;
}

function convertConcrete(schema: Exclude<Schema, { type: 'ref' }>, context: Context): OpenAPISchema {
  switch (schema.type) {
    case 'object': {
      const properties: Record<string, OpenAPISchema> = {};
      for (const [name, child] of Object.entries(schema.properties)) properties[name] = convert(child, context);
      const out: OpenAPISchema = { type: 'object' };
      if (Object.keys(properties).length > 0) out.properties = properties;
      if (schema.required && schema.required.length > 0) out.required = [...schema.required];
      if (schema.preserveUnknownFields) out['x-kubernetes-preserve-unknown-fields'] = true;
      if (schema.mapType) out['x-kubernetes-map-type'] = schema.mapType;
      return out;
    }
    case 'map': {
      const out: OpenAPISchema = { type: 'object', additionalProperties: convert(schema.values, context) };
      if (schema.mapType) out['x-kubernetes-map-type'] = schema.mapType;
      return out;
    }
    case 'array': {
      const out: OpenAPISchema = { type: 'array', items: convert(schema.items, context) };
      if (schema.listType) out['x-kubernetes-list-type'] = schema.listType;
      if (schema.listMapKeys && schema.listMapKeys.length > 0)
        out['x-kubernetes-list-map-keys'] = [...schema.listMapKeys];
      return out;
    }
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
        pattern:
          '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$',
        'x-kubernetes-int-or-string': true,
      };
    case 'any':
      return schema.objectOnly
        ? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }
        : { 'x-kubernetes-preserve-unknown-fields': true };
  }
}
