// Generates the project's CustomResourceDefinitions for the argoproj.io kinds from the model
// (src/api/schema, through toOpenAPI()) into deploy/crds/, and deploy/install.yaml: every
// object that `kubectl kustomize deploy/` yields, in one file.
//
// Usage: node scripts/generate-crds.ts           writes the files (commit them)
//        node scripts/generate-crds.ts --check   exits 1 when a committed file differs
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { toOpenAPI, type OpenAPISchema } from '../src/api/schema/to-openapi.ts';
import type { Schema } from '../src/api/schema/vocabulary.ts';
import { Rollout } from '../src/api/schema/kinds/rollout.ts';
import { AnalysisRun, AnalysisTemplate } from '../src/api/schema/kinds/analysis.ts';
import { Experiment } from '../src/api/schema/kinds/experiment.ts';

export const repoRoot = path.resolve(import.meta.dirname, '..');
export const GROUP = 'argoproj.io';
export const VERSION = 'v1alpha1';

type Json = { [key: string]: unknown };

interface PrinterColumn {
  name: string;
  type: 'integer' | 'string' | 'date';
  jsonPath: string;
  description: string;
}

export interface CrdDefinition {
  kind: string;
  plural: string;
  shortName: string;
  scope: 'Namespaced' | 'Cluster';
  /** File name under deploy/crds/. */
  file: string;
  description: string;
  schema: Schema;
  columns: PrinterColumn[];
  subresources: Json;
}

const age: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description: 'How long ago the object was created',
};

const phase = (what: string): PrinterColumn => ({
  name: 'Status',
  type: 'string',
  jsonPath: '.status.phase',
  description: `The phase of the ${what}`,
});

export const CRD_DEFINITIONS: readonly CrdDefinition[] = [
  {
    kind: 'Rollout',
    plural: 'rollouts',
    shortName: 'ro',
    scope: 'Namespaced',
    file: 'rollout-crd.yaml',
    description:
      'A Rollout replaces the pods of an application step by step (canary or blue-green), shifting traffic and running analysis on the way.',
    schema: Rollout,
    columns: [
      {
        name: 'Desired',
        type: 'integer',
        jsonPath: '.spec.replicas',
        description: 'How many pods the Rollout asks for',
      },
      {
        name: 'Current',
        type: 'integer',
        jsonPath: '.status.replicas',
        description: 'Pods of the Rollout that are not terminating',
      },
      {
        name: 'Up-to-date',
        type: 'integer',
        jsonPath: '.status.updatedReplicas',
        description: 'Pods that run the current pod template',
      },
      {
        name: 'Available',
        type: 'integer',
        jsonPath: '.status.availableReplicas',
        description: 'Pods ready for at least minReadySeconds',
      },
      age,
    ],
    // The scale subresource lets `kubectl scale` and HorizontalPodAutoscalers size a Rollout.
    subresources: {
      scale: {
        labelSelectorPath: '.status.selector',
        specReplicasPath: '.spec.replicas',
        statusReplicasPath: '.status.HPAReplicas',
      },
      status: {},
    },
  },
  {
    kind: 'AnalysisTemplate',
    plural: 'analysistemplates',
    shortName: 'at',
    scope: 'Namespaced',
    file: 'analysis-template-crd.yaml',
    description:
      'An AnalysisTemplate describes the metrics that decide whether a release is healthy, with the arguments they take.',
    schema: AnalysisTemplate,
    columns: [age],
    subresources: {},
  },
  {
    kind: 'ClusterAnalysisTemplate',
    plural: 'clusteranalysistemplates',
    shortName: 'cat',
    scope: 'Cluster',
    file: 'cluster-analysis-template-crd.yaml',
    description: 'A ClusterAnalysisTemplate is an AnalysisTemplate that Rollouts of every namespace can use.',
    schema: AnalysisTemplate,
    columns: [age],
    subresources: {},
  },
  {
    kind: 'AnalysisRun',
    plural: 'analysisruns',
    shortName: 'ar',
    scope: 'Namespaced',
    file: 'analysis-run-crd.yaml',
    description: 'An AnalysisRun is one run of the metrics of one or more templates, with its measurements and result.',
    schema: AnalysisRun,
    columns: [phase('AnalysisRun'), age],
    // As upstream: no status subresource, so the status is written with the object.
    subresources: {},
  },
  {
    kind: 'Experiment',
    plural: 'experiments',
    shortName: 'exp',
    scope: 'Namespaced',
    file: 'experiment-crd.yaml',
    description: 'An Experiment runs ReplicaSets of chosen templates side by side for a while, with analysis.',
    schema: Experiment,
    columns: [phase('Experiment'), age],
    subresources: {},
  },
];

/**
 * Fields the CRDs keep as written, without a schema, where Argo's CRDs do (pod volumes, containers'
 * resource requests and limits). Argo accepts anything there when the object is stored, and reports a
 * malformed value later (the pods cannot be created); a typed schema would instead refuse at
 * apply time a manifest that Argo accepts (`cpu: 0.5`, a value kubectl cannot check). sluice
 * checks these fields where the user sees the result: `sluice lint` (file and line) and the
 * controller's InvalidSpec condition, both against the model's full Kubernetes types. Untyped,
 * they carry no defaults either, so a Rollout stored under Argo's CRDs reads the same under
 * sluice's and its pod-template hash does not change when sluice's CRDs replace Argo's.
 */
export const KEPT_AS_WRITTEN: readonly RegExp[] = [
  /\.spec\.volumes$/,
  /(containers|initContainers|ephemeralContainers)\[\]\.resources\.(limits|requests)$/,
];

/** The same schema with the nodes at the paths of KEPT_AS_WRITTEN replaced by "keep any value". */
function keepAsWritten(node: OpenAPISchema, at = ''): OpenAPISchema {
  if (KEPT_AS_WRITTEN.some((pattern) => pattern.test(at))) {
    const kept: OpenAPISchema = { 'x-kubernetes-preserve-unknown-fields': true };
    if (node.description !== undefined) kept.description = node.description;
    return kept;
  }
  const out: OpenAPISchema = { ...node };
  if (node.properties) {
    out.properties = Object.fromEntries(
      Object.entries(node.properties as Record<string, OpenAPISchema>).map(([name, child]) => [
        name,
        keepAsWritten(child, `${at}.${name}`),
      ]),
    );
  }
  if (node.items) out.items = keepAsWritten(node.items as OpenAPISchema, `${at}[]`);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    out.additionalProperties = keepAsWritten(node.additionalProperties as OpenAPISchema, `${at}{}`);
  }
  return out;
}

/** The structural schema of a kind: the model's schema, with the root metadata left to the API server. */
export function crdSchema(definition: CrdDefinition): OpenAPISchema {
  const openapi = keepAsWritten(toOpenAPI(definition.schema));
  const properties = { ...(openapi.properties as Record<string, OpenAPISchema>) };
  // A CRD may restrict only name and generateName of the root metadata; the API server checks the rest.
  if (properties.metadata) properties.metadata = { type: 'object' };
  return { ...openapi, description: definition.description, properties };
}

export function buildCrd(definition: CrdDefinition): Json {
  const singular = definition.kind.toLowerCase();
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${definition.plural}.${GROUP}`,
      labels: { 'app.kubernetes.io/name': 'sluice', 'app.kubernetes.io/part-of': 'sluice' },
    },
    spec: {
      group: GROUP,
      names: {
        kind: definition.kind,
        listKind: `${definition.kind}List`,
        plural: definition.plural,
        singular,
        shortNames: [definition.shortName],
      },
      scope: definition.scope,
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          additionalPrinterColumns: definition.columns.map((column) => ({ ...column })),
          schema: { openAPIV3Schema: crdSchema(definition) },
          subresources: definition.subresources,
        },
      ],
    },
  };
}

/** The same value with the keys of every object in alphabetical order (arrays keep theirs). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Json = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Json)[key]);
    return sorted;
  }
  return value;
}

const GENERATED_HEADER =
  '# GENERATED by scripts/generate-crds.ts from the model in src/api/schema. Do not edit:\n' +
  '# change the model, then run `node scripts/generate-crds.ts` and commit the result.\n';

function toYaml(document: unknown): string {
  return stringify(sortKeys(document), { aliasDuplicateObjects: false, lineWidth: 0 });
}

export function renderCrd(definition: CrdDefinition): string {
  return `${GENERATED_HEADER}${toYaml(buildCrd(definition))}`;
}

// ---- deploy/install.yaml: the objects of deploy/kustomization.yaml in one file

const CLUSTER_SCOPED = new Set(['Namespace', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding']);
/** The order kustomize writes kinds in (its "legacy" order): what others depend on comes first. */
const KIND_ORDER = [
  'Namespace',
  'CustomResourceDefinition',
  'ServiceAccount',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Service',
  'Deployment',
];
const KUSTOMIZATION_FIELDS = new Set(['apiVersion', 'kind', 'namespace', 'resources']);

export interface DeployObject {
  /** Path relative to the repository, for messages. */
  source: string;
  object: Json;
}

/**
 * The objects a kustomization yields, for kustomizations that only list resources and name a
 * namespace which every namespaced object already carries (then kustomize changes nothing).
 * `override` supplies file texts that are not (yet) on disk, keyed by path from the repository.
 */
export function kustomizationObjects(
  dir: string,
  override: ReadonlyMap<string, string> = new Map(),
  inherited?: string,
): DeployObject[] {
  const kustomizationPath = path.join(dir, 'kustomization.yaml');
  const rel = (file: string) => path.relative(repoRoot, file);
  const kustomization = (parseAllDocuments(readFileSync(kustomizationPath, 'utf8'))[0]?.toJS() ?? {}) as Json;
  for (const field of Object.keys(kustomization)) {
    if (!KUSTOMIZATION_FIELDS.has(field)) {
      throw new Error(
        `${rel(kustomizationPath)}: "${field}" is not supported by install.yaml generation; keep to resources and namespace`,
      );
    }
  }
  const namespace = (kustomization.namespace as string | undefined) ?? inherited;
  const objects: DeployObject[] = [];
  for (const resource of (kustomization.resources ?? []) as string[]) {
    const target = path.join(dir, resource);
    const text = override.get(rel(target));
    if (text === undefined && existsSync(target) && statSync(target).isDirectory()) {
      objects.push(...kustomizationObjects(target, override, namespace));
      continue;
    }
    const source = rel(target);
    const content = text ?? readFileSync(target, 'utf8');
    for (const document of parseAllDocuments(content)) {
      const object = document.toJS() as Json | null;
      if (object === null) continue;
      checkNamespace(source, object, namespace);
      objects.push({ source, object });
    }
  }
  return objects;
}

function checkNamespace(source: string, object: Json, namespace: string | undefined): void {
  if (namespace === undefined || CLUSTER_SCOPED.has(String(object.kind))) return;
  const metadata = (object.metadata ?? {}) as Json;
  if (metadata.namespace !== namespace) {
    throw new Error(
      `${source}: ${String(object.kind)} ${String(metadata.name)} is in namespace ${String(metadata.namespace)}, ` +
        `but its kustomization sets ${namespace}; write namespace: ${namespace} in the file`,
    );
  }
}

export function orderForInstall(objects: readonly DeployObject[]): DeployObject[] {
  const rank = (object: Json) => {
    const index = KIND_ORDER.indexOf(String(object.kind));
    return index === -1 ? KIND_ORDER.length : index;
  };
  return objects
    .map((item, index) => ({ item, index }))
    .sort((a, b) => rank(a.item.object) - rank(b.item.object) || a.index - b.index)
    .map(({ item }) => item);
}

export function renderInstall(objects: readonly DeployObject[]): string {
  const header =
    '# GENERATED by scripts/generate-crds.ts: everything `kubectl apply -k deploy/` installs, in one file.\n' +
    '# Install with: kubectl apply --server-side -f deploy/install.yaml\n';
  return (
    header +
    orderForInstall(objects)
      .map(({ object }) => `---\n${toYaml(object)}`)
      .join('')
  );
}

/** Every generated file, keyed by its path from the repository root. */
export function generatedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const definition of CRD_DEFINITIONS)
    files.set(path.join('deploy', 'crds', definition.file), renderCrd(definition));
  files.set(
    path.join('deploy', 'install.yaml'),
    renderInstall(kustomizationObjects(path.join(repoRoot, 'deploy'), files)),
  );
  return files;
}

/** The generated files whose committed text differs (or is missing). */
export function driftedFiles(files: ReadonlyMap<string, string>): string[] {
  return [...files]
    .filter(([file, text]) => {
      const absolute = path.join(repoRoot, file);
      return !existsSync(absolute) || readFileSync(absolute, 'utf8') !== text;
    })
    .map(([file]) => file);
}

function main(args: string[]): number {
  const files = generatedFiles();
  if (args.includes('--check')) {
    const drifted = driftedFiles(files);
    if (drifted.length === 0) return 0;
    process.stderr.write(`out of date: ${drifted.join(', ')}\nrun: node scripts/generate-crds.ts\n`);
    return 1;
  }
  for (const [file, text] of files) {
    writeFileSync(path.join(repoRoot, file), text);
    process.stdout.write(`wrote ${file} (${Math.round(Buffer.byteLength(text) / 1024)} KiB)\n`);
  }
  return 0;
}

if (import.meta.main) process.exitCode = main(process.argv.slice(2));
