import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  completedBlueGreenPause,
  decideBlueGreenPause,
  needsControllerPause,
  type PauseDecisionInput,
} from '../../../../src/engine/bluegreen/pause.ts';
import { T0, at } from './fixtures.ts';

test('needsControllerPause: only when auto-promotion is off or delayed', () => {
  assert.equal(needsControllerPause({ activeService: 'a' }), false);
  assert.equal(needsControllerPause({ activeService: 'a', autoPromotionEnabled: true }), false);
  assert.equal(needsControllerPause({ activeService: 'a', autoPromotionEnabled: false }), true);
  assert.equal(needsControllerPause({ activeService: 'a', autoPromotionSeconds: 30 }), true);
});

const manual: PauseDecisionInput = {
  strategy: { activeService: 'a', autoPromotionEnabled: false },
  pauseConditions: undefined,
  controllerPause: false,
  scaleUpPreviewCheckPoint: false,
  now: T0,
  aborted: false,
  newReady: true,
  halted: false,
  fastTracked: false,
  prePromotionComplete: true,
};
const paused = [{ reason: 'BlueGreenPause' as const, startTime: at(0) }];

const decisions: Array<[string, Partial<PauseDecisionInput>, ReturnType<typeof decideBlueGreenPause>]> = [
  ['ready, not yet paused: add', {}, { kind: 'add' }],
  ['aborted: nothing', { aborted: true }, { kind: 'none' }],
  ['preview not ready: nothing', { newReady: false }, { kind: 'none' }],
  ['spec.paused: nothing', { halted: true }, { kind: 'none' }],
  ['fast-tracked: remove', { fastTracked: true }, { kind: 'remove' }],
  ['past the scale-up checkpoint: remove', { scaleUpPreviewCheckPoint: true }, { kind: 'remove' }],
  ['auto-promotion without delay: remove', { strategy: { activeService: 'a' } }, { kind: 'remove' }],
  ['pre-promotion analysis running: nothing', { prePromotionComplete: false }, { kind: 'none' }],
  ['paused, manual: wait without deadline', { pauseConditions: paused, controllerPause: true }, { kind: 'wait' }],
  ['promoted by a person (condition gone, controllerPause set): nothing', { controllerPause: true }, { kind: 'none' }],
  [
    'autoPromotionSeconds not yet passed: wait until just after the deadline',
    {
      strategy: { activeService: 'a', autoPromotionSeconds: 60 },
      pauseConditions: paused,
      controllerPause: true,
      now: T0 + 60_000,
    },
    { kind: 'wait', at: T0 + 60_001 },
  ],
  [
    'autoPromotionSeconds passed: remove',
    {
      strategy: { activeService: 'a', autoPromotionSeconds: 60 },
      pauseConditions: paused,
      controllerPause: true,
      now: T0 + 60_001,
    },
    { kind: 'remove' },
  ],
];

for (const [name, change, expected] of decisions) {
  test(`decideBlueGreenPause: ${name}`, () => {
    assert.deepEqual(decideBlueGreenPause({ ...manual, ...change }), expected);
  });
}

test('completedBlueGreenPause: never in the pass that adds the pause', () => {
  const input = {
    strategy: { activeService: 'a' },
    pauseConditions: undefined,
    controllerPause: false,
    scaleUpPreviewCheckPoint: false,
    now: T0,
  };
  assert.equal(completedBlueGreenPause({ ...input, addingPause: false }), true);
  assert.equal(completedBlueGreenPause({ ...input, addingPause: true }), false);
});

test('completedBlueGreenPause: manual promotion is a removed condition with controllerPause still set', () => {
  const input = {
    strategy: { activeService: 'a', autoPromotionEnabled: false },
    scaleUpPreviewCheckPoint: false,
    now: T0,
    addingPause: false,
  };
  assert.equal(completedBlueGreenPause({ ...input, pauseConditions: paused, controllerPause: true }), false);
  assert.equal(completedBlueGreenPause({ ...input, pauseConditions: undefined, controllerPause: true }), true);
  assert.equal(completedBlueGreenPause({ ...input, pauseConditions: undefined, controllerPause: false }), false);
});

test('completedBlueGreenPause: autoPromotionSeconds counts from the pause start', () => {
  const input = {
    strategy: { activeService: 'a', autoPromotionSeconds: 30 },
    pauseConditions: paused,
    controllerPause: true,
    scaleUpPreviewCheckPoint: false,
    addingPause: false,
  };
  assert.equal(completedBlueGreenPause({ ...input, now: T0 + 30_000 }), false);
  assert.equal(completedBlueGreenPause({ ...input, now: T0 + 30_001 }), true);
  assert.equal(
    completedBlueGreenPause({ ...input, pauseConditions: undefined, now: T0 + 99_000 }),
    false,
    'never paused: not complete',
  );
});
