// Generates src/api/schema/core.generated.ts: the Kubernetes core types a Rollout embeds
// (ObjectMeta, LabelSelector, PodTemplateSpec and all of PodSpec, JobSpec, Service, Deployment,
// ReplicaSet) written in sluice's schema vocabulary.
//
// Source: Kubernetes' own published OpenAPI v3 definitions, `api/openapi-spec/v3/*.json` in the
// Go module k8s.io/kubernetes, at the version test/controlplane/go.mod pins (the API server the
// integration tests run). The module is fetched with `go mod download` if it is not cached.
// Override the folder with K8S_OPENAPI_DIR.
//
// Usage: node scripts/generate-core-schema.ts   (then commit the generated file)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..');
const outputFile = path.join(repoRoot, 'src/api/schema/core.generated.ts');

const roots = [
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector',
  'io.k8s.api.core.v1.PodTemplateSpec',
  'io.k8s.api.core.v1.Service',
  'io.k8s.api.apps.v1.Deployment',
  'io.k8s.api.apps.v1.ReplicaSet',
  'io.k8s.api.batch.v1.JobSpec',
];

const specFiles = ['api__v1_openapi.json', 'apis__apps__v1_openapi.json', 'apis__batch__v1_openapi.json'];

/** Definitions whose JSON form is not what their OpenAPI entry says on its own. */
const special: Record<string, string> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': 'quantity()',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': 'intOrString()',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': 'dateTime()',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': 'dateTime()',
  'io.k8s.apimachinery.pkg.runtime.RawExtension': 'anyObject()',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': 'anyObject()',
};

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is walked many levels deep; a wrong path fails the generated file's tests
type Json = { [key: string]: any };

function kubernetesVersion(): string {
  const goMod = readFileSync(path.join(repoRoot, 'test/controlplane/go.mod'), 'utf8');
  const match = /k8s\.io\/kubernetes (v[0-9.]+)/.exec(goMod);
  if (!match?.[1]) throw new Error('test/controlplane/go.mod does not pin k8s.io/kubernetes');
  return match[1];
}

function openAPIDir(version: string): string {
  if (process.env.K8S_OPENAPI_DIR) return process.env.K8S_OPENAPI_DIR;
  const info = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${version}`], {
      cwd: path.join(repoRoot, 'test/controlplane'),
      encoding: 'utf8',
    }),
  ) as { Dir: string };
  return path.join(info.Dir, 'api/openapi-spec/v3');
}

function loadDefinitions(dir: string): Map<string, Json> {
  const definitions = new Map<string, Json>();
  for (const file of specFiles) {
    const spec = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Json;
    for (const [name, schema] of Object.entries(spec.components?.schemas ?? {})) definitions.set(name, schema as Json);
  }
  return definitions;
}

function refName(node: Json): string | undefined {
  const target = node.$ref ?? (Array.isArray(node.allOf) && node.allOf.length === 1 ? node.allOf[0].$ref : undefined);
  return typeof target === 'string' ? target.replace('#/components/schemas/', '') : undefined;
}

class Emitter {
  readonly needed = new Set<string>();
  readonly skippedZeroValues = new Set<string>();
  /** The definition being written, to name fields in ZERO_VALUE_DEFAULTS. */
  private current = '';
  private readonly queue: string[] = [];
  private readonly definitions: Map<string, Json>;
  constructor(definitions: Map<string, Json>) {
    this.definitions = definitions;
  }

  require(name: string): void {
    if (special[name] || this.needed.has(name)) return;
    if (!this.definitions.has(name)) throw new Error(`definition ${name} is missing from the OpenAPI files`);
    this.needed.add(name);
    this.queue.push(name);
  }

  next(): string | undefined {
    return this.queue.shift();
  }

  expression(node: Json): string {
    const target = refName(node);
    if (target) {
      for (const key of Object.keys(node)) {
        if (key.startsWith('x-kubernetes-list') || key === 'x-kubernetes-map-type') {
          throw new Error(
            `${key} on a reference to ${target} cannot be carried: the vocabulary puts it on the definition`,
          );
        }
      }
      if (special[target]) return special[target];
      this.require(target);
      return `def('${target}')`;
    }
    switch (node.type) {
      case 'object': {
        if (node.properties) {
          const required = ((node.required ?? []) as string[]).filter((field) => field in node.properties);
          const fields = Object.keys(node.properties as Json)
            .sort()
            .map(
              (field) =>
                `${JSON.stringify(field)}: ${this.property(node.properties[field], field, required.includes(field))}`,
            );
          const requiredText = required.length > 0 ? `, ${JSON.stringify(required)}` : '';
          return withMapType(node, `object({ ${fields.join(', ')} }${requiredText})`);
        }
        if (node.additionalProperties && typeof node.additionalProperties === 'object') {
          return withMapType(node, `mapOf(${this.expression(node.additionalProperties)})`);
        }
        return 'anyObject()';
      }
      case 'array':
        return this.list(node);
      case 'string':
        return node.format === 'byte'
          ? `{ type: 'string', format: 'byte' }`
          : node.format === 'date-time'
            ? 'dateTime()'
            : 'string()';
      case 'integer':
        return node.format === 'int32' ? 'int32()' : 'int64()';
      case 'number':
        return 'number()';
      case 'boolean':
        return 'boolean()';
      default:
        throw new Error(`cannot convert schema node ${JSON.stringify(node).slice(0, 200)}`);
    }
  }

  /** The schema of a named definition. */
  definition(name: string): string {
    this.current = name;
    return this.expression(this.definitions.get(name) as Json);
  }

  /**
   * A field of an object, with the default the API server applies when an optional field is left
   * out: Kubernetes' OpenAPI carries the `+default` markers of the Go types as `default`. Object
   * defaults (`{}`) only say that the Go field is a struct rather than a pointer, and required
   * fields get the zero value of their type, which is no default either.
   */
  property(node: Json, field: string, required: boolean): string {
    const shape = this.expression(node);
    const value = node.default as unknown;
    if (required || value === undefined || (value !== null && typeof value === 'object')) return shape;
    const key = `${this.current}.${field}`;
    if (ZERO_VALUE_DEFAULTS.has(key)) {
      this.skippedZeroValues.add(key);
      return shape;
    }
    return `withDefault(${shape}, ${JSON.stringify(value)})`;
  }

  private list(node: Json): string {
    const items = this.expression(node.items);
    const listType = node['x-kubernetes-list-type'] as string | undefined;
    if (listType === undefined) return `arrayOf(${items})`;
    if (listType === 'atomic') return `atomicList(${items})`;
    if (listType === 'set') return `setOf(${items})`;
    if (listType === 'map') {
      const keys = node['x-kubernetes-list-map-keys'] as string[] | undefined;
      if (!keys || keys.length === 0)
        throw new Error(`list-type map without keys: ${JSON.stringify(node).slice(0, 200)}`);
      return `listMap(${items}, ${keys.map((key) => JSON.stringify(key)).join(', ')})`;
    }
    throw new Error(`unknown x-kubernetes-list-type ${listType}`);
  }
}

function withMapType(node: Json, expression: string): string {
  const mapType = node['x-kubernetes-map-type'] as string | undefined;
  if (mapType === undefined || mapType === 'granular') return expression;
  if (mapType === 'atomic') return `atomic(${expression})`;
  throw new Error(`unknown x-kubernetes-map-type ${mapType}`);
}

/**
 * Optional fields whose OpenAPI `default` is only the zero value of a Go field written without
 * omitempty, not a default the API server applies (Kubernetes defaults them in code, to "True").
 * Argo's CRDs, made from the Go markers, carry no default for them either.
 */
const ZERO_VALUE_DEFAULTS = new Set(['io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern.status']);

function generate(): void {
  const version = kubernetesVersion();
  const definitions = loadDefinitions(openAPIDir(version));
  const emitter = new Emitter(definitions);
  for (const root of roots) emitter.require(root);
  const lines: string[] = [];
  for (let name = emitter.next(); name !== undefined; name = emitter.next()) {
    lines.push(`  '${name}': ${emitter.definition(name)},`);
  }
  lines.sort();
  const stale = [...ZERO_VALUE_DEFAULTS].filter((key) => !emitter.skippedZeroValues.has(key));
  if (stale.length > 0)
    throw new Error(`ZERO_VALUE_DEFAULTS names fields that have no such default any more: ${stale.join(', ')}`);
  const text = [
    '// GENERATED FILE, do not edit. Regenerate with: node scripts/generate-core-schema.ts',
    `// Source: Kubernetes' OpenAPI v3 definitions (api/openapi-spec/v3) of Go module k8s.io/kubernetes ${version}.`,
    '// Enum lists and descriptions are left out: the API server and kubelet check enum values when objects are applied.',
    '// Carried: defaults of optional fields, list types and keys, map types (for server-side apply).',
    "import { anyObject, arrayOf, atomic, atomicList, boolean, dateTime, int32, int64, intOrString, listMap, mapOf, number, object, quantity, ref, setOf, string, withDefault, type Schema } from './vocabulary.ts';",
    '',
    `export const KUBERNETES_VERSION = '${version}';`,
    '',
    'export function coreDefinition(name: string): Schema {',
    '  const schema = definitions[name];',
    '  if (!schema) throw new Error(`no Kubernetes definition named ${name}`);',
    '  return schema;',
    '}',
    '',
    'function def(name: string): Schema {',
    '  return ref(name, () => coreDefinition(name));',
    '}',
    '',
    'const definitions: Record<string, Schema> = {',
    ...lines,
    '};',
    '',
  ].join('\n');
  writeFileSync(outputFile, text);
  console.log(`wrote ${path.relative(repoRoot, outputFile)}: ${lines.length} definitions from Kubernetes ${version}`);
}

generate();
