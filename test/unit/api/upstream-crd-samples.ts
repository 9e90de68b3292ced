// Builds, from an upstream CRD's OpenAPI schema, a manifest that sets every field the schema
// declares, with a value of the declared type. Used to prove that sluice accepts every field.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Json } from '../../support/json.ts';
export type { Json };

export interface CrdVersion {
  file: string;
  group: string;
  kind: string;
  version: string;
  schema: Json;
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

export function sharedDir(): string {
  return process.env.SLUICE_SHARED_DIR ?? path.resolve(repoRoot, '..', 'shared');
}

export function readCrds(folder: string): CrdVersion[] {
  const dir = path.join(sharedDir(), 'upstream-crds', folder);
  const found: CrdVersion[] = [];
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()) {
    for (const doc of parseAllDocuments(readFileSync(path.join(dir, file), 'utf8'))) {
      const crd = doc.toJS() as Json | null;
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions as Json[]) {
        found.push({
          file,
          group: crd.spec.group,
          kind: crd.spec.names.kind,
          version: version.name,
          schema: version.schema.openAPIV3Schema,
        });
      }
    }
  }
  return found;
}

/** Which form int-or-string fields take in one sample: Argo manifests use both. */
export type IntOrStringForm = 'integer' | 'string';

/**
 * Argo trims a few Kubernetes fields from its CRDs to an untyped "keep anything"; Argo's Go types
 * still decode them as Kubernetes types, so the sample gives them realistic Kubernetes values.
 */
function untypedSample(name: string): unknown {
  if (name === 'volumes') {
    return [
      { name: 'data', emptyDir: { sizeLimit: '1Gi' } },
      { name: 'config', configMap: { name: 'app-config', items: [{ key: 'a', path: 'a.txt' }] } },
      { name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } },
    ];
  }
  if (name === 'limits' || name === 'requests') return { cpu: '500m', memory: '128Mi', 'nvidia.com/gpu': 1 };
  return { anything: 1 };
}

export function sampleValue(schema: Json, form: IntOrStringForm, name = ''): unknown {
  if (schema['x-kubernetes-int-or-string']) {
    if (form === 'integer') return 3;
    return typeof schema.pattern === 'string' ? '500m' : '25%'; // a pattern marks a resource quantity
  }
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  switch (schema.type) {
    case 'object': {
      if (schema.properties) {
        const result: Json = {};
        for (const [field, child] of Object.entries(schema.properties as Json))
          result[field] = sampleValue(child as Json, form, field);
        return result;
      }
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        return { key1: sampleValue(schema.additionalProperties, form, 'key1') };
      }
      return schema['x-kubernetes-preserve-unknown-fields'] ? { anything: { nested: [1, 'two'] } } : {};
    }
    case 'array':
      return [sampleValue(schema.items ?? {}, form, name)];
    case 'string':
      if (schema.format === 'date-time') return '2024-05-01T12:00:00Z';
      if (schema.format === 'byte') return 'c2x1aWNl';
      return 'sample';
    case 'integer':
      return 1;
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    default:
      return untypedSample(name);
  }
}

export function sampleObject(crd: CrdVersion, form: IntOrStringForm): Json {
  const value = sampleValue(crd.schema, form) as Json;
  value.apiVersion = `${crd.group}/${crd.version}`;
  value.kind = crd.kind;
  value.metadata = { name: 'sample', namespace: 'default' };
  return value;
}

export interface Leaf {
  path: Array<string | number>;
  value: unknown;
}

/** Every scalar in a sample, with its path. */
export function leavesOf(value: unknown, prefix: Array<string | number> = []): Leaf[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leavesOf(item, [...prefix, index]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => leavesOf(child, [...prefix, key]));
  }
  return [{ path: prefix, value }];
}

/** The API server's path text, written here independently of the code under test. */
export function pathText(segments: Array<string | number>): string {
  return segments
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`))
    .join('');
}

export function setAt(
  root: Json,
  segments: Array<string | number>,
  update: (parent: Json, key: string | number) => void,
): void {
  let current: Json = root;
  for (const segment of segments.slice(0, -1)) current = current[segment];
  update(current, segments[segments.length - 1] as string | number);
}
