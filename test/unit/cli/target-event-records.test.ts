// core/v1 Events as the cluster Target returns them: first/last time and count, with eventTime and
// series standing in for Events written through events.k8s.io/v1, oldest first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventRecordsOf } from '../../../src/cli/target/event-records.ts';

test('core/v1 and events.k8s.io-style Events, oldest first', () => {
  const records = eventRecordsOf([
    {
      metadata: { creationTimestamp: '2026-01-01T00:00:09Z' },
      reason: 'RolloutCompleted',
      message: 'done',
      type: 'Normal',
      count: 1,
      firstTimestamp: '2026-01-01T00:00:09Z',
      lastTimestamp: '2026-01-01T00:00:09Z',
    },
    {
      metadata: { creationTimestamp: '2026-01-01T00:00:02Z' },
      reason: 'RolloutPaused',
      message: 'paused',
      type: 'Normal',
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: '2026-01-01T00:00:02.000000Z',
      series: { count: 4, lastObservedTime: '2026-01-01T00:00:08.000000Z' },
    },
    { metadata: { creationTimestamp: '2026-01-01T00:00:01Z' }, reason: 'RolloutUpdated' },
  ]);
  assert.deepEqual(records, [
    {
      type: 'Normal',
      reason: 'RolloutUpdated',
      message: '',
      count: 1,
      firstTimestamp: '2026-01-01T00:00:01Z',
      lastTimestamp: '2026-01-01T00:00:01Z',
    },
    {
      type: 'Normal',
      reason: 'RolloutPaused',
      message: 'paused',
      count: 4,
      firstTimestamp: '2026-01-01T00:00:02.000000Z',
      lastTimestamp: '2026-01-01T00:00:08.000000Z',
    },
    {
      type: 'Normal',
      reason: 'RolloutCompleted',
      message: 'done',
      count: 1,
      firstTimestamp: '2026-01-01T00:00:09Z',
      lastTimestamp: '2026-01-01T00:00:09Z',
    },
  ]);
});
