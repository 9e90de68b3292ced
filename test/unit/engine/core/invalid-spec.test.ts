// The InvalidSpec status of a Rollout the engine refuses to act on. The same problems again keep the
// condition as it was, as Argo's createInvalidRolloutCondition does, and the status read (which a
// runtime's cache holds, frozen here) is never changed in place: a pass that changed it would change
// what the cache shows and the next pass compares against.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deepFreeze } from '../../../../src/api/deep-freeze.ts';
import type { RolloutStatus } from '../../../../src/api/types/rollout-status.ts';
import { decide } from '../../../../src/engine/decide.ts';
import type { ObservedState } from '../../../../src/engine/types.ts';
import { canaryRollout } from '../harness/index.ts';

const START = Date.parse('2026-01-02T15:04:05Z');

function observedWith(status: RolloutStatus | undefined, generation = 1): ObservedState {
  const rollout = canaryRollout({ replicas: 1, steps: [{ setWeight: 150 }] });
  rollout.metadata.generation = generation;
  if (status) rollout.status = status;
  return deepFreeze({ rollout, template: rollout.spec.template ?? {}, replicaSets: [], analysisRuns: [] });
}

test('the same problems keep the InvalidSpec condition as read, which is not changed', () => {
  const first = decide(observedWith(undefined), START).status;
  const condition = first.conditions?.find((c) => c.type === 'InvalidSpec');
  assert.match(condition?.message ?? '', /setWeight: 150 must be between 0 and 100/);

  // Later passes over the status as written (frozen, as a cache's object may be): the same status.
  for (const generation of [1, 2]) {
    const read = deepFreeze(structuredClone(first));
    const again = decide(observedWith(read, generation), START + 60_000).status;
    assert.deepEqual(
      again.conditions?.find((c) => c.type === 'InvalidSpec'),
      condition,
      'the condition is kept, its times too',
    );
    assert.equal(again.observedGeneration, String(generation));
    assert.equal(again.phase, 'Degraded');
  }
});

test('other problems replace the InvalidSpec condition', () => {
  const first = decide(observedWith(undefined), START).status;
  const rollout = canaryRollout({ replicas: 1, steps: [{ setWeight: 120 }] });
  rollout.status = deepFreeze(structuredClone(first));
  const observed = deepFreeze({ rollout, template: rollout.spec.template ?? {}, replicaSets: [], analysisRuns: [] });
  const next = decide(observed, START + 60_000).status;
  const condition = next.conditions?.find((c) => c.type === 'InvalidSpec');
  assert.match(condition?.message ?? '', /setWeight: 120 must be between 0 and 100/);
  assert.equal(condition?.lastUpdateTime, '2026-01-02T15:05:05Z');
});
