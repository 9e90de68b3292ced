import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectOnRollout } from '../../../src/analysis/effect-on-rollout.ts';

const cases = [
  [undefined, 'wait'],
  ['Pending', 'wait'],
  ['Running', 'wait'],
  ['Successful', 'continue'],
  ['Failed', 'abort'],
  ['Error', 'abort'],
  ['Inconclusive', 'pause-inconclusive'],
] as const;
for (const [phase, effect] of cases) {
  test(`effectOnRollout(${phase}) = ${effect}`, () => assert.equal(effectOnRollout(phase), effect));
}
