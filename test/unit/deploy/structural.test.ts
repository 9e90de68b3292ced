// The schema checkers used on the CRDs find what they are meant to find.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CRD_DEFINITIONS, crdSchema } from '../../../scripts/generate-crds.ts';
import { readCrds } from '../api/upstream-crd-samples.ts';
import { schemaCoverage, structuralProblems } from './support/structural.ts';
import type { Json } from '../../support/json.ts';

const intOrString = { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true };

const nonStructural: Array<[string, object, string]> = [
  ['an untyped field', { type: 'object', properties: { a: { description: 'x' } } }, '.a: no type'],
  [
    'properties with additionalProperties',
    { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } },
    '<root>: properties with additionalProperties',
  ],
  ['a $ref', { type: 'object', properties: { a: { $ref: '#/x' } } }, '.a: unexpected key $ref'],
  [
    'anyOf outside int-or-string',
    { type: 'object', properties: { a: { anyOf: [{ type: 'string' }] } } },
    '.a: anyOf is only for int-or-string',
  ],
  ['an array without items', { type: 'object', properties: { a: { type: 'array' } } }, '.a: array without items'],
  [
    'root metadata with labels',
    { type: 'object', properties: { metadata: { type: 'object', properties: { labels: { type: 'object' } } } } },
    'metadata: only name and generateName',
  ],
  [
    'a required field that is not a property',
    { type: 'object', properties: {}, required: ['spec'] },
    '<root>: required spec is not a property',
  ],
  [
    'additionalProperties: true',
    { type: 'object', additionalProperties: true },
    '<root>: additionalProperties must be a schema',
  ],
  [
    'a list type on an object',
    { type: 'object', 'x-kubernetes-list-type': 'atomic' },
    '<root>: x-kubernetes-list-type on type object',
  ],
  [
    'an unknown list type',
    { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'bag' },
    '<root>: unknown x-kubernetes-list-type bag',
  ],
  [
    'a list map without keys',
    { type: 'array', items: { type: 'object' }, 'x-kubernetes-list-type': 'map' },
    '<root>: x-kubernetes-list-type map without x-kubernetes-list-map-keys',
  ],
  [
    'list map keys on an atomic list',
    {
      type: 'array',
      items: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
      'x-kubernetes-list-type': 'atomic',
      'x-kubernetes-list-map-keys': ['a'],
    },
    '<root>: x-kubernetes-list-map-keys without',
  ],
  [
    'a list map key that is not a field',
    {
      type: 'array',
      items: { type: 'object', properties: { a: { type: 'string' } } },
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['b'],
    },
    '<root>: list map key b is not a field',
  ],
  [
    'a list map key neither required nor defaulted',
    {
      type: 'array',
      items: { type: 'object', properties: { a: { type: 'string' } } },
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['a'],
    },
    '<root>: list map key a is neither required nor defaulted',
  ],
  [
    'a list map key that is an object',
    {
      type: 'array',
      items: { type: 'object', properties: { a: { type: 'object' } }, required: ['a'] },
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['a'],
    },
    '<root>: list map key a is not a scalar',
  ],
  [
    'a set of objects',
    { type: 'array', items: { type: 'object' }, 'x-kubernetes-list-type': 'set' },
    '<root>: a set of non-scalar items',
  ],
  [
    'a map type on a string',
    { type: 'string', 'x-kubernetes-map-type': 'atomic' },
    '<root>: x-kubernetes-map-type on type string',
  ],
  [
    'a default of the wrong type',
    { type: 'object', properties: { a: { type: 'integer', default: '1' } } },
    '.a: default "1" is not of type integer',
  ],
  [
    'a default outside the enum',
    { type: 'object', properties: { a: { type: 'string', enum: ['v1'], default: 'v3' } } },
    '.a: default "v3" is not one of the enum values',
  ],
  [
    'an empty list of validations',
    { type: 'object', 'x-kubernetes-validations': [] },
    '<root>: x-kubernetes-validations must be a non-empty list',
  ],
  [
    'a validation without rule',
    { type: 'object', 'x-kubernetes-validations': [{ message: 'x' }] },
    '<root>: a validation without rule',
  ],
  [
    'oldSelf below an atomic list',
    { type: 'array', items: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }] } },
    '[]: oldSelf in a rule below an unkeyed list',
  ],
];

for (const [what, schema, expected] of nonStructural) {
  test(`the structural check refuses ${what}`, () => {
    const problems = structuralProblems(schema);
    assert.ok(
      problems.some((problem) => problem.startsWith(expected)),
      JSON.stringify(problems),
    );
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

test('the structural check accepts defaults, list and map types, and transition rules on keyed paths', () => {
  const port = {
    type: 'object',
    properties: { containerPort: { type: 'integer' }, protocol: { type: 'string', default: 'TCP' } },
    required: ['containerPort'],
  };
  const schema = {
    type: 'object',
    properties: {
      selector: {
        type: 'object',
        'x-kubernetes-map-type': 'atomic',
        'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'm' }],
      },
      ports: {
        type: 'array',
        items: port,
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
      },
      finalizers: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
      named: {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
        items: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }] } },
        },
      },
      apiVersion: { type: 'string', enum: ['v1', 'v2'], default: 'v1' },
      nodeSelector: { type: 'object', additionalProperties: { type: 'string' }, 'x-kubernetes-map-type': 'atomic' },
    },
  };
  assert.deepEqual(structuralProblems(schema), []);
});

test('the coverage check finds a field the upstream schema declares and ours does not', () => {
  const upstreamRollout = readCrds('argo-rollouts').find((crd) => crd.kind === 'Rollout');
  assert.ok(upstreamRollout);
  const ours = structuredClone(crdSchema(CRD_DEFINITIONS[0]!)) as Json;
  delete ours.properties.spec.properties.strategy.properties.canary.properties.steps.items.properties.setWeight;
  ours.properties.spec.properties.replicas = { type: 'string' };
  assert.deepEqual(schemaCoverage(upstreamRollout.schema, ours), [
    '.spec.replicas: upstream integer, ours string',
    '.spec.strategy.canary.steps[].setWeight: not declared (would be pruned)',
  ]);
});

test('the coverage check lets ours keep unknown fields where upstream declares them', () => {
  const theirs = { type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'string' } } } } };
  assert.deepEqual(
    schemaCoverage(theirs, {
      type: 'object',
      properties: { a: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
    }),
    [],
  );
  assert.deepEqual(schemaCoverage(theirs, { type: 'object', properties: { a: { type: 'object' } } }), [
    '.a.b: not declared (would be pruned)',
  ]);
  assert.deepEqual(
    schemaCoverage(
      { type: 'object', properties: { m: { type: 'object', additionalProperties: { type: 'string' } } } },
      { type: 'object', properties: { m: { type: 'object' } } },
    ),
    ['.m: upstream is a map, ours is not'],
  );
});
