// Merge keys (`<<: *anchor`) in manifests, read as kubectl and the API server read them
// (sigs.k8s.io/yaml on go-yaml v2; yaml-merge-oracle.test.ts compares the two over generated
// documents): shared fragments of Argo-style manifests, which field wins, what a merge refuses, and
// the loader's alias budget, which merges count against as any alias.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifests } from '../../../src/api/load-manifests.ts';
import { formatIssue } from '../../../src/api/manifests/issue.ts';
import { parseYamlDocuments } from '../../../src/api/manifests/yaml-documents.ts';
import type { AnalysisTemplate } from '../../../src/api/types/analysis.ts';
import type { Rollout } from '../../../src/api/types/rollout.ts';

// An Argo canary with Istio and an analysis, its repeated parts written once (anchors live in the
// document that uses them, as YAML wants): the common fields of two metrics, the pod labels, a
// container's settings.
const manifests = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: success-rate}
spec:
  args: [{name: service-name}]
  metrics:
    - &metric
      name: success-rate
      interval: 1m
      count: 5
      failureLimit: 1
      successCondition: result[0] >= 0.95
      provider:
        prometheus:
          address: "http://prometheus.monitoring:9090"
          query: sum(rate(requests{service="{{args.service-name}}",code!~"5.."}[1m])) / sum(rate(requests{service="{{args.service-name}}"}[1m]))
    - <<: *metric
      name: latency
      count: 3
      successCondition: result[0] < 0.5
      provider:
        prometheus:
          address: "http://prometheus.monitoring:9090"
          query: histogram_quantile(0.9, sum(rate(latency_bucket{service="{{args.service-name}}"}[1m])) by (le))
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
  labels: &labels {app: web, team: payments}
spec:
  replicas: 4
  selector:
    matchLabels: *labels
  template:
    metadata:
      labels:
        <<: *labels
        tier: frontend
    spec:
      containers:
        - &web
          name: web
          image: registry.example/web:1.2.0
          ports: [{name: http, containerPort: 8080}]
          resources: {requests: {cpu: 100m, memory: 64Mi}}
        - <<: *web
          name: web-admin
          ports: [{name: admin, containerPort: 9090}]
  strategy:
    canary:
      canaryService: web-canary
      stableService: web-stable
      trafficRouting:
        istio:
          virtualService: {name: web-vs, routes: [primary]}
      analysis:
        templates: [{templateName: success-rate}]
        args: [{name: service-name, value: web-canary}]
      steps:
        - setWeight: 20
        - pause: {duration: 10m}
`;

test('Argo-style manifests with merge keys are read with the merged fields, and lint finds nothing to say', () => {
  const { issues, objects } = loadManifests([{ file: 'web.yaml', text: manifests }]);
  assert.deepEqual(issues.map(formatIssue), []);
  const template = objects.find((item) => item.object.kind === 'AnalysisTemplate')?.object as AnalysisTemplate;
  const rollout = objects.find((item) => item.object.kind === 'Rollout')?.object as Rollout;
  assert.deepEqual(
    (template.spec.metrics ?? []).map((metric) => [metric.name, metric.interval, metric.count, metric.failureLimit]),
    [
      ['success-rate', '1m', 5, 1],
      ['latency', '1m', 3, 1],
    ],
  );
  assert.match(
    template.spec.metrics?.[1]?.provider.prometheus?.query ?? '',
    /^histogram_quantile/,
    'a field written after the merge replaces the merged one, whole',
  );
  assert.deepEqual(rollout.metadata.labels, { app: 'web', team: 'payments' });
  assert.deepEqual(rollout.spec.template?.metadata?.labels, { app: 'web', team: 'payments', tier: 'frontend' });
  assert.deepEqual(rollout.spec.selector?.matchLabels, { app: 'web', team: 'payments' });
  const [web, admin] = rollout.spec.template?.spec?.containers ?? [];
  assert.deepEqual(admin, { ...web, name: 'web-admin', ports: [{ name: 'admin', containerPort: 9090 }] });
});

test('a problem in a merged field is reported at the line the field is written', () => {
  const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      initContainers:\n        - &c {name: init, image: web:1, resources: {requests: {cpu: lots}}}\n      containers:\n        - <<: *c\n          name: d\n`;
  const issues = loadManifests([{ file: 'd.yaml', text }]).issues.map(formatIssue);
  assert.ok(
    issues.some((issue) =>
      /^d\.yaml:10: spec\.template\.spec\.containers\[0\]\.resources\.requests\.cpu: /.test(issue),
    ),
    issues.join('\n'),
  );
});

test('which field wins, as go-yaml: a merge replaces the fields before it, the fields after it replace it, the first of a list wins', () => {
  const rows: Array<[string, Record<string, unknown>]> = [
    ['a: 1\n<<: {a: 2, b: 2}\n', { a: 2, b: 2 }],
    ['<<: {a: 2, b: 2}\na: 1\n', { a: 1, b: 2 }],
    ['<<: [{a: 1}, {a: 2, b: 2}]\n', { a: 1, b: 2 }],
    ['<<: {a: 1}\n<<: {a: 2}\n', { a: 2 }],
    ['<<: {<<: {a: 1, b: 1}, b: 2}\n', { a: 1, b: 2 }],
    ['"<<": {a: 1}\n', { '<<': { a: 1 } }],
    ['!!merge <<: {a: 1}\n', { a: 1 }],
  ];
  for (const [body, expected] of rows) {
    const { documents, issues } = parseYamlDocuments({ file: 'c.yaml', text: body });
    assert.deepEqual(issues, [], body);
    assert.deepEqual(documents[0]?.value, expected, body);
  }
});

test('a merge of anything but mappings is refused at its line, saying what it takes', () => {
  for (const value of ['5', '[5]', '*s', '[{a: 1}, *s]', '"text"']) {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ns: &s plain\ndata:\n  a: "1"\n  <<: ${value}\n`;
    const errors = loadManifests([{ file: 'c.yaml', text }])
      .issues.filter((issue) => issue.severity === 'error')
      .map(formatIssue);
    assert.deepEqual(
      errors,
      [
        'c.yaml:7: data[<<]: the merge key << takes a mapping, an alias to one (<<: *anchor) or a list of them (<<: [*a, *b]); write the fields out, or quote "<<" for a field of that name',
      ],
      value,
    );
  }
});

test('merges count against the alias budget: a bomb of merges is refused, a merge into itself never ends', () => {
  const lines = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: c}',
    'data:',
    '  l0: &l0 {a: "1", b: "2", c: "3", d: "4", e: "5", f: "6", g: "7", h: "8", i: "9"}',
  ];
  // Each level merges the one before nine times: the result stays small, the work multiplies.
  for (let level = 1; level < 9; level++)
    lines.push(
      `  l${level}: &l${level} {<<: [${Array(9)
        .fill(`*l${level - 1}`)
        .join(', ')}]}`,
    );
  const bomb = loadManifests([{ file: 'b.yaml', text: `${lines.join('\n')}\n` }]).issues.map(formatIssue);
  assert.equal(bomb.length, 1, bomb.join('\n'));
  assert.match(bomb[0] ?? '', /^b\.yaml:\d+: data\.l\d: YAML aliases expand to more than 20,000 values/);
  const loop = loadManifests([
    { file: 'l.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: &d\n  a: "1"\n  <<: *d\n' },
  ]).issues.map(formatIssue);
  assert.deepEqual(loop, [
    'l.yaml:6: data: alias *d is used inside the node its anchor &d names, so it would never end; refer to an anchor defined outside this node',
  ]);
});
