import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JOB_NAME_LIMIT, jobName } from '../../../../src/analysis/providers/job/provider.ts';

const uid = '5d610152-d78d-4af9-aa6a-81c227ea422c';
const context = (
  attempt: number,
  run: { name: string; namespace: string; uid?: string } = { name: 'r', namespace: 'default', uid },
) => ({ run, attempt, now: () => 0 });

describe('job provider: jobName', () => {
  it('names a job <uid>.<metric>.<n> while that fits in 63 characters', () => {
    assert.equal(jobName(context(1), 'short-job-name'), `${uid}.short-job-name.1`);
  });

  it('shortens the metric part of a name over 63 characters, keeping the uid and the count', () => {
    // Argo's TestJobNameWithTruncation: 36 + 1 + 26 + 1 + 1 = 65 characters before shortening.
    const name = jobName(context(1), 'service-endpoint-reachable');
    assert.equal(name, `${uid}.service-endpoint-reachab.1`);
    assert.equal(name.length, JOB_NAME_LIMIT);
  });

  it('keeps every name within 63 characters, whatever the metric name and count', () => {
    for (const metric of [
      'long-running-job-deadline-metric',
      'this-is-a-very-long-metric-name-that-is-exactly-seventy-characters-long',
    ]) {
      for (const attempt of [1, 9, 10, 123]) {
        const name = jobName(context(attempt), metric);
        assert.equal(name.length, JOB_NAME_LIMIT, name);
        assert.ok(name.startsWith(`${uid}.${metric.slice(0, 3)}`), name);
        assert.ok(name.endsWith(`.${attempt}`), name);
      }
    }
  });

  it('names a run without a uid after its namespace and name (the local runtime)', () => {
    assert.equal(jobName(context(2, { name: 'run', namespace: 'ns' }), 'm'), 'ns.run.m.2');
  });
});
