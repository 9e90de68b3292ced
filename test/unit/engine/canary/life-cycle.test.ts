import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimulatedCluster, canaryRollout, istioHostLevel } from '../harness/index.ts';

test('progressDeadlineAbort: a canary that never becomes ready times out and is aborted', () => {
  const rollout = canaryRollout({ replicas: 2, steps: [{ setWeight: 50 }, { pause: {} }] });
  rollout.spec.progressDeadlineSeconds = 20;
  rollout.spec.progressDeadlineAbort = true;
  const cluster = new SimulatedCluster(rollout);
  cluster.settle();
  cluster.readyDelayMs = 10_000_000;
  cluster.setImage('app:2');
  cluster.advanceUntil((c) => c.status.abort === true, 60_000);
  assert.equal(cluster.status.phase, 'Degraded');
  // As in Argo: the timeout is recorded first, the abort condition (without the timeout text) on the next pass.
  assert.equal(cluster.status.message, 'RolloutAborted: Rollout aborted update to revision 2');
  assert.ok(cluster.events.some((e) => e.reason === 'RolloutAborted' && /has timed out progressing/.test(e.message)));
});

test('a template changed back to the stable goes straight back to stable', () => {
  const cluster = new SimulatedCluster(
    canaryRollout({ replicas: 3, steps: [{ setWeight: 30 }, { pause: {} }], canary: istioHostLevel() }),
  );
  cluster.settle();
  const stable = cluster.status.stableRS;
  cluster.setImage('app:2');
  cluster.advanceUntil((c) => c.status.phase === 'Paused');
  cluster.setImage('app:1');
  cluster.advance(2000);
  assert.equal(cluster.status.phase, 'Healthy');
  assert.equal(cluster.status.currentPodHash, stable);
  assert.equal(cluster.status.currentStepIndex, 2);
  assert.equal(cluster.traffic?.canaryWeight, 0);
  assert.ok(cluster.events.some((e) => e.reason === 'SkipSteps'));
});

test('analysis: Failed aborts with the run message, Inconclusive pauses with InconclusiveAnalysisRun', () => {
  const steps = [
    { setWeight: 20 },
    {
      analysis: {
        templates: [{ templateName: 'rate' }],
        args: [{ name: 'hash', valueFrom: { podTemplateHashValue: 'Latest' as const } }],
      },
    },
  ];
  const cluster = new SimulatedCluster(canaryRollout({ replicas: 5, steps }));
  cluster.settle();
  cluster.setImage('app:2');
  cluster.advanceUntil((c) => c.analysisRuns.size > 0);
  const [run] = [...cluster.analysisRuns.values()];
  assert.equal(run?.name, `app-${cluster.status.currentPodHash}-2-1`);
  const create = cluster.decisions.flatMap((d) => d.actions).find((a) => a.type === 'createAnalysisRun');
  assert.deepEqual(create?.type === 'createAnalysisRun' ? create.analysis.args : undefined, [
    { name: 'hash', value: cluster.status.currentPodHash },
  ]);

  cluster.setAnalysisPhase(run?.name ?? '', 'Inconclusive');
  cluster.settle();
  assert.equal(cluster.status.phase, 'Paused');
  assert.equal(cluster.status.message, 'InconclusiveAnalysisRun');

  cluster.patchStatus({ pauseConditions: null });
  cluster.settle();
  const rerun = [...cluster.analysisRuns.values()].find((r) => r.phase === 'Running');
  assert.equal(rerun?.name, `${run?.name}.1`, 'resuming starts a new run');
  cluster.setAnalysisPhase(
    rerun?.name ?? '',
    'Failed',
    'Metric "rate" assessed Failed due to failed (1) > failureLimit (0)',
  );
  cluster.settle();
  assert.equal(cluster.status.phase, 'Degraded');
  assert.equal(
    cluster.status.message,
    'RolloutAborted: Rollout aborted update to revision 2: Metric "rate" assessed Failed due to failed (1) > failureLimit (0)',
  );
});

test("an abort without trafficRouting points the canary Service back at the stable revision (Argo's TestCanaryScaleDownOnAbortNoTrafficRouting)", () => {
  const cluster = new SimulatedCluster(
    canaryRollout({
      replicas: 1,
      steps: [{ setWeight: 50 }, { pause: {} }],
      canary: { stableService: 'app-stable', canaryService: 'app-canary' },
    }),
  );
  cluster.settle();
  const stable = cluster.status.stableRS;
  cluster.setImage('app:2');
  cluster.advanceUntil((c) => c.status.phase === 'Paused');
  assert.notEqual(cluster.serviceSelectors['app-canary'], stable, 'the canary Service selects the canary while paused');
  cluster.patchStatus({ abort: true });
  cluster.settle();
  assert.equal(cluster.status.phase, 'Degraded');
  assert.equal(cluster.serviceSelectors['app-canary'], stable);
  assert.equal(cluster.serviceSelectors['app-stable'], stable);
  assert.equal(
    cluster.replicaSetByRevision(2)?.replicas,
    0,
    'without trafficRouting the canary is scaled down at once',
  );
});
