import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  newReplicaSetTarget,
  readyForPause,
  type NewReplicaSetTargetInput,
} from '../../../../src/engine/bluegreen/replica-targets.ts';
import { isSaturated } from '../../../../src/engine/core/saturation.ts';
import { rs } from './fixtures.ts';

const base: NewReplicaSetTargetInput = {
  strategy: { activeService: 'active', previewReplicaCount: 1 },
  desiredReplicas: 3,
  newHash: 'green',
  activeSelector: 'blue',
  currentPodHash: 'green',
  promoteFull: false,
  paused: true,
  scaleUpPreviewCheckPoint: false,
};

const cases: Array<[string, Partial<NewReplicaSetTargetInput>, number]> = [
  ['no previewReplicaCount: full size', { strategy: { activeService: 'active' } }, 3],
  ['first deploy (no active selector): full size', { activeSelector: '' }, 3],
  ['already active: full size', { activeSelector: 'green' }, 3],
  ['full promotion: full size', { promoteFull: true }, 3],
  ['a new update (status still on another hash): preview count', { currentPodHash: 'blue' }, 1],
  ['paused before promotion: preview count', {}, 1],
  ['resumed past the checkpoint: full size', { paused: false, scaleUpPreviewCheckPoint: true }, 3],
  ['checkpoint but still paused: preview count', { paused: true, scaleUpPreviewCheckPoint: true }, 1],
  ['resumed without checkpoint: preview count', { paused: false }, 1],
];

for (const [name, change, expected] of cases) {
  test(`newReplicaSetTarget: ${name}`, () => {
    assert.equal(newReplicaSetTarget({ ...base, ...change }), expected);
  });
}

test('readyForPause needs the target count, all available', () => {
  assert.equal(readyForPause(rs('g', { replicas: 1, availableReplicas: 1 }), 1), true);
  assert.equal(readyForPause(rs('g', { replicas: 1, availableReplicas: 0 }), 1), false);
  assert.equal(readyForPause(rs('g', { replicas: 3, availableReplicas: 3 }), 1), false);
});

test('isSaturated: full size, all available, desired-replicas annotation agreeing when present', () => {
  assert.equal(isSaturated(rs('g'), 3), true);
  assert.equal(isSaturated(rs('g', { availableReplicas: 2 }), 3), false);
  assert.equal(isSaturated(rs('g', { replicas: 1, availableReplicas: 1 }), 3), false);
  assert.equal(isSaturated(rs('g', { annotations: { 'rollout.argoproj.io/desired-replicas': '5' } }), 3), false);
  assert.equal(isSaturated(rs('g', { annotations: { 'rollout.argoproj.io/desired-replicas': '3' } }), 3), true);
  assert.equal(isSaturated(undefined, 3), false);
});
