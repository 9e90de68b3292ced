// Analysis runs composed of several templates, dryRun and measurementRetention rules, Experiment
// analyses, and the warnings for what sluice does not carry out yet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifests } from '../../../src/api/load-manifests.ts';
import { formatIssue, hasErrors } from '../../../src/api/manifests/issue.ts';
import { implementedRouterChoice, implementedRouterList } from '../../../src/api/traffic-routers.ts';

function lint(...files: Array<[string, string]>): string[] {
  return loadManifests(files.map(([file, text]) => ({ file, text }))).issues.map(formatIssue);
}

function template(name: string, metrics: string[], extra = ''): string {
  const list = metrics
    .map((metric) => `    - name: ${metric}\n      provider:\n        web: {url: "http://example/${metric}"}`)
    .join('\n');
  return `apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: ${name}\nspec:\n${extra}  metrics:\n${list}\n`;
}

/** A canary Rollout whose canary body starts on line 17. */
function rollout(canary: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx
  strategy:
    canary:
${canary.replace(/^/gm, '      ')}
`;
}

test('dryRun and measurementRetention rules must match a metric of the templates run together', () => {
  const steps =
    'steps:\n  - analysis:\n      templates: [{templateName: a}, {templateName: b}]\n      dryRun: [{metricName: "err.*"}, {metricName: latency}]\n      measurementRetention: [{metricName: ".*", limit: 5}]';
  assert.deepEqual(
    lint(['r.yaml', rollout(steps)], ['a.yaml', template('a', ['errors'])], ['b.yaml', template('b', ['saturation'])]),
    [
      'r.yaml:20: spec.strategy.canary.steps[0].analysis.dryRun[1].metricName: dryRun rule "latency" matches no metric (the metrics are errors, saturation): fix the name or remove the rule',
    ],
  );
});

test('templates run together: unique metric names, one value per argument, rules not repeated', () => {
  const steps =
    'steps:\n  - analysis:\n      templates: [{templateName: a}, {templateName: b}]\n      dryRun: [{metricName: errors}]';
  const a = template('a', ['errors'], '  args:\n    - {name: port, value: "80"}\n');
  const b = template(
    'b',
    ['errors'],
    '  args:\n    - {name: port, value: "8080"}\n  dryRun:\n    - metricName: errors\n',
  );
  assert.deepEqual(lint(['r.yaml', rollout(steps)], ['a.yaml', a], ['b.yaml', b]), [
    'r.yaml:19: spec.strategy.canary.steps[0].analysis.templates[1].templateName: argument "port" is "80" in AnalysisTemplate "a" but "8080" in AnalysisTemplate "b": templates run together must agree on its value',
    'r.yaml:19: spec.strategy.canary.steps[0].analysis.templates[1].templateName: dryRun rule "errors" is given twice (from AnalysisTemplate "b"): keep one',
    'r.yaml:19: spec.strategy.canary.steps[0].analysis.templates[1].templateName: metric "errors" is in both AnalysisTemplate "a" and AnalysisTemplate "b": one analysis cannot have two metrics of the same name',
  ]);
});

test('rules are not checked while a template of the run is missing', () => {
  const steps =
    'steps:\n  - analysis:\n      templates: [{templateName: a}, {templateName: elsewhere, clusterScope: true}]\n      dryRun: [{metricName: latency}]';
  assert.deepEqual(lint(['r.yaml', rollout(steps)], ['a.yaml', template('a', ['errors'])]), []);
});

test("an AnalysisRun's own rules must match its metrics", () => {
  const run = `apiVersion: argoproj.io/v1alpha1\nkind: AnalysisRun\nmetadata:\n  name: run\nspec:\n  dryRun: [{metricName: nope}]\n  metrics:\n    - name: errors\n      provider:\n        web: {url: "http://example"}\n`;
  assert.deepEqual(lint(['run.yaml', run]), [
    'run.yaml:6: spec.dryRun[0].metricName: dryRun rule "nope" matches no metric (the metrics are errors): fix the name or remove the rule',
  ]);
});

test('Experiment analyses name existing templates and give their arguments; one required for completion must end', () => {
  const experiment = `apiVersion: argoproj.io/v1alpha1
kind: Experiment
metadata:
  name: exp
spec:
  duration: 5m
  templates:
    - name: baseline
      selector: {matchLabels: {app: exp}}
      template:
        metadata: {labels: {app: exp}}
        spec:
          containers: [{name: app, image: nginx}]
  analyses:
    - {name: one, templateName: a, requiredForCompletion: true}
    - {name: two, templateName: missing}
`;
  const a = template('a', ['errors'], '  args:\n    - name: host\n').replace(
    '      provider:',
    '      interval: 1m\n      provider:',
  );
  assert.deepEqual(lint(['e.yaml', experiment], ['a.yaml', a]), [
    'e.yaml:15: spec.analyses[0].templateName: AnalysisTemplate "a" needs argument "host", which spec.analyses[0].args does not give: add - name: host with a value',
    'e.yaml:15: spec.analyses[0].templateName: metric "errors" of AnalysisTemplate "a" has an interval but no count, so it never ends; here it must end: add a count, or use it as background analysis',
    'e.yaml:16: spec.analyses[1].templateName: no AnalysisTemplate named "missing" among the given manifests: add it or fix the name',
  ]);
});

test('background analysis startingStep outside the steps is a warning; warnings alone are not errors', () => {
  const canary =
    'analysis:\n  startingStep: 2\n  templates: [{templateName: a}]\nsteps:\n  - setWeight: 50\n  - pause: {}';
  const { issues } = loadManifests([{ file: 'r.yaml', text: rollout(canary) }]);
  assert.deepEqual(issues.map(formatIssue), [
    'r.yaml:18: spec.strategy.canary.analysis.startingStep: warning: the steps are numbered 0 to 1, so background analysis starting at step 2 would never run: use a step index in range',
  ]);
  assert.equal(hasErrors(issues), false);
});

test('routers other than istio: Argo rules apply, and a warning says sluice does not route with them', () => {
  const canary =
    'canaryService: c\nstableService: s\ntrafficRouting:\n  nginx:\n    stableIngress: web\n    stableIngresses: [web]';
  const { issues } = loadManifests([{ file: 'r.yaml', text: rollout(canary) }]);
  assert.deepEqual(issues.map(formatIssue), [
    'r.yaml:20: spec.strategy.canary.trafficRouting.nginx: set exactly one of stableIngress and stableIngresses',
    `r.yaml:20: spec.strategy.canary.trafficRouting.nginx: warning: sluice does not route traffic with nginx yet (only ${implementedRouterList()}): Argo Rollouts accepts this Rollout, but sluice holds it with an InvalidSpec condition; use ${implementedRouterChoice()} or leave trafficRouting out for a replica-based canary`,
  ]);
  assert.equal(hasErrors(issues), true);
});

test('experiment and plugin steps are accepted with a warning', () => {
  const canary = 'steps:\n  - plugin: {name: example/step}';
  assert.deepEqual(lint(['r.yaml', rollout(canary)]), [
    'r.yaml:18: spec.strategy.canary.steps[0].plugin: warning: sluice does not carry out plugin steps yet: Argo Rollouts accepts this Rollout, but sluice holds it at this step with an InvalidSpec condition; promote past the step, or abort',
  ]);
});
