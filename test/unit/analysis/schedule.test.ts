import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metricSettings } from '../../../src/analysis/metric-settings.ts';
import { scheduleMetric, type ScheduleDecision } from '../../../src/analysis/schedule.ts';
import { formatTimestamp } from '../../../src/conventions/timestamps.ts';
import type { Measurement, Metric, MetricResult } from '../../../src/api/types/analysis.ts';
import { at, metric } from './fixtures.ts';

function finished(phase: Measurement['phase'], second: number): Measurement {
  return { phase, startedAt: formatTimestamp(at(second)), finishedAt: formatTimestamp(at(second)) };
}

function result(count: number, measurements: Measurement[], phase: MetricResult['phase'] = 'Running'): MetricResult {
  return { name: 'success-rate', phase, count, measurements };
}

const running: Measurement = { phase: 'Running', startedAt: formatTimestamp(at(5)), resumeAt: formatTimestamp(at(35)) };

type Case = [
  name: string,
  overrides: Partial<Metric>,
  result: MetricResult | undefined,
  terminating: boolean,
  nowSecond: number,
  expected: ScheduleDecision,
];
const cases: Case[] = [
  ['first measurement at run start', {}, undefined, false, 0, { kind: 'measure', at: at(0) }],
  [
    'first measurement after initialDelay',
    { initialDelay: '30s' },
    undefined,
    false,
    0,
    { kind: 'measure', at: at(30) },
  ],
  [
    'next one interval after the last finished',
    { interval: '10s', count: 3 },
    result(1, [finished('Successful', 4)]),
    false,
    5,
    { kind: 'measure', at: at(14) },
  ],
  [
    'after an Error: retry after 10s whatever the interval',
    { interval: '5m' },
    result(0, [finished('Error', 4)]),
    false,
    5,
    { kind: 'measure', at: at(14) },
  ],
  [
    'after an Error with no interval: retry after 10s',
    {},
    result(0, [finished('Error', 4)]),
    false,
    5,
    { kind: 'measure', at: at(14) },
  ],
  [
    'count reached: nothing more',
    { interval: '10s', count: 2 },
    result(2, [finished('Successful', 4)]),
    false,
    5,
    { kind: 'none' },
  ],
  ['one measurement done: nothing more', {}, result(1, [finished('Failed', 4)]), false, 5, { kind: 'none' }],
  [
    'interval without count: on and on',
    { interval: '1m' },
    result(50, [finished('Successful', 100)]),
    false,
    101,
    { kind: 'measure', at: at(160) },
  ],
  [
    'completed metric: nothing',
    { interval: '1m' },
    result(1, [finished('Failed', 4)], 'Failed'),
    false,
    5,
    { kind: 'none' },
  ],
  [
    'terminating: no new measurement',
    { interval: '10s' },
    result(1, [finished('Successful', 4)]),
    true,
    5,
    { kind: 'none' },
  ],
  ['terminating before the first: nothing', {}, undefined, true, 5, { kind: 'none' }],
  [
    'in flight: resume at resumeAt',
    { interval: '10s' },
    result(0, [running]),
    false,
    10,
    { kind: 'resume', at: at(35), measurement: running },
  ],
  [
    'in flight while terminating: terminate now',
    { interval: '10s' },
    result(0, [running]),
    true,
    10,
    { kind: 'terminate', at: at(10), measurement: running },
  ],
];

for (const [name, overrides, input, terminating, nowSecond, expected] of cases) {
  test(`scheduleMetric: ${name}`, () => {
    assert.deepEqual(
      scheduleMetric({
        settings: metricSettings(metric(overrides)),
        result: input,
        runStartedAt: at(0),
        terminating,
        now: at(nowSecond),
      }),
      expected,
    );
  });
}
