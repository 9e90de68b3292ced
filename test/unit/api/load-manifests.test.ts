// Parsing with positions: documents, Lists, YAML errors, kinds, and finding lines back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifests } from '../../../src/api/load-manifests.ts';
import { formatIssue } from '../../../src/api/manifests/issue.ts';
import type { Json } from '../../support/json.ts';

const service = (name: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: web\n`;

test('empty documents are skipped and every document is read', () => {
  const result = loadManifests([
    { file: 'a.yaml', text: `---\n${service('one')}---\n---\n# only a comment\n---\n${service('two')}` },
  ]);
  assert.deepEqual(result.issues, []);
  assert.deepEqual(
    result.objects.map((item) => item.object.metadata.name),
    ['one', 'two'],
  );
  assert.equal(result.objects[1]?.lineOf('spec.selector.app'), 19);
  assert.equal(result.objects[1]?.lineOf('spec.selector.missing'), 18);
});

test('a List is expanded, with the lines of its items', () => {
  const text = `apiVersion: v1\nkind: List\nitems:\n${service('a')
    .replace(/^(.)/gm, '    $1')
    .replace(/^    a/, '  - a')}`;
  const result = loadManifests([{ file: 'l.yaml', text }]);
  assert.deepEqual(result.issues, []);
  assert.equal(result.objects.length, 1);
  assert.equal(result.objects[0]?.lineOf(['metadata', 'name']), 7);
});

const errorRows: Array<{ name: string; text: string; expected: string[] }> = [
  {
    name: 'duplicate key',
    text: 'apiVersion: v1\nkind: Service\nkind: Service\nmetadata: {name: s}\n',
    expected: [
      'd.yaml:3: kind: duplicate key "kind": a field may appear only once in a mapping; remove or merge the repeated one',
    ],
  },
  {
    name: 'YAML syntax error',
    text: 'apiVersion: v1\nkind: [Service\n',
    expected: [
      'd.yaml:3: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
  },
  {
    name: 'no kind',
    text: 'apiVersion: v1\nmetadata: {name: x}\n',
    expected: ['d.yaml:1: kind: missing kind: every object needs apiVersion and kind, e.g. kind: Rollout'],
  },
  {
    name: 'a misspelt argoproj.io kind',
    text: 'apiVersion: argoproj.io/v1alpha1\nkind: Rolout\n',
    expected: ['d.yaml:2: kind: unknown kind "Rolout" in argoproj.io/v1alpha1: did you mean Rollout?'],
  },
  {
    name: 'an unknown version of a kind sluice reads',
    text: 'apiVersion: apps/v1beta1\nkind: Deployment\n',
    expected: ['d.yaml:1: apiVersion: unknown apiVersion "apps/v1beta1" for kind Deployment: use "apps/v1"'],
  },
  {
    name: 'no apiVersion',
    text: 'kind: Secret\nmetadata: {name: x}\n',
    expected: [
      'd.yaml:1: apiVersion: missing apiVersion: every object needs apiVersion and kind, e.g. apiVersion: argoproj.io/v1alpha1',
    ],
  },
  {
    name: 'not a mapping',
    text: '- a\n- b\n',
    expected: ['d.yaml:1: a manifest must be a mapping with apiVersion, kind, metadata and spec'],
  },
  {
    name: 'no name',
    text: 'apiVersion: v1\nkind: Service\nmetadata: {}\n',
    expected: ['d.yaml:3: metadata.name: a Service needs metadata.name (or metadata.generateName)'],
  },
  {
    name: 'int32 range',
    text: `${service('s')}  ports:\n    - port: 3000000000\n`,
    expected: [
      'd.yaml:9: spec.ports[0].port: 3000000000 is out of range: must fit in 32 bits (-2147483648 to 2147483647)',
    ],
  },
  {
    name: 'YAML 1.1 booleans, as Kubernetes reads them',
    text: `${service('s')}  publishNotReadyAddresses: yes\n`,
    expected: [],
  },
];

for (const row of errorRows) {
  test(`clear error: ${row.name}`, () => {
    assert.deepEqual(loadManifests([{ file: 'd.yaml', text: row.text }]).issues.map(formatIssue), row.expected);
  });
}

const skippedRows: Array<{ name: string; text: string; expected: string }> = [
  {
    name: 'a ConfigMap',
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n',
    expected: 'd.yaml:2: kind: warning: kind ConfigMap (v1) is not read by sluice; it is skipped',
  },
  {
    name: 'a Secret',
    text: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {a: b}\n',
    expected: 'd.yaml:2: kind: warning: kind Secret (v1) is not read by sluice; it is skipped',
  },
  {
    name: 'a Namespace',
    text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n',
    expected: 'd.yaml:2: kind: warning: kind Namespace (v1) is not read by sluice; it is skipped',
  },
  {
    name: 'an Istio Gateway',
    text: 'apiVersion: networking.istio.io/v1beta1\nkind: Gateway\nmetadata: {name: g}\n',
    expected:
      'd.yaml:2: kind: warning: kind Gateway (networking.istio.io/v1beta1) is not read by sluice; it is skipped',
  },
  {
    name: 'a Service of another group',
    text: 'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: k}\nspec: {template: {}}\n',
    expected: 'd.yaml:2: kind: warning: kind Service (serving.knative.dev/v1) is not read by sluice; it is skipped',
  },
  {
    name: 'an Argo CD Application',
    text: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: web}\nspec: {project: default}\n',
    expected:
      'd.yaml:2: kind: warning: kind Application (argoproj.io/v1alpha1) belongs to Argo CD, not Argo Rollouts: sluice does not run it; it is skipped',
  },
  {
    name: 'an Argo Workflow',
    text: 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {generateName: w-}\nspec: {entrypoint: main}\n',
    expected:
      'd.yaml:2: kind: warning: kind Workflow (argoproj.io/v1alpha1) belongs to Argo Workflows, not Argo Rollouts: sluice does not run it; it is skipped',
  },
  {
    name: 'an argoproj.io kind of no known project',
    text: 'apiVersion: argoproj.io/v1alpha1\nkind: NotificationPolicy\nmetadata: {name: n}\n',
    expected:
      'd.yaml:2: kind: warning: kind NotificationPolicy (argoproj.io/v1alpha1) is not read by sluice; it is skipped',
  },
  {
    name: 'a misspelt core kind',
    text: 'apiVersion: v1\nkind: Servce\nmetadata: {name: s}\n',
    expected: 'd.yaml:2: kind: warning: kind Servce (v1) is not read by sluice; it is skipped (did you mean Service?)',
  },
];

for (const row of skippedRows) {
  test(`kinds sluice does not read are skipped with a warning: ${row.name}`, () => {
    const result = loadManifests([{ file: 'd.yaml', text: `${row.text}---\n${service('kept')}` }]);
    assert.deepEqual(result.issues.map(formatIssue), [row.expected]);
    assert.equal(result.issues[0]?.severity, 'warning');
    assert.deepEqual(
      result.objects.map((item) => `${item.object.kind}/${item.object.metadata.name}`),
      ['Service/kept'],
    );
  });
}

test('schema defaults are for the API server only: parsing leaves unset fields unset', () => {
  const text = [
    'apiVersion: argoproj.io/v1alpha1',
    'kind: AnalysisTemplate',
    'metadata: {name: dd}',
    'spec:',
    '  metrics:',
    '  - name: errors',
    '    provider:',
    '      datadog: {query: "avg:errors{*}"}',
    '---',
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Rollout',
    'metadata: {name: web}',
    'spec:',
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata: {labels: {app: web}}',
    '    spec:',
    '      containers:',
    '      - name: web',
    '        image: web:1',
    '        ports: [{containerPort: 8080}]',
    '        env: [{name: A, valueFrom: {secretKeyRef: {key: k}}}]',
    '  strategy: {canary: {}}',
    '',
  ].join('\n');
  const { objects, issues } = loadManifests([{ file: 'd.yaml', text }]);
  assert.deepEqual(issues.filter((issue) => issue.severity === 'error').map(formatIssue), []);
  const [template, rollout] = objects.map((item) => item.object as Json);
  assert.ok(template && rollout, 'two objects');
  assert.deepEqual(template.spec.metrics[0].provider.datadog, { query: 'avg:errors{*}' });
  const container = rollout.spec.template.spec.containers[0];
  assert.deepEqual(container.ports, [{ containerPort: 8080 }]);
  assert.deepEqual(container.env[0].valueFrom.secretKeyRef, { key: 'k' });
});
