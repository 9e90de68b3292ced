// `get experiment` against the local runtime, for a standalone Experiment with a template and an
// analysis: the header and tree as Argo's plugin prints them (the Experiment, its ReplicaSet with
// its real pod, its AnalysisRun and its Job), --no-color, -o yaml, and -w redrawing as the experiment changes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startExperimentRuntime, TRIAL_EXPERIMENT, type ExperimentRuntime } from '../../support/local-experiment.ts';
import { waitFor } from '../../support/ports.ts';
import { EXIT_CODE_TEMPLATE } from '../local/runtime/sluice-run.ts';
import { sluiceWatching } from './cli-process.ts';

const EXPERIMENT = `${TRIAL_EXPERIMENT}  analyses:
    - name: check
      templateName: exit-code
      args: [{name: code, value: "0"}]
---
${EXIT_CODE_TEMPLATE}
`;

describe('get experiment against the local runtime', { timeout: 180_000 }, () => {
  let runtime: ExperimentRuntime;
  const cli = (...args: string[]) => runtime.cli(...args);

  before(async () => {
    runtime = await startExperimentRuntime('cli-get-experiment', EXPERIMENT);
    await waitFor(
      'the experiment to run with its analysis done',
      async () => {
        const { status } = await runtime.experiment();
        return status?.phase === 'Running' && status.analysisRuns?.[0]?.phase === 'Successful' ? true : undefined;
      },
      60_000,
    );
  });

  after(async () => {
    await runtime?.running.stop();
  });

  it('prints the header and the tree of the experiment, its ReplicaSet and pod, its AnalysisRun', async () => {
    const shown = await cli('get', 'experiment', 'trial', '--no-color');
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^Name: +trial\nNamespace: +default\nStatus: +◌ Running\n/);
    assert.match(shown.stdout, /\nImages: +sluice\/colorapi:1\.0 \(Σ:candidate\)\n/);
    assert.match(shown.stdout, /\n\nNAME +KIND +STATUS +AGE +INFO\nΣ trial +Experiment +◌ Running +\S+\n/);
    assert.match(shown.stdout, /\n├──⧉ trial-candidate +ReplicaSet +✔ Healthy +\d+s\n/);
    assert.match(shown.stdout, /\n│  └──□ trial-candidate-\w+ +Pod +✔ Running +\S+ +ready:1\/1\n/);
    assert.match(shown.stdout, /\n└──α trial-check +AnalysisRun +✔ Successful +\S+ +✔ 1\n/);
    assert.match(shown.stdout, /\n   └──⊞ \S+ +Job +✔ Successful /, 'the Job of the run, under it');
    assert.doesNotMatch(shown.stdout, /\x1b/, '--no-color (and a pipe) prints no escape codes');

    const yaml = await cli('get', 'experiment', 'trial', '-o', 'yaml');
    assert.equal(yaml.code, 0, yaml.stderr);
    assert.match(yaml.stdout, /^apiVersion: argoproj.io\/v1alpha1\nkind: Experiment\n/);

    const missing = await cli('get', 'experiment', 'nothing');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /experiment nothing not found in namespace default/);
  });

  it('-w redraws the tree as the experiment changes, until Ctrl-C', async () => {
    // Once the first frame shows it running, the experiment is terminated: the watch must redraw it Successful.
    let terminate: Promise<unknown> | undefined;
    const watched = await sluiceWatching(
      ['get', 'experiment', 'trial', '-w'],
      (stdout) => {
        if (!terminate && /Status: +◌ Running/.test(stdout)) terminate = cli('terminate', 'experiment', 'trial');
        return /Σ trial +Experiment +✔ Successful/.test(stdout);
      },
      { cwd: runtime.workDir },
    );
    await terminate;
    assert.equal(watched.code, 0, watched.stderr);
    assert.ok(
      watched.stdout.indexOf('◌ Running') < watched.stdout.indexOf('✔ Successful'),
      'running first, then successful',
    );
  });
});
