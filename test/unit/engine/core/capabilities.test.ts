// What sluice's engine does not carry out yet is refused with an InvalidSpec condition that names
// it, and nothing is touched: `sluice lint` gives the same as a warning (see docs/manifests.md).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimulatedCluster, canaryRollout } from '../harness/index.ts';

test('istio with pingPong (valid for Argo): InvalidSpec naming pingPong, phase Degraded, no ReplicaSet created', () => {
  const cluster = new SimulatedCluster(
    canaryRollout({
      steps: [{ setWeight: 20 }],
      canary: { pingPong: { pingService: 'app-ping', pongService: 'app-pong' }, trafficRouting: { istio: { virtualService: { name: 'app-vs', routes: ['primary'] } } } },
    }),
    { readyDelayMs: 0 },
  );
  cluster.settle();
  const condition = cluster.status.conditions?.find((c) => c.type === 'InvalidSpec');
  assert.ok(condition, JSON.stringify(cluster.status));
  assert.equal(condition.status, 'True');
  assert.match(condition.message ?? '', /^spec.strategy.canary.pingPong: sluice does not do ping-pong canaries yet: /);
  assert.equal(cluster.status.phase, 'Degraded');
  assert.equal(cluster.replicaSets.size, 0);
});
