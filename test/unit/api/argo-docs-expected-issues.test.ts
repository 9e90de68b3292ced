// Examples of Argo Rollouts' documentation and examples folder that the API server with Argo's
// own CRDs, or Argo Rollouts, would refuse too: kept as written in fixtures/argo-docs-issues/, each
// with the issues sluice reports and why. (Examples that only mix in kinds sluice does not read,
// such as a Secret or an Istio Gateway, lint with a warning and live in fixtures/argo-docs/.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadManifests } from '../../../src/api/load-manifests.ts';
import { formatIssue } from '../../../src/api/manifests/issue.ts';

const folder = path.join(import.meta.dirname, 'fixtures', 'argo-docs-issues');

interface ExpectedIssues {
  file: string;
  /** Why the example cannot lint clean. */
  reason: string;
  issues: string[];
}

const NOT_RFC3339 = 'is not an RFC 3339 date-time such as 2024-05-01T12:00:00Z';

const EXPECTED: readonly ExpectedIssues[] = [
  {
    file: 'features-specification.yaml',
    reason:
      'a reference of every field, not a working manifest: analysisRunMetadata is written on an experiment analysis (Argo declares it on the experiment step), ' +
      "and the pause conditions have placeholder times; Argo's CRD refuses both. The structural errors hold back the semantic rules, which would also object to " +
      'workloadRef together with template, several traffic routers, and both virtualService and virtualServices.',
    issues: [
      'features-specification.yaml:360: spec.strategy.canary.steps[9].experiment.analyses[0].analysisRunMetadata: unknown field "analysisRunMetadata"; check its spelling and indentation',
      `features-specification.yaml:434: status.pauseConditions[0].startTime: "2019-10-00T1234" ${NOT_RFC3339}`,
      `features-specification.yaml:436: status.pauseConditions[1].startTime: "2019-10-00T1234" ${NOT_RFC3339}`,
      `features-specification.yaml:438: status.pauseConditions[2].startTime: "2019-10-00T1234" ${NOT_RFC3339}`,
    ],
  },
  {
    file: 'analysis-inline-template.yaml',
    reason:
      "an argument value written as a number (9090); Argo's CRD declares argument values as strings, so the API server refuses it",
    issues: [
      'analysis-inline-template.yaml:10: spec.args[1].value: must be a string, got number 9090; put the value in quotes',
    ],
  },
  {
    file: 'analysis-cluster-template.yaml',
    reason: 'the same number-valued argument as the inline analysis example, in a ClusterAnalysisTemplate',
    issues: [
      'analysis-cluster-template.yaml:10: spec.args[1].value: must be a string, got number 9090; put the value in quotes',
    ],
  },
  {
    file: 'analysis-generated-run.yaml',
    reason: 'the name shows a placeholder with capitals (CurrentPodHash); object names are lower case DNS subdomains',
    issues: [
      'analysis-generated-run.yaml:6: metadata.name: "guestbook-CurrentPodHash-multiple-templates" must be lower case letters, digits, "-" and ".", starting and ending with a letter or digit (e.g. "web.v2"): this is not a valid AnalysisRun name',
    ],
  },
  {
    file: 'analysis-delay-background.yaml',
    reason: 'an excerpt showing startingStep, written as a whole Rollout: it has no selector and no pod template',
    issues: [
      'analysis-delay-background.yaml:6: spec.selector: spec.selector is required (unless spec.workloadRef is set): add matchLabels that match the pod template labels',
      'analysis-delay-background.yaml:6: spec.template.spec.containers: the pod template needs at least one container under spec.containers (or use spec.workloadRef to take it from a Deployment)',
    ],
  },
  {
    file: 'analysis-referencing-secrets.yaml',
    reason:
      "an excerpt showing a Secret argument: the web provider has no url (required by Argo's CRD); the missing metadata.name is reported once the structure is valid",
    issues: [
      'analysis-referencing-secrets.yaml:14: spec.metrics[0].provider.web.url: required field "url" is missing; add it under spec.metrics[0].provider.web',
    ],
  },
  {
    file: 'analysis-prometheus.yaml',
    reason:
      "the Prometheus header is written with name instead of key; Argo's CRD declares headers as key and value, both required",
    issues: [
      'analysis-prometheus.yaml:22: spec.metrics[0].provider.prometheus.headers[0].key: required field "key" is missing; add it under spec.metrics[0].provider.prometheus.headers[0]',
      'analysis-prometheus.yaml:22: spec.metrics[0].provider.prometheus.headers[0].name: unknown field "name"; check its spelling and indentation',
    ],
  },
  {
    file: 'examples-example-experiment.yaml',
    reason:
      'written for an older Experiment API: a number as duration (a string now), a template without name, and template metadata outside the pod template',
    issues: [
      'examples-example-experiment.yaml:7: spec.duration: must be a string, got number 60; put the value in quotes',
      'examples-example-experiment.yaml:9: spec.templates[0].name: required field "name" is missing; add it under spec.templates[0]',
      'examples-example-experiment.yaml:13: spec.templates[0].metadata: unknown field "metadata"; check its spelling and indentation',
    ],
  },
];

test('every file with expected issues has an entry, and every entry a file and a reason', () => {
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.yaml'))
    .sort();
  assert.deepEqual(files, EXPECTED.map((entry) => entry.file).sort());
  for (const entry of EXPECTED) assert.ok(entry.reason.length > 20 && entry.issues.length > 0, entry.file);
});

for (const entry of EXPECTED) {
  test(`Argo documentation example ${entry.file} has exactly its expected issues`, () => {
    const text = readFileSync(path.join(folder, entry.file), 'utf8');
    assert.match(text.split('\n')[0] ?? '', /^# From Argo Rollouts/, 'the first line names the source');
    const { issues } = loadManifests([{ file: entry.file, text }]);
    assert.deepEqual(issues.map(formatIssue), entry.issues, entry.reason);
  });
}
