// Lint refuses what the API server refuses for keyed lists: an item that repeats an earlier
// item's key, reported at the repeating item with the earlier one named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifests } from '../../../src/api/load-manifests.ts';
import { formatIssue } from '../../../src/api/manifests/issue.ts';

const HEADER = [
  'apiVersion: argoproj.io/v1alpha1',
  'kind: Rollout',
  'metadata: {name: web}',
  'spec:',
  '  selector: {matchLabels: {app: web}}',
  '  strategy: {canary: {}}',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec:',
];

// The template's lines start at line 10.
const rows: Array<{ name: string; spec: string[]; expected: string[] }> = [
  {
    name: 'two environment variables with one name',
    spec: [
      '      containers:',
      '      - name: web',
      '        image: web:1',
      '        env:',
      '        - {name: A, value: "1"}',
      '        - {name: A, value: "2"}',
    ],
    expected: [
      'd.yaml:15: spec.template.spec.containers[0].env[1]: repeats item [0] (the same name=A): the API server refuses a list with two such items; remove or change one',
    ],
  },
  {
    name: 'two container ports with one containerPort and protocol (TCP by default)',
    spec: [
      '      containers:',
      '      - name: web',
      '        image: web:1',
      '        ports:',
      '        - {containerPort: 80, name: a}',
      '        - {containerPort: 80, protocol: TCP, name: b}',
    ],
    expected: [
      'd.yaml:15: spec.template.spec.containers[0].ports[1]: repeats item [0] (the same containerPort=80, protocol=TCP): the API server refuses a list with two such items; remove or change one',
    ],
  },
  {
    name: 'one containerPort with two protocols',
    spec: [
      '      containers:',
      '      - name: web',
      '        image: web:1',
      '        ports:',
      '        - {containerPort: 53, protocol: TCP, name: a}',
      '        - {containerPort: 53, protocol: UDP, name: b}',
    ],
    expected: [],
  },
  {
    name: 'two containers with one name: said once, by the pod rule',
    spec: ['      containers:', '      - {name: web, image: web:1}', '      - {name: web, image: web:2}'],
    expected: [
      'd.yaml:12: spec.template.spec.containers[1].name: container name "web" is used twice in this pod: names must be unique across containers and init containers',
    ],
  },
  {
    name: 'two volume mounts at one path',
    spec: [
      '      containers:',
      '      - name: web',
      '        image: web:1',
      '        volumeMounts: [{name: v, mountPath: /a}, {name: v, mountPath: /a}]',
      '      volumes: [{name: v, emptyDir: {}}]',
    ],
    expected: [
      'd.yaml:13: spec.template.spec.containers[0].volumeMounts[1]: repeats item [0] (the same mountPath=/a): the API server refuses a list with two such items; remove or change one',
    ],
  },
];

for (const row of rows) {
  test(`repeated list items: ${row.name}`, () => {
    const text = [...HEADER, ...row.spec, ''].join('\n');
    const { issues, objects } = loadManifests([{ file: 'd.yaml', text }]);
    assert.deepEqual(issues.filter((issue) => issue.severity === 'error').map(formatIssue), row.expected);
    assert.equal(objects.length, 1, 'the object is still read, so the other rules run');
  });
}
