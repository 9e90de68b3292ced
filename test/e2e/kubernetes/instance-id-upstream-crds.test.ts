// With Argo Rollouts' own CRDs installed (not the project's) and --instance-id: the controller
// handles only the rollouts labelled for its instance, leaves the others untouched, and gives a
// rollout with an invalid spec the InvalidSpec condition without creating anything for it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { upstreamCrdPaths } from '../../controlplane/paths.ts';
import { skipWithoutControlPlane, startE2eCluster, type E2eCluster } from './support/e2e-cluster.ts';
import { rollout, service } from './support/manifests.ts';
import { getRollout, healthy, rolloutReplicaSets, waitForRollout } from './support/wait.ts';

const ns = 'instances';
const instanceLabel = { 'argo-rollouts.argoproj.io/controller-instance-id': 'blue' };
let cluster: E2eCluster;
let failed = false;

before(async () => {
  if (skipWithoutControlPlane) return;
  cluster = await startE2eCluster(ns, { crdPaths: upstreamCrdPaths() });
  await cluster.startController(['--instance-id', 'blue']);
});

after(async () => {
  await cluster?.stop(failed);
});

test("upstream CRDs, --instance-id: only this instance's rollouts are handled; an invalid spec gets InvalidSpec", {
  skip: skipWithoutControlPlane,
}, async () => {
  try {
    const invalid = rollout({
      name: 'bad',
      replicas: 1,
      labels: instanceLabel,
      strategy: { canary: { steps: [{ setWeight: 20 }, { pause: { duration: 'soon' } }] } },
    });
    await cluster.apply([
      service('mine', 'mine'),
      rollout({
        name: 'mine',
        replicas: 2,
        labels: instanceLabel,
        strategy: { canary: { stableService: 'mine', steps: [{ setWeight: 50 }, { pause: { duration: '1s' } }] } },
      }),
      rollout({ name: 'unlabelled', replicas: 1, strategy: { canary: { steps: [{ setWeight: 50 }] } } }),
      rollout({
        name: 'other',
        replicas: 1,
        labels: { 'argo-rollouts.argoproj.io/controller-instance-id': 'green' },
        strategy: { canary: { steps: [{ setWeight: 50 }] } },
      }),
      invalid,
    ]);
    const mine = await waitForRollout(cluster.client, ns, 'mine', healthy, {
      what: "this instance's rollout to be Healthy",
    });
    assert.equal((await rolloutReplicaSets(cluster.client, ns, mine)).length, 1);

    const bad = await waitForRollout(
      cluster.client,
      ns,
      'bad',
      (r) => (r.status?.conditions ?? []).some((c) => c.type === 'InvalidSpec'),
      { what: 'the InvalidSpec condition' },
    );
    const condition = bad.status?.conditions?.find((c) => c.type === 'InvalidSpec');
    assert.equal(condition?.status, 'True');
    assert.match(
      condition?.message ?? '',
      /spec\.strategy\.canary\.steps\[1\]\.pause\.duration/,
      'the message names the field path',
    );
    assert.equal(bad.status?.phase, 'Degraded');
    assert.equal(
      (await rolloutReplicaSets(cluster.client, ns, bad)).length,
      0,
      'nothing is created for an invalid rollout',
    );

    // The others were never touched: no status, no ReplicaSets (the reconciles of "mine" took long enough to have reached them).
    for (const name of ['unlabelled', 'other']) {
      const untouched = await getRollout(cluster.client, ns, name);
      assert.equal(untouched.status, undefined, `${name} has no status`);
      assert.equal((await rolloutReplicaSets(cluster.client, ns, untouched)).length, 0, `${name} has no ReplicaSets`);
    }
  } catch (error) {
    failed = true;
    throw error;
  }
});
