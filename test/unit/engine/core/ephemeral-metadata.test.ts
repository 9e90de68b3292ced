// canaryMetadata / stableMetadata move with the roles: the canary's pods carry the canary metadata
// during the update and the stable metadata once promoted; an old revision keeps none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedCluster, canaryRollout } from '../harness/index.ts';

test('canary role metadata follows the ReplicaSets as they change role', () => {
  const rollout = canaryRollout({
    replicas: 2,
    steps: [{ setWeight: 50 }, { pause: {} }],
    canary: {
      canaryMetadata: { labels: { role: 'canary' } },
      stableMetadata: { labels: { role: 'stable' }, annotations: { tier: 'prod' } },
    },
  });
  const cluster = new SimulatedCluster(rollout);
  cluster.advance(5_000);
  const v1 = cluster.replicaSetByRevision(1);
  assert.equal(v1?.template.metadata?.labels?.role, 'stable');
  cluster.setImage('app:2');
  cluster.advance(10_000);
  const v2 = cluster.replicaSetByRevision(2);
  assert.equal(v2?.template.metadata?.labels?.role, 'canary');
  assert.equal(v1?.template.metadata?.labels?.role, 'stable');
  cluster.patchStatus({ pauseConditions: null });
  cluster.advance(10_000);
  assert.equal(cluster.status.phase, 'Healthy');
  assert.equal(v2?.template.metadata?.labels?.role, 'stable', 'the promoted canary takes the stable metadata');
  assert.equal(v2?.template.metadata?.annotations?.tier, 'prod');
  assert.equal(
    v2?.annotations['rollout.argoproj.io/ephemeral-metadata'],
    JSON.stringify({ labels: { role: 'stable' }, annotations: { tier: 'prod' } }),
  );
  assert.equal(v1?.template.metadata?.labels?.role, undefined, 'the old revision carries no role');
  assert.equal(v1?.annotations['rollout.argoproj.io/ephemeral-metadata'], undefined);
});
