// The Workloads port on a cluster (KubeWorkloads) against the fake client: ReplicaSets created
// owned by the Rollout, an existing one of ours or an orphan with our hash taken over, someone
// else's refused as a collision (a deleted predecessor's waited for while the Rollout is young);
// scale, metadata, delete and pod eviction; observe from the caches.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReplicaSet } from '../../../../../src/api/types/core.ts';
import { NotFoundError } from '../../../../../src/platform/kubernetes/client/errors.ts';
import { argoResources, workloadResources } from '../../../../../src/runtime/kubernetes/resources.ts';
import {
  KubeWorkloads,
  PredecessorReplicaSetError,
  ReplicaSetCollisionError,
} from '../../../../../src/runtime/kubernetes/rollouts/kube-workloads.ts';
import { WrittenVersions } from '../../../../../src/runtime/kubernetes/rollouts/written-versions.ts';
import type { ReplicaSetSpec } from '../../../../../src/runtime/workloads.ts';
import { emptyCaches, fakeClient, rolloutManifest } from '../support/fake-cluster.ts';

const KEY = 'shop/web';

async function setup(createdAt?: number) {
  const client = fakeClient();
  const caches = emptyCaches();
  const rollout = await client.create(argoResources.rollouts, 'shop', rolloutManifest('web'));
  const written = new WrittenVersions();
  const owner = {
    namespace: 'shop',
    name: 'web',
    uid: rollout.metadata.uid,
    selector: { matchLabels: { app: 'web' } },
    minReadySeconds: 0,
    key: KEY,
    ...(createdAt === undefined ? {} : { createdAt }),
  };
  const workloads = new KubeWorkloads(
    { client, caches, written, now: () => Date.parse('2026-01-01T00:00:00Z') },
    owner,
  );
  return { client, caches, rollout, written, workloads };
}

function spec(hash: string, replicas = 2): ReplicaSetSpec {
  return {
    name: `web-${hash}`,
    podTemplateHash: hash,
    revision: 1,
    replicas,
    template: {
      metadata: { labels: { app: 'web', 'rollouts-pod-template-hash': hash } },
      spec: { containers: [{ name: 'app', image: 'registry.example/app:1' }] },
    },
    annotations: { 'rollout.argoproj.io/revision': '1' },
  };
}

function foreignReplicaSet(hash: string, ownerReferences: ReplicaSet['metadata']['ownerReferences'] = []): ReplicaSet {
  const { template } = spec(hash);
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `web-${hash}`, labels: { 'rollouts-pod-template-hash': hash }, ownerReferences },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web', 'rollouts-pod-template-hash': hash } }, template },
  };
}

describe('KubeWorkloads over the fake client', () => {
  it('creates a ReplicaSet owned by the Rollout, with its hash in labels and selector; observe reads it from the cache', async () => {
    const { client, caches, rollout, written, workloads } = await setup();
    await workloads.createReplicaSet(spec('aaa'));
    const rs = await client.get(workloadResources.replicaSets, 'shop', 'web-aaa');
    assert.deepEqual(
      rs.metadata.ownerReferences?.map((ref) => [ref.kind, ref.uid, ref.controller]),
      [['Rollout', rollout.metadata.uid, true]],
    );
    assert.equal(rs.metadata.labels?.['rollouts-pod-template-hash'], 'aaa');
    assert.deepEqual(rs.spec.selector.matchLabels, { app: 'web', 'rollouts-pod-template-hash': 'aaa' });
    assert.equal(written.seen(KEY, 1), false, 'the next pass waits for the cache');
    caches.replicaSets.upsert(rs);
    assert.equal(written.seen(KEY, 1), true);
    const [observed] = await workloads.observe();
    assert.equal(observed?.name, 'web-aaa');
    assert.equal(observed?.podTemplateHash, 'aaa');
    assert.equal(observed?.replicas, 2);
  });

  it('a create whose ReplicaSet is already ours (an answer lost, a cache behind) is no error', async () => {
    const { workloads } = await setup();
    await workloads.createReplicaSet(spec('aaa'));
    await workloads.createReplicaSet(spec('aaa'));
  });

  it('takes over an orphan with its hash', async () => {
    const { client, rollout, workloads } = await setup();
    await client.create(workloadResources.replicaSets, 'shop', foreignReplicaSet('bbb'));
    await workloads.createReplicaSet(spec('bbb'));
    const rs = await client.get(workloadResources.replicaSets, 'shop', 'web-bbb');
    assert.deepEqual(
      rs.metadata.ownerReferences?.map((ref) => ref.uid),
      [rollout.metadata.uid],
    );
  });

  it('refuses a ReplicaSet of that name controlled by something else (a collision)', async () => {
    const { client, workloads } = await setup();
    const other = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'someone-else', controller: true }];
    await client.create(workloadResources.replicaSets, 'shop', foreignReplicaSet('ccc', other));
    await assert.rejects(workloads.createReplicaSet(spec('ccc')), ReplicaSetCollisionError);
  });

  it("waits for a deleted predecessor's ReplicaSet (a Rollout of the same name, another uid) while young, then counts a collision", async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const ref = (name: string) => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      name,
      uid: 'deleted-uid',
      controller: true,
    });
    const predecessor = [ref('web')];
    const young = await setup(now - 5_000);
    await young.client.create(workloadResources.replicaSets, 'shop', foreignReplicaSet('ddd', predecessor));
    await assert.rejects(young.workloads.createReplicaSet(spec('ddd')), PredecessorReplicaSetError);
    const otherName = [ref('api')];
    await young.client.create(workloadResources.replicaSets, 'shop', foreignReplicaSet('eee', otherName));
    await assert.rejects(young.workloads.createReplicaSet(spec('eee')), ReplicaSetCollisionError);
    const old = await setup(now - 120_000);
    await old.client.create(workloadResources.replicaSets, 'shop', foreignReplicaSet('ddd', predecessor));
    await assert.rejects(old.workloads.createReplicaSet(spec('ddd')), ReplicaSetCollisionError);
  });

  it('scales with annotations, deletes (a missing one is no error) and evicts pods (a missing pod is no error)', async () => {
    const { client, workloads } = await setup();
    await workloads.createReplicaSet(spec('aaa'));
    await workloads.scaleReplicaSet('web-aaa', 5, { 'rollout.argoproj.io/revision': '2' });
    const rs = await client.get(workloadResources.replicaSets, 'shop', 'web-aaa');
    assert.equal(rs.spec.replicas, 5);
    assert.equal(rs.metadata.annotations?.['rollout.argoproj.io/revision'], '2');
    await client.create(workloadResources.pods, 'shop', { metadata: { name: 'web-aaa-x1' }, spec: {} });
    await workloads.deletePod('web-aaa', 'web-aaa-x1');
    await assert.rejects(client.get(workloadResources.pods, 'shop', 'web-aaa-x1'), NotFoundError);
    await workloads.deletePod('web-aaa', 'web-aaa-x1');
    await workloads.deleteReplicaSet('web-aaa');
    await assert.rejects(client.get(workloadResources.replicaSets, 'shop', 'web-aaa'), NotFoundError);
    await workloads.deleteReplicaSet('web-aaa');
  });
});
