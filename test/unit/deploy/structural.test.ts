// The schema checkers used on the CRDs find what they are meant to find.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CRD_DEFINITIONS, crdSchema } from '../../../scripts/generate-crds.ts';
import { readCrds } from '../api/upstream-crd-samples.ts';
import { schemaCoverage, structuralProblems } from './support/structural.ts';

const intOrString = { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true };

const nonStructural: Array<[string, object, string]> = [
  ['an untyped field', { type: 'object', properties: { a: { description: 'x' } } }, '.a: no type'],
  ['properties with additionalProperties', { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } }, '<root>: properties with additionalProperties'],
  ['a $ref', { type: 'object', properties: { a: { $ref: '#/x' } } }, '.a: unexpected key $ref'],
  ['anyOf outside int-or-string', { type: 'object', properties: { a: { anyOf: [{ type: 'string' }] } } }, '.a: anyOf is only for int-or-string'],
  ['an array without items', { type: 'object', properties: { a: { type: 'array' } } }, '.a: array without items'],
  ['root metadata with labels', { type: 'object', properties: { metadata: { type: 'object', properties: { labels: { type: 'object' } } } } }, 'metadata: only name and generateName'],
  ['a required field that is not a property', { type: 'object', properties: {}, required: ['spec'] }, '<root>: required spec is not a property'],
  ['additionalProperties: true', { type: 'object', additionalProperties: true }, '<root>: additionalProperties must be a schema'],
];

for (const [what, schema, expected] of nonStructural) {
  test(`the structural check refuses ${what}`, () => {
    const problems = structuralProblems(schema);
    assert.ok(problems.some((problem) => problem.startsWith(expected)), JSON.stringify(problems));
  });
}

test('the structural check accepts int-or-string, preserve-unknown-fields and maps', () => {
  const schema = {
    type: 'object',
    properties: {
      metadata: { type: 'object' },
      a: intOrString,
      b: { 'x-kubernetes-preserve-unknown-fields': true },
      c: { type: 'object', additionalProperties: { type: 'string' } },
      d: { type: 'array', items: { type: 'integer', format: 'int32' } },
    },
  };
  assert.deepEqual(structuralProblems(schema), []);
});

test('the coverage check finds a field the upstream schema declares and ours does not', () => {
  const upstreamRollout = readCrds('argo-rollouts').find((crd) => crd.kind === 'Rollout');
  assert.ok(upstreamRollout);
  const ours = structuredClone(crdSchema(CRD_DEFINITIONS[0]!)) as any;
  delete ours.properties.spec.properties.strategy.properties.canary.properties.steps.items.properties.setWeight;
  ours.properties.spec.properties.replicas = { type: 'string' };
  assert.deepEqual(schemaCoverage(upstreamRollout.schema, ours), [
    '.spec.replicas: upstream integer, ours string',
    '.spec.strategy.canary.steps[].setWeight: not declared (would be pruned)',
  ]);
});

test('the coverage check lets ours keep unknown fields where upstream declares them', () => {
  const theirs = { type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'string' } } } } };
  assert.deepEqual(schemaCoverage(theirs, { type: 'object', properties: { a: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }), []);
  assert.deepEqual(schemaCoverage(theirs, { type: 'object', properties: { a: { type: 'object' } } }), ['.a.b: not declared (would be pruned)']);
  assert.deepEqual(schemaCoverage({ type: 'object', properties: { m: { type: 'object', additionalProperties: { type: 'string' } } } }, { type: 'object', properties: { m: { type: 'object' } } }), ['.m: upstream is a map, ours is not']);
});
