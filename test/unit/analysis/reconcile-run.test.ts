import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconcileAnalysisRun } from '../../../src/analysis/reconcile-run.ts';
import { analysisRun, at, metric, successRate, T0 } from './fixtures.ts';
import { simulate, values } from './simulate.ts';

test('interval 10s count 3, one failure within failureLimit 1: Successful', () => {
  const run = analysisRun([metric({ interval: '10s', count: 3, failureLimit: 1 })]);
  const {
    run: done,
    taken,
    events,
  } = simulate(run, { start: T0, evaluate: successRate, provider: values({ 'success-rate': [0.99, 0.5, 0.99] }) });
  assert.deepEqual(taken, ['success-rate@0:measure', 'success-rate@10:measure', 'success-rate@20:measure']);
  assert.equal(done.status?.phase, 'Successful');
  const result = done.status?.metricResults?.[0];
  assert.deepEqual(
    { phase: result?.phase, count: result?.count, successful: result?.successful, failed: result?.failed },
    { phase: 'Successful', count: 3, successful: 2, failed: 1 },
  );
  assert.deepEqual(done.status?.runSummary, { count: 1, successful: 1, failed: 0, inconclusive: 0, error: 0 });
  assert.equal(done.status?.startedAt, '2026-01-01T00:00:00Z');
  assert.equal(done.status?.completedAt, '2026-01-01T00:00:20Z');
  assert.deepEqual(
    result?.measurements?.map((m) => [m.phase, m.value, m.finishedAt]),
    [
      ['Successful', '0.99', '2026-01-01T00:00:00Z'],
      ['Failed', '0.5', '2026-01-01T00:00:10Z'],
      ['Successful', '0.99', '2026-01-01T00:00:20Z'],
    ],
  );
  assert.deepEqual(events.at(-1), {
    type: 'Normal',
    reason: 'AnalysisRunSuccessful',
    message: 'Analysis Completed. Result: Successful',
  });
});

test('a second failure over failureLimit 1 fails the run early', () => {
  const run = analysisRun([metric({ interval: '10s', count: 5, failureLimit: 1 })]);
  const { run: done, taken } = simulate(run, {
    start: T0,
    evaluate: successRate,
    provider: values({ 'success-rate': [0.5, 0.5] }),
  });
  assert.equal(taken.length, 2);
  assert.equal(done.status?.phase, 'Failed');
  assert.equal(done.status?.message, 'Metric "success-rate" assessed Failed due to failed (2) > failureLimit (1)');
});

test('consecutive errors over consecutiveErrorLimit: Error, retried every 10s', () => {
  const run = analysisRun([metric({ interval: '1m', consecutiveErrorLimit: 2 })]);
  const refused = new Error('dial tcp 10.0.0.1:9090: connection refused');
  const { run: done, taken } = simulate(run, {
    start: T0,
    evaluate: successRate,
    provider: values({ 'success-rate': [refused, refused, refused] }),
  });
  assert.deepEqual(taken, ['success-rate@0:measure', 'success-rate@10:measure', 'success-rate@20:measure']);
  assert.equal(done.status?.phase, 'Error');
  assert.equal(
    done.status?.message,
    'Metric "success-rate" assessed Error due to consecutiveErrors (3) > consecutiveErrorLimit (2): "Error Message: dial tcp 10.0.0.1:9090: connection refused"',
  );
  assert.equal(done.status?.metricResults?.[0]?.count, 0);
  assert.equal(done.status?.metricResults?.[0]?.error, 3);
});

test('an error between successes is retried and does not count towards count', () => {
  const run = analysisRun([metric({ interval: '30s', count: 2 })]);
  const { run: done, taken } = simulate(run, {
    start: T0,
    evaluate: successRate,
    provider: values({ 'success-rate': [0.99, new Error('timeout'), 0.99] }),
  });
  assert.deepEqual(taken, ['success-rate@0:measure', 'success-rate@30:measure', 'success-rate@40:measure']);
  assert.equal(done.status?.phase, 'Successful');
  assert.deepEqual(
    [
      done.status?.metricResults?.[0]?.count,
      done.status?.metricResults?.[0]?.error,
      done.status?.metricResults?.[0]?.consecutiveError,
    ],
    [2, 1, 0],
  );
});

test('a condition that cannot be evaluated is an Error measurement', () => {
  const run = analysisRun([metric({ consecutiveErrorLimit: 0 })]);
  const { run: done } = simulate(run, {
    start: T0,
    evaluate: successRate,
    provider: values({ 'success-rate': ['text'] }),
  });
  assert.equal(done.status?.phase, 'Error');
  assert.equal(
    done.status?.metricResults?.[0]?.measurements?.[0]?.message,
    'invalid operation: >= (mismatched types string and float64)',
  );
});

test('neither condition holds: Inconclusive', () => {
  const run = analysisRun([metric({ failureCondition: 'result < 0.5' })]);
  const { run: done } = simulate(run, {
    start: T0,
    evaluate: successRate,
    provider: values({ 'success-rate': [0.5] }),
  });
  assert.equal(done.status?.phase, 'Inconclusive');
  assert.equal(
    done.status?.message,
    'Metric "success-rate" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit (0)',
  );
});

test('a failing dry-run metric leaves the run Successful and is counted in dryRunSummary', () => {
  const run = analysisRun([metric({ name: 'a' }), metric({ name: 'b' })], { dryRun: [{ metricName: 'b' }] });
  const { run: done } = simulate(run, { start: T0, evaluate: successRate, provider: values({ a: [0.99], b: [0.5] }) });
  assert.equal(done.status?.phase, 'Successful');
  assert.deepEqual(done.status?.runSummary, { count: 1, successful: 1, failed: 0, inconclusive: 0, error: 0 });
  assert.deepEqual(done.status?.dryRunSummary, { count: 1, successful: 0, failed: 1, inconclusive: 0, error: 0 });
  const b = done.status?.metricResults?.find((result) => result.name === 'b');
  assert.deepEqual(
    [b?.phase, b?.dryRun, b?.message],
    ['Failed', true, 'Metric assessed Failed due to failed (1) > failureLimit (0)'],
  );
});

test('initialDelay postpones the first measurement', () => {
  const run = analysisRun([metric({ name: 'late', initialDelay: '1m' }), metric({ name: 'now' })]);
  const first = reconcileAnalysisRun(run, at(0), { evaluate: successRate });
  assert.deepEqual(
    first.due.map((due) => due.metricName),
    ['now'],
  );
  assert.equal(first.requeueAfterMs, 60_000);
  const { taken } = simulate(run, {
    start: T0,
    evaluate: successRate,
    provider: values({ late: [0.99], now: [0.99] }),
  });
  assert.deepEqual(taken, ['now@0:measure', 'late@60:measure']);
});

test('interval without count measures until terminate, then ends Successful', () => {
  const run = analysisRun([metric({ interval: '20s' })]);
  const { run: done, taken } = simulate(run, {
    start: T0,
    evaluate: successRate,
    provider: values({ 'success-rate': Array(10).fill(0.99) }),
    onTime: (now, current) => (now >= at(60) ? { ...current, spec: { ...current.spec, terminate: true } } : current),
  });
  assert.deepEqual(taken, ['success-rate@0:measure', 'success-rate@20:measure', 'success-rate@40:measure']);
  assert.equal(done.status?.phase, 'Successful');
  assert.equal(done.status?.message, 'Run Terminated');
  assert.equal(done.status?.metricResults?.[0]?.count, 3);
});

test('terminate before any measurement: Successful without measuring', () => {
  const run = analysisRun([metric({ interval: '20s', initialDelay: '5m' })], { terminate: true });
  const result = reconcileAnalysisRun(run, at(0), { evaluate: successRate });
  assert.deepEqual(
    [result.status.phase, result.status.message, result.due.length],
    ['Successful', 'Run Terminated', 0],
  );
});

test('measurementRetention trims old measurements, counters keep counting', () => {
  const run = analysisRun([metric({ interval: '10s', count: 6 })], {
    measurementRetention: [{ metricName: '.*', limit: 2 }],
  });
  const { run: done } = simulate(run, {
    start: T0,
    evaluate: successRate,
    provider: values({ 'success-rate': Array(6).fill(0.99) }),
  });
  const result = done.status?.metricResults?.[0];
  assert.equal(result?.count, 6);
  assert.deepEqual(
    result?.measurements?.map((m) => m.finishedAt),
    ['2026-01-01T00:00:40Z', '2026-01-01T00:00:50Z'],
  );
});

test('the default retention keeps ten measurements', () => {
  const run = analysisRun([metric({ interval: '10s', count: 12 })]);
  const { run: done } = simulate(run, {
    start: T0,
    evaluate: successRate,
    provider: values({ 'success-rate': Array(12).fill(0.99) }),
  });
  assert.equal(done.status?.metricResults?.[0]?.measurements?.length, 10);
});

test('a long-running measurement is resumed at resumeAt and completed later', () => {
  const run = analysisRun([
    metric({ name: 'smoke', successCondition: undefined, provider: { job: { spec: { template: {} } } } }),
  ]);
  let polls = 0;
  const { run: done, taken } = simulate(run, {
    start: T0,
    evaluate: successRate,
    provider: (due, now) => {
      polls += 1;
      if (due.action === 'measure') return { kind: 'running', resumeAt: now + 15_000 };
      return polls < 3 ? { kind: 'running', resumeAt: now + 15_000 } : { kind: 'judged', phase: 'Successful' };
    },
  });
  assert.deepEqual(taken, ['smoke@0:measure', 'smoke@15:resume', 'smoke@30:resume']);
  assert.equal(done.status?.phase, 'Successful');
  const measurements = done.status?.metricResults?.[0]?.measurements ?? [];
  assert.equal(measurements.length, 1);
  assert.deepEqual(
    [measurements[0]?.startedAt, measurements[0]?.finishedAt, measurements[0]?.resumeAt],
    ['2026-01-01T00:00:00Z', '2026-01-01T00:00:30Z', undefined],
  );
});

test('a failing metric ends the run and the in-flight measurement of another is terminated', () => {
  const run = analysisRun([metric({ name: 'a' }), metric({ name: 'job', provider: { job: { spec: {} } } })]);
  const first = reconcileAnalysisRun(run, at(0), { evaluate: successRate });
  const measured = reconcileAnalysisRun({ ...run, status: first.status }, at(0), {
    evaluate: successRate,
    reports: [
      { metricName: 'a', startedAt: at(0), outcome: { kind: 'value', result: 0.5, value: '0.5' } },
      { metricName: 'job', startedAt: at(0), outcome: { kind: 'running', resumeAt: at(60) } },
    ],
  });
  // As Argo, the run completes once the in-flight measurement is terminated, from its answer.
  assert.equal(measured.status.phase, 'Running');
  assert.equal(measured.status.metricResults?.find((result) => result.name === 'a')?.phase, 'Failed');
  assert.deepEqual(
    measured.due.map((due) => [due.metricName, due.action]),
    [['job', 'terminate']],
  );
  const closed = reconcileAnalysisRun({ ...run, status: measured.status }, at(1), {
    evaluate: successRate,
    reports: [{ metricName: 'job', startedAt: at(0), outcome: { kind: 'judged', phase: 'Successful' } }],
  });
  const job = closed.status.metricResults?.find((result) => result.name === 'job');
  assert.deepEqual(
    [job?.measurements?.[0]?.phase, job?.measurements?.[0]?.message, closed.due.length, closed.status.phase],
    ['Successful', 'Metric Terminated', 0, 'Failed'],
  );
  assert.equal(closed.status.message, 'Metric "a" assessed Failed due to failed (1) > failureLimit (0)');
  assert.equal(job?.phase, 'Successful', 'no metric of a completed run stays Running');
  assert.deepEqual(closed.status.runSummary, { count: 2, successful: 1, failed: 1, inconclusive: 0, error: 0 });
});

test('an invalid spec ends the run in Error with the reason', () => {
  const cases: Array<[Parameters<typeof analysisRun>, RegExp]> = [
    [[[metric({ count: 2 })]], /^Analysis spec invalid: metrics\[0\] \(success-rate\): interval must be set/],
    [[[metric(), metric()]], /^Analysis spec invalid: metrics\[1\]: duplicate name/],
    [
      [[metric()], { dryRun: [{ metricName: 'other' }] }],
      /^Analysis spec invalid: dryRun\[0\]: metricName "other" matches no metric/,
    ],
    [
      [[metric({ provider: { prometheus: { query: '{{args.missing}}' } } })]],
      /^Unable to resolve metric arguments: spec\.metrics\[0\]\.provider\.prometheus\.query: \{\{args\.missing\}\}/,
    ],
  ];
  for (const [args, message] of cases) {
    const result = reconcileAnalysisRun(analysisRun(...args), at(0), { evaluate: successRate });
    assert.equal(result.status.phase, 'Error');
    assert.match(result.status.message ?? '', message);
    assert.deepEqual(result.due, []);
    assert.deepEqual(result.events, [
      { type: 'Warning', reason: 'AnalysisRunError', message: 'Analysis Completed. Result: Error' },
    ]);
  }
});

test('a completed run is left as it is', () => {
  const run = analysisRun([metric()]);
  const { run: done } = simulate(run, {
    start: T0,
    evaluate: successRate,
    provider: values({ 'success-rate': [0.99] }),
  });
  const again = reconcileAnalysisRun(done, at(500), { evaluate: successRate });
  assert.deepEqual(again.status, done.status);
  assert.deepEqual([again.due, again.requeueAfterMs, again.events], [[], undefined, []]);
});

test('reports for unknown or completed metrics are ignored', () => {
  const run = analysisRun([metric()]);
  const result = reconcileAnalysisRun(run, at(0), {
    evaluate: successRate,
    reports: [{ metricName: 'nope', startedAt: at(0), outcome: { kind: 'value', result: 0.5, value: '0.5' } }],
  });
  assert.deepEqual(result.status.metricResults, []);
  assert.equal(result.status.phase, 'Running');
});

test('reconcile does not change the run it is given', () => {
  const run = analysisRun([metric()]);
  const frozen = structuredClone(run);
  reconcileAnalysisRun(run, at(0), {
    evaluate: successRate,
    reports: [
      { metricName: 'success-rate', startedAt: at(0), outcome: { kind: 'value', result: 0.99, value: '0.99' } },
    ],
  });
  assert.deepEqual(run, frozen);
});

test("a run terminated while a job measurement is in flight ends Inconclusive, as Argo's job provider answers (TestCanaryBackgroundAnalysisLongRunningJob)", () => {
  const run = analysisRun([metric({ name: 'job', count: 1, provider: { job: { spec: {} } } })]);
  const first = reconcileAnalysisRun(run, at(0), { evaluate: successRate });
  const measuring = reconcileAnalysisRun({ ...run, status: first.status }, at(0), {
    evaluate: successRate,
    reports: [{ metricName: 'job', startedAt: at(0), outcome: { kind: 'running', resumeAt: at(10) } }],
  });
  assert.equal(measuring.status.phase, 'Running');
  const terminated = { ...run, spec: { ...run.spec, terminate: true }, status: measuring.status };
  const asked = reconcileAnalysisRun(terminated, at(30), { evaluate: successRate });
  assert.deepEqual(
    asked.due.map((due) => [due.metricName, due.action]),
    [['job', 'terminate']],
  );
  const closed = reconcileAnalysisRun({ ...terminated, status: asked.status }, at(30), {
    evaluate: successRate,
    reports: [{ metricName: 'job', startedAt: at(0), outcome: { kind: 'judged', phase: 'Inconclusive' } }],
  });
  const job = closed.status.metricResults?.[0];
  assert.deepEqual(
    [job?.measurements?.at(-1)?.phase, job?.measurements?.at(-1)?.message],
    ['Inconclusive', 'Metric Terminated'],
  );
  assert.equal(job?.phase, 'Inconclusive');
  assert.equal(closed.status.phase, 'Inconclusive');
});
