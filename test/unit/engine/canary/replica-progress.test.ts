// replicaProgressThreshold: Argo's ReplicaProgressThresholdMet, one row per case, and its use when
// a step is judged done (AtDesiredReplicaCountsForCanary) and when the canary fully promotes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replicaProgressThresholdMet } from '../../../../src/engine/canary/replica-progress.ts';
import { atDesiredCounts } from '../../../../src/engine/canary/replica-math.ts';
import { SimulatedCluster, canaryRollout, istioHostLevel } from '../harness/index.ts';
import type { ObservedReplicaSet } from '../../../../src/engine/types.ts';

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

const rows: Array<{
  name: string;
  threshold?: { type: string; value: number };
  replicas: number;
  available: number;
  desired: number;
  met: boolean;
}> = [
  {
    name: 'no threshold: every desired pod created and available',
    replicas: 10,
    available: 10,
    desired: 10,
    met: true,
  },
  { name: 'no threshold: one pod short', replicas: 10, available: 9, desired: 10, met: false },
  { name: 'no threshold: available but more pods than desired', replicas: 11, available: 10, desired: 10, met: false },
  {
    name: 'negative value: as without a threshold',
    threshold: { type: 'Percent', value: -1 },
    replicas: 10,
    available: 9,
    desired: 10,
    met: false,
  },
  {
    name: '70 percent of 10: 7 available',
    threshold: { type: 'Percent', value: 70 },
    replicas: 10,
    available: 7,
    desired: 10,
    met: true,
  },
  {
    name: '70 percent of 10: 6 available',
    threshold: { type: 'Percent', value: 70 },
    replicas: 10,
    available: 6,
    desired: 10,
    met: false,
  },
  {
    name: '33 percent of 3: 1 available (33.3%)',
    threshold: { type: 'Percent', value: 33 },
    replicas: 3,
    available: 1,
    desired: 3,
    met: true,
  },
  {
    name: '34 percent of 3: 1 available (33.3%)',
    threshold: { type: 'Percent', value: 34 },
    replicas: 3,
    available: 1,
    desired: 3,
    met: false,
  },
  {
    name: 'percent of nothing desired',
    threshold: { type: 'Percent', value: 50 },
    replicas: 0,
    available: 0,
    desired: 0,
    met: true,
  },
  {
    name: '3 pods: 3 available of 10 desired',
    threshold: { type: 'Pods', value: 3 },
    replicas: 10,
    available: 3,
    desired: 10,
    met: true,
  },
  {
    name: '3 pods: 2 available',
    threshold: { type: 'Pods', value: 3 },
    replicas: 10,
    available: 2,
    desired: 10,
    met: false,
  },
  {
    name: 'another type counts pods, as in Argo',
    threshold: { type: 'Pod', value: 2 },
    replicas: 10,
    available: 2,
    desired: 10,
    met: true,
  },
];

for (const row of rows) {
  test(`replicaProgressThresholdMet: ${row.name}`, () => {
    assert.equal(
      replicaProgressThresholdMet(row.threshold, rs('n', 'new', row.replicas, row.available), row.desired),
      row.met,
    );
  });
}

test('replicaProgressThresholdMet: no ReplicaSet is never met', () => {
  assert.equal(replicaProgressThresholdMet(undefined, undefined, 0), false);
  assert.equal(replicaProgressThresholdMet({ type: 'Pods', value: 0 }, undefined, 0), false);
});

test('a traffic-routed step at 50% of 10 replicas is done with 4 of 5 canary pods available when the threshold is 80%', () => {
  const status = { stableRS: 'old', currentPodHash: 'new', currentStepIndex: 0 };
  const stable = rs('s', 'old', 10);
  const canaryRS = rs('n', 'new', 5, 4);
  const without = canaryRollout({ replicas: 10, steps: [{ setWeight: 50 }], canary: { ...istioHostLevel() } });
  assert.equal(atDesiredCounts(without, status, canaryRS, stable, [], undefined), false);
  const withThreshold = canaryRollout({
    replicas: 10,
    steps: [{ setWeight: 50 }],
    canary: { ...istioHostLevel(), replicaProgressThreshold: { type: 'Percent', value: 80 } },
  });
  assert.equal(atDesiredCounts(withThreshold, status, canaryRS, stable, [], undefined), true);
  assert.equal(atDesiredCounts(withThreshold, status, rs('n', 'new', 5, 3), stable, [], undefined), false);
});

function stepAfterPartialAvailability(threshold?: { type: string; value: number }): {
  index: number | undefined;
  message: string | undefined;
} {
  const canary = { ...istioHostLevel(), ...(threshold ? { replicaProgressThreshold: threshold } : {}) };
  const cluster = new SimulatedCluster(
    canaryRollout({ replicas: 10, steps: [{ setWeight: 50 }, { pause: {} }], canary }),
    { readyDelayMs: 30_000 },
  );
  cluster.settle();
  cluster.advance(60_000);
  assert.equal(cluster.status.phase, 'Healthy');
  cluster.setImage('app:2');
  cluster.settle();
  const canaryRS = cluster.replicaSetByRevision(2);
  assert.ok(canaryRS);
  assert.equal(canaryRS.replicas, 5);
  cluster.advance(10_000);
  cluster.failPods(canaryRS.name, 2); // their replacements are ready 30 s later than the others
  cluster.advance(25_000); // 3 of the 5 canary pods are available now
  return { index: cluster.status.currentStepIndex, message: cluster.status.message };
}

test('a canary step with 3 of 5 pods available: done with a 60% threshold, not without', () => {
  assert.deepEqual(stepAfterPartialAvailability({ type: 'Percent', value: 60 }), {
    index: 1,
    message: 'CanaryPauseStep',
  });
  assert.equal(stepAfterPartialAvailability({ type: 'Pods', value: 3 }).index, 1);
  assert.equal(stepAfterPartialAvailability().index, 0);
  assert.equal(stepAfterPartialAvailability({ type: 'Percent', value: 80 }).index, 0);
});

/** Canary weight in place after the next step is asked for while 3 of the 4 stable pods are down. */
function weightWithStableDown(threshold?: { type: string; value: number }): {
  before: number | undefined;
  after: number | undefined;
  recovered: number | undefined;
} {
  const canary = { ...istioHostLevel(), ...(threshold ? { replicaProgressThreshold: threshold } : {}) };
  // 20% and 25% of 4 replicas are both 1 canary pod: the second step needs no more canary pods.
  const cluster = new SimulatedCluster(
    canaryRollout({ replicas: 4, steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 25 }, { pause: {} }], canary }),
    { readyDelayMs: 30_000 },
  );
  cluster.settle();
  cluster.advance(60_000);
  cluster.setImage('app:2');
  cluster.advanceUntil((c) => c.status.currentStepIndex === 1 && c.status.phase === 'Paused', 300_000);
  const before = cluster.status.canary?.weights?.canary.weight;
  const stable = cluster.replicaSetByRevision(1);
  assert.ok(stable);
  cluster.failPods(stable.name, 3); // replacements are ready 30 s later
  cluster.patchStatus({ pauseConditions: null });
  cluster.updateSpec((spec) => (spec.paused = false));
  cluster.advance(5_000);
  const after = cluster.status.canary?.weights?.canary.weight;
  cluster.advance(40_000);
  return { before, after, recovered: cluster.status.canary?.weights?.canary.weight };
}

test('the traffic pass holds the weight while the stable pods cannot take their share, unless the threshold allows it', () => {
  // 75% to stable needs 3 of 4 stable pods; 1 is available until the replacements are ready.
  assert.deepEqual(weightWithStableDown(), { before: 20, after: 20, recovered: 25 });
  assert.deepEqual(weightWithStableDown({ type: 'Pods', value: 1 }), { before: 20, after: 25, recovered: 25 });
});
