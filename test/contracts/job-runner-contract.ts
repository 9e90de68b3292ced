// The contract of JobRunner, the port the job metric provider runs measurements through: a job
// started under a name is found by that name, its outcome (succeeded, or failed with a message)
// is read back, a stopped job never reports success and leaves nothing running, a second start
// under the same name keeps the first job, an unknown name is 'not-found' (stopping it is no
// error), and a job whose container can never start (its image cannot be pulled) is 'stuck',
// naming the pod, the container and the reason. Every implementation runs it; a clause it cannot honour goes in `skips` with the reason.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JobMetric } from '../../src/api/types/analysis.ts';
import type { JobRunner, JobState } from '../../src/analysis/providers/job/runner.ts';
import { pollUntil } from '../controlplane/poll.ts';

export type JobOutcome = 'succeeds' | 'fails' | 'runs';

export interface JobRunnerSubject {
  runner: JobRunner;
  /** A job spec that ends as `outcome` once `finish` is called ('runs': keeps running until stopped). */
  job(outcome: JobOutcome): JobMetric;
  /** Lets a started job end as its spec says (a no-op where the job's own command ends it). */
  finish(name: string, outcome: Exclude<JobOutcome, 'runs'>): Promise<void>;
  /** A job whose only container, named `check`, waits forever on an image that cannot be pulled. */
  unpullable?(): JobMetric;
  /** Whether anything of the job still runs (its processes, its pods). */
  stillRunning(name: string): Promise<boolean>;
}

export type JobRunnerClause =
  | 'succeeds'
  | 'fails'
  | 'terminated'
  | 'not-found'
  | 'start-twice'
  | 'stop-ended'
  | 'stuck';

export interface JobRunnerContractOptions {
  name: string;
  create(): Promise<JobRunnerSubject>;
  skips?: Partial<Record<JobRunnerClause, string>>;
  /** How long a job may take to start and to end; default 30 s. */
  timeoutMs?: number;
}

const run = { name: 'contract-run', namespace: 'default', uid: '0b0e1c5e-0000-4000-8000-000000000001' };
let jobs = 0;

export function runJobRunnerContract(options: JobRunnerContractOptions): void {
  const skips = options.skips ?? {};
  const timeoutMs = options.timeoutMs ?? 30_000;
  const clause = (id: JobRunnerClause, title: string, body: () => Promise<void>) => {
    const reason = skips[id];
    if (reason) test(title, { skip: reason }, () => {});
    else test(title, { timeout: timeoutMs * 4 }, body);
  };
  const start = async (subject: JobRunnerSubject, outcome: JobOutcome): Promise<string> => {
    const name = `contract-${process.pid}-${++jobs}.${outcome}.1`.replace(/\./g, '-');
    await subject.runner.start({ name, job: subject.job(outcome), run, metricName: outcome });
    return name;
  };
  const settled = (subject: JobRunnerSubject, name: string, what: string): Promise<JobState> =>
    pollUntil(
      async () => {
        const state = await subject.runner.status(name);
        return state.phase === 'running' ? undefined : state;
      },
      { what, timeoutMs },
    );

  describe(`JobRunner contract: ${options.name}`, () => {
    clause('succeeds', 'a job that succeeds is read back as succeeded', async () => {
      const subject = await options.create();
      const name = await start(subject, 'succeeds');
      assert.notEqual((await subject.runner.status(name)).phase, 'not-found', 'a started job is found at once');
      await subject.finish(name, 'succeeds');
      assert.deepEqual(await settled(subject, name, `job ${name} to end`), { phase: 'succeeded' });
    });

    clause('fails', 'a job that fails is read back as failed, with a message', async () => {
      const subject = await options.create();
      const name = await start(subject, 'fails');
      await subject.finish(name, 'fails');
      const state = await settled(subject, name, `job ${name} to end`);
      assert.equal(state.phase, 'failed');
      assert.ok(
        state.phase === 'failed' && state.message.trim() !== '',
        `a failure says why: ${JSON.stringify(state)}`,
      );
    });

    clause('terminated', 'a stopped job never reports success and leaves nothing running', async () => {
      const subject = await options.create();
      const name = await start(subject, 'runs');
      await pollUntil(async () => subject.stillRunning(name), { what: `job ${name} to run`, timeoutMs });
      assert.equal((await subject.runner.status(name)).phase, 'running');
      await subject.runner.stop(name);
      const state = await settled(subject, name, `job ${name} to stop`);
      assert.ok(
        state.phase === 'failed' || state.phase === 'not-found',
        `a stopped job is failed or gone, not ${JSON.stringify(state)}`,
      );
      await pollUntil(async () => !(await subject.stillRunning(name)), {
        what: `nothing of job ${name} to run`,
        timeoutMs,
      });
      await subject.runner.stop(name);
    });

    clause('not-found', 'an unknown name is not-found, and stopping it is no error', async () => {
      const subject = await options.create();
      assert.deepEqual(await subject.runner.status('contract-never-started'), { phase: 'not-found' });
      await subject.runner.stop('contract-never-started');
    });

    clause('start-twice', 'a second start under the same name keeps the first job', async () => {
      const subject = await options.create();
      const name = await start(subject, 'runs');
      await subject.runner.start({ name, job: subject.job('succeeds'), run, metricName: 'runs' });
      await pollUntil(async () => subject.stillRunning(name), { what: `job ${name} to run`, timeoutMs });
      assert.equal(
        (await subject.runner.status(name)).phase,
        'running',
        'the first (long-running) job is the one kept',
      );
      await subject.runner.stop(name);
      await pollUntil(async () => !(await subject.stillRunning(name)), {
        what: `nothing of job ${name} to run`,
        timeoutMs,
      });
    });

    clause('stop-ended', 'stopping a job that ended is no error and never turns it into a success', async () => {
      const subject = await options.create();
      const name = await start(subject, 'fails');
      await subject.finish(name, 'fails');
      await settled(subject, name, `job ${name} to end`);
      await subject.runner.stop(name);
      assert.notEqual((await subject.runner.status(name)).phase, 'succeeded');
    });

    clause(
      'stuck',
      'a job whose container cannot pull its image is stuck, naming the pod, the container and the reason',
      async () => {
        const subject = await options.create();
        if (!subject.unpullable)
          throw new Error('the subject gives no unpullable job; give one or skip the clause with the reason');
        const name = `contract-${process.pid}-${++jobs}-stuck-1`;
        await subject.runner.start({ name, job: subject.unpullable(), run, metricName: 'stuck' });
        const state = await settled(subject, name, `job ${name} to be stuck`);
        assert.equal(state.phase, 'stuck', JSON.stringify(state));
        if (state.phase !== 'stuck') return;
        assert.equal(state.container, 'check');
        assert.ok(
          ['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName'].includes(state.reason),
          `a terminal waiting reason, not ${state.reason}`,
        );
        assert.ok(state.pod.startsWith(name), `the pod is the job's: ${state.pod}`);
        await subject.runner.stop(name);
        await pollUntil(async () => !(await subject.stillRunning(name)), {
          what: `nothing of job ${name} to run`,
          timeoutMs,
        });
      },
    );
  });
}
