// A pass creates an AnalysisRun and its status write is lost (the create's answer lost, a
// conflict): the next pass takes the run back, as Argo's CreateWithCollisionCounter does, instead
// of stopping it and making `<name>.1`. With decideAhead the creating pass also moved to the
// analysis step, so the status the next pass reads is a step behind the run: the run is left
// running until the step comes, then taken back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decide } from '../../../../src/engine/decide.ts';
import { decideAhead } from '../../../../src/engine/look-ahead.ts';
import { SimulatedCluster, canaryRollout } from '../harness/index.ts';

for (const [name, decider] of [
  ['decide', decide],
  ['decideAhead', decideAhead],
] as const) {
  test(`${name}: a step run whose creating pass lost its status write is taken back, not replaced`, () => {
    const steps = [{ setWeight: 20 }, { analysis: { templates: [{ templateName: 'rate' }] } }, { setWeight: 60 }];
    const cluster = new SimulatedCluster(canaryRollout({ replicas: 5, steps }), { decide: decider });
    cluster.settle();
    cluster.setImage('app:2');
    for (let pass = 0; pass < 40 && cluster.analysisRuns.size === 0; pass++) {
      const next = decider(cluster.observe(), cluster.now);
      if (next.actions.some((action) => action.type === 'createAnalysisRun')) {
        cluster.reconcileWithStatusRefused();
      } else {
        cluster.reconcile();
        cluster.now += 1000;
      }
    }
    const [run] = [...cluster.analysisRuns.values()];
    assert.ok(run, 'the step run was created');
    assert.equal(cluster.status.canary?.currentStepAnalysisRunStatus, undefined, 'its status write was lost');

    const again = cluster.reconcile();
    assert.deepEqual(
      again.actions.filter((action) => action.type === 'createAnalysisRun' || action.type === 'terminateAnalysisRun'),
      [],
      'no second run, and the first is not stopped',
    );
    assert.equal(again.status.canary?.currentStepAnalysisRunStatus?.name, run.name);

    cluster.setAnalysisPhase(run.name, 'Successful');
    cluster.settle();
    assert.deepEqual([...cluster.analysisRuns.keys()], [run.name]);
    assert.equal(cluster.status.currentStepIndex, 3);
  });
}
