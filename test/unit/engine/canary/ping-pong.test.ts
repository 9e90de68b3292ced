// Ping-pong canaries with Istio (spec.strategy.canary.pingPong): the ping and pong Services take turns
// as the stable one, as in Argo's IstioSuite.TestIstioPingPongUpdate. After every pass the Services
// that receive traffic must select pods that are there, and each completed rollout hands the stable
// role (and all the traffic) to the Service that was the canary.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Decision } from '../../../../src/engine/types.ts';
import { SimulatedCluster, canaryRollout } from '../harness/index.ts';

const PING_PONG = {
  pingPong: { pingService: 'ping', pongService: 'pong' },
  trafficRouting: { istio: { virtualService: { name: 'vs', routes: ['primary'] } } },
};

/** The weight each of ping and pong gets from the traffic in place: the VirtualService's [ping, pong] route weights. */
function pingPongWeights(cluster: SimulatedCluster): [number, number] {
  const traffic = cluster.traffic;
  assert.ok(traffic?.services, `the traffic names the Services in their roles: ${JSON.stringify(traffic)}`);
  const weightOf = (service: string) =>
    service === traffic.services?.canary ? traffic.canaryWeight : 100 - traffic.canaryWeight;
  return [weightOf('ping'), weightOf('pong')];
}

/** Every Service given traffic selects available pods of the ReplicaSet the traffic says it serves. */
function checkServedPods(_decision: Decision, cluster: SimulatedCluster): void {
  const traffic = cluster.traffic;
  if (!traffic?.services) return;
  for (const [service, hash, weight] of [
    [traffic.services.stable, traffic.stableHash, 100 - traffic.canaryWeight],
    [traffic.services.canary, traffic.canaryHash, traffic.canaryWeight],
  ] as const) {
    if (weight === 0) continue;
    const selected = cluster.serviceSelectors[service];
    assert.equal(
      selected,
      hash,
      `${service} gets ${weight}% for ${hash} but selects '${selected}' (status ${JSON.stringify(cluster.status.canary)})`,
    );
    const rs = [...cluster.replicaSets.values()].find((candidate) => candidate.podTemplateHash === hash);
    assert.ok(
      rs && rs.pods.some((pod) => pod.readyAt !== undefined && pod.readyAt <= cluster.now),
      `${service} gets ${weight}% but ${hash} has no ready pod`,
    );
  }
}

function pingPongCluster(): SimulatedCluster {
  const rollout = canaryRollout({
    replicas: 2,
    steps: [{ setWeight: 25 }, { pause: { duration: '5s' } }],
    canary: PING_PONG,
  });
  return new SimulatedCluster(rollout, { readyDelayMs: 2000, onDecision: checkServedPods });
}

test('ping-pong: each completed rollout hands the stable role and all traffic to the other Service (TestIstioPingPongUpdate)', () => {
  const cluster = pingPongCluster();
  cluster.advanceUntil((c) => c.status.phase === 'Healthy');
  const first = cluster.status.stableRS;
  assert.equal(cluster.status.canary?.stablePingPong, 'ping', 'the first rollout makes ping stable');
  assert.equal(cluster.serviceSelectors.ping, first);
  assert.deepEqual(pingPongWeights(cluster), [100, 0]);

  // Update 1: pong is the canary.
  cluster.setImage('app:2');
  cluster.advanceUntil((c) => c.status.currentStepIndex === 1);
  const second = cluster.status.currentPodHash;
  assert.notEqual(second, first);
  assert.equal(cluster.serviceSelectors.pong, second);
  assert.equal(cluster.serviceSelectors.ping, first, 'the stable Service is left selecting the stable pods');
  assert.deepEqual(pingPongWeights(cluster), [75, 25]);
  cluster.advanceUntil((c) => c.status.phase === 'Healthy');
  assert.equal(cluster.status.stableRS, second);
  assert.equal(cluster.status.canary?.stablePingPong, 'pong');
  assert.deepEqual(pingPongWeights(cluster), [0, 100]);
  assert.equal(cluster.traffic?.stableHash, second);

  // Update 2: ping is the canary now.
  cluster.setImage('app:3');
  cluster.advanceUntil((c) => c.status.currentStepIndex === 1);
  const third = cluster.status.currentPodHash;
  assert.equal(cluster.serviceSelectors.ping, third);
  assert.equal(cluster.serviceSelectors.pong, second);
  assert.deepEqual(pingPongWeights(cluster), [25, 75]);
  cluster.advanceUntil((c) => c.status.phase === 'Healthy');
  assert.equal(cluster.status.canary?.stablePingPong, 'ping');
  assert.deepEqual(pingPongWeights(cluster), [100, 0]);
  assert.equal(cluster.traffic?.stableHash, third);
  assert.ok(cluster.events.filter((event) => event.reason === 'RolloutCompleted').length === 3);
});

test('ping-pong: an abort sends all traffic back to the stable Service and keeps its role', () => {
  const cluster = pingPongCluster();
  cluster.advanceUntil((c) => c.status.phase === 'Healthy');
  const rollout = cluster.rollout.spec.strategy.canary;
  assert.ok(rollout?.steps);
  rollout.steps[1] = { pause: {} };
  cluster.setImage('app:2');
  cluster.advanceUntil((c) => c.status.phase === 'Paused');
  assert.deepEqual(pingPongWeights(cluster), [75, 25]);
  cluster.patchStatus({ abort: true });
  cluster.advanceUntil((c) => c.status.phase === 'Degraded');
  assert.deepEqual(pingPongWeights(cluster), [100, 0]);
  assert.equal(cluster.status.canary?.stablePingPong, 'ping');
});

test("ping-pong: the missing or duplicated Service names are InvalidSpec, with Argo's messages", () => {
  const same = new SimulatedCluster(
    canaryRollout({
      steps: [{ setWeight: 25 }],
      canary: { ...PING_PONG, pingPong: { pingService: 'svc', pongService: 'svc' } },
    }),
  );
  same.settle();
  assert.equal(same.status.phase, 'Degraded');
  assert.match(
    same.status.message ?? '',
    /pingPong\.pingService: This rollout uses the same service for the ping and pong services/,
  );
  assert.equal(same.replicaSets.size, 0);
});
