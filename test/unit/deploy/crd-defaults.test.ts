// The structural defaulting that stored-object comparisons rely on, as the API server applies it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { crdSchemaOf, withCrdDefaults, type OpenAPINode } from './support/crd-defaults.ts';
import { repoRoot } from '../../controlplane/paths.ts';

const port: OpenAPINode = {
  type: 'object',
  properties: { containerPort: { type: 'integer' }, protocol: { type: 'string', default: 'TCP' } },
};
const schema: OpenAPINode = {
  type: 'object',
  properties: {
    ports: { type: 'array', items: port },
    probe: {
      type: 'object',
      properties: { grpc: { type: 'object', properties: { service: { type: 'string', default: '' } } } },
    },
    provider: {
      type: 'object',
      default: { interval: '5m' },
      properties: { interval: { type: 'string' }, timeout: { type: 'string', default: '10s' } },
    },
    labels: {
      type: 'object',
      additionalProperties: { type: 'object', properties: { kept: { type: 'boolean', default: false } } },
    },
    note: { type: 'string', nullable: true, default: 'n' },
  },
};

const rows: Array<{ name: string; input: Record<string, unknown>; expected: Record<string, unknown> }> = [
  {
    name: 'absent fields of list items',
    input: { ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }] },
    expected: {
      ports: [
        { containerPort: 80, protocol: 'TCP' },
        { containerPort: 53, protocol: 'UDP' },
      ],
      provider: { interval: '5m', timeout: '10s' },
      note: 'n',
    },
  },
  {
    name: 'not inside absent objects',
    input: { note: 'x' },
    expected: { provider: { interval: '5m', timeout: '10s' }, note: 'x' },
  },
  {
    name: 'inside present objects, recursively',
    input: { probe: { grpc: {} }, provider: { interval: '1m' }, note: 'x' },
    expected: { probe: { grpc: { service: '' } }, provider: { interval: '1m', timeout: '10s' }, note: 'x' },
  },
  {
    name: 'a null non-nullable field is defaulted, a nullable one kept',
    input: { provider: null, note: null },
    expected: { provider: { interval: '5m', timeout: '10s' }, note: null },
  },
  {
    name: 'values of maps',
    input: { labels: { a: {}, b: { kept: true } }, note: 'x' },
    expected: {
      labels: { a: { kept: false }, b: { kept: true } },
      provider: { interval: '5m', timeout: '10s' },
      note: 'x',
    },
  },
];

for (const row of rows) {
  test(`CRD defaults: ${row.name}`, () => {
    const before = structuredClone(row.input);
    assert.deepEqual(withCrdDefaults(row.input, schema), row.expected);
    assert.deepEqual(row.input, before, 'the input is not changed');
  });
}

test("the Rollout CRD defaults a container port's protocol and nothing the user wrote", () => {
  const rollout = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web' },
    spec: { template: { spec: { containers: [{ name: 'web', image: 'web:1', ports: [{ containerPort: 8080 }] }] } } },
  };
  const defaulted = withCrdDefaults(rollout, crdSchemaOf(path.join(repoRoot, 'deploy', 'crds'), 'Rollout'));
  assert.deepEqual(defaulted.spec.template.spec.containers[0]?.ports, [{ containerPort: 8080, protocol: 'TCP' }]);
  assert.equal(defaulted.spec.template.spec.containers[0]?.image, 'web:1');
  assert.throws(() => crdSchemaOf(path.join(repoRoot, 'deploy', 'crds'), 'Rolout'));
});
