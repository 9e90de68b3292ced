// `get experiment` against the local runtime, for a standalone Experiment with a template and an
// analysis: the header and tree as Argo's plugin prints them (the Experiment, its ReplicaSet with
// its real pod, its AnalysisRun and its Job), --no-color, -o yaml, and -w redrawing as the experiment changes.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Experiment } from '../../../src/api/types/experiment.ts';
import { waitFor } from '../../support/ports.ts';
import { EXIT_CODE_TEMPLATE, startSluice, temporaryDir, type RunningSluice } from '../local/runtime/sluice-run.ts';
import { sluice, sluiceWatching } from './cli-process.ts';

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
  analyses:
    - name: check
      templateName: exit-code
      args: [{name: code, value: "0"}]
---
${EXIT_CODE_TEMPLATE}
`;

describe('get experiment against the local runtime', { timeout: 180_000 }, () => {
  let running: RunningSluice;
  let workDir = '';
  const cli = (...args: string[]) => sluice(args, { cwd: workDir });
  const experiment = () => running.client.get<Experiment>('/api/v1/experiments/default/trial');

  before(async () => {
    const manifests = temporaryDir('cli-get-experiment');
    writeFileSync(path.join(manifests, 'experiment.yaml'), EXPERIMENT);
    workDir = temporaryDir('cli-get-experiment-work');
    mkdirSync(path.join(workDir, '.sluice'));
    running = await startSluice([manifests], { stateDir: path.join(workDir, '.sluice') });
    await waitFor(
      'the experiment to run with its analysis done',
      async () => {
        const { status } = await experiment();
        return status?.phase === 'Running' && status.analysisRuns?.[0]?.phase === 'Successful' ? true : undefined;
      },
      60_000,
    );
  });

  after(async () => {
    await running?.stop();
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
      { cwd: workDir },
    );
    await terminate;
    assert.equal(watched.code, 0, watched.stderr);
    assert.ok(
      watched.stdout.indexOf('◌ Running') < watched.stdout.indexOf('✔ Successful'),
      'running first, then successful',
    );
  });
});
