// The job provider over a JobRunner that reports set states: how each state of the job becomes
// the measurement (a container that can never start ends it Inconclusive, with Argo's message).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JOB_NAME_KEY, JobProvider } from '../../../../src/analysis/providers/job/provider.ts';
import type { JobRunner, JobState } from '../../../../src/analysis/providers/job/runner.ts';
import type { Measurement, Metric } from '../../../../src/api/types/analysis.ts';

const metric: Metric = {
  name: 'check',
  provider: {
    job: { spec: { template: { spec: { containers: [{ name: 'check', image: 'registry.local/check:error' }] } } } },
  },
} as Metric;
const context = { run: { name: 'run', namespace: 'default', uid: 'uid-1' }, attempt: 1, now: () => 5_000 };
const measurement: Measurement = {
  phase: 'Running',
  startedAt: new Date(1_000).toISOString(),
  metadata: { [JOB_NAME_KEY]: 'uid-1.check.1' },
};

function runnerReporting(state: JobState): JobRunner {
  return { start: async () => {}, status: async () => state, stop: async () => {} };
}

describe('job provider: resuming a measurement', () => {
  it('ends it Inconclusive, with the pod, container and reason, when a container can never start', async () => {
    const provider = new JobProvider({
      runner: runnerReporting({
        phase: 'stuck',
        pod: 'uid-1.check.1-x7k2p',
        container: 'check',
        reason: 'ImagePullBackOff',
        message: 'Back-off pulling image "registry.local/check:error"',
      }),
    });
    const report = await provider.resume(metric, measurement, context);
    assert.deepEqual(report, {
      metricName: 'check',
      startedAt: 1_000,
      finishedAt: 5_000,
      outcome: { kind: 'judged', phase: 'Inconclusive' },
      message:
        'Pod uid-1.check.1-x7k2p, container check has terminal error (ImagePullBackOff): Back-off pulling image "registry.local/check:error"\n',
      metadata: { [JOB_NAME_KEY]: 'uid-1.check.1' },
    });
  });

  it('keeps a running job Running', async () => {
    const report = await new JobProvider({ runner: runnerReporting({ phase: 'running' }), pollIntervalMs: 100 }).resume(
      metric,
      measurement,
      context,
    );
    assert.deepEqual(report.outcome, { kind: 'running', resumeAt: 5_100 });
  });

  it('judges a job that ended: succeeded is Successful, failed is Failed with its message', async () => {
    const succeeded = await new JobProvider({ runner: runnerReporting({ phase: 'succeeded' }) }).resume(
      metric,
      measurement,
      context,
    );
    assert.deepEqual(succeeded.outcome, { kind: 'judged', phase: 'Successful' });
    const failed = await new JobProvider({
      runner: runnerReporting({ phase: 'failed', message: 'job failed: BackoffLimitExceeded' }),
    }).resume(metric, measurement, context);
    assert.deepEqual(
      [failed.outcome, failed.message],
      [{ kind: 'judged', phase: 'Failed' }, 'job failed: BackoffLimitExceeded'],
    );
  });
});
