import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessRun, isWorse } from '../../../src/analysis/assess-run.ts';
import { metricsSettings } from '../../../src/analysis/metric-settings.ts';
import type { AnalysisPhase, Measurement, Metric, MetricResult } from '../../../src/api/types/analysis.ts';
import { metric } from './fixtures.ts';

const ok: Measurement = { phase: 'Successful', finishedAt: '2026-01-01T00:00:00Z' };
const bad: Measurement = { phase: 'Failed', finishedAt: '2026-01-01T00:00:00Z' };
const err: Measurement = { phase: 'Error', finishedAt: '2026-01-01T00:00:00Z', message: 'connection refused' };

const succeeded = (name: string): MetricResult => ({
  name,
  phase: 'Running',
  count: 1,
  successful: 1,
  measurements: [ok],
});
const failed = (name: string): MetricResult => ({ name, phase: 'Running', count: 1, failed: 1, measurements: [bad] });
const errored = (name: string): MetricResult => ({
  name,
  phase: 'Running',
  error: 5,
  consecutiveError: 5,
  measurements: [err],
});
const ongoing = (name: string): MetricResult => ({
  name,
  phase: 'Running',
  count: 1,
  successful: 1,
  measurements: [ok],
});

function run(metrics: Metric[], results: MetricResult[], options: { dryRun?: string[]; terminate?: boolean } = {}) {
  return assessRun({
    metrics,
    settings: metricsSettings(metrics),
    results,
    dryRun: new Set(options.dryRun ?? []),
    terminate: options.terminate ?? false,
  });
}

const order: AnalysisPhase[] = ['Successful', 'Running', 'Pending', 'Inconclusive', 'Error', 'Failed'];
test('isWorse follows Successful < Running < Pending < Inconclusive < Error < Failed', () => {
  for (const [i, left] of order.entries()) {
    for (const [j, right] of order.entries()) assert.equal(isWorse(left, right), j > i, `${left} vs ${right}`);
  }
});

const a = metric({ name: 'a' });
const b = metric({ name: 'b' });
const endless = metric({ name: 'b', interval: '10s' });

type Case = [
  name: string,
  metrics: Metric[],
  results: MetricResult[],
  options: { dryRun?: string[]; terminate?: boolean },
  phase: AnalysisPhase,
  message: string,
];
const cases: Case[] = [
  ['nothing measured yet', [a, b], [], {}, 'Running', ''],
  ['one of two done', [a, b], [succeeded('a')], {}, 'Running', ''],
  ['all Successful', [a, b], [succeeded('a'), succeeded('b')], {}, 'Successful', ''],
  [
    'worst wins: Failed',
    [a, b],
    [succeeded('a'), failed('b')],
    {},
    'Failed',
    'Metric "b" assessed Failed due to failed (1) > failureLimit (0)',
  ],
  [
    'Failed is worse than Error',
    [a, b],
    [errored('a'), failed('b')],
    {},
    'Failed',
    'Metric "b" assessed Failed due to failed (1) > failureLimit (0)',
  ],
  [
    'Error carries the provider message',
    [a, b],
    [errored('a'), succeeded('b')],
    {},
    'Error',
    'Metric "a" assessed Error due to consecutiveErrors (5) > consecutiveErrorLimit (4): "Error Message: connection refused"',
  ],
  [
    'a failure ends the run while another metric still runs',
    [a, endless],
    [failed('a'), ongoing('b')],
    {},
    'Failed',
    'Metric "a" assessed Failed due to failed (1) > failureLimit (0)',
  ],
  [
    'a failure ends the run before another metric started',
    [a, b],
    [failed('a')],
    {},
    'Failed',
    'Metric "a" assessed Failed due to failed (1) > failureLimit (0)',
  ],
  ['dry-run failure does not count', [a, b], [succeeded('a'), failed('b')], { dryRun: ['b'] }, 'Successful', ''],
  [
    'dry-run failure does not terminate the run',
    [a, endless],
    [failed('a'), ongoing('b')],
    { dryRun: ['a'] },
    'Running',
    '',
  ],
  ['only dry-run metrics, all done', [a, b], [failed('a'), errored('b')], { dryRun: ['a', 'b'] }, 'Successful', ''],
  ['terminate with nothing measured', [a, b], [], { terminate: true }, 'Successful', 'Run Terminated'],
  [
    'terminate ends an endless metric Successful',
    [endless],
    [ongoing('b')],
    { terminate: true },
    'Successful',
    'Run Terminated',
  ],
];

for (const [name, metrics, results, options, phase, message] of cases) {
  test(`assessRun: ${name}`, () => {
    const assessment = run(metrics, results, options);
    assert.equal(assessment.phase, phase);
    assert.equal(assessment.message, message);
  });
}

test('assessRun: summaries count metrics and their phases, dry-run apart', () => {
  const assessment = run([a, b, metric({ name: 'c' })], [succeeded('a'), failed('b'), errored('c')], { dryRun: ['c'] });
  assert.deepEqual(assessment.runSummary, { count: 2, successful: 1, failed: 1, inconclusive: 0, error: 0 });
  assert.deepEqual(assessment.dryRunSummary, { count: 1, successful: 0, failed: 0, inconclusive: 0, error: 1 });
  const c = assessment.results.find((result) => result.name === 'c');
  assert.equal(c?.phase, 'Error');
  assert.equal(c?.message, 'Metric assessed Error due to consecutiveErrors (5) > consecutiveErrorLimit (4)');
});

test('assessRun: metric phases, messages and events on completion', () => {
  const assessment = run([a, endless], [errored('a'), ongoing('b')]);
  assert.deepEqual(
    assessment.results.map((result) => [result.name, result.phase, result.message]),
    [
      ['a', 'Error', 'connection refused'],
      ['b', 'Successful', undefined],
    ],
  );
  assert.deepEqual(assessment.events, [
    { type: 'Warning', reason: 'MetricError', message: "Metric 'a' Completed. Result: Error" },
    { type: 'Normal', reason: 'MetricSuccessful', message: "Metric 'b' Completed. Result: Successful" },
  ]);
  assert.equal(assessment.terminating, true);
});
