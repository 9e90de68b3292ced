// A null where a value is expected, in every kind of place: a field set to null is a field left
// out (as the API server prunes it), a null list item or map value is an error at its path. Either
// way the semantic and reference rules never read a null: no TypeError escapes and no "internal
// error" is reported. Each row sets one value of a real example to null.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { loadManifests } from '../../../src/api/load-manifests.ts';
import type { ManifestSource } from '../../../src/api/load-manifests.ts';

const examples = path.resolve(import.meta.dirname, '..', '..', '..', 'examples');

function folder(name: string): ManifestSource[] {
  const dir = path.join(examples, name);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => ({ file, text: readFileSync(path.join(dir, file), 'utf8') }));
}

/** The folder with one value of one file's first document (or the one of `kind`) replaced. */
function withValue(
  name: string,
  file: string,
  at: Array<string | number>,
  value: unknown,
  documentIndex = 0,
): ManifestSource[] {
  return folder(name).map((source) => {
    if (source.file !== file) return source;
    const documents = source.text.split(/^---\n/m);
    const doc = parseDocument(documents[documentIndex] ?? '');
    if (at.length === 0) documents[documentIndex] = 'null\n';
    else {
      doc.setIn(at, value);
      documents[documentIndex] = doc.toString();
    }
    return { file, text: documents.join('---\n') };
  });
}

/** The errors as `path: message`, and no internal error among all issues. */
function errorsOf(sources: ManifestSource[]): string[] {
  const { issues } = loadManifests(sources);
  for (const issue of issues)
    assert.doesNotMatch(issue.message, /internal error|please report/, `${issue.path}: ${issue.message}`);
  return issues
    .filter((issue) => issue.severity === 'error')
    .map((issue) => `${issue.file} ${issue.path}: ${issue.message}`);
}

const rows: Array<{ name: string; sources: () => ManifestSource[]; expected: string[] }> = [
  {
    name: 'a null canary step',
    sources: () => withValue('istio-subset-split', 'rollout.yaml', ['spec', 'strategy', 'canary', 'steps', 1], null),
    expected: [
      'rollout.yaml spec.strategy.canary.steps[1]: must be an object (a mapping of fields), got null; give it a value or remove it',
    ],
  },
  {
    name: 'metadata.name: null',
    sources: () => withValue('istio-subset-split', 'rollout.yaml', ['metadata', 'name'], null),
    expected: ['rollout.yaml metadata.name: a Rollout needs metadata.name (or metadata.generateName)'],
  },
  {
    name: 'image: null',
    sources: () =>
      withValue('istio-subset-split', 'rollout.yaml', ['spec', 'template', 'spec', 'containers', 0, 'image'], null),
    expected: [],
  },
  {
    name: 'a null container',
    sources: () => withValue('istio-subset-split', 'rollout.yaml', ['spec', 'template', 'spec', 'containers', 0], null),
    expected: [
      'rollout.yaml spec.template.spec.containers[0]: must be an object (a mapping of fields), got null; give it a value or remove it',
    ],
  },
  {
    name: 'a null container port',
    sources: () =>
      withValue('istio-subset-split', 'rollout.yaml', ['spec', 'template', 'spec', 'containers', 0, 'ports', 0], null),
    expected: [
      'rollout.yaml spec.template.spec.containers[0].ports[0]: must be an object (a mapping of fields), got null; give it a value or remove it',
    ],
  },
  {
    name: 'containerPort: null',
    sources: () =>
      withValue(
        'istio-subset-split',
        'rollout.yaml',
        ['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort'],
        null,
      ),
    expected: [
      'rollout.yaml spec.template.spec.containers[0].ports[0].containerPort: required field "containerPort" is missing; add it under spec.template.spec.containers[0].ports[0]',
    ],
  },
  {
    name: 'a null header match',
    sources: () =>
      withValue(
        'istio-subset-split',
        'rollout.yaml',
        ['spec', 'strategy', 'canary', 'steps', 1, 'setHeaderRoute', 'match', 0],
        null,
      ),
    expected: [
      'rollout.yaml spec.strategy.canary.steps[1].setHeaderRoute.match[0]: must be an object (a mapping of fields), got null; give it a value or remove it',
    ],
  },
  {
    name: 'selector: null',
    sources: () => withValue('istio-subset-split', 'rollout.yaml', ['spec', 'selector'], null),
    expected: [
      'rollout.yaml spec.selector: spec.selector is required (unless spec.workloadRef is set): add matchLabels that match the pod template labels',
    ],
  },
  {
    name: 'strategy: null',
    sources: () => withValue('istio-subset-split', 'rollout.yaml', ['spec', 'strategy'], null),
    expected: ['rollout.yaml spec.strategy: spec.strategy needs either canary or blueGreen'],
  },
  {
    name: 'istio: null',
    sources: () =>
      withValue('istio-subset-split', 'rollout.yaml', ['spec', 'strategy', 'canary', 'trafficRouting', 'istio'], null),
    expected: [
      'rollout.yaml spec.strategy.canary.steps[1].setHeaderRoute: setHeaderRoute needs a traffic router that supports header routes (istio, alb, apisix, nginx or a plugin)',
    ],
  },
  {
    name: 'a null label value',
    sources: () =>
      withValue('istio-subset-split', 'rollout.yaml', ['spec', 'template', 'metadata', 'labels', 'app'], null),
    expected: [
      'rollout.yaml spec.template.metadata.labels.app: must be a string, got null; give it a value or remove it',
    ],
  },
  {
    name: 'spec: null',
    sources: () => withValue('istio-subset-split', 'rollout.yaml', ['spec'], null),
    expected: ['rollout.yaml spec: required field "spec" is missing; add it under the document root'],
  },
  {
    name: 'a null Service port',
    sources: () => withValue('istio-subset-split', 'service.yaml', ['spec', 'ports', 0], null),
    expected: [
      'service.yaml spec.ports[0]: must be an object (a mapping of fields), got null; give it a value or remove it',
    ],
  },
  {
    name: 'a null VirtualService route',
    sources: () => withValue('istio-subset-split', 'virtualservice.yaml', ['spec', 'http', 0, 'route', 1], null),
    expected: [
      'virtualservice.yaml spec.http[0].route[1]: must be an object (a mapping of fields), got null; give it a value or remove it',
    ],
  },
  {
    name: 'a null VirtualService destination',
    sources: () =>
      withValue('istio-subset-split', 'virtualservice.yaml', ['spec', 'http', 0, 'route', 1, 'destination'], null),
    expected: [
      'virtualservice.yaml spec.http[0].route[1].destination: required field "destination" is missing; add it under spec.http[0].route[1]',
    ],
  },
  {
    name: 'a null DestinationRule subset',
    sources: () => withValue('istio-subset-split', 'destinationrule.yaml', ['spec', 'subsets', 0], null),
    expected: [
      'destinationrule.yaml spec.subsets[0]: must be an object (a mapping of fields), got null; give it a value or remove it',
    ],
  },
  {
    name: 'a null metric count',
    sources: () => withValue('analysis', 'templates.yaml', ['spec', 'metrics', 0, 'count'], null, 1),
    expected: [
      'rollout.yaml spec.strategy.canary.steps[1].analysis.templates[0].templateName: metric "color-is-known" of AnalysisTemplate "color-check" has an interval but no count, so it never ends; here it must end: add a count, or use it as background analysis',
    ],
  },
  {
    name: 'a null metric',
    sources: () => withValue('analysis', 'templates.yaml', ['spec', 'metrics', 0], null, 1),
    expected: [
      'rollout.yaml spec.strategy.canary.steps[1].analysis.templates[0].templateName: no AnalysisTemplate named "color-check" among the given manifests: add it or fix the name',
      'templates.yaml spec.metrics[0]: must be an object (a mapping of fields), got null; give it a value or remove it',
    ],
  },
  {
    name: 'a null analysis template reference',
    sources: () =>
      withValue('analysis', 'rollout.yaml', ['spec', 'strategy', 'canary', 'analysis', 'templates', 0], null),
    expected: [
      'rollout.yaml spec.strategy.canary.analysis.templates[0]: must be an object (a mapping of fields), got null; give it a value or remove it',
    ],
  },
  {
    name: 'a Deployment without spec',
    sources: () => [{ file: 'd.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n' }],
    expected: ['d.yaml spec: required field "spec" is missing; add it under the document root'],
  },
  { name: 'a null document', sources: () => withValue('analysis', 'rollout.yaml', [], null), expected: [] },
];

for (const row of rows) {
  test(`null where a value is expected: ${row.name}`, () => {
    assert.deepEqual(errorsOf(row.sources()), row.expected);
  });
}

test('fields set to null are left out of the objects read, as the API server prunes them; free-form values keep theirs', () => {
  const text = [
    'apiVersion: argoproj.io/v1alpha1',
    'kind: AnalysisTemplate',
    'metadata: {name: t, creationTimestamp: null, labels: {}}',
    'spec:',
    '  metrics:',
    '  - name: m',
    '    count: null',
    '    provider:',
    '      web: {url: "http://x", jsonBody: {a: null}}',
    '',
  ].join('\n');
  const { objects, issues } = loadManifests([{ file: 't.yaml', text }]);
  assert.deepEqual(issues, []);
  // Loaded objects are typed KubeObject; this one is the template above.
  const template = objects[0]?.object as unknown as {
    metadata: object;
    spec: { metrics: Array<Record<string, unknown>> };
  };
  assert.deepEqual(template.metadata, { name: 't', labels: {} });
  assert.deepEqual(template.spec.metrics[0], {
    name: 'm',
    provider: { web: { url: 'http://x', jsonBody: { a: null } } },
  });
});
