// What the API server stores for an object of a custom resource, as far as defaults go: the
// `default` of every absent field of a present object, recursively (structural defaulting; an
// explicit null counts as absent unless the field is nullable), read from a CRD's OpenAPI schema.
// Tests compare stored objects with this, so they still see any field dropped or changed beyond it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export type OpenAPINode = { [key: string]: unknown };

export function withCrdDefaults<T>(value: T, schema: OpenAPINode): T {
  const copy = structuredClone(value);
  applyDefaults(copy, schema);
  return copy;
}

function applyDefaults(value: unknown, schema: OpenAPINode | undefined): void {
  if (schema === undefined || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    const items = schema.items as OpenAPINode | undefined;
    for (const item of value) applyDefaults(item, items);
    return;
  }
  const object = value as Record<string, unknown>;
  const properties = (schema.properties ?? {}) as Record<string, OpenAPINode>;
  for (const [name, property] of Object.entries(properties)) {
    if (property.default === undefined) continue;
    const absent = !(name in object) || (object[name] === null && property.nullable !== true);
    if (absent) object[name] = structuredClone(property.default);
  }
  const additional =
    typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as OpenAPINode) : undefined;
  for (const [name, child] of Object.entries(object)) applyDefaults(child, properties[name] ?? additional);
}

/** The served schema of an argoproj.io kind, from the project's generated CRD files. */
export function crdSchemaOf(crdsDir: string, kind: string): OpenAPINode {
  const file = `${kind.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}-crd.yaml`;
  const crd = parse(readFileSync(path.join(crdsDir, file), 'utf8')) as {
    spec: { names: { kind: string }; versions: Array<{ served: boolean; schema: { openAPIV3Schema: OpenAPINode } }> };
  };
  if (crd.spec.names.kind !== kind) throw new Error(`${file} defines ${crd.spec.names.kind}, not ${kind}`);
  const version = crd.spec.versions.find((item) => item.served);
  if (!version) throw new Error(`${file} serves no version`);
  return version.schema.openAPIV3Schema;
}
