// AnalysisRuns both strategies create: arguments (podTemplateHashValue, fieldRef), labels and
// annotations, AnalysisRun<Phase> events, background analysis while spec.paused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Action } from '../../../../src/engine/types.ts';
import { resolveAnalysisArgs } from '../../../../src/engine/core/analysis-args.ts';
import { SimulatedCluster, canaryRollout } from '../harness/index.ts';
import { blueGreenRollout } from '../bluegreen/sim.ts';

function rolloutWithMetadata() {
  const rollout = canaryRollout({ name: 'web', replicas: 1 });
  rollout.metadata.labels = { team: 'payments', 'argo-rollouts.argoproj.io/controller-instance-id': 'east' };
  rollout.metadata.annotations = { 'example.com/owner': 'ops' };
  return rollout;
}

const fieldRefs: Array<[string, string]> = [
  ['metadata.name', 'web'],
  ['metadata.namespace', 'default'],
  ["metadata.labels['team']", 'payments'],
  ["metadata.annotations['example.com/owner']", 'ops'],
  ["metadata.labels['absent']", ''],
  ['spec.template.spec.containers[0].image', 'app:1'],
  ['spec.replicas', '1'],
];

for (const [path, value] of fieldRefs) {
  test(`fieldRef ${path} resolves to '${value}'`, () => {
    const resolved = resolveAnalysisArgs(
      { args: [{ name: 'a', valueFrom: { fieldRef: { fieldPath: path } } }] },
      { rollout: rolloutWithMetadata(), stableHash: 's', latestHash: 'l' },
      'spec.strategy.canary.analysis',
    );
    assert.deepEqual(resolved.problems, []);
    assert.deepEqual(resolved.analysis.args, [{ name: 'a', value }]);
  });
}

for (const path of [
  'metadata.generation',
  'spec.template.spec.containers[3].image',
  'spec.selector',
  'status.nothing',
]) {
  test(`fieldRef ${path} cannot be resolved: a problem naming the argument`, () => {
    const resolved = resolveAnalysisArgs(
      {
        args: [
          { name: 'x', value: '1' },
          { name: 'bad', valueFrom: { fieldRef: { fieldPath: path } } },
        ],
      },
      { rollout: rolloutWithMetadata(), stableHash: 's', latestHash: 'l' },
      'spec.strategy.canary.analysis',
    );
    assert.equal(resolved.problems.length, 1);
    assert.match(
      resolved.problems[0] ?? '',
      /^spec\.strategy\.canary\.analysis\.args\[1\] \(bad\): fieldRef\.fieldPath/,
    );
  });
}

function createdRuns(cluster: SimulatedCluster): Array<Action & { type: 'createAnalysisRun' }> {
  return cluster.decisions.flatMap((d) => d.actions.flatMap((a) => (a.type === 'createAnalysisRun' ? [a] : [])));
}

test('a step run: arguments resolved, labels and annotations as Argo writes them', () => {
  const rollout = rolloutWithMetadata();
  rollout.spec.strategy.canary = {
    steps: [
      {
        analysis: {
          templates: [{ templateName: 'smoke' }],
          args: [
            { name: 'rollout', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'canary-hash', valueFrom: { podTemplateHashValue: 'Latest' } },
          ],
          analysisRunMetadata: { labels: { tier: 'web' }, annotations: { note: 'n' } },
        },
      },
    ],
  };
  const cluster = new SimulatedCluster(rollout);
  cluster.advance(5_000);
  cluster.setImage('app:2');
  cluster.advance(5_000);
  const [run] = createdRuns(cluster);
  assert.ok(run);
  const hash = cluster.status.currentPodHash ?? '';
  assert.equal(run.name, `web-${hash}-2-0`);
  assert.deepEqual(run.analysis.args, [
    { name: 'rollout', value: 'web' },
    { name: 'canary-hash', value: hash },
  ]);
  assert.deepEqual(run.labels, {
    'rollouts-pod-template-hash': hash,
    'rollout-type': 'Step',
    'step-index': '0',
    'argo-rollouts.argoproj.io/controller-instance-id': 'east',
    tier: 'web',
    app: 'web',
  });
  assert.deepEqual(run.annotations, { 'rollout.argoproj.io/revision': '2', note: 'n' });
});

test('an argument that cannot be resolved: no run, an InvalidSpec condition that says which', () => {
  const rollout = canaryRollout({
    replicas: 1,
    steps: [
      {
        analysis: {
          templates: [{ templateName: 'smoke' }],
          args: [{ name: 'g', valueFrom: { fieldRef: { fieldPath: 'metadata.generation' } } }],
        },
      },
    ],
  });
  const cluster = new SimulatedCluster(rollout);
  cluster.advance(5_000);
  cluster.setImage('app:2');
  cluster.advance(5_000);
  assert.equal(createdRuns(cluster).length, 0);
  const invalid = cluster.status.conditions?.find((c) => c.type === 'InvalidSpec');
  assert.match(
    invalid?.message ?? '',
    /spec\.strategy\.canary\.steps\[0\]\.analysis\.args\[0\] \(g\): fieldRef\.fieldPath 'metadata\.generation' is not supported/,
  );
  assert.equal(cluster.status.phase, 'Degraded');
  cluster.updateSpec((spec) => {
    const step = spec.strategy.canary?.steps?.[0];
    if (step?.analysis) step.analysis.args = [{ name: 'g', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }];
  });
  cluster.advance(5_000);
  assert.equal(createdRuns(cluster).length, 1, 'fixed: the run is created');
  assert.equal(
    cluster.status.conditions?.find((c) => c.type === 'InvalidSpec'),
    undefined,
  );
});

test('AnalysisRun<Phase> events follow the current run of each kind', () => {
  const cluster = new SimulatedCluster(
    canaryRollout({ replicas: 1, steps: [{ analysis: { templates: [{ templateName: 'smoke' }] } }] }),
  );
  cluster.advance(5_000);
  cluster.setImage('app:2');
  cluster.advance(5_000);
  const name = cluster.status.canary?.currentStepAnalysisRunStatus?.name ?? '';
  const running = cluster.events.filter((e) => e.reason === 'AnalysisRunRunning');
  assert.deepEqual(running, [
    {
      type: 'Normal',
      reason: 'AnalysisRunRunning',
      message: `Step Analysis Run '${name}' Status New: 'Running' Previous: 'Pending'`,
    },
  ]);
  cluster.setAnalysisPhase(name, 'Failed');
  cluster.advance(2_000);
  const failed = cluster.events.filter((e) => e.reason === 'AnalysisRunFailed');
  assert.deepEqual(failed, [
    {
      type: 'Warning',
      reason: 'AnalysisRunFailed',
      message: `Step Analysis Run '${name}' Status New: 'Failed' Previous: 'Running'`,
    },
  ]);
});

test('blue-green promotion runs report their phase changes too', () => {
  const cluster = new SimulatedCluster(
    blueGreenRollout({ prePromotionAnalysis: { templates: [{ templateName: 'smoke' }] } }),
  );
  cluster.advance(5_000);
  cluster.setImage('myapp:green');
  cluster.advance(5_000);
  const name = [...cluster.analysisRuns.keys()].find((n) => n.endsWith('-pre')) ?? '';
  cluster.setAnalysisPhase(name, 'Successful');
  cluster.advance(2_000);
  const reasons = cluster.events
    .filter((e) => e.reason.startsWith('AnalysisRun'))
    .map((e) => `${e.reason}: ${e.message}`);
  assert.ok(
    reasons.includes(
      `AnalysisRunSuccessful: PrePromotion Analysis Run '${name}' Status New: 'Successful' Previous: 'Running'`,
    ),
    reasons.join('\n'),
  );
});

test('background analysis keeps running under spec.paused, and its failure still aborts', () => {
  const rollout = canaryRollout({
    replicas: 2,
    steps: [{ setWeight: 50 }, { pause: { duration: 3600 } }],
    canary: { analysis: { templates: [{ templateName: 'kpi' }] } },
  });
  const cluster = new SimulatedCluster(rollout);
  cluster.advance(5_000);
  cluster.setImage('app:2');
  cluster.advance(5_000);
  const name = cluster.status.canary?.currentBackgroundAnalysisRunStatus?.name ?? '';
  assert.ok(name);
  cluster.updateSpec((spec) => {
    spec.paused = true;
  });
  cluster.advance(5_000);
  assert.equal(cluster.status.phase, 'Paused');
  assert.equal(cluster.analysisRuns.get(name)?.terminating, undefined, 'not stopped by the pause');
  cluster.setAnalysisPhase(name, 'Failed', 'error rate too high');
  cluster.advance(2_000);
  assert.equal(cluster.status.abort, true);
  assert.equal(cluster.status.phase, 'Degraded');
});
