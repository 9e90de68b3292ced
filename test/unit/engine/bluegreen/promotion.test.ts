import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fullPromotionReason,
  scaleUpPreviewCheckPoint,
  type FullPromotionInput,
} from '../../../../src/engine/bluegreen/promotion.ts';
import { at, rs } from './fixtures.ts';

const base: FullPromotionInput = {
  strategy: { activeService: 'a' },
  noStable: false,
  activeSelector: 'green',
  currentPodHash: 'green',
  promoteFull: false,
  rollbackWithinWindow: false,
  aborted: false,
  newRS: rs('green'),
  newHasScaleDownDeadline: false,
  postPromotionPhase: undefined,
};
const withPost = { activeService: 'a', postPromotionAnalysis: { templates: [{ templateName: 'kpi' }] } };

const cases: Array<[Partial<FullPromotionInput>, string]> = [
  [{ noStable: true, activeSelector: '' }, 'Initial deploy'],
  [{ activeSelector: '' }, 'Initial deploy'],
  [{ activeSelector: 'blue' }, ''],
  [{}, 'Completed blue-green update'],
  [{ promoteFull: true }, 'Full promotion requested'],
  [{ rollbackWithinWindow: true }, 'Rollback within window'],
  [{ aborted: true }, ''],
  [{ strategy: withPost }, ''],
  [{ strategy: withPost, postPromotionPhase: 'Running' }, ''],
  [{ strategy: withPost, postPromotionPhase: 'Successful' }, 'Completed blue-green update'],
  [
    {
      strategy: withPost,
      newHasScaleDownDeadline: true,
      newRS: rs('green', { annotations: { 'scale-down-deadline': at(5) } }),
    },
    "Rollback to 'myapp-green' within scaleDownDelay",
  ],
];

for (const [change, expected] of cases) {
  test(`fullPromotionReason(${JSON.stringify(Object.keys(change))}) = ${JSON.stringify(expected)}`, () => {
    assert.equal(fullPromotionReason({ ...base, ...change }), expected);
  });
}

test('scaleUpPreviewCheckPoint: a one-way switch needing promotion and previewReplicaCount available pods', () => {
  const strategy = { activeService: 'a', previewReplicaCount: 1 };
  const input = { strategy, previous: false, prePromotionComplete: true, pauseComplete: true, newAvailable: 1 };
  assert.equal(scaleUpPreviewCheckPoint(input), true);
  assert.equal(scaleUpPreviewCheckPoint({ ...input, pauseComplete: false }), false);
  assert.equal(scaleUpPreviewCheckPoint({ ...input, prePromotionComplete: false }), false);
  assert.equal(scaleUpPreviewCheckPoint({ ...input, newAvailable: 0 }), false);
  assert.equal(scaleUpPreviewCheckPoint({ ...input, previous: true, newAvailable: 0, pauseComplete: false }), true);
  assert.equal(scaleUpPreviewCheckPoint({ ...input, strategy: { activeService: 'a' } }), false);
});
