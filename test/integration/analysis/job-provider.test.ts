// The job provider with the local runner: real processes, a state directory that outlives the
// runner (a restarted runtime), termination.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { JobProvider, LocalJobRunner, standardProviders } from '../../../src/analysis/providers/index.ts';
import type { AnalysisRun, Metric } from '../../../src/api/types/analysis.ts';
import { driveAnalysisRun } from '../../../src/runtime/analysis/run-loop.ts';
import { analysisRun, metric } from '../../support/metrics.ts';
import { waitFor } from '../../support/ports.ts';
import { contextFor, inFlight, providerContract, settle } from './provider-contract.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'sluice-job-test-'));
const stateDir = path.join(root, 'state');
const started: Array<{ runner: LocalJobRunner; name: string }> = [];

after(async () => {
  for (const { runner, name } of started) await runner.stop(name);
  rmSync(root, { recursive: true, force: true });
});

/** A job metric running `script` with sh. */
function shellJob(name: string, script: string, spec: Record<string, unknown> = {}): Metric {
  return metric(name, {
    job: {
      spec: {
        backoffLimit: 0,
        ...spec,
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [{ name: 'test', image: 'busybox', command: ['sh', '-c', script] }],
          },
        },
      },
    },
  });
}

function provider(): JobProvider {
  return new JobProvider({ runner: new LocalJobRunner(stateDir), pollIntervalMs: 100 });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

providerContract({
  name: 'job (local runner)',
  create: provider,
  okMetric: () => shellJob('ok', 'sleep 0.3'),
  brokenMetric: () =>
    metric('broken', { job: { spec: { template: { spec: { containers: [{ name: 'x', image: 'busybox' }] } } } } }),
  skips: { timeout: 'a job has no request timeout; activeDeadlineSeconds bounds it (tested below)' },
});

describe('job provider (local runner)', () => {
  it('explains why a container without a command cannot run locally', async () => {
    const report = await provider().measure(
      metric('image-only', {
        job: { spec: { template: { spec: { containers: [{ name: 'x', image: 'busybox' }] } } } },
      }),
      contextFor(),
    );
    assert.ok(
      report.outcome.kind === 'error' &&
        /container "x" has no command: the local runtime runs a job container's command/.test(report.outcome.message),
      JSON.stringify(report.outcome),
    );
  });

  it('gives Failed with the exit code and the last output line', async () => {
    const jobs = provider();
    const m = shellJob('fails', 'echo checking; echo "error: 3 of 10 requests failed" >&2; exit 3');
    const report = await settle(jobs, m, await jobs.measure(m, contextFor()));
    assert.equal(report.outcome.kind === 'judged' && report.outcome.phase, 'Failed');
    assert.match(
      report.message ?? '',
      /container "test" exited with code 3.*last output: error: 3 of 10 requests failed/,
    );
  });

  it('retries a failed attempt backoffLimit times', async () => {
    const counter = path.join(root, 'attempts');
    const jobs = provider();
    const m = shellJob('retries', `echo x >> ${counter}; exit 1`, { backoffLimit: 2 });
    const report = await settle(jobs, m, await jobs.measure(m, contextFor()));
    assert.equal(report.outcome.kind === 'judged' && report.outcome.phase, 'Failed');
    assert.equal(readFileSync(counter, 'utf8').trim().split('\n').length, 3);
    assert.match(report.message ?? '', /after 3 attempt/);
  });

  it('fails a job past activeDeadlineSeconds', async () => {
    const jobs = provider();
    const m = shellJob('deadline', 'sleep 30', { activeDeadlineSeconds: 1 });
    const report = await settle(jobs, m, await jobs.measure(m, contextFor()), 10_000);
    assert.equal(report.outcome.kind === 'judged' && report.outcome.phase, 'Failed');
    assert.match(report.message ?? '', /activeDeadlineSeconds \(1\)/);
  });

  it('terminate stops the job and its processes', async () => {
    const pidFile = path.join(root, 'long.pid');
    const runner = new LocalJobRunner(stateDir);
    const jobs = new JobProvider({ runner, pollIntervalMs: 100 });
    const m = shellJob('long', `echo $$ > ${pidFile}; exec sleep 60`);
    const report = await jobs.measure(m, contextFor());
    started.push({ runner, name: report.metadata?.['job-name'] ?? '' });
    const pid = await waitFor('the job to write its pid', async () =>
      existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== ''
        ? Number(readFileSync(pidFile, 'utf8'))
        : undefined,
    );
    assert.ok(processAlive(pid));
    const stopped = await jobs.terminate(m, inFlight(report), contextFor());
    assert.deepEqual(
      stopped.outcome,
      { kind: 'judged', phase: 'Inconclusive' },
      'a job stopped before it finished judged nothing (Argo)',
    );
    await waitFor('the job process to end', async () => (processAlive(pid) ? undefined : true), 10_000);
    const again = await provider().terminate(m, inFlight(report), contextFor());
    assert.deepEqual(again.outcome, { kind: 'judged', phase: 'Inconclusive' });
  });

  it('a run survives a restart of the runtime and resumes watching the same job', async () => {
    const gate = path.join(root, 'gate');
    const starts = path.join(root, 'starts');
    const template = shellJob('smoke-test', `echo started >> ${starts}; while [ ! -f ${gate} ]; do sleep 0.05; done`);
    let persisted: AnalysisRun | undefined;
    const stop = new AbortController();
    const firstRuntime = driveAnalysisRun(analysisRun([template], 'restartable'), {
      providers: standardProviders({ jobRunner: new LocalJobRunner(stateDir), jobPollIntervalMs: 50 }),
      persist: (run) => {
        persisted = run;
        if (run.status?.metricResults?.[0]?.measurements?.[0]?.phase === 'Running') stop.abort();
      },
      stop: stop.signal,
    });
    const left = await firstRuntime;
    assert.equal(left.status?.phase, 'Running');
    const jobName = persisted?.status?.metricResults?.[0]?.measurements?.[0]?.metadata?.['job-name'];
    assert.equal(jobName, 'default.restartable.smoke-test.1');
    writeFileSync(gate, '');
    const secondRuntime = await driveAnalysisRun(persisted as AnalysisRun, {
      providers: standardProviders({ jobRunner: new LocalJobRunner(stateDir), jobPollIntervalMs: 50 }),
    });
    assert.equal(secondRuntime.status?.phase, 'Successful');
    const measurement = secondRuntime.status?.metricResults?.[0]?.measurements?.[0];
    assert.equal(measurement?.phase, 'Successful');
    assert.equal(measurement?.metadata?.['job-name'], jobName);
    assert.equal(readFileSync(starts, 'utf8').trim().split('\n').length, 1, 'the job ran once');
  });
});
