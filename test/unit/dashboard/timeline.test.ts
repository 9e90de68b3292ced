// The rollout timeline: Event reasons (docs/events.md) to the contract's entry kinds and statuses,
// oldest first whatever order the Events came in.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { timelineKindOf, timelineOf, type TimelineEvent } from '../../../src/dashboard/data/timeline.ts';

const event = (reason: string, at: string, extra: Partial<TimelineEvent> = {}): TimelineEvent => ({
  type: 'Normal',
  reason,
  message: `${reason} message`,
  count: 1,
  firstTimestamp: at,
  lastTimestamp: at,
  ...extra,
});

describe('timeline', () => {
  const kinds: Array<[string, string]> = [
    ['RolloutStepCompleted', 'step'],
    ['SkipSteps', 'step'],
    ['TrafficWeightUpdated', 'weight'],
    ['RolloutPaused', 'pause'],
    ['RolloutResumed', 'resume'],
    ['RolloutAborted', 'abort'],
    ['RolloutUpdated', 'update'],
    ['RolloutCompleted', 'complete'],
    ['AnalysisRunRunning', 'analysis'],
    ['AnalysisRunFailed', 'analysis'],
    ['ScalingReplicaSet', 'other'],
    ['NewReplicaSetCreated', 'other'],
    ['RolloutAddedToInformer', 'other'],
  ];
  for (const [reason, kind] of kinds) test(`${reason} is ${kind}`, () => assert.equal(timelineKindOf(reason), kind));

  test('oldest first, equal times in the order given; statuses by outcome', () => {
    const timeline = timelineOf([
      event('RolloutCompleted', '2026-01-01T00:00:09Z'),
      event('AnalysisRunFailed', '2026-01-01T00:00:05Z', { type: 'Warning' }),
      event('RolloutUpdated', '2026-01-01T00:00:01Z'),
      event('TrafficWeightUpdated', '2026-01-01T00:00:01Z'),
      event('RolloutAborted', '2026-01-01T00:00:06Z', { type: 'Warning' }),
      event('ReconcileError', '2026-01-01T00:00:07Z', { type: 'Warning' }),
    ]);
    assert.deepEqual(
      timeline.entries.map((entry) => [entry.reason, entry.kind, entry.status.kind, entry.at]),
      [
        ['RolloutUpdated', 'update', 'neutral', Date.parse('2026-01-01T00:00:01Z')],
        ['TrafficWeightUpdated', 'weight', 'neutral', Date.parse('2026-01-01T00:00:01Z')],
        ['AnalysisRunFailed', 'analysis', 'failure', Date.parse('2026-01-01T00:00:05Z')],
        ['RolloutAborted', 'abort', 'failure', Date.parse('2026-01-01T00:00:06Z')],
        ['ReconcileError', 'other', 'warning', Date.parse('2026-01-01T00:00:07Z')],
        ['RolloutCompleted', 'complete', 'success', Date.parse('2026-01-01T00:00:09Z')],
      ],
    );
  });

  test('a repeated Event says how often and until when', () => {
    const [entry] = timelineOf([
      event('RolloutPaused', '2026-01-01T00:00:01Z', { count: 3, lastTimestamp: '2026-01-01T00:05:00Z' }),
    ]).entries;
    assert.equal(entry?.message, 'RolloutPaused message (3 times, last at 2026-01-01T00:05:00Z)');
    assert.deepEqual(entry?.status, { text: 'Paused', kind: 'paused' });
  });
});
