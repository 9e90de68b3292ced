// The canary `experiment` step, as Argo's reconcileExperiments carries it out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CanaryStep } from '../../../../src/api/types/rollout.ts';
import { SimulatedCluster, canaryRollout, istioHostLevel } from '../harness/index.ts';

const experimentStep: CanaryStep = {
  experiment: {
    duration: '5m',
    templates: [
      { name: 'baseline', specRef: 'stable', weight: 20 },
      { name: 'canary', specRef: 'canary', replicas: 2, metadata: { labels: { role: 'exp' } } },
    ],
    analyses: [
      {
        name: 'compare',
        templateName: 'rate',
        args: [{ name: 'hash', valueFrom: { podTemplateHashValue: 'Latest' } }],
        requiredForCompletion: true,
      },
    ],
  },
};

function started(steps: CanaryStep[], canary = {}) {
  const cluster = new SimulatedCluster(canaryRollout({ replicas: 5, steps, canary }));
  cluster.settle();
  cluster.setImage('app:2');
  cluster.advanceUntil((c) => c.experiments.size > 0);
  return cluster;
}

test('the step creates one Experiment named <rollout>-<hash>-<revision>-<step>, owned by the Rollout, its templates from stable and canary', () => {
  const cluster = started([{ setWeight: 10 }, experimentStep, { pause: {} }]);
  const [experiment] = cluster.createdExperiments;
  const hash = cluster.status.currentPodHash ?? '';
  assert.equal(experiment?.metadata.name, `app-${hash}-2-1`);
  assert.equal(experiment?.metadata.ownerReferences?.[0]?.kind, 'Rollout');
  assert.equal(experiment?.metadata.labels?.['rollouts-pod-template-hash'], hash);
  assert.equal(experiment?.metadata.annotations?.['rollout.argoproj.io/revision'], '2');
  const [baseline, canary] = experiment?.spec.templates ?? [];
  const stableHash = cluster.status.stableRS ?? '';
  assert.equal(baseline?.template.spec?.containers?.[0]?.image, 'app:1');
  assert.equal(baseline?.selector.matchLabels?.['rollouts-pod-template-hash'], stableHash);
  assert.deepEqual(baseline?.service, {}, 'a weighted template gets a Service');
  assert.equal(canary?.template.spec?.containers?.[0]?.image, 'app:2');
  assert.equal(canary?.replicas, 2);
  assert.equal(canary?.template.metadata?.labels?.role, 'exp');
  assert.equal(canary?.selector.matchLabels?.role, 'exp');
  assert.equal(canary?.service, undefined);
  assert.equal(experiment?.spec.duration, '5m');
  assert.deepEqual(experiment?.spec.analyses, [
    { name: 'compare', templateName: 'rate', args: [{ name: 'hash', value: hash }], requiredForCompletion: true },
  ]);
  assert.equal(cluster.status.canary?.currentExperiment, experiment?.metadata.name);
  assert.ok(cluster.events.some((e) => e.reason === 'ExperimentCreated'));
});

test('the step waits while the experiment runs and completes once it is Successful', () => {
  const cluster = started([experimentStep, { pause: {} }]);
  const name = cluster.createdExperiments[0]?.metadata.name ?? '';
  cluster.setExperimentPhase(name, 'Running');
  cluster.advance(60_000);
  assert.equal(cluster.status.currentStepIndex, 0);
  assert.equal(cluster.createdExperiments.length, 1, 'one experiment per step');
  cluster.setExperimentPhase(name, 'Successful');
  cluster.settle();
  assert.equal(cluster.status.currentStepIndex, 1);
  assert.equal(cluster.status.canary?.currentExperiment, undefined);
  assert.ok(cluster.events.some((e) => e.reason === 'RolloutStepCompleted' && /experiment/.test(e.message)));
});

test('a Failed experiment aborts the rollout with its message and the traffic goes back to stable', () => {
  const cluster = started([{ setWeight: 10 }, experimentStep, { pause: {} }], istioHostLevel());
  const name = cluster.createdExperiments[0]?.metadata.name ?? '';
  cluster.setExperimentPhase(name, 'Failed', 'Metric "rate" assessed Failed');
  cluster.settle();
  assert.equal(cluster.status.abort, true);
  assert.equal(cluster.status.phase, 'Degraded');
  assert.equal(cluster.traffic?.canaryWeight, 0);
  assert.ok(
    cluster.events.some(
      (e) =>
        e.reason === 'RolloutAborted' &&
        e.message.includes('Experiment analysis phase is error/failed: Metric "rate" assessed Failed'),
    ),
  );
});

test('an Inconclusive experiment pauses the rollout with InconclusiveExperiment', () => {
  const cluster = started([experimentStep, { pause: {} }]);
  cluster.setExperimentPhase(cluster.createdExperiments[0]?.metadata.name ?? '', 'Inconclusive');
  cluster.settle();
  assert.equal(cluster.status.phase, 'Paused');
  assert.deepEqual(
    cluster.status.pauseConditions?.map((c) => c.reason),
    ['InconclusiveExperiment'],
  );
});

test('abort and full promotion terminate the running experiment', () => {
  for (const act of ['abort', 'promoteFull'] as const) {
    const cluster = started([experimentStep, { pause: {} }]);
    const name = cluster.createdExperiments[0]?.metadata.name ?? '';
    cluster.setExperimentPhase(name, 'Running');
    cluster.settle();
    if (act === 'abort') cluster.patchStatus({ abort: true });
    else cluster.patchStatus({ promoteFull: true });
    cluster.settle();
    const terminated = cluster.decisions
      .flatMap((d) => d.actions)
      .some((a) => a.type === 'terminateExperiment' && a.name === name);
    assert.ok(terminated, `${act} terminates ${name}`);
  }
});

test('with Istio, a running experiment template with a weight gets its Service weighed, taken from the stable', () => {
  const cluster = started([{ setWeight: 10 }, experimentStep, { pause: {} }], istioHostLevel());
  const name = cluster.createdExperiments[0]?.metadata.name ?? '';
  cluster.setExperimentPhase(name, 'Running', undefined, [{ name: 'baseline' }, { name: 'canary' }]);
  cluster.settle();
  assert.equal(cluster.traffic?.additional, undefined, 'no Service yet: nothing to weigh');
  cluster.setExperimentPhase(name, 'Running', undefined, [
    { name: 'baseline', serviceName: `${name}-baseline`, podTemplateHash: 'bbbbb' },
    { name: 'canary' },
  ]);
  cluster.settle();
  assert.deepEqual(cluster.traffic?.additional, [
    { serviceName: `${name}-baseline`, podTemplateHash: 'bbbbb', weight: 20 },
  ]);
  assert.equal(cluster.traffic?.canaryWeight, 10);
  assert.equal(cluster.status.canary?.weights?.stable.weight, 70);
  assert.deepEqual(cluster.status.canary?.weights?.additional, [
    { serviceName: `${name}-baseline`, podTemplateHash: 'bbbbb', weight: 20 },
  ]);
  cluster.setExperimentPhase(name, 'Successful');
  cluster.settle();
  assert.equal(cluster.traffic?.additional, undefined, 'the experiment destinations go once it is done');
});
