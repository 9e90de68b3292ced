import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  approximateWeightedCounts,
  basicCanaryCounts,
  trafficRoutedCanaryCounts,
} from '../../../../src/engine/canary/replica-math.ts';
import { canaryRollout, istioHostLevel } from '../harness/index.ts';
import type { ObservedReplicaSet } from '../../../../src/engine/types.ts';

test('approximateWeightedCounts picks the closest canary/stable split (Argo table)', () => {
  const cases: Array<[replicas: number, weight: number, surge: number, canary: number, stable: number]> = [
    [5, 20, 2, 1, 4],
    [5, 50, 2, 3, 3],
    [1, 50, 1, 1, 1],
    [1, 50, 0, 1, 0],
    [10, 10, 1, 1, 9],
    [3, 50, 1, 2, 2],
    [4, 0, 1, 0, 4],
    [4, 100, 1, 4, 0],
  ];
  for (const [replicas, weight, surge, canary, stable] of cases) {
    assert.deepEqual(
      approximateWeightedCounts(replicas, weight, surge),
      { canary, stable },
      `${replicas} replicas at ${weight}% surge ${surge}`,
    );
  }
});

function rs(name: string, hash: string, replicas: number, available = replicas): ObservedReplicaSet {
  return {
    name,
    podTemplateHash: hash,
    revision: 1,
    template: {},
    replicas,
    currentReplicas: replicas,
    readyReplicas: available,
    availableReplicas: available,
    createdAt: 0,
    annotations: {},
  };
}

test('basic canary counts respect maxSurge and maxUnavailable (Argo examples)', () => {
  const cases: Array<
    [replicas: number, weight: number, maxSurge: number, maxUnavailable: number, canary: number, stable: number]
  > = [
    [10, 10, 1, 1, 1, 9],
    [10, 30, 3, 0, 3, 10],
    [10, 30, 0, 5, 0, 7],
    [1, 5, 1, 0, 1, 1],
  ];
  for (const [replicas, weight, maxSurge, maxUnavailable, canary, stable] of cases) {
    const rollout = canaryRollout({ replicas, steps: [{ setWeight: weight }], canary: { maxSurge, maxUnavailable } });
    const status = { stableRS: 'old', currentPodHash: 'new', currentStepIndex: 0 };
    const counts = basicCanaryCounts(rollout, status, rs('n', 'new', 0), rs('s', 'old', replicas), []);
    assert.deepEqual(
      counts,
      { canary, stable },
      `${replicas} replicas ${weight}% surge ${maxSurge} unavailable ${maxUnavailable}`,
    );
  }
});

test('traffic-routed counts keep the stable at full scale unless dynamicStableScale', () => {
  const status = { stableRS: 'old', currentPodHash: 'new', currentStepIndex: 0 };
  const fixed = canaryRollout({ replicas: 5, steps: [{ setWeight: 30 }], canary: istioHostLevel() });
  assert.deepEqual(trafficRoutedCanaryCounts(fixed, status, undefined), { canary: 2, stable: 5 });
  const dynamic = canaryRollout({
    replicas: 5,
    steps: [{ setWeight: 30 }],
    canary: { ...istioHostLevel(), dynamicStableScale: true },
  });
  assert.deepEqual(trafficRoutedCanaryCounts(dynamic, status, undefined), { canary: 2, stable: 4 });
  const weights = { canary: { weight: 0 }, stable: { weight: 100 } };
  assert.deepEqual(
    trafficRoutedCanaryCounts(dynamic, status, weights),
    { canary: 2, stable: 5 },
    'stable keeps what its traffic needs',
  );
  const minPods = canaryRollout({
    replicas: 5,
    steps: [{ setWeight: 1 }],
    canary: { ...istioHostLevel(), minPodsPerReplicaSet: 2 },
  });
  assert.deepEqual(trafficRoutedCanaryCounts(minPods, status, undefined), { canary: 2, stable: 5 });
  const scaled = canaryRollout({
    replicas: 5,
    steps: [{ setCanaryScale: { replicas: 3 } }, { setWeight: 10 }],
    canary: istioHostLevel(),
  });
  assert.deepEqual(trafficRoutedCanaryCounts(scaled, status, undefined), { canary: 3, stable: 5 });
});
