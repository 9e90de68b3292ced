import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimulatedCluster, canaryRollout } from '../harness/index.ts';

test('istio with pingPong (valid for Argo) is carried out: no InvalidSpec, the rollout becomes Healthy', () => {
  const cluster = new SimulatedCluster(
    canaryRollout({
      steps: [{ setWeight: 20 }],
      canary: {
        pingPong: { pingService: 'app-ping', pongService: 'app-pong' },
        trafficRouting: { istio: { virtualService: { name: 'app-vs', routes: ['primary'] } } },
      },
    }),
    { readyDelayMs: 0 },
  );
  cluster.settle();
  assert.equal(
    cluster.status.conditions?.find((c) => c.type === 'InvalidSpec'),
    undefined,
    JSON.stringify(cluster.status),
  );
  assert.equal(cluster.status.phase, 'Healthy');
  assert.equal(cluster.status.canary?.stablePingPong, 'ping');
});
