// The experiment verbs against the local runtime (`sluice run`), with a real Experiment running as
// local pods: list experiments shows it Running, get experiment its tree, terminate experiment
// ends it Successful, retry experiment runs it again from the start; create -f creates one.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startExperimentRuntime, TRIAL_EXPERIMENT, type ExperimentRuntime } from '../../support/local-experiment.ts';
import { waitFor } from '../../support/ports.ts';

describe('experiment verbs against the local runtime', { timeout: 180_000 }, () => {
  let runtime: ExperimentRuntime;
  const cli = (...args: string[]) => runtime.cli(...args);
  const phase = async () => (await runtime.experiment()).status?.phase ?? '';

  before(async () => {
    runtime = await startExperimentRuntime('cli-experiment-verbs', TRIAL_EXPERIMENT);
  });

  after(async () => {
    await runtime?.running.stop();
  });

  it('lists, shows, terminates and retries an experiment', async () => {
    await waitFor('the experiment to run', async () => ((await phase()) === 'Running' ? true : undefined), 60_000);
    const listed = await cli('list', 'experiments');
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^NAME +STATUS +DURATION +REMAINING +AGE\ntrial +Running +- +- +\S+\n$/);
    const shown = await cli('get', 'experiment', 'trial');
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /\nΣ trial +Experiment +◌ Running/);
    assert.match(shown.stdout, /\n└──⧉ trial-candidate +ReplicaSet /);

    const terminated = await cli('terminate', 'experiment', 'trial');
    assert.deepEqual([terminated.code, terminated.stdout], [0, "experiment 'trial' terminated\n"]);
    const ended = await waitFor(
      'the experiment to end',
      async () => {
        const experiment = await runtime.experiment();
        return experiment.status?.phase === 'Successful' ? experiment : undefined;
      },
      60_000,
    );
    assert.ok(ended.status?.availableAt, 'it ran before it was terminated');

    const retried = await cli('retry', 'experiment', 'trial');
    assert.deepEqual([retried.code, retried.stdout], [0, "experiment 'trial' retried\n"]);
    // The status is cleared; spec.terminate stays, so it is judged again from the start and ends at
    // once (as Argo's): Successful, never available this time.
    const again = await waitFor(
      'the experiment to be judged again',
      async () => {
        const experiment = await runtime.experiment();
        return experiment.status?.phase === 'Successful' && !experiment.status.availableAt ? experiment : undefined;
      },
      60_000,
    );
    assert.equal(again.status?.templateStatuses?.[0]?.status, 'Successful');
  });

  it('create -f creates an experiment, which runs, and refuses it a second time', async () => {
    const file = path.join(runtime.workDir, 'created.yaml');
    writeFileSync(file, TRIAL_EXPERIMENT.replace('name: trial', 'name: created'));
    const created = await cli('create', '-f', file);
    assert.deepEqual(
      [created.code, created.stdout, created.stderr],
      [0, 'experiment.argoproj.io/created created\n', ''],
    );
    await waitFor(
      'the created experiment to run',
      async () => ((await runtime.experiment('created')).status?.phase === 'Running' ? true : undefined),
      60_000,
    );
    const again = await cli('create', '-f', file);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);
    const watched = await cli('create', '-f', file, '-w');
    assert.match(watched.stderr, /-w watches a Rollout, not an Experiment/);
  });
});
