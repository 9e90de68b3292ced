// `get experiment` output: the header (name, namespace, status, message, images with their
// template) and the tree of the Experiment, its ReplicaSets and pods, its AnalysisRuns, with the
// glyphs and columns of `get rollout`'s tree, as Argo's plugin prints it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnalysisRun } from '../../../../src/api/types/analysis.ts';
import type { Experiment } from '../../../../src/api/types/experiment.ts';
import { stripAnsi } from '../../../../src/cli/render/ansi.ts';
import { renderExperimentTree } from '../../../../src/cli/render/experiment-tree.ts';
import type { Pod, ReplicaSetInput } from '../../../../src/view/inputs.ts';
import { experimentTreeView, type ExperimentTreeInput } from '../../../../src/view/experiment-tree.ts';
import { NOW, ago, analysisRun, pod, replicaSet, rollout, webcheck } from '../../view/fixtures/objects.ts';

const NAME = 'colorapi-7d458c8cd8-2-1';

function experiment(phase: NonNullable<Experiment['status']>['phase'], message?: string): Experiment {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Experiment',
    metadata: { name: NAME, namespace: 'default', uid: 'uid-exp', creationTimestamp: ago(120) },
    spec: { templates: [] },
    status: { phase, ...(message ? { message } : {}) },
  };
}

const owner = rollout('colorapi', { strategy: { canary: {} } }, {});
const ownedByExperiment = [
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'Experiment', name: NAME, uid: 'uid-exp', controller: true },
];

function templateReplicaSet(hash: string, template: string, image: string, desired: number): ReplicaSetInput {
  const rs = replicaSet(owner, hash, { revision: 2, image, desired, createdSecondsAgo: 110 });
  rs.metadata.name = `${NAME}-${template}`;
  rs.metadata.uid = `uid-rs-${template}`;
  rs.metadata.ownerReferences = ownedByExperiment;
  rs.metadata.annotations = { 'experiment.argoproj.io/template-name': template };
  return rs;
}

function experimentRun(): AnalysisRun {
  const run = analysisRun(owner, `${NAME}-check`, {
    revision: 2,
    phase: 'Running',
    createdSecondsAgo: 100,
    metrics: [{ metric: webcheck(), result: { name: 'webcheck', phase: 'Running', successful: 2, count: 2 } }],
  });
  run.metadata.ownerReferences = ownedByExperiment;
  return run;
}

function running(): ExperimentTreeInput {
  const baseline = templateReplicaSet('b', 'baseline', 'particule/simplecolorapi:1.0', 1);
  const canary = templateReplicaSet('c', 'canary', 'particule/simplecolorapi:2.0', 1);
  const pods: Pod[] = [pod(baseline, 'x1', 100), pod(canary, 'y1', 100, { kind: 'creating' })];
  return { replicaSets: [baseline, canary], pods, analysisRuns: [experimentRun()] };
}

const cases: Array<{ name: string; experiment: Experiment; objects: ExperimentTreeInput; want: string }> = [
  {
    name: 'running: two templates with their pods, and an analysis',
    experiment: experiment('Running'),
    objects: running(),
    want: `Name:            ${NAME}
Namespace:       default
Status:          ◌ Running
Images:          particule/simplecolorapi:1.0 (Σ:baseline)
                 particule/simplecolorapi:2.0 (Σ:canary)

NAME                                         KIND         STATUS               AGE   INFO
Σ ${NAME}                    Experiment   ◌ Running            2m
├──⧉ ${NAME}-baseline        ReplicaSet   ✔ Healthy            110s
│  └──□ ${NAME}-baseline-x1  Pod          ✔ Running            100s  ready:1/1
├──⧉ ${NAME}-canary          ReplicaSet   ✔ Healthy            110s
│  └──□ ${NAME}-canary-y1    Pod          ◌ ContainerCreating  100s  ready:0/1
└──α ${NAME}-check           AnalysisRun  ◌ Running            100s  ✔ 2
`,
  },
  {
    name: 'failed with a message, nothing left running: no images',
    experiment: experiment('Failed', 'Metric "webcheck" assessed Failed'),
    objects: { replicaSets: [], pods: [], analysisRuns: [] },
    want: `Name:            ${NAME}
Namespace:       default
Status:          ✖ Failed
Message:         Metric "webcheck" assessed Failed

NAME                       KIND        STATUS    AGE  INFO
Σ ${NAME}  Experiment  ✖ Failed  2m
`,
  },
];

for (const { name, experiment: object, objects, want } of cases) {
  test(`get experiment: ${name}`, () => {
    const view = experimentTreeView(object, objects, NOW);
    assert.equal(renderExperimentTree(view, { color: false }), want);
    const coloured = renderExperimentTree(view, { color: true });
    assert.notEqual(coloured, want, 'colour output carries ANSI codes');
    assert.equal(stripAnsi(coloured), want, 'colour changes nothing but the escape codes');
  });
}

test('get experiment: objects of another owner are not in the tree', () => {
  const objects = running();
  const stranger = replicaSet(owner, 'zzz', { revision: 1, image: 'other:1', desired: 1, createdSecondsAgo: 5 });
  objects.replicaSets.push(stranger);
  const text = renderExperimentTree(experimentTreeView(experiment('Running'), objects, NOW), { color: false });
  assert.doesNotMatch(text, /colorapi-zzz|other:1/);
});
