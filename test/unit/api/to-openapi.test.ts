import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toOpenAPI, type OpenAPISchema } from '../../../src/api/schema/to-openapi.ts';
import { KINDS } from '../../../src/api/schema/registry.ts';
import {
  arrayOf,
  atomic,
  atomicList,
  described,
  enumOf,
  immutable,
  int32,
  intOrString,
  listMap,
  mapOf,
  object,
  ref,
  setOf,
  string,
  validated,
  withDefault,
} from '../../../src/api/schema/vocabulary.ts';
import { coreDefinition } from '../../../src/api/schema/core.generated.ts';
import { RolloutSpec } from '../../../src/api/schema/kinds/rollout.ts';
import type { Json } from '../../support/json.ts';

/** The rules of a structural schema (Kubernetes CRD "structural schema" definition), as problems found. */
function structuralProblems(node: OpenAPISchema, path: string): string[] {
  const problems: string[] = [];
  if ('$ref' in node) problems.push(`${path}: uses $ref`);
  const intOrStringNode = node['x-kubernetes-int-or-string'] === true;
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (node.type === undefined && !intOrStringNode && !preserve) problems.push(`${path}: has no type`);
  if ('anyOf' in node && !intOrStringNode) problems.push(`${path}: anyOf outside int-or-string`);
  if ('properties' in node && 'additionalProperties' in node)
    problems.push(`${path}: both properties and additionalProperties`);
  for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, OpenAPISchema>)) {
    problems.push(...structuralProblems(child, `${path}.${name}`));
  }
  if (node.items) problems.push(...structuralProblems(node.items as OpenAPISchema, `${path}[]`));
  if (node.additionalProperties)
    problems.push(...structuralProblems(node.additionalProperties as OpenAPISchema, `${path}{}`));
  return problems;
}

test('toOpenAPI writes each vocabulary type in OpenAPI v3 form', () => {
  const schema = object(
    { name: string(), replicas: int32(), maxSurge: intOrString(), labels: mapOf(string()), steps: arrayOf(string()) },
    ['name'],
  );
  assert.deepEqual(toOpenAPI(schema), {
    type: 'object',
    properties: {
      name: { type: 'string' },
      replicas: { type: 'integer', format: 'int32' },
      maxSurge: { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      steps: { type: 'array', items: { type: 'string' } },
    },
    required: ['name'],
  });
});

test('toOpenAPI writes defaults, list and map types and validation rules', () => {
  const port = object({ containerPort: int32(), protocol: withDefault(string(), 'TCP') }, ['containerPort']);
  const schema = object({
    ports: listMap(port, 'containerPort', 'protocol'),
    args: atomicList(string()),
    finalizers: setOf(string()),
    selector: immutable(atomic(object({ matchLabels: atomic(mapOf(string())) })), 'fixed'),
    version: withDefault(enumOf('v1', 'v2'), 'v1'),
    count: validated(int32(), 'self >= 0'),
  });
  assert.deepEqual(toOpenAPI(schema), {
    type: 'object',
    properties: {
      ports: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            containerPort: { type: 'integer', format: 'int32' },
            protocol: { type: 'string', default: 'TCP' },
          },
          required: ['containerPort'],
        },
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
      },
      args: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'atomic' },
      finalizers: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
      selector: {
        type: 'object',
        properties: {
          matchLabels: { type: 'object', additionalProperties: { type: 'string' }, 'x-kubernetes-map-type': 'atomic' },
        },
        'x-kubernetes-map-type': 'atomic',
        'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'fixed' }],
      },
      version: { type: 'string', enum: ['v1', 'v2'], default: 'v1' },
      count: { type: 'integer', format: 'int32', 'x-kubernetes-validations': [{ rule: 'self >= 0' }] },
    },
  });
  assert.throws(() => listMap(port), /at least one key/);
});

test('a reference keeps the annotations of its definition and adds its own', () => {
  const Named = ref('Named', () => atomic(object({ name: withDefault(string(), '') })));
  const openapi = toOpenAPI(object({ a: Named, b: described(immutable(Named, 'fixed'), 'the b') }));
  const properties = openapi.properties as Record<string, OpenAPISchema>;
  assert.deepEqual(properties.a, {
    type: 'object',
    properties: { name: { type: 'string', default: '' } },
    'x-kubernetes-map-type': 'atomic',
  });
  assert.equal(properties.b?.description, 'the b');
  assert.deepEqual(properties.b?.['x-kubernetes-validations'], [{ rule: 'self == oldSelf', message: 'fixed' }]);
  assert.equal((properties.b?.properties as Record<string, OpenAPISchema> | undefined)?.name?.default, '');
});

test('withoutDefaultsIn leaves out the defaults below the named definitions only', () => {
  const Inner = ref('Inner', () => object({ pool: withDefault(string(), 'rbd') }));
  const schema = object({ inside: Inner, outside: withDefault(string(), 'TCP') });
  const openapi = toOpenAPI(schema, { withoutDefaultsIn: new Set(['Inner']) }) as Json;
  assert.deepEqual(openapi.properties.inside.properties.pool, { type: 'string' });
  assert.equal(openapi.properties.outside.default, 'TCP');
  assert.equal((toOpenAPI(schema) as Json).properties.inside.properties.pool.default, 'rbd');
});

test("the Kubernetes types carry Kubernetes' defaults, list and map types", () => {
  const container = toOpenAPI(coreDefinition('io.k8s.api.core.v1.Container')) as Json;
  assert.equal(container.properties.ports.items.properties.protocol.default, 'TCP');
  assert.equal(
    container.properties.ports.items.properties.containerPort.default,
    undefined,
    'required fields get no default',
  );
  assert.deepEqual(container.properties.ports['x-kubernetes-list-map-keys'], ['containerPort', 'protocol']);
  assert.equal(container.properties.env['x-kubernetes-list-type'], 'map');
  assert.equal(container.properties.command['x-kubernetes-list-type'], 'atomic');
  assert.equal(container.properties.name.default, undefined);
  const valueFrom = container.properties.env.items.properties.valueFrom.properties;
  assert.equal(valueFrom.configMapKeyRef.properties.name.default, '');
  assert.equal(valueFrom.configMapKeyRef['x-kubernetes-map-type'], 'atomic');
  assert.equal(valueFrom.fileKeyRef.properties.optional.default, false);
  assert.equal(container.properties.livenessProbe.properties.grpc.properties.service.default, '');
  const onPodConditions = toOpenAPI(
    coreDefinition('io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern'),
  ) as Json;
  assert.equal(onPodConditions.properties.status.default, undefined, 'a zero value is no default');
  const podSpec = toOpenAPI(coreDefinition('io.k8s.api.core.v1.PodSpec')) as Json;
  assert.equal(podSpec.properties.nodeSelector['x-kubernetes-map-type'], 'atomic');
  assert.equal(podSpec.properties.imagePullSecrets.items.properties.name.default, '');
});

test("a Rollout's selector is immutable", () => {
  const openapi = toOpenAPI(RolloutSpec) as Json;
  assert.deepEqual(
    openapi.properties.selector['x-kubernetes-validations'].map((rule: Json) => rule.rule),
    ['self == oldSelf'],
  );
  assert.equal(openapi.properties.selector['x-kubernetes-map-type'], 'atomic');
});

test('the structural checker used below finds a non-structural schema', () => {
  assert.equal(structuralProblems({ type: 'object', properties: { a: { description: 'untyped' } } }, 'x').length, 1);
});

for (const entry of KINDS) {
  test(`the schema of ${entry.kind} converts to a structural OpenAPI schema`, () => {
    const openapi = toOpenAPI(entry.schema);
    assert.deepEqual(structuralProblems(openapi, entry.kind), []);
    assert.equal(openapi.type, 'object');
  });
}
