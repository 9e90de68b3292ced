// Experiment templates with a weight, as Argo's Istio router places them: a destination per
// experiment Service on the weighted routes (the stable gives up their share) and, with subset-level
// splitting, a DestinationRule subset per experiment Service.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planIstioTraffic } from '../../../../src/traffic/routers/istio/plan.ts';
import {
  desired,
  hostLevelRollout,
  hostLevelVirtualService,
  subsetLevelDestinationRule,
  subsetLevelRollout,
  subsetLevelVirtualService,
} from './fixtures.ts';

const experiment = { serviceName: 'istio-rollout-abc-2-1-baseline', podTemplateHash: 'h-exp', weight: 20 };

test('host-level: an experiment Service is appended with its weight and the stable keeps 100 - canary - experiments', () => {
  const plan = planIstioTraffic(hostLevelRollout(), desired(10, { additional: [experiment] }), {
    virtualServices: [hostLevelVirtualService()],
  });
  assert.deepEqual(plan.problems, []);
  assert.deepEqual(plan.virtualServices[0]?.object.spec.http?.[0]?.route, [
    { destination: { host: 'stable-svc', port: { number: 80 } }, weight: 70 },
    { destination: { host: 'canary-svc', port: { number: 80 } }, weight: 10 },
    { destination: { host: experiment.serviceName }, weight: 20 },
  ]);
});

test('host-level: an experiment destination in place keeps its place; without the experiment it is removed', () => {
  const first = planIstioTraffic(hostLevelRollout(), desired(10, { additional: [experiment] }), {
    virtualServices: [hostLevelVirtualService()],
  });
  const withExperiment = first.virtualServices[0]?.object;
  assert.ok(withExperiment);
  const again = planIstioTraffic(hostLevelRollout(), desired(10, { additional: [experiment] }), {
    virtualServices: [withExperiment],
  });
  assert.equal(again.virtualServices[0]?.changed, false, 'in place: nothing to change');
  const after = planIstioTraffic(hostLevelRollout(), desired(0), { virtualServices: [withExperiment] });
  assert.deepEqual(after.virtualServices[0]?.object.spec.http?.[0]?.route, [
    { destination: { host: 'stable-svc', port: { number: 80 } }, weight: 100 },
    { destination: { host: 'canary-svc', port: { number: 80 } }, weight: 0 },
  ]);
});

test('subset-level: the DestinationRule gets a subset per experiment Service, dropped once the experiment is done', () => {
  const current = { virtualServices: [subsetLevelVirtualService()], destinationRule: subsetLevelDestinationRule() };
  const plan = planIstioTraffic(
    subsetLevelRollout(),
    desired(10, { canaryHash: 'h-canary', stableHash: 'h-stable', additional: [experiment] }),
    current,
  );
  assert.deepEqual(plan.problems, []);
  const rule = plan.destinationRule?.object;
  assert.ok(rule);
  const subsets = (rule.spec as { subsets: Array<{ name: string; labels?: Record<string, string> }> }).subsets;
  assert.deepEqual(
    subsets.map((subset) => [subset.name, subset.labels?.['rollouts-pod-template-hash']]),
    [
      ['stable', 'h-stable'],
      ['canary', 'h-canary'],
      ['legacy', undefined],
      [experiment.serviceName, 'h-exp'],
    ],
  );
  assert.deepEqual(plan.virtualServices[0]?.object.spec.http?.[0]?.route?.[2], {
    destination: { host: experiment.serviceName },
    weight: 20,
  });
  const done = planIstioTraffic(subsetLevelRollout(), desired(0, { canaryHash: 'h-canary', stableHash: 'h-stable' }), {
    virtualServices: [plan.virtualServices[0]?.object ?? subsetLevelVirtualService()],
    destinationRule: rule,
  });
  assert.ok(done.destinationRule);
  const left = (done.destinationRule.object.spec as { subsets: Array<{ name: string }> }).subsets;
  assert.deepEqual(
    left.map((subset) => subset.name),
    ['stable', 'canary', 'legacy'],
  );
});
