// A ReplicaSet for the rollout's current template exists before the controller first sees the
// rollout, made by hand: once with the rollout's labels and a controller ownerReference to it, once
// as an orphan with the pod-template hash label only. Either way the controller uses that
// ReplicaSet (same uid, now owned by the rollout) and never creates a second one.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ReplicaSet } from '../../../src/api/types/core.ts';
import { podTemplateHash } from '../../../src/api/pod-template-hash.ts';
import type { KubeObject } from '../../../src/platform/kubernetes/client/objects.ts';
import { coreResources } from '../../../src/platform/kubernetes/client/resources.ts';
import { workloadResources } from '../../../src/runtime/kubernetes/resources.ts';
import { skipWithoutControlPlane, startE2eCluster, type E2eCluster } from './support/e2e-cluster.ts';
import { rollout } from './support/manifests.ts';
import { getRollout, healthy, readyPodsByHash, rolloutReplicaSets, waitForRollout } from './support/wait.ts';

const ns = 'rs-adoption';
let cluster: E2eCluster;
let failed = false;

before(async () => {
  if (skipWithoutControlPlane) return;
  cluster = await startE2eCluster(ns);
});

after(async () => {
  await cluster?.stop(failed);
});

const strategy = { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } };

/** The ReplicaSet the controller would create for `name`, made by hand; with an ownerReference when `owned`. */
async function handMadeReplicaSet(name: string, owned: boolean): Promise<ReplicaSet> {
  const live = await getRollout(cluster.client, ns, name);
  const template = live.spec.template ?? {};
  const hash = podTemplateHash(template);
  const labels = { ...(template.metadata?.labels ?? {}), 'rollouts-pod-template-hash': hash };
  const object: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${name}-${hash}`,
      labels,
      ...(owned
        ? {
            ownerReferences: [
              {
                apiVersion: 'argoproj.io/v1alpha1',
                kind: 'Rollout',
                name,
                uid: live.metadata.uid,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          }
        : {}),
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: { ...template, metadata: { ...template.metadata, labels } },
    },
  };
  return cluster.client.create(workloadResources.replicaSets, ns, object);
}

test('a ReplicaSet for the current template, made before the controller starts, is used: owned or orphan, no duplicate', {
  skip: skipWithoutControlPlane,
}, async () => {
  try {
    await cluster.apply([
      rollout({ name: 'owned', replicas: 2, strategy }),
      rollout({ name: 'orphan', replicas: 2, strategy }),
    ]);
    const made = { owned: await handMadeReplicaSet('owned', true), orphan: await handMadeReplicaSet('orphan', false) };
    await cluster.startController();

    for (const name of ['owned', 'orphan'] as const) {
      const done = await waitForRollout(
        cluster.client,
        ns,
        name,
        (r) => healthy(r) && r.status?.availableReplicas === 2,
        { what: `${name} to be Healthy with 2 available` },
      );
      const owned = await rolloutReplicaSets(cluster.client, ns, done);
      assert.deepEqual(
        owned.map((rs) => rs.metadata.uid),
        [made[name].metadata.uid],
        `${name}: the hand-made ReplicaSet is the only one`,
      );
      assert.equal(done.status?.stableRS, made[name].metadata.labels?.['rollouts-pod-template-hash']);
      const controllers = owned[0]?.metadata.ownerReferences?.filter((reference) => reference.controller) ?? [];
      assert.deepEqual(
        controllers.map((reference) => reference.uid),
        [done.metadata.uid],
        `${name}: controlled by the rollout`,
      );
      const pods = await readyPodsByHash(cluster.client, ns, `app=${name}`);
      assert.deepEqual(pods, { [done.status?.stableRS ?? '']: 2 }, `${name}: two pods, no more`);
    }
    const all = await cluster.client.list<KubeObject>(coreResources.replicaSets, { namespace: ns });
    assert.equal(all.items.length, 2, 'no other ReplicaSet was created');
  } catch (error) {
    failed = true;
    throw error;
  }
});
