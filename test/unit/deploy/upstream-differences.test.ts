// The project's CRDs against Argo Rollouts' own, side by side: every difference in type, format,
// enum, required, default, list type and keys, map type, validation rules and declared fields is
// listed, and the list must be exactly the documented allow-list below (each entry's reason is in
// docs/install.md, "Differences from Argo Rollouts' CRDs"). Upstream is read at test time from
// ../shared/upstream-crds (SLUICE_SHARED_DIR overrides).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CRD_DEFINITIONS, crdSchema } from '../../../scripts/generate-crds.ts';
import { readCrds } from '../api/upstream-crd-samples.ts';
import { formatDifference, schemaDifferences, type Aspect, type SchemaDifference } from './support/schema-diff.ts';
import { repoRoot } from './support/deploy-files.ts';
import type { Json } from '../../support/json.ts';

interface AllowedDifference {
  aspect: Aspect;
  /** The schema paths it covers (in every kind). */
  path: RegExp;
  /** What upstream has there, when it matters for the match. */
  upstream?: unknown;
  /** The phrase of docs/install.md that explains it. */
  documented: string;
}

const ALLOWED: readonly AllowedDifference[] = [
  // Argo trims embedded ObjectMeta (pod template, Job metric) to labels and annotations.
  { aspect: 'field', path: /\.metadata\.[A-Za-z]+$/, upstream: 'not declared', documented: 'full `ObjectMeta`' },
  // Kubernetes v1.36 fields and rules, newer than the Kubernetes types of Argo's CRDs.
  { aspect: 'field', path: /\.spec\.schedulingGroup$/, upstream: 'not declared', documented: '`schedulingGroup`' },
  {
    aspect: 'required',
    path: /\.podFailurePolicy\.rules\[\]\.onPodConditions\[\]$/,
    documented: '`onPodConditions[].status`',
  },
  // Kubernetes' OpenAPI merges these references field by field; Argo's generator marks them atomic.
  {
    aspect: 'map-type',
    path: /\.envFrom\[\]\.(configMapRef|secretRef)$/,
    upstream: 'atomic',
    documented: '`envFrom[].configMapRef`',
  },
  // The same rule, with sluice's own message.
  { aspect: 'validations', path: /^\.spec\.selector$/, documented: 'own message' },
];

const upstream = readCrds('argo-rollouts');

function differencesOf(kind: string): SchemaDifference[] {
  const definition = CRD_DEFINITIONS.find((item) => item.kind === kind);
  const theirs = upstream.find((item) => item.kind === kind);
  assert.ok(definition && theirs, `no CRD pair for ${kind}`);
  return schemaDifferences(theirs.schema, crdSchema(definition));
}

function allows(entry: AllowedDifference, difference: SchemaDifference): boolean {
  return (
    entry.aspect === difference.aspect &&
    entry.path.test(difference.path) &&
    (entry.upstream === undefined || JSON.stringify(entry.upstream) === JSON.stringify(difference.upstream))
  );
}

const all = CRD_DEFINITIONS.flatMap((definition) =>
  differencesOf(definition.kind).map((difference) => ({ kind: definition.kind, difference })),
);

test('every difference from the upstream CRDs is on the documented allow-list', () => {
  const unexplained = all.filter(({ difference }) => !ALLOWED.some((entry) => allows(entry, difference)));
  assert.deepEqual(
    unexplained.map(({ kind, difference }) => formatDifference(kind, difference)),
    [],
  );
});

test('every allow-list entry is still needed and documented in docs/install.md', () => {
  const install = readFileSync(path.join(repoRoot, 'docs', 'install.md'), 'utf8');
  for (const entry of ALLOWED) {
    assert.ok(
      all.some(({ difference }) => allows(entry, difference)),
      `allow-list entry ${entry.aspect} ${entry.path} matches no difference: remove it`,
    );
    assert.ok(
      install.includes(entry.documented),
      `docs/install.md does not explain ${entry.aspect} ${entry.path} ("${entry.documented}")`,
    );
  }
});

test('the selector rule differs from upstream in its message only', () => {
  const selector = all.filter(({ difference }) => difference.aspect === 'validations');
  assert.deepEqual(
    selector.map(({ kind, difference }) => `${kind} ${difference.path}`),
    ['Rollout .spec.selector'],
  );
  const difference = selector[0]?.difference;
  assert.ok(difference);
  const rules = (value: unknown) => (value as Json[]).map((rule) => rule.rule);
  assert.deepEqual(rules(difference.ours), rules(difference.upstream));
  assert.ok(
    (difference.ours as Json[]).every(
      (rule) => typeof rule.message === 'string' && rule.message.includes('spec.selector'),
    ),
  );
});

// The gaps listed when the CRDs were first generated, now closed: each upstream default, rule,
// list type and map type is in ours at the same path with the same value.

/** Every node of a schema with its path. */
function nodes(node: Json, at = ''): Array<[string, Json]> {
  const found: Array<[string, Json]> = [[at, node]];
  for (const [name, child] of Object.entries((node.properties ?? {}) as Json))
    found.push(...nodes(child, `${at}.${name}`));
  if (node.items) found.push(...nodes(node.items, `${at}[]`));
  if (node.additionalProperties && typeof node.additionalProperties === 'object')
    found.push(...nodes(node.additionalProperties, `${at}{}`));
  return found;
}

function keywordAt(kind: string, keyword: string): { theirs: Map<string, unknown>; ours: Map<string, unknown> } {
  const definition = CRD_DEFINITIONS.find((item) => item.kind === kind);
  const crd = upstream.find((item) => item.kind === kind);
  assert.ok(definition && crd);
  const pick = (schema: Json) =>
    new Map(
      nodes(schema)
        .filter(([, node]) => keyword in node)
        .map(([at, node]) => [at, node[keyword]]),
    );
  return { theirs: pick(crd.schema), ours: pick(crdSchema(definition)) };
}

/** The upstream defaults, by the end of their path: Kubernetes' own and the Datadog provider's. */
const UPSTREAM_DEFAULTS = [
  'ports[].protocol = "TCP"',
  'env[].valueFrom.configMapKeyRef.name = ""',
  'env[].valueFrom.secretKeyRef.name = ""',
  'env[].valueFrom.fileKeyRef.optional = false',
  'envFrom[].configMapRef.name = ""',
  'envFrom[].secretRef.name = ""',
  'grpc.service = ""',
  'imagePullSecrets[].name = ""',
  'datadog.apiVersion = "v1"',
  'datadog.interval = "5m"',
  'datadog.requestTimeout = "10s"',
];

test('every default of the upstream CRDs is in ours, at the same path with the same value, and ours add none', () => {
  for (const definition of CRD_DEFINITIONS) {
    const { theirs, ours } = keywordAt(definition.kind, 'default');
    const entries = (defaults: Map<string, unknown>) =>
      [...defaults].map(([at, value]) => `${at} = ${JSON.stringify(value)}`).sort();
    assert.deepEqual(entries(ours), entries(theirs), definition.kind);
    for (const entry of entries(theirs))
      assert.ok(
        UPSTREAM_DEFAULTS.some((known) => entry.endsWith(known)),
        `${definition.kind}: unexpected upstream default ${entry}`,
      );
  }
  const rollout = keywordAt('Rollout', 'default').ours;
  for (const container of ['containers', 'initContainers', 'ephemeralContainers']) {
    assert.equal(rollout.get(`.spec.template.spec.${container}[].ports[].protocol`), 'TCP', container);
  }
  assert.equal(keywordAt('AnalysisTemplate', 'default').ours.get('.spec.metrics[].provider.datadog.interval'), '5m');
});

test('the selector of a Rollout is immutable, as upstream; no other kind has rules', () => {
  for (const definition of CRD_DEFINITIONS) {
    const { theirs, ours } = keywordAt(definition.kind, 'x-kubernetes-validations');
    const rules = (found: Map<string, unknown>) =>
      [...found].map(([at, list]) => `${at}: ${(list as Json[]).map((rule) => rule.rule).join(', ')}`);
    assert.deepEqual(rules(ours), rules(theirs), definition.kind);
  }
  assert.deepEqual([...keywordAt('Rollout', 'x-kubernetes-validations').ours.keys()], ['.spec.selector']);
});

test("list types, list map keys and map types are upstream's (envFrom references aside, see the allow-list)", () => {
  for (const definition of CRD_DEFINITIONS) {
    for (const keyword of ['x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type']) {
      const { theirs, ours } = keywordAt(definition.kind, keyword);
      const envFromRef = /\.envFrom\[\]\.(configMapRef|secretRef)$/;
      const missing = [...theirs].filter(
        ([at, value]) => JSON.stringify(ours.get(at)) !== JSON.stringify(value) && !envFromRef.test(at),
      );
      const extra = [...ours].filter(
        ([at]) => !theirs.has(at) && !/\.(volumes|metadata)\b/.test(at) && !at.endsWith('.schedulingGroup'),
      );
      assert.deepEqual(missing, [], `${definition.kind} ${keyword}: upstream has, ours not`);
      assert.deepEqual(extra, [], `${definition.kind} ${keyword}: ours has, upstream not`);
    }
  }
  const rollout = keywordAt('Rollout', 'x-kubernetes-list-map-keys').ours;
  assert.deepEqual(rollout.get('.spec.template.spec.containers'), ['name']);
  assert.deepEqual(rollout.get('.spec.template.spec.containers[].ports'), ['containerPort', 'protocol']);
});
