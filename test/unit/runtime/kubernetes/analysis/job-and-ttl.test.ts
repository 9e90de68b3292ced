import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalysisRun } from '../../../../../src/api/types/analysis.ts';
import {
  analysisJob,
  controllerUid,
  type JobObject,
} from '../../../../../src/runtime/kubernetes/analysis/job-naming.ts';
import { jobState, mayWaitOnImage } from '../../../../../src/runtime/kubernetes/analysis/kube-job-runner.ts';
import { ttlExpiry } from '../../../../../src/runtime/kubernetes/analysis/ttl.ts';

describe('analysis jobs', () => {
  it('builds the Job with Argo labels, annotations and controller owner, keeping the metric metadata', () => {
    const job = analysisJob('uid-1.smoke.2', { name: 'run', namespace: 'ns', uid: 'uid-1' }, 'smoke', {
      metadata: { labels: { team: 'a' }, annotations: { note: 'n' } },
      spec: { backoffLimit: 0 },
    });
    assert.deepEqual(job.metadata.labels, { team: 'a', 'analysisrun.argoproj.io/uid': 'uid-1' });
    assert.deepEqual(job.metadata.annotations, {
      note: 'n',
      'analysisrun.argoproj.io/name': 'run',
      'analysisrun.argoproj.io/metric-name': 'smoke',
    });
    assert.equal(controllerUid(job), 'uid-1');
    assert.deepEqual(job.spec, { backoffLimit: 0 });
  });

  it('reads the outcome from the Complete and Failed conditions', () => {
    const table: Array<[JobObject['status'], string, RegExp?]> = [
      [undefined, 'running'],
      [{ active: 1 }, 'running'],
      [{ conditions: [{ type: 'Complete', status: 'True' }] }, 'succeeded'],
      [{ conditions: [{ type: 'Complete', status: 'False' }] }, 'running'],
      [
        {
          conditions: [
            {
              type: 'Failed',
              status: 'True',
              reason: 'BackoffLimitExceeded',
              message: 'Job has reached the specified backoff limit',
            },
          ],
        },
        'failed',
        /job j failed: BackoffLimitExceeded: Job has reached/,
      ],
    ];
    for (const [status, phase, message] of table) {
      const state = jobState({
        metadata: { name: 'j', namespace: 'ns', uid: 'u', resourceVersion: '1' },
        ...(status ? { status } : {}),
      });
      assert.equal(state.phase, phase);
      if (message) assert.match(state.phase === 'failed' ? state.message : '', message);
    }
  });

  it('looks at the pods of a running Job only when one of its active pods is not ready', () => {
    const job = (status: { active?: number; ready?: number } | undefined) =>
      mayWaitOnImage({
        metadata: { name: 'j', namespace: 'ns', uid: 'u', resourceVersion: '1' },
        ...(status ? { status } : {}),
      });
    assert.equal(job(undefined), false, 'no pod yet');
    assert.equal(job({ active: 0, ready: 0 }), false);
    assert.equal(job({ active: 1, ready: 1 }), false, 'its pod runs ready');
    assert.equal(job({ active: 1, ready: 0 }), true, 'its pod is not ready: it may wait on its image');
    assert.equal(job({ active: 2, ready: 1 }), true);
    assert.equal(job({ active: 1 }), true, 'an API server that does not count ready pods');
  });
});

describe('ttlStrategy', () => {
  it('picks secondsAfterSuccess / secondsAfterFailure over secondsAfterCompletion, from completedAt', () => {
    const at = Date.parse('2025-01-01T00:00:00Z');
    const run = (
      phase: string,
      ttl: AnalysisRun['spec']['ttlStrategy'],
      completedAt: string | undefined = '2025-01-01T00:00:00Z',
    ) =>
      // A partial AnalysisRun: the TTL reads only the strategy and the completion.
      ({
        metadata: {},
        spec: { metrics: [], ttlStrategy: ttl },
        status: { phase, ...(completedAt ? { completedAt } : {}) },
      }) as unknown as AnalysisRun;
    const table: Array<[AnalysisRun, number | undefined]> = [
      [run('Successful', { secondsAfterCompletion: 10 }), at + 10_000],
      [run('Successful', { secondsAfterCompletion: 10, secondsAfterSuccess: 3 }), at + 3_000],
      [run('Failed', { secondsAfterCompletion: 10, secondsAfterFailure: 5, secondsAfterSuccess: 3 }), at + 5_000],
      [run('Error', { secondsAfterCompletion: 7 }), at + 7_000],
      [run('Running', { secondsAfterCompletion: 7 }), undefined],
      [run('Successful', undefined), undefined],
      [run('Successful', { secondsAfterCompletion: 7 }, ''), undefined],
    ];
    for (const [input, expected] of table) assert.equal(ttlExpiry(input), expected);
  });
});

describe('status comparison', () => {
  it('ignores key order (the API server sorts keys) but not values', async () => {
    const { sameJson } = await import('../../../../../src/runtime/kubernetes/analysis/status-writer.ts');
    assert.equal(
      sameJson(
        { phase: 'Running', metricResults: [{ name: 'a', count: 1 }] },
        { metricResults: [{ count: 1, name: 'a' }], phase: 'Running' },
      ),
      true,
    );
    assert.equal(sameJson({ phase: 'Running' }, { phase: 'Successful' }), false);
    assert.equal(sameJson(undefined, {}), true);
    assert.equal(sameJson({ list: [1, 2] }, { list: [2, 1] }), false);
  });
});
