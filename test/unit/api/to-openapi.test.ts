import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toOpenAPI, type OpenAPISchema } from '../../../src/api/schema/to-openapi.ts';
import { KINDS } from '../../../src/api/schema/registry.ts';
import { arrayOf, int32, intOrString, mapOf, object, string } from '../../../src/api/schema/vocabulary.ts';

/** The rules of a structural schema (Kubernetes CRD "structural schema" definition), as problems found. */
function structuralProblems(node: OpenAPISchema, path: string): string[] {
  const problems: string[] = [];
  if ('$ref' in node) problems.push(`${path}: uses $ref`);
  const intOrStringNode = node['x-kubernetes-int-or-string'] === true;
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (node.type === undefined && !intOrStringNode && !preserve) problems.push(`${path}: has no type`);
  if ('anyOf' in node && !intOrStringNode) problems.push(`${path}: anyOf outside int-or-string`);
  if ('properties' in node && 'additionalProperties' in node) problems.push(`${path}: both properties and additionalProperties`);
  for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, OpenAPISchema>)) {
    problems.push(...structuralProblems(child, `${path}.${name}`));
  }
  if (node.items) problems.push(...structuralProblems(node.items as OpenAPISchema, `${path}[]`));
  if (node.additionalProperties) problems.push(...structuralProblems(node.additionalProperties as OpenAPISchema, `${path}{}`));
  return problems;
}

test('toOpenAPI writes each vocabulary type in OpenAPI v3 form', () => {
  const schema = object({ name: string(), replicas: int32(), maxSurge: intOrString(), labels: mapOf(string()), steps: arrayOf(string()) }, ['name']);
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
