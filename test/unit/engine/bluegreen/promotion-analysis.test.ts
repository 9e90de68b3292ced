import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  reconcilePromotionAnalysis,
  type PromotionAnalysisInput,
} from '../../../../src/engine/bluegreen/promotion-analysis.ts';
import { rs, run, T0 } from './fixtures.ts';
import { BlueGreenSim, blueGreenRollout } from './sim.ts';

const base: PromotionAnalysisInput = {
  kind: 'PrePromotion',
  analysis: {
    templates: [{ templateName: 'smoke' }],
    args: [
      { name: 'stable', valueFrom: { podTemplateHashValue: 'Stable' } },
      { name: 'latest', valueFrom: { podTemplateHashValue: 'Latest' } },
      { name: 'ns', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    ],
    analysisRunMetadata: { labels: { team: 'a' } },
  },
  skip: false,
  current: undefined,
  allRuns: [],
  inconclusivePause: false,
  controllerPause: false,
  blueGreenPause: false,
  abortedAtSet: false,
  rollout: blueGreenRollout({}),
  newRS: rs('green', { revision: 2 }),
  stableHash: 'blue',
  now: T0,
};

test('no current run: creates one named <rollout>-<hash>-<revision>-pre with resolved hash args and labels', () => {
  const outcome = reconcilePromotionAnalysis(base);
  assert.equal(outcome.run?.name, 'myapp-green-2-pre');
  const action = outcome.actions[0];
  assert.ok(action?.type === 'createAnalysisRun');
  assert.equal(action.kind, 'PrePromotion');
  assert.deepEqual(action.analysis.args, [
    { name: 'stable', value: 'blue' },
    { name: 'latest', value: 'green' },
    { name: 'ns', value: 'default' },
  ]);
  assert.deepEqual(action.annotations, { 'rollout.argoproj.io/revision': '2' });
  assert.deepEqual(action.labels, {
    'rollout-type': 'PrePromotion',
    'rollouts-pod-template-hash': 'green',
    team: 'a',
    app: 'myapp',
  });
});

test('post-promotion runs end in -post; a taken name gets a collision suffix', () => {
  const taken = [
    run('myapp-green-2-post', { kind: 'PostPromotion', phase: 'Failed' }),
    run('myapp-green-2-post.1', { kind: 'PostPromotion', terminating: true }),
  ];
  const outcome = reconcilePromotionAnalysis({ ...base, kind: 'PostPromotion', allRuns: taken });
  assert.equal(outcome.run?.name, 'myapp-green-2-post.2');
});

test('a run made for this revision that the status does not name (its status write was lost) is taken back, not made again', () => {
  const lost = [run('myapp-green-2-pre', { phase: 'Running' })];
  const outcome = reconcilePromotionAnalysis({ ...base, allRuns: lost });
  assert.equal(outcome.run?.name, 'myapp-green-2-pre');
  assert.deepEqual(outcome.actions, []);
  const otherRevision = reconcilePromotionAnalysis({
    ...base,
    allRuns: [run('myapp-blue-1-pre', { podTemplateHash: 'blue' })],
  });
  assert.equal(otherRevision.run?.name, 'myapp-green-2-pre');
  assert.equal(otherRevision.actions[0]?.type, 'createAnalysisRun');
});

const effects: Array<[string, string, ReturnType<typeof reconcilePromotionAnalysis>['effect']]> = [
  ['Failed aborts with the run message', 'Failed', { kind: 'abort', message: 'boom' }],
  ['Error aborts', 'Error', { kind: 'abort', message: 'boom' }],
  ['Inconclusive pauses', 'Inconclusive', { kind: 'pause' }],
  ['Successful changes nothing', 'Successful', undefined],
  ['Running changes nothing', 'Running', undefined],
];

for (const [name, phase, effect] of effects) {
  test(`current run ${name}`, () => {
    const current = run('myapp-green-2-pre', { phase: phase as 'Failed', message: 'boom' });
    const outcome = reconcilePromotionAnalysis({ ...base, current, allRuns: [current] });
    assert.deepEqual(outcome.effect, effect);
    assert.deepEqual(outcome.actions, []);
  });
}

test('skip stops a running run and keeps it as current', () => {
  const current = run('myapp-green-2-pre');
  const outcome = reconcilePromotionAnalysis({ ...base, skip: true, current });
  assert.deepEqual(outcome.actions, [{ type: 'terminateAnalysisRun', name: 'myapp-green-2-pre' }]);
  assert.equal(outcome.run?.name, 'myapp-green-2-pre');
});

test('no analysis configured: stops the current run, no status', () => {
  const current = run('myapp-green-2-pre');
  const outcome = reconcilePromotionAnalysis({ ...base, analysis: undefined, current });
  assert.deepEqual(outcome.actions, [{ type: 'terminateAnalysisRun', name: 'myapp-green-2-pre' }]);
  assert.equal(outcome.run, undefined);
});

test('resumed after an inconclusive run: a new run; while the inconclusive pause holds: none', () => {
  const current = run('myapp-green-2-pre', { phase: 'Inconclusive' });
  const resumed = reconcilePromotionAnalysis({ ...base, current, allRuns: [current], controllerPause: true });
  assert.equal(resumed.run?.name, 'myapp-green-2-pre.1');
  const held = reconcilePromotionAnalysis({
    ...base,
    current,
    allRuns: [current],
    controllerPause: true,
    inconclusivePause: true,
  });
  assert.deepEqual(held.actions, []);
  assert.deepEqual(held.effect, { kind: 'pause' });
});

test('retry after abort (abortedAt still set): a new run', () => {
  const current = run('myapp-green-2-pre', { phase: 'Successful' });
  const outcome = reconcilePromotionAnalysis({ ...base, current, allRuns: [current], abortedAtSet: true });
  assert.equal(outcome.run?.name, 'myapp-green-2-pre.1');
});

test('a fully promoted rollout is not aborted again by the pre-promotion run that failed before its full promotion', () => {
  // Found by properties.test.ts (seed 1375030431): Argo's reconcileAnalysisRuns skips every run of a
  // fully promoted rollout, so the errored run that aborted the update before promoteFull aborts nothing after it.
  const sim = new BlueGreenSim(
    blueGreenRollout({ prePromotionAnalysis: { templates: [{ templateName: 'smoke' }] } }, 3),
  );
  sim.advance(10_000);
  sim.setImage('myapp:green');
  sim.settle();
  sim.advance(5_000);
  sim.finishRun('PrePromotion', 'Error');
  sim.settle();
  assert.equal(sim.status.abort, true, 'the errored run aborts the update');
  sim.promoteFull();
  sim.settle();
  sim.advance(120_000);
  assert.equal(sim.status.stableRS, sim.status.currentPodHash, 'fully promoted');
  assert.equal(sim.status.abort, undefined);
  sim.abort();
  sim.advance(120_000);
  assert.equal(sim.status.abort, undefined, 'an abort of a fully promoted rollout is removed');
});
