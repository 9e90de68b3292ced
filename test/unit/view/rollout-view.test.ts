// The view model built from the shared scenarios and from small variations of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rolloutView } from '../../../src/view/rollout-view.ts';
import type { RolloutViewInput } from '../../../src/view/inputs.ts';
import {
  canaryAborted,
  canaryCrashLooping,
  canaryHealthy,
  canaryPaused,
  canaryPromoted,
} from './fixtures/canary-scenarios.ts';
import { blueGreenPaused, blueGreenSwitched } from './fixtures/bluegreen-scenarios.ts';
import { ago, replicaSet } from './fixtures/objects.ts';

function replicaSetNamed(input: RolloutViewInput, suffix: string) {
  const view = rolloutView(input);
  const rs = view.revisions
    .flatMap((revision) => revision.replicaSets)
    .find((candidate) => candidate.name.endsWith(suffix));
  assert.ok(rs, `ReplicaSet *${suffix} is in the view`);
  return rs;
}

test('revisions are listed newest first, each with its ReplicaSets and AnalysisRuns', () => {
  const view = rolloutView(canaryHealthy());
  assert.deepEqual(
    view.revisions.map((revision) => revision.revision),
    [2, 1],
  );
  assert.deepEqual(
    view.revisions.map((revision) => revision.analysisRuns.map((run) => run.name)),
    [['colorapi-7d458c8cd8-2'], ['colorapi-59b5ddb84f-1']],
  );
  assert.deepEqual(
    view.revisions[0]?.replicaSets[0]?.pods.map((pod) => pod.name.slice(-5)),
    ['p4kfl', 'lqnsn', '554wc', 'x7vtd', 'z2kq8'],
  );
});

test('canary header: step, set weight and actual weight', () => {
  const table: Array<[string, RolloutViewInput, { step: string; setWeight: number; actualWeight: number }]> = [
    [
      'paused at step 1 (basic canary: share of available pods)',
      canaryPaused(),
      { step: '1/4', setWeight: 20, actualWeight: 20 },
    ],
    [
      'promoted with a mesh (weight reported by the router)',
      canaryPromoted(),
      { step: '2/4', setWeight: 50, actualWeight: 20 },
    ],
    ['aborted', canaryAborted(), { step: '0/4', setWeight: 0, actualWeight: 0 }],
    ['all steps done', canaryHealthy(), { step: '4/4', setWeight: 100, actualWeight: 100 }],
    ['no canary pod available yet', canaryCrashLooping(), { step: '0/4', setWeight: 20, actualWeight: 0 }],
  ];
  for (const [what, input, expected] of table) {
    const view = rolloutView(input);
    assert.deepEqual({ step: view.step, setWeight: view.setWeight, actualWeight: view.actualWeight }, expected, what);
  }
});

test('with a mesh but no weights reported yet, the actual weight is the set weight', () => {
  const input = canaryPromoted();
  delete input.rollout.status?.canary;
  assert.equal(rolloutView(input).actualWeight, 50);
});

test('a blue-green rollout has no step or weights', () => {
  const view = rolloutView(blueGreenPaused());
  assert.equal(view.strategy, 'BlueGreen');
  assert.equal(view.step, undefined);
  assert.equal(view.setWeight, undefined);
});

test('role tags: stable and canary; stable, active and preview', () => {
  assert.deepEqual(replicaSetNamed(canaryPaused(), '59b5ddb84f').tags, ['stable']);
  assert.deepEqual(replicaSetNamed(canaryPaused(), '7d458c8cd8').tags, ['canary']);
  assert.deepEqual(replicaSetNamed(blueGreenPaused(), '6c9f5b8d7d').tags, ['stable', 'active']);
  assert.deepEqual(replicaSetNamed(blueGreenPaused(), '84b6bb4f6c').tags, ['preview']);
  assert.deepEqual(replicaSetNamed(blueGreenSwitched(), '6c9f5b8d7d').tags, []);
});

test('ping-pong tags follow status.canary.stablePingPong', () => {
  const input = canaryPaused();
  const canary = input.rollout.spec.strategy.canary;
  assert.ok(canary && input.rollout.status);
  canary.pingPong = { pingService: 'ping', pongService: 'pong' };
  input.rollout.status.canary = { stablePingPong: 'ping' };
  assert.deepEqual(replicaSetNamed(input, '59b5ddb84f').tags, ['stable', 'ping']);
  assert.deepEqual(replicaSetNamed(input, '7d458c8cd8').tags, ['canary', 'pong']);
});

test('the scale-down delay counts down to the deadline, then reads "passed"', () => {
  const input = blueGreenSwitched();
  assert.equal(replicaSetNamed(input, '6c9f5b8d7d').scaleDownDelay, '29s');
  assert.deepEqual(replicaSetNamed(input, '6c9f5b8d7d').info, ['delay:29s']);
  input.now += 30_000;
  assert.equal(replicaSetNamed(input, '6c9f5b8d7d').scaleDownDelay, 'passed');
  assert.equal(replicaSetNamed(input, '84b6bb4f6c').scaleDownDelay, undefined);
});

test('ReplicaSet health: progressing, failing, scaled down, healthy', () => {
  const input = canaryPaused();
  const [stable, canary] = input.replicaSets;
  assert.ok(stable && canary);
  assert.equal(replicaSetNamed(input, '59b5ddb84f').status.text, 'Healthy');
  stable.metadata.generation = 5;
  assert.equal(replicaSetNamed(input, '59b5ddb84f').status.text, 'Progressing', 'spec change not observed yet');
  canary.status = {
    ...canary.status,
    conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' }],
  };
  assert.deepEqual(replicaSetNamed(input, '7d458c8cd8').status, { text: 'ReplicaFailure', kind: 'failure' });
  assert.deepEqual(replicaSetNamed(canaryAborted(), '7d458c8cd8').status, { text: 'ScaledDown', kind: 'neutral' });
});

test('images carry the roles of the ReplicaSets with pods; a shared image merges its roles', () => {
  assert.deepEqual(rolloutView(blueGreenPaused()).images, [
    { image: 'argoproj/rollouts-demo:blue', tags: ['stable', 'active'], experimentTemplates: [] },
    { image: 'argoproj/rollouts-demo:green', tags: ['preview'], experimentTemplates: [] },
  ]);
  const input = canaryPaused();
  const canaryTemplate = input.replicaSets[1]?.spec.template.spec?.containers[0];
  assert.ok(canaryTemplate);
  canaryTemplate.image = 'particule/simplecolorapi:1.0';
  assert.deepEqual(rolloutView(input).images, [
    { image: 'particule/simplecolorapi:1.0', tags: ['canary', 'stable'], experimentTemplates: [] },
  ]);
  assert.deepEqual(
    rolloutView(canaryAborted()).images.map((image) => image.image),
    ['particule/simplecolorapi:1.0'],
    'a scaled-down ReplicaSet shows no image',
  );
});

test('pods without owner references are matched by their pod-template-hash label', () => {
  const input = canaryPaused();
  for (const pod of input.pods) delete pod.metadata.ownerReferences;
  assert.equal(replicaSetNamed(input, '59b5ddb84f').pods.length, 4);
  assert.equal(replicaSetNamed(input, '7d458c8cd8').pods.length, 1);
});

test('pods of another ReplicaSet are not shown under this one', () => {
  const input = canaryPaused();
  const foreign = input.pods[0];
  assert.ok(foreign);
  foreign.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'other', uid: 'uid-other' }];
  assert.equal(replicaSetNamed(input, '59b5ddb84f').pods.length, 3);
});

test('experiments group their own ReplicaSets and AnalysisRuns under the revision', () => {
  const input = canaryPaused();
  const experiment = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Experiment' as const,
    metadata: {
      name: 'colorapi-7d458c8cd8-2-1',
      namespace: 'default',
      uid: 'uid-exp',
      creationTimestamp: ago(30),
      annotations: { 'rollout.argoproj.io/revision': '2' },
    },
    spec: { templates: [] },
    status: { phase: 'Running' as const },
  };
  const expRS = replicaSet(input.rollout, 'e1e1e1e1e1', {
    revision: 2,
    image: 'particule/simplecolorapi:2.0',
    desired: 1,
    createdSecondsAgo: 29,
  });
  expRS.metadata.ownerReferences = [
    { apiVersion: 'argoproj.io/v1alpha1', kind: 'Experiment', name: experiment.metadata.name, uid: 'uid-exp' },
  ];
  expRS.metadata.annotations = { ...expRS.metadata.annotations, 'experiment.argoproj.io/template-name': 'baseline' };
  input.replicaSets.push(expRS);
  input.experiments = [experiment];
  const view = rolloutView(input);
  const revision = view.revisions.find((entry) => entry.revision === 2);
  assert.deepEqual(
    revision?.replicaSets.map((rs) => rs.name),
    ['colorapi-7d458c8cd8'],
    'the experiment ReplicaSet is not a rollout ReplicaSet',
  );
  assert.deepEqual(
    revision?.experiments.map((entry) => [entry.name, entry.status.kind, entry.replicaSets.map((rs) => rs.name)]),
    [['colorapi-7d458c8cd8-2-1', 'progressing', ['colorapi-e1e1e1e1e1']]],
  );
  assert.deepEqual(view.images.find((image) => image.image.endsWith(':2.0'))?.experimentTemplates, ['baseline']);
});

test('status and message: as written by the controller, or "waiting" while a spec change is unobserved', () => {
  assert.deepEqual(
    [rolloutView(canaryPaused()).status, rolloutView(canaryPaused()).message],
    [{ text: 'Paused', kind: 'paused' }, 'CanaryPauseStep'],
  );
  const input = canaryHealthy();
  input.rollout.metadata.generation = 4;
  const view = rolloutView(input);
  assert.deepEqual(
    [view.status.text, view.status.kind, view.message],
    ['Progressing', 'progressing', 'waiting for rollout spec update to be observed'],
  );
});

test('analysis runs count measurements of all metrics and list the jobs of job metrics', () => {
  const view = rolloutView(blueGreenSwitched());
  const runs = view.revisions[0]?.analysisRuns ?? [];
  assert.deepEqual(
    runs.map((run) => run.name),
    ['demo-84b6bb4f6c-2-pre', 'demo-84b6bb4f6c-2-post'],
    'oldest first within a revision',
  );
  assert.deepEqual(runs[0]?.counts, { successful: 2, failed: 0, inconclusive: 0, error: 0 });
  assert.deepEqual(
    runs[1]?.jobs.map((job) => [job.name, job.status.text, job.age]),
    [['84b6bb4f6c.load-test.1', 'Successful', '30s']],
  );
});
