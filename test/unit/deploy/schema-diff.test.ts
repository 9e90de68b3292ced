// The side-by-side schema comparison used against the upstream CRDs finds each kind of difference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDifference, schemaDifferences } from './support/schema-diff.ts';
import type { Json } from '../../support/json.ts';

const base: Json = {
  type: 'object',
  required: ['spec'],
  properties: {
    spec: {
      type: 'object',
      'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'fixed' }],
      properties: {
        name: { type: 'string', default: '' },
        version: { type: 'string', enum: ['v1', 'v2'] },
        at: { type: 'string', format: 'date-time' },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['port'],
          items: { type: 'object', required: ['port'], properties: { port: { type: 'integer' } } },
        },
        labels: { type: 'object', 'x-kubernetes-map-type': 'atomic', additionalProperties: { type: 'string' } },
        raw: { 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
};

function changed(edit: (schema: Json) => void): Json {
  const copy = structuredClone(base);
  edit(copy);
  return copy;
}

const spec = (schema: Json) => schema.properties.spec;

const cases: Array<[string, (schema: Json) => void, string[]]> = [
  [
    'a type',
    (s) => (spec(s).properties.name = { type: 'integer' }),
    ['X .spec.name: type upstream "string", ours "integer"'],
  ],
  ['a default', (s) => (spec(s).properties.name.default = 'x'), ['X .spec.name: default upstream "", ours "x"']],
  [
    'a missing default',
    (s) => delete spec(s).properties.name.default,
    ['X .spec.name: default upstream "", ours (none)'],
  ],
  [
    'an enum',
    (s) => (spec(s).properties.version.enum = ['v1']),
    ['X .spec.version: enum upstream ["v1","v2"], ours ["v1"]'],
  ],
  ['a format', (s) => delete spec(s).properties.at.format, ['X .spec.at: format upstream "date-time", ours (none)']],
  ['required fields', (s) => (s.required = []), ['X <root>: required upstream ["spec"], ours (none)']],
  [
    'a list type',
    (s) => (spec(s).properties.ports['x-kubernetes-list-type'] = 'atomic'),
    ['X .spec.ports: list-type upstream "map", ours "atomic"'],
  ],
  [
    'list map keys',
    (s) => (spec(s).properties.ports['x-kubernetes-list-map-keys'] = ['port', 'protocol']),
    ['X .spec.ports: list-map-keys upstream ["port"], ours ["port","protocol"]'],
  ],
  [
    'a map type',
    (s) => delete spec(s).properties.labels['x-kubernetes-map-type'],
    ['X .spec.labels: map-type upstream "atomic", ours (none)'],
  ],
  [
    'validations',
    (s) => delete spec(s)['x-kubernetes-validations'],
    ['X .spec: validations upstream [{"rule":"self == oldSelf","message":"fixed"}], ours (none)'],
  ],
  [
    'a field only upstream',
    (s) => delete spec(s).properties.at,
    ['X .spec.at: field upstream "declared", ours "not declared"'],
  ],
  [
    'a typed field where upstream keeps anything',
    (s) => (spec(s).properties.raw = { type: 'array', items: { type: 'string' } }),
    ['X .spec.raw: type upstream "any value", ours "array"'],
  ],
  [
    'a difference inside list items',
    (s) => (spec(s).properties.ports.items.properties.port.format = 'int32'),
    ['X .spec.ports[].port: format upstream (none), ours "int32"'],
  ],
  [
    'a map where upstream has an object',
    (s) => (spec(s).properties.labels = { type: 'object', 'x-kubernetes-map-type': 'atomic' }),
    ['X .spec.labels: type upstream "map", ours "object"'],
  ],
];

test('identical schemas have no difference; required and enum order does not matter', () => {
  assert.deepEqual(schemaDifferences(base, structuredClone(base)), []);
  assert.deepEqual(
    schemaDifferences(
      base,
      changed((s) => (spec(s).properties.version.enum = ['v2', 'v1'])),
    ),
    [],
  );
});

for (const [what, edit, expected] of cases) {
  test(`the comparison reports ${what}`, () => {
    assert.deepEqual(
      schemaDifferences(base, changed(edit)).map((difference) => formatDifference('X', difference)),
      expected,
    );
  });
}
