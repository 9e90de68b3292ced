// The rollouts of the reference articles, step by step.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  SimulatedCluster,
  canaryRollout,
  checkInvariants,
  istioHostLevel,
  istioSubsetLevel,
} from '../harness/index.ts';

function counts(cluster: SimulatedCluster): { stable: number; canary: number } {
  let stable = 0;
  let canary = 0;
  for (const rs of cluster.replicaSets.values()) {
    if (rs.podTemplateHash === cluster.status.stableRS) stable = rs.replicas;
    else if (rs.podTemplateHash === cluster.status.currentPodHash) canary = rs.replicas;
  }
  return { stable, canary };
}

function watchInvariants(cluster: SimulatedCluster): void {
  cluster.onDecision = (_decision, c) => {
    const violations = checkInvariants(c);
    assert.deepEqual(violations, [], JSON.stringify(violations));
  };
}

test('basic canary, 5 replicas, 20 / pause 30s / 50 / pause 30s: replica counts approximate the weight', () => {
  const steps = [{ setWeight: 20 }, { pause: { duration: 30 } }, { setWeight: 50 }, { pause: { duration: 30 } }];
  const cluster = new SimulatedCluster(canaryRollout({ replicas: 5, steps }), { readyDelayMs: 2000 });
  cluster.advance(5000);
  assert.equal(cluster.status.phase, 'Healthy');

  cluster.setImage('app:2');
  cluster.advanceUntil((c) => c.status.phase === 'Paused');
  assert.equal(cluster.status.currentStepIndex, 1);
  assert.deepEqual(counts(cluster), { stable: 4, canary: 1 });

  cluster.advanceUntil((c) => c.status.currentStepIndex === 3 && c.status.phase === 'Paused');
  assert.deepEqual(counts(cluster), { stable: 3, canary: 3 });
  assert.equal(cluster.status.canary?.weights, undefined, 'no traffic router: no weights in status');

  cluster.advanceUntil((c) => c.status.phase === 'Healthy', 120_000);
  const byRevision = [...cluster.replicaSets.values()].map((rs) => [rs.revision, rs.replicas]);
  assert.deepEqual(Object.fromEntries(byRevision), { 1: 0, 2: 5 });
  assert.equal(cluster.status.currentStepIndex, 4);
});

test('Istio host-level split 20/40/60/80 with one-minute pauses: stable stays at full scale, weights follow the steps', () => {
  const steps = [20, 40, 60, 80].flatMap((w) => [{ setWeight: w }, { pause: { duration: '1m' } }]);
  const rollout = canaryRollout({
    replicas: 5,
    steps,
    canary: { ...istioHostLevel(), maxUnavailable: 0, maxSurge: 3 },
  });
  const cluster = new SimulatedCluster(rollout, { readyDelayMs: 3000 });
  watchInvariants(cluster);
  cluster.advance(5000);
  assert.equal(cluster.status.phase, 'Healthy');
  const firstHash = cluster.status.stableRS;
  assert.equal(cluster.serviceSelectors['app-stable'], firstHash);

  cluster.setImage('app:2');
  for (const [i, weight] of [20, 40, 60, 80].entries()) {
    cluster.advanceUntil((c) => c.status.phase === 'Paused' && c.status.currentStepIndex === i * 2 + 1, 200_000);
    assert.equal(cluster.traffic?.canaryWeight, weight, `traffic at step ${i * 2}`);
    assert.equal(cluster.status.canary?.weights?.canary.weight, weight);
    assert.equal(cluster.status.canary?.weights?.stable.weight, 100 - weight);
    assert.equal(cluster.status.canary?.weights?.canary.serviceName, 'app-canary');
    assert.deepEqual(counts(cluster), { stable: 5, canary: Math.ceil((weight * 5) / 100) });
    assert.equal(cluster.serviceSelectors['app-canary'], cluster.status.currentPodHash);
    assert.equal(cluster.serviceSelectors['app-stable'], firstHash);
  }
  cluster.advanceUntil((c) => c.status.phase === 'Healthy', 200_000);
  const newHash = cluster.status.currentPodHash;
  assert.equal(cluster.status.stableRS, newHash);
  assert.equal(cluster.traffic?.canaryWeight, 0);
  assert.equal(cluster.traffic?.stableHash, newHash);
  assert.equal(cluster.serviceSelectors['app-stable'], newHash);
  const old = [...cluster.replicaSets.values()].find((rs) => rs.podTemplateHash === firstHash);
  assert.equal(old?.replicas, 5, 'the previous stable waits scaleDownDelaySeconds');
  assert.ok(old?.annotations['scale-down-deadline']);
  cluster.advance(31_000);
  assert.equal(old?.replicas, 0);
  assert.equal(old?.annotations['scale-down-deadline'], undefined);
});

test('Istio subset-level split 10/50/100 with a header route: the header route lives during the steps only', () => {
  const steps = [
    { setHeaderRoute: { name: 'header-route', match: [{ headerName: 'x-canary', headerValue: { exact: 'true' } }] } },
    { setWeight: 10 },
    { pause: { duration: '10s' } },
    { setWeight: 50 },
    { pause: { duration: '10s' } },
    { setWeight: 100 },
  ];
  const cluster = new SimulatedCluster(canaryRollout({ replicas: 3, steps, canary: istioSubsetLevel() }), {
    readyDelayMs: 1000,
  });
  watchInvariants(cluster);
  cluster.advance(3000);
  assert.equal(cluster.status.phase, 'Healthy');
  assert.deepEqual(cluster.traffic?.headerRoutes, [], 'no header route on a first deploy');

  cluster.setImage('app:2');
  cluster.advanceUntil((c) => c.status.phase === 'Paused' && c.status.currentStepIndex === 2);
  assert.equal(cluster.traffic?.canaryWeight, 10);
  assert.deepEqual(cluster.traffic?.headerRoutes, [
    { name: 'header-route', match: [{ headerName: 'x-canary', headerValue: { exact: 'true' } }] },
  ]);
  assert.deepEqual(counts(cluster), { stable: 3, canary: 1 });

  cluster.advanceUntil((c) => c.status.phase === 'Paused' && c.status.currentStepIndex === 4);
  assert.equal(cluster.traffic?.canaryWeight, 50);
  assert.deepEqual(counts(cluster), { stable: 3, canary: 2 });

  cluster.advanceUntil((c) => c.status.phase === 'Healthy', 120_000);
  assert.equal(cluster.traffic?.canaryWeight, 0);
  assert.equal(cluster.traffic?.canaryHash, cluster.status.stableRS);
  assert.deepEqual(cluster.traffic?.headerRoutes, []);
});

test('an abort with Istio moves all traffic to stable at once and scales the canary down after abortScaleDownDelaySeconds', () => {
  const steps = [{ setWeight: 40 }, { pause: {} }];
  const cluster = new SimulatedCluster(canaryRollout({ replicas: 5, steps, canary: istioHostLevel() }), {
    readyDelayMs: 1000,
  });
  watchInvariants(cluster);
  cluster.advance(2000);
  cluster.setImage('app:2');
  cluster.advanceUntil((c) => c.status.phase === 'Paused');
  assert.equal(cluster.traffic?.canaryWeight, 40);

  cluster.patchStatus({ abort: true });
  cluster.settle();
  assert.equal(cluster.traffic?.canaryWeight, 0);
  assert.equal(cluster.status.phase, 'Degraded');
  assert.equal(cluster.serviceSelectors['app-canary'], cluster.status.stableRS);
  assert.equal(counts(cluster).canary, 2, 'canary stays up during abortScaleDownDelaySeconds');
  cluster.advance(31_000);
  assert.equal(counts(cluster).canary, 0);
  assert.equal(cluster.status.phase, 'Degraded');
});
