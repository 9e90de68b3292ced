import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  desiredActiveSelector,
  desiredPreviewSelector,
  isFastTracked,
  type ActiveSelectorInput,
} from '../../../../src/engine/bluegreen/services.ts';
import { at, rs } from './fixtures.ts';

const green = rs('green');
const base: ActiveSelectorInput = {
  newRS: green,
  promoteFull: false,
  activeSelector: 'blue',
  halted: false,
  newReadyAndSaturated: true,
  pauseComplete: false,
  prePromotionComplete: true,
  aborted: false,
  stableHash: 'blue',
  stableAvailable: 3,
};

const cases: Array<[string, Partial<ActiveSelectorInput>, string]> = [
  ['paused: stays on the old revision', {}, 'blue'],
  ['pause over and pre-promotion done: switches', { pauseComplete: true }, 'green'],
  ['pause over, pre-promotion still running: stays', { pauseComplete: true, prePromotionComplete: false }, 'blue'],
  ['new revision not saturated: stays', { pauseComplete: true, newReadyAndSaturated: false }, 'blue'],
  ['spec.paused: stays', { pauseComplete: true, halted: true }, 'blue'],
  ['first deploy: points at the first revision', { activeSelector: '', stableHash: undefined }, 'green'],
  ['first deploy not ready yet: no selector', { activeSelector: '', newReadyAndSaturated: false }, ''],
  ['promote --full: switches without the pause', { promoteFull: true }, 'green'],
  [
    'fast rollback to a revision within its scale-down delay',
    { newRS: rs('green', { annotations: { 'scale-down-deadline': at(30) } }) },
    'green',
  ],
  ['aborted after the switch: back to stable', { activeSelector: 'green', aborted: true }, 'blue'],
  [
    'aborted while the new revision is not ready: back to stable anyway',
    { activeSelector: 'green', aborted: true, newReadyAndSaturated: false },
    'blue',
  ],
  [
    'aborted while stable has no available pod: waits',
    { activeSelector: 'green', aborted: true, stableAvailable: 0 },
    'green',
  ],
  ['aborted and spec.paused: nothing moves', { activeSelector: 'green', aborted: true, halted: true }, 'green'],
];

for (const [name, change, expected] of cases) {
  test(`desiredActiveSelector: ${name}`, () => {
    assert.equal(desiredActiveSelector({ ...base, ...change }), expected);
  });
}

test('isFastTracked', () => {
  assert.equal(isFastTracked({ newRS: green, promoteFull: false, activeSelector: 'blue' }), false);
  assert.equal(isFastTracked({ newRS: green, promoteFull: false, activeSelector: 'green' }), true);
  assert.equal(isFastTracked({ newRS: green, promoteFull: false, activeSelector: '' }), true);
  assert.equal(isFastTracked({ newRS: green, promoteFull: true, activeSelector: 'blue' }), true);
});

test('desiredPreviewSelector follows the newest revision unless halted', () => {
  assert.equal(desiredPreviewSelector('blue', 'green', false), 'green');
  assert.equal(desiredPreviewSelector('blue', 'green', true), 'blue');
});
