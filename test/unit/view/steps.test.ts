// The step list of the dashboard's rollout page, from the shared scenarios and small variations.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Rollout } from '../../../src/api/types/rollout.ts';
import { describeStep, stepViews } from '../../../src/view/steps.ts';
import { canaryHealthy, canaryPaused } from './fixtures/canary-scenarios.ts';
import { blueGreenPaused, blueGreenSwitched } from './fixtures/bluegreen-scenarios.ts';

const states = (rollout: Rollout) => stepViews(rollout).map((step) => `${step.text} ${step.state}`);

test('a canary paused at step 1: step 0 done, the pause current, the rest pending', () => {
  assert.deepEqual(states(canaryPaused().rollout), [
    'setWeight: 20 done',
    'pause (until promoted) current',
    'setWeight: 50 pending',
    'pause: 30s pending',
  ]);
  assert.deepEqual(
    stepViews(canaryPaused().rollout).map((step) => [step.index, step.kind]),
    [
      [0, 'setWeight'],
      [1, 'pause'],
      [2, 'setWeight'],
      [3, 'pause'],
    ],
  );
});

test('a canary whose steps are all carried out has every step done', () => {
  const rollout = canaryHealthy().rollout;
  assert.equal(rollout.status?.currentStepIndex, 4);
  assert.deepEqual(
    stepViews(rollout).map((step) => step.state),
    ['done', 'done', 'done', 'done'],
  );
});

test('a canary the controller has not seen yet (no status) has every step pending', () => {
  const { status: _status, ...rollout } = canaryPaused().rollout;
  assert.deepEqual(
    stepViews(rollout as Rollout).map((step) => step.state),
    ['pending', 'pending', 'pending', 'pending'],
  );
});

test('each kind of canary step is named', () => {
  assert.deepEqual(describeStep({ pause: { duration: 45 } }), { kind: 'pause', text: 'pause: 45s' });
  assert.deepEqual(describeStep({ analysis: { templates: [{ templateName: 'a' }, { templateName: 'b' }] } }), {
    kind: 'analysis',
    text: 'analysis: a, b',
  });
  assert.deepEqual(describeStep({ experiment: { duration: '5m', templates: [{ name: 'base', specRef: 'stable' }] } }), {
    kind: 'experiment',
    text: 'experiment: base for 5m',
  });
  assert.deepEqual(describeStep({ setCanaryScale: { replicas: 3 } }), {
    kind: 'setCanaryScale',
    text: 'setCanaryScale: replicas 3',
  });
  assert.deepEqual(
    describeStep({ setCanaryScale: { matchTrafficWeight: true } }).text,
    'setCanaryScale: matchTrafficWeight',
  );
  assert.deepEqual(describeStep({ setHeaderRoute: { name: 'h', match: [] } }), {
    kind: 'setHeaderRoute',
    text: 'setHeaderRoute: h',
  });
  assert.deepEqual(describeStep({ setHeaderRoute: { name: 'h' } }).text, 'setHeaderRoute: h (removed)');
  assert.deepEqual(describeStep({ setMirrorRoute: { name: 'm', match: [], percentage: 10 } }), {
    kind: 'setMirrorRoute',
    text: 'setMirrorRoute: m (10%)',
  });
  assert.deepEqual(describeStep({ plugin: { name: 'acme/step' } }), { kind: 'plugin', text: 'plugin: acme/step' });
});

test('a blue-green rollout paused on its preview: pre-promotion analysis done, the preview current', () => {
  assert.deepEqual(states(blueGreenPaused().rollout), [
    'pre-promotion analysis: smoke done',
    'preview: pause (until promoted) current',
    'switch the active service to the new version pending',
    'post-promotion analysis: load pending',
  ]);
});

test('a blue-green rollout switched and healthy has every phase done', () => {
  assert.deepEqual(
    stepViews(blueGreenSwitched().rollout).map((step) => step.state),
    ['done', 'done', 'done', 'done'],
  );
});

test('a blue-green rollout promoted, its post-promotion analysis running: that phase is current', () => {
  const rollout = structuredClone(blueGreenPaused().rollout);
  const status = rollout.status!;
  status.pauseConditions = [];
  status.blueGreen = { ...status.blueGreen, activeSelector: status.currentPodHash! };
  assert.deepEqual(
    stepViews(rollout).map((step) => step.state),
    ['done', 'done', 'done', 'current'],
  );
});
