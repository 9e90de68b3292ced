// `get rollout` against the local runtime shows a canary's experiment in its tree, under the
// revision that started it, with the experiment's ReplicaSet, its real pods and its AnalysisRun (as
// on a cluster). The experiment's events are kept, and its run's are copied to the rollout's.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Experiment } from '../../../src/api/types/experiment.ts';
import type { LoggedEvent } from '../../../src/runtime/local/controller/event-log.ts';
import type { RolloutDetail } from '../../../src/runtime/local/api/rollout-details.ts';
import { waitFor } from '../../support/ports.ts';
import {
  EXIT_CODE_TEMPLATE,
  startSluice,
  temporaryDir,
  waitForRollout,
  type RunningSluice,
} from '../local/runtime/sluice-run.ts';
import { sluice } from './cli-process.ts';

const ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "sluice/colorapi:1.0", ports: [{containerPort: 8080}]}]
  strategy:
    canary:
      steps:
        - experiment:
            duration: 10m
            templates: [{name: trial, specRef: canary}]
            analyses: [{name: check, templateName: exit-code, args: [{name: code, value: "0"}]}]
        - pause: {}
---
${EXIT_CODE_TEMPLATE}
`;

describe('get rollout with an experiment step on the local runtime', { timeout: 180_000 }, () => {
  let running: RunningSluice;
  let workDir = '';
  const cli = (...args: string[]) => sluice(args, { cwd: workDir });

  before(async () => {
    const manifests = temporaryDir('cli-rollout-experiment');
    writeFileSync(path.join(manifests, 'rollout.yaml'), ROLLOUT);
    workDir = temporaryDir('cli-rollout-experiment-work');
    mkdirSync(path.join(workDir, '.sluice'));
    running = await startSluice([manifests], { stateDir: path.join(workDir, '.sluice') });
    await waitForRollout(running, 'default', 'web', 'the first revision to be Healthy', (d) => {
      return d.rollout.status?.phase === 'Healthy';
    });
  });

  after(async () => {
    await running?.stop();
  });

  it('lists the experiment, its ReplicaSet, its pod and its AnalysisRun under revision 2', async () => {
    const set = await cli('set', 'image', 'web', 'web=sluice/colorapi:2.0');
    assert.equal(set.code, 0, set.stderr);
    const experiment = await waitFor(
      'the experiment to run',
      async () => {
        const { items } = await running.client.get<{ items: Experiment[] }>('/api/v1/experiments/default');
        return items.find((e) => e.status?.phase === 'Running' && e.status.analysisRuns?.[0]?.phase === 'Successful');
      },
      60_000,
    );
    const name = experiment.metadata.name ?? '';
    const shown = await cli('get', 'rollout', 'web');
    assert.equal(shown.code, 0, shown.stderr);
    const revision2 = shown.stdout.split(/\n(?=.*revision:\d)/).find((block) => block.includes('revision:2')) ?? '';
    assert.match(revision2, new RegExp(`Σ ${name} +Experiment +◌ Running`), shown.stdout);
    assert.match(revision2, new RegExp(`⧉ ${name}-trial +ReplicaSet +✔ Healthy`), shown.stdout);
    assert.match(revision2, new RegExp(`□ ${name}-trial-\\w+ +Pod +✔ Running`), shown.stdout);
    assert.match(revision2, new RegExp(`α ${name}-check +AnalysisRun +✔ Successful`), shown.stdout);
    assert.match(shown.stdout, /Σ:trial/, 'the image line names the experiment template');

    const { items: events } = await running.client.get<{ items: LoggedEvent[] }>(
      `/api/v1/experiments/default/${name}/events`,
    );
    const reasons = events.map((e) => `${e.type} ${e.reason}`);
    for (const reason of ['Normal ExperimentPending', 'Normal TemplateRunning', 'Normal ExperimentRunning'])
      assert.ok(reasons.includes(reason), `${reason} in ${reasons.join(', ')}`);
    assert.ok(reasons.includes('Normal AnalysisRunSuccessful'), reasons.join(', '));
    const detail = await running.client.get<RolloutDetail>('/api/v1/rollouts/default/web');
    const copied = detail.events.find((e) => e.reason === 'AnalysisRunSuccessful');
    assert.equal(copied?.type, 'Warning');
    assert.match(copied?.message ?? '', /^AnalysisRun 'check' transitioned from \w+ -> Successful$/);
  });
});
