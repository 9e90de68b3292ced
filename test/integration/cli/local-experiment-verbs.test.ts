// The experiment verbs against the local runtime (`sluice run`), with a real Experiment running as
// local pods: list experiments shows it Running, get experiment its tree, terminate experiment
// ends it Successful, retry experiment runs it again from the start; create -f creates one.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Experiment } from '../../../src/api/types/experiment.ts';
import { waitFor } from '../../support/ports.ts';
import { startSluice, temporaryDir, type RunningSluice } from '../local/runtime/sluice-run.ts';
import { sluice } from './cli-process.ts';

const EXPERIMENT = `apiVersion: argoproj.io/v1alpha1
kind: Experiment
metadata:
  name: trial
spec:
  scaleDownDelaySeconds: 0
  templates:
    - name: candidate
      selector: {matchLabels: {app: candidate}}
      template:
        metadata: {labels: {app: candidate}}
        spec:
          containers: [{name: web, image: "sluice/colorapi:1.0", ports: [{containerPort: 8080}]}]
`;

describe('experiment verbs against the local runtime', { timeout: 180_000 }, () => {
  let running: RunningSluice;
  let workDir = '';
  const cli = (...args: string[]) => sluice(args, { cwd: workDir });
  const phase = async () =>
    (await running.client.get<Experiment>('/api/v1/experiments/default/trial')).status?.phase ?? '';

  before(async () => {
    const manifests = temporaryDir('cli-experiment');
    writeFileSync(path.join(manifests, 'experiment.yaml'), EXPERIMENT);
    workDir = temporaryDir('cli-experiment-verbs');
    mkdirSync(path.join(workDir, '.sluice'));
    running = await startSluice([manifests], { stateDir: path.join(workDir, '.sluice') });
  });

  after(async () => {
    await running?.stop();
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
        const experiment = await running.client.get<Experiment>('/api/v1/experiments/default/trial');
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
        const experiment = await running.client.get<Experiment>('/api/v1/experiments/default/trial');
        return experiment.status?.phase === 'Successful' && !experiment.status.availableAt ? experiment : undefined;
      },
      60_000,
    );
    assert.equal(again.status?.templateStatuses?.[0]?.status, 'Successful');
  });

  it('create -f creates an experiment, which runs, and refuses it a second time', async () => {
    const file = path.join(workDir, 'created.yaml');
    writeFileSync(file, EXPERIMENT.replace('name: trial', 'name: created'));
    const created = await cli('create', '-f', file);
    assert.deepEqual(
      [created.code, created.stdout, created.stderr],
      [0, 'experiment.argoproj.io/created created\n', ''],
    );
    await waitFor(
      'the created experiment to run',
      async () =>
        (await running.client.get<Experiment>('/api/v1/experiments/default/created')).status?.phase === 'Running'
          ? true
          : undefined,
      60_000,
    );
    const again = await cli('create', '-f', file);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);
    const watched = await cli('create', '-f', file, '-w');
    assert.match(watched.stderr, /-w watches a Rollout, not an Experiment/);
  });
});
