// Argo Rollouts' semantic rules: one row per rule, with the exact `file:line: path: message`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifests } from '../../../src/api/load-manifests.ts';
import { formatIssue } from '../../../src/api/manifests/issue.ts';

/** A Rollout whose `strategy:` key is on line 17; the strategy body starts on line 18. */
function rollout(strategy: string): string {
  const head = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: app
spec:
  selector:
    matchLabels:
      app: app
  template:
    metadata:
      labels:
        app: app
    spec:
      containers:
        - name: app
          image: nginx
  strategy:
`;
  return head + strategy.replace(/^/gm, '    ') + '\n';
}

const rows: Array<{ rule: string; strategy: string; expected: string[] }> = [
  {
    rule: 'a valid canary has no issue',
    strategy: 'canary:\n  steps:\n    - setWeight: 20\n    - pause: {duration: 1h30m}',
    expected: [],
  },
  {
    rule: 'replicaProgressThreshold of type Percent or Pods has no issue',
    strategy: 'canary:\n  replicaProgressThreshold:\n    type: Percent\n    value: 70',
    expected: [],
  },
  {
    rule: 'replicaProgressThreshold of another type is counted as pods, with a warning',
    strategy: 'canary:\n  replicaProgressThreshold:\n    type: Pod\n    value: 3',
    expected: [
      'r.yaml:20: spec.strategy.canary.replicaProgressThreshold.type: warning: type "Pod" is neither Percent nor Pods: Argo Rollouts (and sluice) count it as a number of pods; write Pods or Percent',
    ],
  },
  {
    rule: 'an experiment weight with the smi router has no issue',
    strategy:
      'canary:\n  canaryService: c\n  stableService: s\n  trafficRouting:\n    smi: {}\n  steps:\n    - experiment:\n        templates:\n          - name: trial\n            specRef: canary\n            weight: 10',
    expected: [],
  },
  {
    rule: 'an experiment weight needs trafficRouting',
    strategy:
      'canary:\n  canaryService: c\n  stableService: s\n  steps:\n    - experiment:\n        templates:\n          - name: trial\n            specRef: canary\n            weight: 10',
    expected: [
      'r.yaml:26: spec.strategy.canary.steps[0].experiment.templates[0].weight: an experiment template weight needs spec.strategy.canary.trafficRouting',
    ],
  },
  {
    rule: 'an experiment weight with a router that cannot route it is refused',
    strategy:
      'canary:\n  canaryService: c\n  stableService: s\n  trafficRouting:\n    nginx:\n      stableIngress: web\n  steps:\n    - experiment:\n        templates:\n          - name: trial\n            specRef: canary\n            weight: 10',
    expected: [
      'r.yaml:29: spec.strategy.canary.steps[0].experiment.templates[0].weight: an experiment template weight needs the istio, alb or smi router (or a router plugin): remove the weight, or route the rollout with one of those',
    ],
  },
  {
    rule: 'an experiment weight with a router plugin is accepted (as Argo), with a warning that it gets no traffic',
    strategy:
      'canary:\n  canaryService: c\n  stableService: s\n  trafficRouting:\n    plugins:\n      argoproj-labs/gatewayAPI:\n        httpRoute: web\n        namespace: default\n  steps:\n    - experiment:\n        templates:\n          - name: trial\n            specRef: canary\n            weight: 10',
    expected: [
      'r.yaml:31: spec.strategy.canary.steps[0].experiment.templates[0].weight: warning: the argoproj-labs/gatewayAPI router of sluice does not route experiment weights: the experiment runs without traffic; route the rollout with istio, alb or smi to send it this weight',
    ],
  },
  {
    rule: 'canary and stable services differ',
    strategy: 'canary:\n  canaryService: web\n  stableService: web',
    expected: [
      'r.yaml:20: spec.strategy.canary.stableService: canaryService and stableService are both "web": they must be two different Services',
    ],
  },
  {
    rule: 'active and preview services differ',
    strategy: 'blueGreen:\n  activeService: web\n  previewService: web',
    expected: [
      'r.yaml:19: spec.strategy.blueGreen.activeService: activeService and previewService are both "web": they must be two different Services',
    ],
  },
  {
    rule: 'setWeight is at most 100',
    strategy: 'canary:\n  steps:\n    - setWeight: 101',
    expected: ['r.yaml:20: spec.strategy.canary.steps[0].setWeight: must be between 0 and 100, got 101'],
  },
  {
    rule: 'setWeight is not negative',
    strategy: 'canary:\n  steps:\n    - pause: {}\n    - setWeight: -1',
    expected: ['r.yaml:21: spec.strategy.canary.steps[1].setWeight: must be between 0 and 100, got -1'],
  },
  {
    rule: 'maxSurge and maxUnavailable are not both zero (a bare numeric string is a percentage)',
    strategy: 'canary:\n  maxSurge: "0"\n  maxUnavailable: 0',
    expected: [
      'r.yaml:19: spec.strategy.canary.maxSurge: maxSurge and maxUnavailable are both 0, so no pod could ever be replaced: make one of them greater than 0',
    ],
  },
  {
    rule: 'maxUnavailable is a whole number or a percentage',
    strategy: 'canary:\n  maxUnavailable: "a quarter"',
    expected: [
      'r.yaml:19: spec.strategy.canary.maxUnavailable: "a quarter" is neither a whole number nor a percentage: write e.g. 1 or "25%"',
    ],
  },
  {
    rule: 'pause durations: integer seconds, numeric strings, Go durations',
    strategy:
      'canary:\n  steps:\n    - pause: {duration: 30}\n    - pause: {duration: "45"}\n    - pause: {duration: 1h30m}',
    expected: [],
  },
  {
    rule: 'a pause duration that is not a duration is rejected',
    strategy: 'canary:\n  steps:\n    - pause: {duration: 1 hour}',
    expected: [
      'r.yaml:20: spec.strategy.canary.steps[0].pause.duration: pause duration "1 hour" is neither a number of seconds nor a duration such as 30s, 5m or 1h30m; leave duration out to pause until promoted',
    ],
  },
  {
    rule: 'setHeaderRoute needs a router that supports it',
    strategy: 'canary:\n  steps:\n    - setHeaderRoute:\n        name: h',
    expected: [
      'r.yaml:20: spec.strategy.canary.steps[0].setHeaderRoute: setHeaderRoute needs a traffic router that supports header routes (istio, alb, apisix, nginx or a plugin)',
    ],
  },
  {
    rule: 'setMirrorRoute needs istio',
    strategy:
      'canary:\n  canaryService: c\n  stableService: s\n  trafficRouting:\n    nginx:\n      stableIngress: i\n    managedRoutes:\n      - name: m\n  steps:\n    - setMirrorRoute:\n        name: m',
    expected: [
      'r.yaml:27: spec.strategy.canary.steps[0].setMirrorRoute: setMirrorRoute needs the istio traffic router',
    ],
  },
  {
    rule: 'header routes are listed in managedRoutes',
    strategy:
      'canary:\n  canaryService: c\n  stableService: s\n  trafficRouting:\n    managedRoutes:\n      - name: other\n    istio:\n      virtualService:\n        name: vs\n  steps:\n    - setHeaderRoute:\n        name: by-header',
    expected: [
      'r.yaml:29: spec.strategy.canary.steps[0].setHeaderRoute.name: route "by-header" is not listed in spec.strategy.canary.trafficRouting.managedRoutes: add it there',
    ],
  },
  {
    rule: 'header routes need managedRoutes',
    strategy:
      'canary:\n  canaryService: c\n  stableService: s\n  trafficRouting:\n    istio:\n      virtualService:\n        name: vs\n  steps:\n    - setHeaderRoute:\n        name: by-header',
    expected: [
      'r.yaml:26: spec.strategy.canary.steps[0].setHeaderRoute: setHeaderRoute needs spec.strategy.canary.trafficRouting.managedRoutes listing the route "by-header"',
    ],
  },
  {
    rule: 'dynamicStableScale needs traffic routing',
    strategy: 'canary:\n  dynamicStableScale: true',
    expected: [
      'r.yaml:19: spec.strategy.canary.dynamicStableScale: dynamicStableScale needs trafficRouting: remove it or configure spec.strategy.canary.trafficRouting',
    ],
  },
  {
    rule: 'dynamicStableScale excludes scaleDownDelaySeconds',
    strategy:
      'canary:\n  canaryService: c\n  stableService: s\n  dynamicStableScale: true\n  scaleDownDelaySeconds: 10\n  trafficRouting:\n    istio:\n      virtualService:\n        name: vs',
    expected: [
      'r.yaml:21: spec.strategy.canary.dynamicStableScale: dynamicStableScale cannot be combined with scaleDownDelaySeconds: remove one of them',
    ],
  },
  {
    rule: 'host-level istio routing needs both services',
    strategy: 'canary:\n  canaryService: c\n  trafficRouting:\n    istio:\n      virtualService:\n        name: vs',
    expected: [
      'r.yaml:18: spec.strategy.canary.stableService: traffic routing needs both stableService and canaryService: add stableService',
    ],
  },
  {
    rule: 'a step does one thing',
    strategy: 'canary:\n  steps:\n    - setWeight: 10\n      pause: {}',
    expected: [
      'r.yaml:20: spec.strategy.canary.steps[0]: a step does one thing, this one has setWeight and pause: split it into separate steps',
    ],
  },
  {
    rule: 'one strategy only',
    strategy: 'canary: {}\nblueGreen:\n  activeService: a',
    expected: ['r.yaml:17: spec.strategy: set only one of canary and blueGreen: a Rollout has one strategy'],
  },
  {
    rule: 'analysis arguments name a downward API metadata field',
    strategy:
      'canary:\n  analysis:\n    templates:\n      - templateName: t\n    args:\n      - name: ns\n        valueFrom:\n          fieldRef:\n            fieldPath: metadata.nam',
    expected: [
      `r.yaml:26: spec.strategy.canary.analysis.args[0].valueFrom.fieldRef.fieldPath: "metadata.nam" is not a metadata field the downward API offers: use metadata.name, metadata.namespace, metadata.uid, metadata.labels['key'] or metadata.annotations['key']`,
    ],
  },
];

for (const row of rows) {
  test(`rule: ${row.rule}`, () => {
    const { issues } = loadManifests([{ file: 'r.yaml', text: rollout(row.strategy) }]);
    assert.deepEqual(issues.map(formatIssue), row.expected);
  });
}

test('the selector must match the template labels', () => {
  const text = rollout('canary: {}').replace('      app: app\n  template', '      app: other\n  template');
  const { issues } = loadManifests([{ file: 'r.yaml', text }]);
  assert.deepEqual(issues.map(formatIssue), [
    'r.yaml:11: spec.template.metadata.labels: selector does not match template labels: add app: other to spec.template.metadata.labels',
  ]);
});

const template = (metric: string) => `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: t
spec:
  metrics:
${metric.replace(/^/gm, '    ')}
`;

const analysisRows: Array<{ rule: string; metric: string; expected: string[] }> = [
  {
    rule: 'a metric has exactly one provider',
    metric: '- name: m\n  provider:\n    web: {url: http://x}\n    prometheus: {query: up}',
    expected: [
      't.yaml:8: spec.metrics[0].provider: a metric has one provider, this one has prometheus and web: split it into separate metrics',
    ],
  },
  {
    rule: 'interval is a Go duration',
    metric: '- name: m\n  interval: 5 minutes\n  provider:\n    web: {url: http://x}',
    expected: [
      't.yaml:8: spec.metrics[0].interval: "5 minutes" is not a duration: use a number with a unit, such as 30s, 5m or 1h30m',
    ],
  },
  {
    rule: 'count above 1 needs an interval',
    metric: '- name: m\n  count: 3\n  provider:\n    web: {url: http://x}',
    expected: [
      't.yaml:7: spec.metrics[0].interval: interval is required when count is more than 1 (count is 3): add e.g. interval: 30s',
    ],
  },
];

for (const row of analysisRows) {
  test(`analysis rule: ${row.rule}`, () => {
    const { issues } = loadManifests([{ file: 't.yaml', text: template(row.metric) }]);
    assert.deepEqual(issues.map(formatIssue), row.expected);
  });
}

/** An AnalysisTemplate with a Job metric whose pod template has these labels (line 16). */
function jobTemplate(labels: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: sleep-job
spec:
  args:
    - name: rev
  metrics:
    - name: sleep
      provider:
        job:
          spec:
            template:
              metadata:
                labels:
${labels.replace(/^/gm, '                  ')}
              spec:
                containers:
                  - name: sleep
                    image: alpine
                restartPolicy: Never
`;
}

test('placeholders in a Job metric are judged after substitution: a label "{{ args.rev }}" is accepted', () => {
  const lint = (text: string) => loadManifests([{ file: 't.yaml', text }]).issues.map(formatIssue);
  assert.deepEqual(lint(jobTemplate('rev: "{{ args.rev }}"\nrelease: "v-{{args.rev}}"')), []);
  assert.deepEqual(lint(jobTemplate('"{{ args.key }}": x')), []);
  assert.deepEqual(lint(jobTemplate('rev: "not valid!"')), [
    't.yaml:16: spec.metrics[0].provider.job.spec.template.metadata.labels.rev: label value "not valid!" must be empty or letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
  ]);
});
