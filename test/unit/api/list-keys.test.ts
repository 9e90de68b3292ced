// Repeated keys in lists that the API server merges item by item (list-type map and set).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { repeatedListItems } from '../../../src/api/schema/list-keys.ts';
import {
  arrayOf,
  atomicList,
  int32,
  listMap,
  object,
  setOf,
  string,
  withDefault,
  resolved,
  type ArraySchema,
} from '../../../src/api/schema/vocabulary.ts';
import { coreDefinition } from '../../../src/api/schema/core.generated.ts';

const port = object({ containerPort: int32(), protocol: withDefault(string(), 'TCP'), name: string() }, [
  'containerPort',
]);
const ports = listMap(port, 'containerPort', 'protocol');

const rows: Array<{ name: string; schema: ArraySchema; items: unknown[]; expected: Array<[number, number, string]> }> =
  [
    {
      name: 'distinct keys',
      schema: ports,
      items: [{ containerPort: 80 }, { containerPort: 80, protocol: 'UDP' }],
      expected: [],
    },
    {
      name: 'a key written twice',
      schema: ports,
      items: [
        { containerPort: 80, protocol: 'UDP' },
        { containerPort: 80, protocol: 'UDP' },
      ],
      expected: [[1, 0, 'containerPort=80, protocol=UDP']],
    },
    {
      name: 'a key field left to its default',
      schema: ports,
      items: [
        { containerPort: 80, name: 'a' },
        { containerPort: 80, protocol: 'TCP', name: 'b' },
      ],
      expected: [[1, 0, 'containerPort=80, protocol=TCP']],
    },
    {
      name: 'a missing required key (reported elsewhere)',
      schema: ports,
      items: [{ protocol: 'TCP' }, { protocol: 'TCP' }],
      expected: [],
    },
    {
      name: 'a set',
      schema: setOf(string()),
      items: ['a', 'b', 'a', 'a'],
      expected: [
        [2, 0, 'a'],
        [3, 0, 'a'],
      ],
    },
    { name: 'an atomic list', schema: atomicList(string()), items: ['a', 'a'], expected: [] },
    { name: 'a list without type', schema: arrayOf(string()), items: ['a', 'a'], expected: [] },
  ];

for (const row of rows) {
  test(`repeated list items: ${row.name}`, () => {
    assert.deepEqual(
      repeatedListItems(row.schema, row.items).map((item) => [item.index, item.firstIndex, item.key]),
      row.expected,
    );
  });
}

test('the generated Kubernetes types key containers, env and ports as the API server does', () => {
  const podSpec = resolved(coreDefinition('io.k8s.api.core.v1.PodSpec'));
  assert.equal(podSpec.type, 'object');
  if (podSpec.type !== 'object') return;
  const containers = resolved(podSpec.properties.containers!);
  assert.equal(containers.type, 'array');
  if (containers.type !== 'array') return;
  assert.deepEqual(
    repeatedListItems(containers, [{ name: 'web' }, { name: 'web' }]).map((item) => item.key),
    ['name=web'],
  );
  const container = resolved(containers.items);
  if (container.type !== 'object') throw new Error('Container is an object');
  const env = resolved(container.properties.env!) as ArraySchema;
  assert.deepEqual(
    repeatedListItems(env, [
      { name: 'A', value: '1' },
      { name: 'A', value: '2' },
    ]).map((item) => item.index),
    [1],
  );
  const containerPorts = resolved(container.properties.ports!) as ArraySchema;
  assert.deepEqual(
    repeatedListItems(containerPorts, [{ containerPort: 8080 }, { containerPort: 8080, protocol: 'TCP' }]).length,
    1,
  );
});
