import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAnalysisRunSpec, BuildRunError, type BuildRunInput } from '../../../src/analysis/build-run.ts';
import type {
  AnalysisTemplate,
  AnalysisTemplateSpec,
  ClusterAnalysisTemplate,
} from '../../../src/api/types/analysis.ts';
import { metric } from './fixtures.ts';

function template(name: string, spec: AnalysisTemplateSpec): AnalysisTemplate {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisTemplate', metadata: { name }, spec };
}
function clusterTemplate(name: string, spec: AnalysisTemplateSpec): ClusterAnalysisTemplate {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'ClusterAnalysisTemplate', metadata: { name }, spec };
}

const library = new Map<string, AnalysisTemplate | ClusterAnalysisTemplate>([
  [
    'ns/success-rate',
    template('success-rate', {
      args: [{ name: 'service-name' }, { name: 'port', value: '9090' }],
      metrics: [metric({ name: 'success-rate' })],
    }),
  ],
  [
    'ns/error-rate',
    template('error-rate', {
      args: [{ name: 'service-name' }],
      metrics: [metric({ name: 'error-rate' })],
      dryRun: [{ metricName: 'error-rate' }],
    }),
  ],
  [
    'cluster/latency',
    clusterTemplate('latency', {
      metrics: [metric({ name: 'latency' })],
      measurementRetention: [{ metricName: 'latency', limit: 20 }],
    }),
  ],
  [
    'ns/composite',
    template('composite', {
      templates: [{ templateName: 'success-rate' }, { templateName: 'latency', clusterScope: true }],
      metrics: [metric({ name: 'smoke' })],
    }),
  ],
  ['ns/diamond', template('diamond', { templates: [{ templateName: 'composite' }, { templateName: 'success-rate' }] })],
  ['ns/loop-a', template('loop-a', { templates: [{ templateName: 'loop-b' }], metrics: [metric({ name: 'a' })] })],
  ['ns/loop-b', template('loop-b', { templates: [{ templateName: 'loop-a' }], metrics: [metric({ name: 'b' })] })],
  ['ns/same-metric', template('same-metric', { metrics: [metric({ name: 'success-rate' })] })],
  [
    'ns/other-port',
    template('other-port', { args: [{ name: 'port', value: '8080' }], metrics: [metric({ name: 'other' })] }),
  ],
  [
    'ns/secret',
    template('secret', {
      args: [{ name: 'token', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
      metrics: [metric({ name: 'web' })],
    }),
  ],
  [
    'ns/env',
    template('env', {
      args: [{ name: 'env', valueFrom: { fieldRef: { fieldPath: "metadata.labels['env']" } } }],
      metrics: [metric({ name: 'env-metric' })],
    }),
  ],
]);

function build(overrides: Partial<BuildRunInput>) {
  return buildAnalysisRunSpec({
    templates: [],
    args: [{ name: 'service-name', value: 'guestbook-svc' }],
    lookup: (name, clusterScope) => library.get(`${clusterScope ? 'cluster' : 'ns'}/${name}`),
    ...overrides,
  });
}

test('one template: metrics and args with the rollout values merged in', () => {
  const spec = build({
    templates: [{ templateName: 'success-rate' }],
    args: [
      { name: 'service-name', value: 'svc' },
      { name: 'port', value: '80' },
      { name: 'undeclared', value: 'x' },
    ],
  });
  assert.deepEqual(
    spec.metrics.map((m) => m.name),
    ['success-rate'],
  );
  assert.deepEqual(spec.args, [
    { name: 'service-name', value: 'svc' },
    { name: 'port', value: '80' },
  ]);
  assert.equal(spec.dryRun, undefined);
});

test('template defaults stay when the rollout gives no value', () => {
  assert.deepEqual(build({ templates: [{ templateName: 'success-rate' }] }).args, [
    { name: 'service-name', value: 'guestbook-svc' },
    { name: 'port', value: '9090' },
  ]);
});

test('several templates: metrics of namespaced templates first, then cluster ones; dryRun and retention merged', () => {
  const spec = build({
    templates: [
      { templateName: 'latency', clusterScope: true },
      { templateName: 'success-rate' },
      { templateName: 'error-rate' },
    ],
    dryRun: [{ metricName: 'latency' }],
  });
  assert.deepEqual(
    spec.metrics.map((m) => m.name),
    ['success-rate', 'error-rate', 'latency'],
  );
  assert.deepEqual(spec.dryRun, [{ metricName: 'latency' }, { metricName: 'error-rate' }]);
  assert.deepEqual(spec.measurementRetention, [{ metricName: 'latency', limit: 20 }]);
});

test('nested templates are followed, each template once', () => {
  assert.deepEqual(
    build({ templates: [{ templateName: 'composite' }] }).metrics.map((m) => m.name),
    ['smoke', 'success-rate', 'latency'],
  );
  assert.deepEqual(
    build({ templates: [{ templateName: 'diamond' }] }).metrics.map((m) => m.name),
    ['smoke', 'success-rate', 'latency'],
  );
});

const errors: Array<[string, Partial<BuildRunInput>, RegExp]> = [
  ['no templates', { templates: [] }, /no templates/],
  [
    'missing template',
    { templates: [{ templateName: 'nope' }] },
    /AnalysisTemplate "nope" not found; create it in the rollout's namespace/,
  ],
  [
    'missing cluster template',
    { templates: [{ templateName: 'success-rate', clusterScope: true }] },
    /ClusterAnalysisTemplate "success-rate" not found/,
  ],
  [
    'cycle',
    { templates: [{ templateName: 'loop-a' }] },
    /cycle: AnalysisTemplate "loop-a" -> AnalysisTemplate "loop-b" -> AnalysisTemplate "loop-a"/,
  ],
  [
    'duplicate metric',
    { templates: [{ templateName: 'success-rate' }, { templateName: 'same-metric' }] },
    /two metrics have the same name "success-rate"/,
  ],
  [
    'different defaults',
    { templates: [{ templateName: 'success-rate' }, { templateName: 'other-port' }] },
    /argument "port" has different default values/,
  ],
  [
    'unresolved arg',
    { templates: [{ templateName: 'success-rate' }], args: [] },
    /args\.service-name was not resolved/,
  ],
  [
    'duplicate dryRun rules',
    { templates: [{ templateName: 'error-rate' }], dryRun: [{ metricName: 'error-rate' }] },
    /two Dry-Run metric rules have the same name "error-rate"/,
  ],
];
for (const [name, input, message] of errors) {
  test(`buildAnalysisRunSpec rejects: ${name}`, () => {
    assert.throws(
      () => build(input),
      (error: Error) => error instanceof BuildRunError && message.test(error.message),
    );
  });
}

test('secret args stay references; fieldRef args of templates are resolved when asked', () => {
  assert.deepEqual(build({ templates: [{ templateName: 'secret' }] }).args, [
    { name: 'token', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
  ]);
  const spec = build({
    templates: [{ templateName: 'env' }],
    resolveFieldRef: (path) => (path === "metadata.labels['env']" ? 'dev' : '?'),
  });
  assert.deepEqual(spec.args, [{ name: 'env', value: 'dev' }]);
});
