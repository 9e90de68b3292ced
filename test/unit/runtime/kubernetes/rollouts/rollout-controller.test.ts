// The rollout controller wired as src/runtime/kubernetes/controller.ts wires it, over the fake
// client instead of an API server: informers list and watch the fake, reconciles write to it. A
// Rollout's first revision becomes a ReplicaSet owned by it at full scale, and its status names that
// revision as current and stable; Events are written. The control-plane e2e suites cover the rest
// (pods, traffic, analysis) with the real Kubernetes controllers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coreResources } from '../../../../../src/platform/kubernetes/client/resources.ts';
import { argoResources, workloadResources } from '../../../../../src/runtime/kubernetes/resources.ts';
import { pollUntil } from '../../../../controlplane/poll.ts';
import { fakeClient, rolloutManifest } from '../support/fake-cluster.ts';
import { startFakeController } from '../support/fake-controller.ts';

describe('RolloutController over the fake client', () => {
  it("creates the first revision's ReplicaSet at full scale and records it as current and stable", async () => {
    const client = fakeClient();
    for (const name of ['web-stable', 'web-canary']) {
      await client.create(workloadResources.services, 'shop', {
        metadata: { name },
        spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
      });
    }
    const rollout = await client.create(argoResources.rollouts, 'shop', rolloutManifest('web'));
    const { errors, stop } = startFakeController(client);
    try {
      const stored = await pollUntil(
        async () => {
          const current = await client.get(argoResources.rollouts, 'shop', 'web');
          return current.status?.stableRS ? current : undefined;
        },
        { what: 'the rollout status to name a stable ReplicaSet', timeoutMs: 10_000, intervalMs: 20 },
      );
      const hash = stored.status?.currentPodHash;
      assert.ok(hash);
      assert.equal(stored.status?.stableRS, hash, 'the first revision is stable at once');
      const rs = await client.get(workloadResources.replicaSets, 'shop', `web-${hash}`);
      assert.equal(rs.spec.replicas, 3);
      assert.deepEqual(
        rs.metadata.ownerReferences?.map((ref) => [ref.kind, ref.uid]),
        [['Rollout', rollout.metadata.uid]],
      );
      assert.equal(rs.spec.template.metadata?.labels?.['rollouts-pod-template-hash'], hash);
      const events = await pollUntil(
        async () => {
          const list = await client.list(coreResources.events, { namespace: 'shop' });
          return list.items.length > 0 ? list.items : undefined;
        },
        { what: 'an Event about the rollout', timeoutMs: 10_000, intervalMs: 20 },
      );
      assert.ok(events.some((event) => (event['involvedObject'] as { name?: string }).name === 'web'));
      assert.deepEqual(errors, []);
    } finally {
      await stop();
    }
  });
});
