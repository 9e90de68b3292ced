// The Experiment decision, pass by pass, against the behaviour of Argo's experiment controller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Experiment, ExperimentSpec } from '../../../../src/api/types/experiment.ts';
import {
  decideExperiment,
  type ObservedExperiment,
  type ObservedTemplateReplicaSet,
} from '../../../../src/engine/experiment.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const S = 1000;

function experiment(spec: Partial<ExperimentSpec> = {}, status?: Experiment['status']): Experiment {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Experiment',
    metadata: { name: 'ex', namespace: 'ns', uid: 'uid-ex' },
    spec: {
      templates: [
        {
          name: 'baseline',
          selector: { matchLabels: { app: 'a' } },
          template: {
            metadata: { labels: { app: 'a' } },
            spec: { containers: [{ name: 'c', image: 'img:1', ports: [{ containerPort: 8080, name: 'http' }] }] },
          },
        },
      ],
      ...spec,
    },
    ...(status ? { status } : {}),
  };
}

function rs(name: string, replicas: number, available: number, extra: Partial<ObservedTemplateReplicaSet> = {}) {
  return {
    name,
    replicas,
    currentReplicas: replicas,
    readyReplicas: available,
    availableReplicas: available,
    podTemplateHash: 'h1',
    labels: { app: 'a', 'rollouts-pod-template-hash': 'h1' },
    annotations: {},
    ports: [{ containerPort: 8080, name: 'http' }],
    ...extra,
  };
}

function observed(ex: Experiment, more: Partial<ObservedExperiment> = {}): ObservedExperiment {
  return { experiment: ex, replicaSets: {}, services: {}, analysisRuns: [], ...more };
}

/** Runs the passes a runtime would, feeding each status back. */
function passes(ex: Experiment, steps: Array<{ at: number; more?: Partial<ObservedExperiment> }>) {
  let current = ex;
  const decisions = [];
  for (const step of steps) {
    const decision = decideExperiment(observed(current, step.more), step.at);
    decisions.push(decision);
    current = { ...current, status: decision.status };
  }
  return { decisions, experiment: current };
}

test('the first pass creates each template ReplicaSet with 0 replicas, owned and annotated as Argo does, and sets phase Pending', () => {
  const decision = decideExperiment(observed(experiment()), T0);
  assert.equal(decision.status.phase, 'Pending');
  const create = decision.actions.find((action) => action.type === 'createReplicaSet');
  assert.ok(create && create.type === 'createReplicaSet');
  const meta = create.replicaSet.metadata;
  assert.equal(meta.name, 'ex-baseline');
  assert.equal(create.replicaSet.spec.replicas, 0);
  assert.deepEqual(meta.annotations, {
    'experiment.argoproj.io/name': 'ex',
    'experiment.argoproj.io/template-name': 'baseline',
  });
  assert.deepEqual(meta.ownerReferences?.[0], {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Experiment',
    name: 'ex',
    uid: 'uid-ex',
    controller: true,
    blockOwnerDeletion: true,
  });
  const hash = meta.labels?.['rollouts-pod-template-hash'];
  assert.ok(hash);
  assert.equal(create.replicaSet.spec.selector.matchLabels?.['rollouts-pod-template-hash'], hash);
  assert.equal(create.replicaSet.spec.template.metadata?.labels?.['rollouts-pod-template-hash'], hash);
  assert.equal(decision.status.templateStatuses?.[0]?.status, 'Progressing');
});

const scaleCases: Array<{ name: string; spec: Partial<ExperimentSpec>; want: number }> = [
  { name: 'replicas unset: 1', spec: {}, want: 1 },
  { name: 'replicas 3', spec: { templates: [{ ...experiment().spec.templates[0]!, replicas: 3 }] }, want: 3 },
];
for (const { name, spec, want } of scaleCases) {
  test(`a template ReplicaSet at 0 is scaled to its replicas (${name})`, () => {
    const ex = experiment(spec, { phase: 'Pending' });
    const decision = decideExperiment(observed(ex, { replicaSets: { baseline: rs('ex-baseline', 0, 0) } }), T0);
    assert.deepEqual(
      decision.actions.filter((action) => action.type === 'scaleReplicaSet'),
      [{ type: 'scaleReplicaSet', name: 'ex-baseline', replicas: want }],
    );
    assert.equal(decision.status.phase, 'Pending');
  });
}

test('once every template is available the experiment is Running with availableAt and a Progressing condition', () => {
  const ex = experiment({}, { phase: 'Pending' });
  const decision = decideExperiment(observed(ex, { replicaSets: { baseline: rs('ex-baseline', 1, 1) } }), T0);
  assert.equal(decision.status.phase, 'Running');
  assert.equal(decision.status.availableAt, '2026-01-01T00:00:00Z');
  assert.equal(decision.status.templateStatuses?.[0]?.status, 'Running');
  const progressing = decision.status.conditions?.find((c) => c.type === 'Progressing');
  assert.equal(progressing?.status, 'True');
  assert.equal(progressing?.reason, 'ReplicaSetUpdated');
});

test('a template with service gets a Service named after its ReplicaSet (or service.name), selecting its labels', () => {
  for (const [service, want] of [
    [{}, 'ex-baseline'],
    [{ name: 'preview' }, 'preview'],
  ] as const) {
    const base = experiment().spec.templates[0]!;
    const ex = experiment({ templates: [{ ...base, service }] }, { phase: 'Pending' });
    const decision = decideExperiment(observed(ex, { replicaSets: { baseline: rs('ex-baseline', 1, 0) } }), T0);
    const create = decision.actions.find((action) => action.type === 'createService');
    assert.ok(create && create.type === 'createService');
    assert.equal(create.service.metadata.name, want);
    assert.deepEqual(create.service.spec.selector, { app: 'a', 'rollouts-pod-template-hash': 'h1' });
    assert.deepEqual(create.service.spec.ports, [{ name: 'http', protocol: 'TCP', port: 8080, targetPort: 8080 }]);
    assert.equal(decision.status.templateStatuses?.[0]?.serviceName, want);
    assert.equal(decision.status.templateStatuses?.[0]?.podTemplateHash, 'h1');
  }
});

const analyses: ExperimentSpec['analyses'] = [
  {
    name: 'check',
    templateName: 'tmpl',
    args: [{ name: 'hash', value: '{{templates.baseline.podTemplateHash}}' }],
  },
];

test('analyses start only once the experiment is available, as <experiment>-<analysis> with experiment args resolved', () => {
  const before = decideExperiment(
    observed(experiment({ analyses }, { phase: 'Pending' }), { replicaSets: { baseline: rs('ex-baseline', 1, 0) } }),
    T0,
  );
  assert.equal(
    before.actions.some((action) => action.type === 'createAnalysisRun'),
    false,
  );
  const ex = experiment(
    { analyses, dryRun: [{ metricName: 'm' }] },
    { phase: 'Running', availableAt: '2026-01-01T00:00:00Z' },
  );
  const decision = decideExperiment(observed(ex, { replicaSets: { baseline: rs('ex-baseline', 1, 1) } }), T0 + S);
  const create = decision.actions.find((action) => action.type === 'createAnalysisRun');
  assert.ok(create && create.type === 'createAnalysisRun');
  assert.equal(create.name, 'ex-check');
  assert.deepEqual(create.analysis.args, [{ name: 'hash', value: 'h1' }]);
  assert.deepEqual(create.dryRun, [{ metricName: 'm' }]);
  assert.equal(create.ownerReferences[0]?.kind, 'Experiment');
  assert.deepEqual(decision.status.analysisRuns, [{ name: 'check', analysisRun: 'ex-check', phase: 'Pending' }]);
});

test('an arg with a tag the experiment cannot resolve puts the analysis in Error, and the experiment with it', () => {
  const bad = [
    { name: 'check', templateName: 'tmpl', args: [{ name: 'x', value: '{{templates.nope.podTemplateHash}}' }] },
  ];
  const ex = experiment({ analyses: bad }, { phase: 'Running', availableAt: '2026-01-01T00:00:00Z' });
  const decision = decideExperiment(observed(ex, { replicaSets: { baseline: rs('ex-baseline', 1, 1) } }), T0 + S);
  assert.equal(decision.status.analysisRuns?.[0]?.phase, 'Error');
  assert.match(
    decision.status.analysisRuns?.[0]?.message ?? '',
    /failed to resolve \{\{templates.nope.podTemplateHash\}\}/,
  );
  assert.equal(decision.status.phase, 'Error');
});

const runOutcomes: Array<{ phase: 'Failed' | 'Error' | 'Inconclusive' | 'Running'; want: string }> = [
  { phase: 'Failed', want: 'Failed' },
  { phase: 'Error', want: 'Error' },
  { phase: 'Inconclusive', want: 'Inconclusive' },
  { phase: 'Running', want: 'Running' },
];
for (const { phase, want } of runOutcomes) {
  test(`a run ${phase} while the templates run makes the experiment ${want}`, () => {
    const ex = experiment(
      { analyses },
      {
        phase: 'Running',
        availableAt: '2026-01-01T00:00:00Z',
        analysisRuns: [{ name: 'check', analysisRun: 'ex-check', phase: 'Running' }],
      },
    );
    const decision = decideExperiment(
      observed(ex, {
        replicaSets: { baseline: rs('ex-baseline', 1, 1) },
        analysisRuns: [{ name: 'ex-check', phase, message: 'metric failed' }],
      }),
      T0 + S,
    );
    assert.equal(decision.status.phase, want);
  });
}

test('a failed run ends the experiment: templates scale down after scaleDownDelaySeconds', () => {
  const ex = experiment(
    { analyses, scaleDownDelaySeconds: 10 },
    {
      phase: 'Failed',
      availableAt: '2026-01-01T00:00:00Z',
      templateStatuses: [
        {
          name: 'baseline',
          replicas: 1,
          updatedReplicas: 1,
          readyReplicas: 1,
          availableReplicas: 1,
          status: 'Running',
        },
      ],
      analysisRuns: [{ name: 'check', analysisRun: 'ex-check', phase: 'Failed' }],
    },
  );
  const first = decideExperiment(observed(ex, { replicaSets: { baseline: rs('ex-baseline', 1, 1) } }), T0 + 5 * S);
  assert.deepEqual(first.actions, [
    { type: 'annotateReplicaSet', name: 'ex-baseline', annotations: { 'scale-down-deadline': '2026-01-01T00:00:15Z' } },
  ]);
  assert.equal(first.requeueAfterMs, 10 * S);
  assert.equal(
    first.status.templateStatuses?.[0]?.status,
    'Successful',
    'a terminating template with its replicas is Successful',
  );
  const later = decideExperiment(
    observed(ex, {
      replicaSets: {
        baseline: rs('ex-baseline', 1, 1, { annotations: { 'scale-down-deadline': '2026-01-01T00:00:15Z' } }),
      },
    }),
    T0 + 16 * S,
  );
  assert.deepEqual(
    later.actions.filter((action) => action.type === 'scaleReplicaSet'),
    [{ type: 'scaleReplicaSet', name: 'ex-baseline', replicas: 0 }],
  );
  assert.equal(later.status.phase, 'Failed', 'a completed experiment keeps its phase');
});

test('with a duration the experiment runs until it passes, then is Successful and its running analysis is terminated', () => {
  const spec = { duration: '30s', analyses, scaleDownDelaySeconds: 0 };
  const replicaSets = { baseline: rs('ex-baseline', 1, 1) };
  const run = { name: 'ex-check', phase: 'Running' as const };
  const { decisions, experiment: after } = passes(experiment(spec), [
    { at: T0, more: { replicaSets: {} } },
    { at: T0 + S, more: { replicaSets } },
    { at: T0 + 2 * S, more: { replicaSets } },
    { at: T0 + 3 * S, more: { replicaSets, analysisRuns: [run] } },
    { at: T0 + 32 * S, more: { replicaSets, analysisRuns: [run] } },
    { at: T0 + 33 * S, more: { replicaSets, analysisRuns: [run] } },
  ]);
  assert.deepEqual(
    decisions.map((d) => d.status.phase),
    ['Pending', 'Running', 'Running', 'Running', 'Successful', 'Successful'],
  );
  assert.equal(decisions[1]?.status.availableAt, '2026-01-01T00:00:01Z');
  assert.equal(decisions[3]?.requeueAfterMs, 28 * S, 'looks again when the duration ends');
  assert.deepEqual(decisions[5]?.actions, [
    { type: 'scaleReplicaSet', name: 'ex-baseline', replicas: 0 },
    { type: 'terminateAnalysisRun', name: 'ex-check' },
  ]);
  assert.equal(after.status?.conditions?.find((c) => c.type === 'Progressing')?.reason, 'ExperimentCompleted');
});

test('a template short of available replicas past progressDeadlineSeconds fails the experiment', () => {
  const ex = experiment(
    { progressDeadlineSeconds: 30 },
    {
      phase: 'Pending',
      templateStatuses: [
        {
          name: 'baseline',
          replicas: 1,
          updatedReplicas: 1,
          readyReplicas: 0,
          availableReplicas: 0,
          status: 'Progressing',
          lastTransitionTime: '2026-01-01T00:00:00Z',
        },
      ],
    },
  );
  const within = decideExperiment(observed(ex, { replicaSets: { baseline: rs('ex-baseline', 1, 0) } }), T0 + 20 * S);
  assert.equal(within.status.phase, 'Pending');
  assert.equal(within.requeueAfterMs, 10 * S);
  const past = decideExperiment(observed(ex, { replicaSets: { baseline: rs('ex-baseline', 1, 0) } }), T0 + 31 * S);
  assert.equal(past.status.phase, 'Failed');
  assert.equal(past.status.message, "Template 'baseline' exceeded its progressDeadlineSeconds (30)");
  assert.ok(past.events.some((e) => e.reason === 'TemplateFailed' && e.type === 'Warning'));
});

test('terminate: the running analysis is terminated, templates end Successful and so does the experiment', () => {
  const ex = experiment(
    { analyses, terminate: true },
    {
      phase: 'Running',
      availableAt: '2026-01-01T00:00:00Z',
      analysisRuns: [{ name: 'check', analysisRun: 'ex-check', phase: 'Running' }],
    },
  );
  const decision = decideExperiment(
    observed(ex, {
      replicaSets: { baseline: rs('ex-baseline', 1, 1) },
      analysisRuns: [{ name: 'ex-check', phase: 'Running' }],
    }),
    T0 + S,
  );
  assert.ok(decision.actions.some((a) => a.type === 'terminateAnalysisRun' && a.name === 'ex-check'));
  assert.equal(decision.status.templateStatuses?.[0]?.status, 'Successful');
  assert.equal(decision.status.phase, 'Successful');
});

test('requiredForCompletion: the experiment succeeds when the required runs succeed, without a duration', () => {
  const required = [{ ...analyses[0]!, requiredForCompletion: true }];
  const ex = experiment(
    { analyses: required },
    {
      phase: 'Running',
      availableAt: '2026-01-01T00:00:00Z',
      analysisRuns: [{ name: 'check', analysisRun: 'ex-check', phase: 'Running' }],
    },
  );
  const decision = decideExperiment(
    observed(ex, {
      replicaSets: { baseline: rs('ex-baseline', 1, 1) },
      analysisRuns: [{ name: 'ex-check', phase: 'Successful' }],
    }),
    T0 + S,
  );
  assert.equal(decision.status.phase, 'Successful');
  assert.equal(decision.status.message, 'Required AnalysisRuns completed');
});

test('a missing AnalysisTemplate is an Error before the experiment is available', () => {
  const ex = experiment({ analyses }, { phase: 'Pending' });
  const decision = decideExperiment(
    observed(ex, {
      replicaSets: { baseline: rs('ex-baseline', 1, 0) },
      missingTemplates: { check: 'AnalysisTemplate "tmpl" not found' },
    }),
    T0,
  );
  assert.deepEqual(decision.status.analysisRuns?.[0], {
    name: 'check',
    analysisRun: '',
    phase: 'Error',
    message: `AnalysisTemplate verification failed for analysis 'check': AnalysisTemplate "tmpl" not found`,
  });
  assert.equal(decision.status.phase, 'Error');
});

const invalid: Array<{ name: string; spec: Partial<ExperimentSpec>; message: RegExp }> = [
  {
    name: 'repeated template name',
    spec: { templates: [experiment().spec.templates[0]!, experiment().spec.templates[0]!] },
    message: /repeated template name 'baseline'/,
  },
  {
    name: 'empty selector',
    spec: { templates: [{ ...experiment().spec.templates[0]!, selector: {} }] },
    message: /selecting all pods at index 0/,
  },
  {
    name: 'minReadySeconds over the deadline',
    spec: { progressDeadlineSeconds: 5, templates: [{ ...experiment().spec.templates[0]!, minReadySeconds: 10 }] },
    message: /MinReadySeconds cannot be longer than ProgressDeadlineSeconds/,
  },
];
for (const { name, spec, message } of invalid) {
  test(`an invalid spec (${name}) gets an InvalidSpec condition and nothing is created`, () => {
    const decision = decideExperiment(observed(experiment(spec)), T0);
    assert.deepEqual(decision.actions, []);
    const condition = decision.status.conditions?.find((c) => c.type === 'InvalidSpec');
    assert.match(condition?.message ?? '', message);
  });
}

test("a change of phase is Argo's Experiment<Phase> event, a Warning when it went wrong", () => {
  const first = decideExperiment(observed(experiment()), T0);
  assert.deepEqual(
    first.events.filter((e) => e.reason.startsWith('Experiment')),
    [{ type: 'Normal', reason: 'ExperimentPending', message: 'Experiment transitioned from  -> Pending' }],
  );
  const same = decideExperiment(observed({ ...experiment(), status: first.status }), T0 + S);
  assert.equal(
    same.events.some((e) => e.reason.startsWith('Experiment')),
    false,
  );
  const ex = experiment(
    { analyses },
    {
      phase: 'Running',
      availableAt: '2026-01-01T00:00:00Z',
      analysisRuns: [{ name: 'check', analysisRun: 'ex-check', phase: 'Running' }],
    },
  );
  const failed = decideExperiment(
    observed(ex, {
      replicaSets: { baseline: rs('ex-baseline', 1, 1) },
      analysisRuns: [{ name: 'ex-check', phase: 'Failed' }],
    }),
    T0 + S,
  );
  assert.deepEqual(
    failed.events.find((e) => e.reason === 'ExperimentFailed'),
    { type: 'Warning', reason: 'ExperimentFailed', message: 'Experiment transitioned from Running -> Failed' },
  );
});

test("a run's change of phase is an event of the experiment and, when a Rollout owns it, a Warning of that Rollout", () => {
  const status = {
    phase: 'Running' as const,
    availableAt: '2026-01-01T00:00:00Z',
    analysisRuns: [{ name: 'check', analysisRun: 'ex-check', phase: 'Running' as const }],
  };
  const more = {
    replicaSets: { baseline: rs('ex-baseline', 1, 1) },
    analysisRuns: [{ name: 'ex-check', phase: 'Successful' as const }],
  };
  const message = "AnalysisRun 'check' transitioned from Running -> Successful";
  const standalone = decideExperiment(observed(experiment({ analyses }, status), more), T0 + S);
  assert.deepEqual(
    standalone.events.filter((e) => e.reason === 'AnalysisRunSuccessful'),
    [{ type: 'Normal', reason: 'AnalysisRunSuccessful', message }],
  );
  const owned = experiment({ analyses }, status);
  owned.metadata.ownerReferences = [
    { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web', uid: 'uid-web', controller: true },
  ];
  const step = decideExperiment(observed(owned, more), T0 + S);
  assert.deepEqual(
    step.events.filter((e) => e.reason === 'AnalysisRunSuccessful'),
    [
      { type: 'Normal', reason: 'AnalysisRunSuccessful', message },
      { type: 'Warning', reason: 'AnalysisRunSuccessful', message, rollout: { name: 'web', uid: 'uid-web' } },
    ],
  );
});

test("a ReplicaSet the API refused to create puts its template in Error with Argo's Event, and the experiment fails", () => {
  const refused = 'ReplicaSet.apps "ex-baseline" is invalid: metadata.name: Invalid value';
  const decision = decideExperiment(observed(experiment(), { failedCreates: { baseline: refused } }), T0);
  assert.deepEqual(
    decision.actions.filter((action) => action.type === 'createReplicaSet'),
    [],
  );
  const template = decision.status.templateStatuses?.find((one) => one.name === 'baseline');
  assert.deepEqual(
    [template?.status, template?.message],
    ['Error', `Failed to create ReplicaSet for template 'baseline': ${refused}`],
  );
  assert.deepEqual(
    decision.events.slice(0, 2).map((event) => [event.type, event.reason, event.message]),
    [
      ['Normal', 'ReplicaSetCreateError', `Failed to create new replica set "ex-baseline": ${refused}`],
      [
        'Warning',
        'TemplateError',
        `Template 'baseline' transitioned from  -> Error: Failed to create ReplicaSet for template 'baseline': ${refused}`,
      ],
    ],
  );
  // As Argo's calculateStatus: the first pass only leaves the empty phase for Pending; the next fails.
  const { experiment: after } = passes(experiment(), [
    { at: T0, more: { failedCreates: { baseline: refused } } },
    { at: T0 + S, more: { failedCreates: { baseline: refused } } },
  ]);
  assert.deepEqual([decision.status.phase, after.status?.phase], ['Pending', 'Error']);
  assert.equal(after.status?.message, `Failed to create ReplicaSet for template 'baseline': ${refused}`);
});

test('a template whose ReplicaSet was created records no NewReplicaSetCreated: Argo creates it at 0 replicas, and sends that event only above 0', () => {
  const decision = decideExperiment(observed(experiment()), T0);
  assert.ok(decision.actions.some((action) => action.type === 'createReplicaSet'));
  assert.deepEqual(
    decision.events.filter((event) => event.reason === 'NewReplicaSetCreated'),
    [],
  );
});
