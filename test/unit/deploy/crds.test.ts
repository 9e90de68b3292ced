// The project's CRDs: generated from the model and committed (never drifting), structural as
// the API server requires, named as Argo Rollouts' own, and declaring every upstream field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  CRD_DEFINITIONS,
  buildCrd,
  driftedFiles,
  generatedFiles,
  renderCrd,
  sortKeys,
} from '../../../scripts/generate-crds.ts';
import { readCrds, sharedDir, type CrdVersion } from '../api/upstream-crd-samples.ts';
import type { Json } from './support/deploy-files.ts';
import { schemaCoverage, structuralProblems } from './support/structural.ts';

const generated = generatedFiles();
const upstream = readCrds('argo-rollouts');
const upstreamDocs = new Map<string, Json>(
  CRD_DEFINITIONS.map((definition) => [
    definition.kind,
    parse(readFileSync(path.join(sharedDir(), 'upstream-crds', 'argo-rollouts', definition.file), 'utf8')) as Json,
  ]),
);

test('the committed CRDs and install.yaml are what the generator writes from the model', () => {
  assert.deepEqual(driftedFiles(generated), [], 'run: node scripts/generate-crds.ts');
  assert.deepEqual(
    [...generated.keys()].sort(),
    [...CRD_DEFINITIONS.map((d) => path.join('deploy', 'crds', d.file)), path.join('deploy', 'install.yaml')].sort(),
  );
});

test('the drift check notices a changed file', () => {
  const changed = new Map(generated);
  const first = [...changed.keys()][0] as string;
  changed.set(first, `${changed.get(first)}# edited by hand\n`);
  assert.deepEqual(driftedFiles(changed), [first]);
});

test('generation is deterministic and writes keys in sorted order', () => {
  for (const definition of CRD_DEFINITIONS) assert.equal(renderCrd(definition), renderCrd(definition));
  const keysInOrder = (value: unknown): boolean => {
    if (Array.isArray(value)) return value.every(keysInOrder);
    if (value === null || typeof value !== 'object') return true;
    const keys = Object.keys(value);
    return keys.join('\n') === [...keys].sort().join('\n') && Object.values(value).every(keysInOrder);
  };
  for (const definition of CRD_DEFINITIONS) {
    assert.ok(keysInOrder(parse(renderCrd(definition))), `${definition.kind}: keys out of order`);
  }
  assert.equal(keysInOrder({ b: 1, a: 2 }), false);
  assert.deepEqual(Object.keys(sortKeys({ b: 1, a: { d: 1, c: 2 } }) as Json), ['a', 'b']);
});

for (const definition of CRD_DEFINITIONS) {
  const crd = buildCrd(definition) as Json;
  const version = crd.spec.versions[0] as Json;
  const schema = version.schema.openAPIV3Schema as Json;

  test(`${definition.kind}: the schema is structural`, () => {
    assert.deepEqual(structuralProblems(schema), []);
    assert.deepEqual(schema.properties.metadata, { type: 'object' });
    assert.deepEqual(schema.required, ['spec']);
  });

  test(`${definition.kind}: names, group, version, scope, columns and subresources as Argo Rollouts' CRD`, () => {
    const theirs = upstreamDocs.get(definition.kind) as Json;
    assert.equal(crd.metadata.name, theirs.metadata.name);
    assert.equal(crd.spec.group, theirs.spec.group);
    assert.equal(crd.spec.scope, theirs.spec.scope);
    assert.deepEqual(crd.spec.names, theirs.spec.names);
    const theirVersion = theirs.spec.versions[0] as Json;
    assert.equal(crd.spec.versions.length, theirs.spec.versions.length);
    for (const field of ['name', 'served', 'storage', 'subresources'])
      assert.deepEqual(version[field], theirVersion[field], field);
    const columns = (list: Json[]) => list.map(({ name, type, jsonPath }) => ({ name, type, jsonPath }));
    assert.deepEqual(columns(version.additionalPrinterColumns), columns(theirVersion.additionalPrinterColumns));
  });

  test(`${definition.kind}: every field of the upstream schema is declared with the same type (nothing is pruned)`, () => {
    const theirs = upstream.find((item: CrdVersion) => item.kind === definition.kind);
    assert.ok(theirs, `no upstream CRD for ${definition.kind}`);
    assert.deepEqual(schemaCoverage(theirs.schema, schema), []);
  });

  test(`${definition.kind}: small enough for client-side kubectl apply and for etcd`, () => {
    // kubectl apply (client-side) stores the object as JSON in an annotation; all annotations
    // together may hold 256 KiB. Keep a margin so that growth shows here first.
    const json = Buffer.byteLength(JSON.stringify(crd));
    assert.ok(json < 200 * 1024, `${definition.kind} CRD is ${json} bytes as JSON`);
    const yaml = Buffer.byteLength(generated.get(path.join('deploy', 'crds', definition.file)) ?? '');
    assert.ok(yaml > 0 && yaml < 1024 * 1024, `${definition.kind} CRD file is ${yaml} bytes`);
  });
}

test('the five argoproj.io kinds, as upstream ships them', () => {
  assert.deepEqual(CRD_DEFINITIONS.map((d) => d.kind).sort(), [...new Set(upstream.map((item) => item.kind))].sort());
  assert.deepEqual(
    CRD_DEFINITIONS.map((d) => d.shortName),
    ['ro', 'at', 'cat', 'ar', 'exp'],
  );
});
