// Whole AnalysisRuns driven by the run loop against real local servers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { standardProviders } from '../../../src/analysis/providers/index.ts';
import type { AnalysisRun, Measurement } from '../../../src/api/types/analysis.ts';
import { driveAnalysisRun } from '../../../src/runtime/analysis/run-loop.ts';
import { fastForwardClock } from '../../support/clock.ts';
import { analysisRun, metric } from '../../support/metrics.ts';
import { sequence, startWebServer, type TestServer } from '../../support/web-server.ts';

let server: TestServer;
before(async () => {
  server = await startWebServer(sequence({ json: { ok: true } }, { json: { ok: true } }, { json: { ok: false } }));
});
after(() => server.close());

const webMetric = (name: string, fields: Record<string, unknown> = {}) =>
  metric(
    name,
    { web: { url: `${server.url}/status`, jsonPath: '{$.ok}' } },
    { successCondition: 'result == true', ...fields },
  );

describe('run loop', () => {
  it('fails a run once the server turns nok past failureLimit, showing each measurement', async () => {
    const shown: string[] = [];
    const persisted: AnalysisRun[] = [];
    const run = await driveAnalysisRun(analysisRun([webMetric('health', { interval: '5s', failureLimit: 1 })]), {
      providers: standardProviders(),
      clock: fastForwardClock(),
      onMeasurement: ({ metricName, measurement }) =>
        shown.push(`${metricName} ${measurement.phase} ${measurement.value}`),
      persist: (snapshot) => {
        persisted.push(snapshot);
      },
    });
    assert.equal(run.status?.phase, 'Failed');
    assert.deepEqual(shown, [
      'health Successful true',
      'health Successful true',
      'health Failed false',
      'health Failed false',
    ]);
    assert.match(run.status?.message ?? '', /failed \(2\) > failureLimit \(1\)/);
    assert.equal(persisted.at(-1)?.status?.phase, 'Failed');
  });

  it('gives an Error measurement naming an unsupported provider, then an Error run', async () => {
    const run = await driveAnalysisRun(
      analysisRun([metric('dd', { datadog: { query: 'avg:x' } }, { consecutiveErrorLimit: 1 })]),
      { providers: standardProviders(), clock: fastForwardClock() },
    );
    assert.equal(run.status?.phase, 'Error');
    const measurements = run.status?.metricResults?.[0]?.measurements ?? [];
    assert.equal(measurements.length, 2);
    assert.match(
      measurements[0]?.message ?? '',
      /metric provider "datadog" is not supported by sluice; supported providers: prometheus, web/,
    );
  });

  it('gives Error for a condition that reads a missing field, with the evaluator message', async () => {
    const run = await driveAnalysisRun(
      analysisRun([
        metric(
          'shape',
          { web: { url: `${server.url}/status` } },
          { successCondition: 'result.data.ok == true', consecutiveErrorLimit: 0 },
        ),
      ]),
      { providers: standardProviders(), clock: fastForwardClock() },
    );
    assert.equal(run.status?.phase, 'Error');
    const last: Measurement | undefined = run.status?.metricResults?.[0]?.measurements?.at(-1);
    assert.equal(last?.phase, 'Error');
    assert.ok((last?.message ?? '').length > 0);
  });

  it('terminates a run on request: running metrics end Successful', async () => {
    const terminate = new AbortController();
    const run = await driveAnalysisRun(
      analysisRun([metric('forever', { web: { url: `${server.url}/status` } }, { interval: '1s' })]),
      {
        providers: standardProviders(),
        clock: fastForwardClock(),
        terminate: terminate.signal,
        onMeasurement: () => terminate.abort(),
      },
    );
    assert.equal(run.status?.phase, 'Successful');
    assert.equal(run.spec.terminate, true);
    assert.equal(run.status?.message, 'Run Terminated');
  });
  it('gives now() in a condition the time of the pass that judges it', async () => {
    // The clock runs a year ahead: a condition comparing now() with a date between the two only holds by the run loop's clock.
    const yearAhead = 365 * 24 * 3600 * 1000;
    const clock = { now: () => Date.now() + yearAhead, sleep: async () => undefined };
    const between = new Date(Date.now() + yearAhead / 2).toISOString();
    const run = await driveAnalysisRun(
      analysisRun([webMetric('clock', { successCondition: `now() > date("${between}")` })]),
      { providers: standardProviders(), clock },
    );
    assert.equal(run.status?.phase, 'Successful', JSON.stringify(run.status?.metricResults));
  });
});
