import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessMetric, brokenLimit } from '../../../src/analysis/assess-metric.ts';
import { metricSettings } from '../../../src/analysis/metric-settings.ts';
import type { Measurement, Metric, MetricResult } from '../../../src/api/types/analysis.ts';
import { metric } from './fixtures.ts';

const done: Measurement = { phase: 'Successful', finishedAt: '2026-01-01T00:00:00Z' };
const inFlight: Measurement = { phase: 'Running', startedAt: '2026-01-01T00:00:00Z' };

function result(counters: Partial<MetricResult>, measurements: Measurement[] = [done]): MetricResult {
  return { name: 'success-rate', phase: 'Running', measurements, ...counters };
}

type Case = [
  name: string,
  overrides: Partial<Metric>,
  result: MetricResult,
  terminating: boolean,
  phase: string,
  reason?: string,
];
const cases: Case[] = [
  ['no measurement yet: Pending', {}, result({}, []), false, 'Pending'],
  ['no measurement, terminating: Successful', {}, result({}, []), true, 'Successful', 'run terminated'],
  ['in-flight measurement: Running', {}, result({ count: 0 }, [inFlight]), false, 'Running'],
  ['in-flight measurement while terminating: still Running', {}, result({ count: 0 }, [inFlight]), true, 'Running'],
  [
    'one failure with the default failureLimit 0',
    {},
    result({ count: 1, failed: 1 }),
    false,
    'Failed',
    'failed (1) > failureLimit (0)',
  ],
  [
    'failures up to failureLimit keep running',
    { interval: '1s', count: 5, failureLimit: 2 },
    result({ count: 2, failed: 2 }),
    false,
    'Running',
  ],
  [
    'failures over failureLimit',
    { interval: '1s', count: 5, failureLimit: 2 },
    result({ count: 3, failed: 3 }),
    false,
    'Failed',
    'failed (3) > failureLimit (2)',
  ],
  [
    'failureLimit -1 never fails',
    { interval: '1s', failureLimit: -1, consecutiveSuccessLimit: 2 },
    result({ count: 9, failed: 9 }),
    false,
    'Running',
  ],
  [
    'inconclusive over inconclusiveLimit',
    { interval: '1s', count: 5, inconclusiveLimit: 1 },
    result({ count: 2, inconclusive: 2 }),
    false,
    'Inconclusive',
    'inconclusive (2) > inconclusiveLimit (1)',
  ],
  [
    'errors up to the default consecutiveErrorLimit 4 keep running',
    {},
    result({ error: 4, consecutiveError: 4 }),
    false,
    'Running',
  ],
  [
    'errors over the default consecutiveErrorLimit',
    {},
    result({ error: 5, consecutiveError: 5 }),
    false,
    'Error',
    'consecutiveErrors (5) > consecutiveErrorLimit (4)',
  ],
  ['errors that are not consecutive do not count', {}, result({ error: 9, consecutiveError: 1 }), false, 'Running'],
  [
    'consecutiveErrorLimit 0: the first error ends it',
    { consecutiveErrorLimit: 0 },
    result({ error: 1, consecutiveError: 1 }),
    false,
    'Error',
  ],
  [
    'the last broken limit wins: Error over Failed',
    { interval: '1s' },
    result({ failed: 1, consecutiveError: 5 }),
    false,
    'Error',
  ],
  [
    'count reached: Successful',
    { interval: '1s', count: 3, failureLimit: 1 },
    result({ count: 3, successful: 2, failed: 1 }),
    false,
    'Successful',
    'count (3) reached',
  ],
  ['single measurement done', {}, result({ count: 1, successful: 1 }), false, 'Successful'],
  [
    'consecutiveSuccessLimit reached early',
    { interval: '1s', count: 10, consecutiveSuccessLimit: 3 },
    result({ count: 4, successful: 3, consecutiveSuccess: 3, failed: 0 }),
    false,
    'Successful',
  ],
  [
    'count reached without consecutive successes, failureLimit in force: Inconclusive',
    { interval: '1s', count: 4, consecutiveSuccessLimit: 3, failureLimit: 2 },
    result({ count: 4, successful: 2, failed: 2, consecutiveSuccess: 1 }),
    false,
    'Inconclusive',
  ],
  [
    'count reached without consecutive successes, failureLimit -1: Failed',
    { interval: '1s', count: 4, consecutiveSuccessLimit: 3, failureLimit: -1 },
    result({ count: 4, successful: 2, failed: 2, consecutiveSuccess: 2 }),
    false,
    'Failed',
    'consecutiveSuccessLimit (3) not reached within count (4)',
  ],
  ['interval without count runs on', { interval: '1s' }, result({ count: 100, successful: 100 }), false, 'Running'],
  [
    'interval without count, terminating: Successful',
    { interval: '1s' },
    result({ count: 100, successful: 100 }),
    true,
    'Successful',
  ],
  [
    'a completed metric keeps its phase',
    {},
    { ...result({ count: 1, failed: 1 }), phase: 'Failed' },
    false,
    'Failed',
    'failed (1) > failureLimit (0)',
  ],
];

for (const [name, overrides, input, terminating, phase, reason] of cases) {
  test(`assessMetric: ${name}`, () => {
    const assessment = assessMetric(metricSettings(metric(overrides)), input, terminating);
    assert.equal(assessment.phase, phase);
    if (reason !== undefined) assert.equal(assessment.reason, reason);
  });
}

test('brokenLimit: none broken', () => {
  assert.equal(brokenLimit(metricSettings(metric()), result({ count: 1, successful: 1 })), undefined);
});
