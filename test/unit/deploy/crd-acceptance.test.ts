// What Argo Rollouts' CRDs accept, sluice's CRDs accept: every object is checked against both
// schemas with the API server's own validation and pruning code (the Go program in
// crd-validator/, k8s.io/apiextensions-apiserver), and an object stored under Argo's CRDs must be
// stored under sluice's too, with no field dropped. The objects: the shapes Argo's CRDs accept in
// pod templates that a fully typed schema refuses, and every Argo object of Argo's own examples/
// and test/e2e/ folders. What sluice checks beyond Argo's CRDs is for `sluice lint` and the
// controller's InvalidSpec condition (test/unit/api, test/unit/runtime), not the API server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { CRD_DEFINITIONS, crdSchema } from '../../../scripts/generate-crds.ts';
import { toOpenAPI } from '../../../src/api/schema/to-openapi.ts';
import { readCrds } from '../api/upstream-crd-samples.ts';
import { buildGoProgram, goSkipReason } from '../../support/go-program.ts';
import { argoManifests, argoRolloutsModule } from '../../support/argo-rollouts-module.ts';
import { SHAPES } from './support/argo-accepted-shapes.ts';
import type { Json } from '../../support/json.ts';

interface Verdict {
  invalid: string[];
  unknown: string[];
}

const skip = goSkipReason();
const validator = skip ? undefined : buildGoProgram(path.join(import.meta.dirname, 'crd-validator'));

function verdicts(schema: Json, objects: Json[]): Verdict[] {
  assert.ok(validator);
  const output = execFileSync(validator, { input: JSON.stringify({ schema, objects }), maxBuffer: 64 * 1024 * 1024 });
  return (JSON.parse(output.toString()) as { results: Verdict[] }).results;
}

const upstream = readCrds('argo-rollouts');
const theirs = (kind: string) => {
  const crd = upstream.find((item) => item.kind === kind);
  assert.ok(crd, `no upstream CRD for ${kind}`);
  return crd.schema;
};
const ours = (kind: string) => {
  const definition = CRD_DEFINITIONS.find((item) => item.kind === kind);
  assert.ok(definition, `no CRD of ours for ${kind}`);
  return crdSchema(definition);
};
const accepted = (verdict: Verdict) => verdict.invalid.length === 0 && verdict.unknown.length === 0;

/** The objects Argo's CRD of this kind stores as written and ours does not, each with our problems. */
function refusedByOursOnly(kind: string, objects: Json[], names: string[]): string[] {
  const upstreamVerdicts = verdicts(theirs(kind), objects);
  const ourVerdicts = verdicts(ours(kind), objects);
  return objects.flatMap((_, index) =>
    accepted(upstreamVerdicts[index]!) && !accepted(ourVerdicts[index]!)
      ? [
          `${names[index]}: ${[...ourVerdicts[index]!.invalid, ...ourVerdicts[index]!.unknown.map((at) => `${at}: unknown field`)].join('; ')}`,
        ]
      : [],
  );
}

test("sluice's Rollout CRD stores the pod-template shapes Argo's stores", { skip }, () => {
  const objects = SHAPES.map(([, object]) => object);
  assert.deepEqual(
    refusedByOursOnly(
      'Rollout',
      objects,
      SHAPES.map(([name]) => name),
    ),
    [],
  );
});

test('the shapes above are refused by a fully typed schema, so the test above can fail', { skip }, () => {
  const definition = CRD_DEFINITIONS.find((item) => item.kind === 'Rollout');
  assert.ok(definition);
  const typed = {
    ...toOpenAPI(definition.schema),
    properties: { ...(toOpenAPI(definition.schema).properties as Json), metadata: { type: 'object' } },
  };
  const refused = verdicts(
    typed,
    SHAPES.map(([, object]) => object),
  )
    .map((verdict, index) => (accepted(verdict) ? undefined : SHAPES[index]![0]))
    .filter(Boolean);
  const acceptedByAnySchema = [
    'a whole-number CPU request',
    'a CPU request as a string',
    'template metadata with creationTimestamp: null (kubectl create --dry-run output)',
  ];
  assert.deepEqual(
    refused,
    SHAPES.map(([name]) => name).filter((name) => !acceptedByAnySchema.includes(name)),
  );
});

const argo = argoRolloutsModule();

test("sluice's CRDs store every Argo object of Argo's examples/ and test/e2e/ that Argo's CRDs store", {
  skip: skip || argo.skip,
}, () => {
  assert.ok(argo.dir);
  const { manifests } = argoManifests(argo.dir);
  const byKind = new Map<string, typeof manifests>();
  for (const manifest of manifests)
    byKind.set(manifest.object.kind, [...(byKind.get(manifest.object.kind) ?? []), manifest]);
  assert.ok(
    (byKind.get('Rollout') ?? []).length >= 50,
    `expected Argo's many Rollout manifests, found ${byKind.get('Rollout')?.length ?? 0}`,
  );
  const refused = [...byKind].flatMap(([kind, items]) =>
    refusedByOursOnly(
      kind,
      items.map((item) => item.object),
      items.map((item) => `${item.file}#${item.document}`),
    ),
  );
  assert.deepEqual(refused, []);
});
