import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calculatePhase } from '../../../../src/engine/core/phase.ts';
import { formatTimestamp } from '../../../../src/conventions/timestamps.ts';
import { canaryRollout } from '../harness/index.ts';
import type { RolloutStatus } from '../../../../src/api/types/rollout-status.ts';

const cond = (type: 'Progressing' | 'InvalidSpec', reason: string, message: string) => ({
  type,
  status: 'False' as const,
  reason,
  message,
  lastUpdateTime: 't',
  lastTransitionTime: 't',
});

test('phase and message as Argo computes them', () => {
  const spec = canaryRollout({ replicas: 3, steps: [{ setWeight: 10 }] }).spec;
  const healthy: RolloutStatus = {
    updatedReplicas: 3,
    availableReplicas: 3,
    replicas: 3,
    stableRS: 'a',
    currentPodHash: 'a',
  };
  const cases: Array<[string, RolloutStatus, typeof spec, string, string]> = [
    ['healthy', healthy, spec, 'Healthy', ''],
    [
      'aborted',
      { ...healthy, conditions: [cond('Progressing', 'RolloutAborted', 'Rollout aborted update to revision 2')] },
      spec,
      'Degraded',
      'RolloutAborted: Rollout aborted update to revision 2',
    ],
    [
      'timed out',
      { ...healthy, conditions: [cond('Progressing', 'ProgressDeadlineExceeded', 'x')] },
      spec,
      'Degraded',
      'ProgressDeadlineExceeded: x',
    ],
    [
      'invalid',
      { ...healthy, conditions: [cond('InvalidSpec', 'InvalidSpec', 'bad')] },
      spec,
      'Degraded',
      'InvalidSpec: bad',
    ],
    ['manually paused', healthy, { ...spec, paused: true }, 'Paused', 'manually paused'],
    [
      'pause step',
      { ...healthy, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: 't' }] },
      spec,
      'Paused',
      'CanaryPauseStep',
    ],
    ['restarting', healthy, { ...spec, restartAt: '2026-01-02T15:04:05Z' }, 'Progressing', 'rollout is restarting'],
    ['updating', { ...healthy, updatedReplicas: 1 }, spec, 'Progressing', 'more replicas need to be updated'],
    [
      'becoming available',
      { ...healthy, availableReplicas: 2 },
      spec,
      'Progressing',
      'updated replicas are still becoming available',
    ],
    ['old replicas', { ...healthy, replicas: 4 }, spec, 'Progressing', 'old replicas are pending termination'],
    ['steps', { ...healthy, stableRS: 'b' }, spec, 'Progressing', 'waiting for all steps to complete'],
  ];
  for (const [name, status, s, phase, message] of cases)
    assert.deepEqual(calculatePhase(s, status), { phase, message }, name);
});

test('timestamps are written with whole seconds in UTC', () => {
  assert.equal(formatTimestamp(Date.parse('2026-01-02T15:04:05.999Z')), '2026-01-02T15:04:05Z');
});
