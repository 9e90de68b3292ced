// Selectors against templates, workloadRef to a Deployment, and the Kubernetes objects given with Rollouts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifests, withResolvedTemplateForTest } from './support/load.ts';
import { formatIssue } from '../../../src/api/manifests/issue.ts';

function lint(...files: Array<[string, string]>): string[] {
  return loadManifests(files.map(([file, text]) => ({ file, text }))).issues.map(formatIssue);
}

/** A Rollout whose spec body starts on line 5. */
function rollout(spec: string): string {
  return `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: web\nspec:\n${spec.replace(/^/gm, '  ')}\n  strategy:\n    canary: {}\n`;
}

const template =
  'template:\n  metadata:\n    labels: {app: web, tier: front}\n  spec:\n    containers: [{name: web, image: nginx}]';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 0
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers: [{name: web, image: nginx}]
`;

const rows: Array<{ rule: string; spec: string; expected: string[] }> = [
  {
    rule: 'matchExpressions that the labels meet',
    spec: `selector:\n  matchExpressions:\n    - {key: tier, operator: In, values: [front, back]}\n    - {key: canary, operator: DoesNotExist}\n${template}`,
    expected: [],
  },
  {
    rule: 'matchExpressions that the labels do not meet',
    spec: `selector:\n  matchLabels: {app: web}\n  matchExpressions:\n    - {key: tier, operator: NotIn, values: [front]}\n${template}`,
    expected: [
      'r.yaml:12: spec.template.metadata.labels: selector does not match template labels: the labels must meet tier NotIn (front)',
    ],
  },
  {
    rule: 'selector requirements are well formed',
    spec: `selector:\n  matchLabels: {app: web}\n  matchExpressions:\n    - {key: tier, operator: In}\n    - {key: tier, operator: Exists, values: [x]}\n    - {key: tier, operator: Equals, values: [x]}\n${template}`,
    expected: [
      'r.yaml:9: spec.selector.matchExpressions[0].values: operator In needs at least one value',
      'r.yaml:10: spec.selector.matchExpressions[1].values: operator Exists takes no values: remove them',
      'r.yaml:11: spec.selector.matchExpressions[2].operator: unsupported operator "Equals": use In, NotIn, Exists or DoesNotExist',
    ],
  },
  {
    rule: 'selector is required without workloadRef',
    spec: template,
    expected: [
      'r.yaml:5: spec.selector: spec.selector is required (unless spec.workloadRef is set): add matchLabels that match the pod template labels',
    ],
  },
  {
    rule: 'an empty selector selects every pod',
    spec: `selector: {matchLabels: {}}\n${template}`,
    expected: [
      'r.yaml:6: spec.selector: an empty selector would select every pod: add matchLabels that match the pod template labels',
    ],
  },
  {
    rule: 'template and workloadRef exclude each other',
    spec: `workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n${template}`,
    expected: [
      'r.yaml:7: spec.template: spec.template must be empty when spec.workloadRef is set: the pod template comes from the referenced Deployment',
    ],
  },
  {
    rule: 'workloadRef names a Deployment, ReplicaSet or PodTemplate with its apiVersion',
    spec: 'workloadRef: {apiVersion: apps/v1, kind: StatefulSet, name: web}',
    expected: [
      'r.yaml:6: spec.workloadRef.kind: a workloadRef cannot point to a StatefulSet: use a Deployment (apps/v1), a ReplicaSet (apps/v1) or a PodTemplate (v1)',
    ],
  },
  {
    rule: 'workloadRef apiVersion fits the kind, and name is given',
    spec: 'workloadRef: {apiVersion: extensions/v1beta1, kind: Deployment}',
    expected: [
      'r.yaml:6: spec.workloadRef.apiVersion: a Deployment is apps/v1, not extensions/v1beta1',
      'r.yaml:6: spec.workloadRef.name: spec.workloadRef needs name, e.g. apiVersion: apps/v1, kind: Deployment, name: my-app',
    ],
  },
];

for (const row of rows) {
  test(`rollout: ${row.rule}`, () => assert.deepEqual(lint(['r.yaml', rollout(row.spec)]), row.expected));
}

test('workloadRef: the Deployment is found and its template checked against the selector', () => {
  const ok = rollout('workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}');
  assert.deepEqual(lint(['r.yaml', ok], ['d.yaml', deployment]), []);
  const mismatch = rollout(
    'selector: {matchLabels: {app: api}}\nworkloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}',
  );
  assert.deepEqual(lint(['r.yaml', mismatch], ['d.yaml', deployment]), [
    'r.yaml:7: spec.workloadRef.name: spec.selector does not select the pod template of Deployment "web" (d.yaml:11): its labels must meet app: api',
  ]);
});

test('workloadRef: a missing Deployment is reported only when other Deployments of the namespace are given', () => {
  const other = rollout('workloadRef: {apiVersion: apps/v1, kind: Deployment, name: api}');
  assert.deepEqual(lint(['r.yaml', other]), []);
  assert.deepEqual(lint(['r.yaml', other], ['d.yaml', deployment]), [
    'r.yaml:6: spec.workloadRef.name: no Deployment named "api" in namespace default among the given manifests: add it or fix the name',
  ]);
});

test('workloadRef: Services are checked against the Deployment template labels', () => {
  const canary = rollout('workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}').replace(
    'canary: {}',
    'canary: {canaryService: web-canary, stableService: web-stable}',
  );
  const services = ['web-canary', 'web-stable']
    .map(
      (name, index) =>
        `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector: {app: ${index === 0 ? 'api' : 'web'}}\n`,
    )
    .join('---\n');
  assert.deepEqual(lint(['r.yaml', canary], ['d.yaml', deployment], ['s.yaml', services]), [
    'r.yaml:8: spec.strategy.canary.canaryService: Service "web-canary" selects app=api, a label the Rollout\'s pods do not have: fix the Service selector or the pod template labels of Deployment "web"',
  ]);
});

test('withResolvedTemplate takes the template, and the selector when the Rollout has none, without changing its input', () => {
  const result = loadManifests([
    { file: 'r.yaml', text: rollout('workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}') },
    { file: 'd.yaml', text: deployment },
  ]);
  const { resolved, original } = withResolvedTemplateForTest(result.objects);
  assert.deepEqual(resolved.spec.selector, { matchLabels: { app: 'web' } });
  assert.deepEqual(resolved.spec.template?.metadata?.labels, { app: 'web' });
  assert.equal(original.spec.template, undefined);
});

test('Deployments, ReplicaSets and Services are checked as the API server does', () => {
  const broken = deployment
    .replace('labels: {app: web}', 'labels: {app: other}')
    .replace('replicas: 0', 'replicas: -1');
  const service =
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: 9web\nspec:\n  selector: {app: web}\n  ports:\n    - {port: 80, targetPort: http-port-too-long}\n    - {port: 0}\n';
  assert.deepEqual(lint(['d.yaml', broken], ['s.yaml', service]), [
    'd.yaml:6: spec.replicas: must be 0 or more, got -1',
    'd.yaml:11: spec.template.metadata.labels: selector does not match template labels: add app: web to spec.template.metadata.labels',
    's.yaml:4: metadata.name: "9web" must be lower case letters, digits and "-", starting with a letter and ending with a letter or digit (e.g. "web-stable"): this is not a valid Service name',
    's.yaml:8: spec.ports[0].name: a Service with several ports must name each of them',
    's.yaml:8: spec.ports[0].targetPort: port name "http-port-too-long" is longer than 15 characters; or give the port number',
    's.yaml:9: spec.ports[1].name: a Service with several ports must name each of them',
    's.yaml:9: spec.ports[1].port: port 0 is out of range: use 1 to 65535',
  ]);
});
