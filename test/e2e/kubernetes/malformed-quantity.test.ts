// With the project's CRDs, a Rollout whose container asks for `memory: invalid` is stored, as with
// Argo's CRDs (the CRDs keep resource requests as written). As Argo's controller, which reads such
// a Rollout with a tolerant decoder that stops at the malformed value, the controller reads the pod
// template up to that quantity and rolls it out without it; a Rollout without spec.replicas gets
// `replicas: 1` written back with the template as read (Argo's TestMalformedRollout). `cpu: 0.5`,
// a valid quantity as a number, rolls out as written.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { argoResources } from '../../../src/runtime/kubernetes/resources.ts';
import { skipWithoutControlPlane, startE2eCluster, type E2eCluster } from './support/e2e-cluster.ts';
import { rollout } from './support/manifests.ts';
import { healthy, rolloutReplicaSets, waitForRollout } from './support/wait.ts';

const ns = 'quantities';
let cluster: E2eCluster;
let failed = false;

before(async () => {
  if (skipWithoutControlPlane) return;
  cluster = await startE2eCluster(ns);
  await cluster.startController();
});

after(async () => {
  await cluster?.stop(failed);
});

function withRequests(name: string, requests: Record<string, unknown>, replicas: number | null = 1) {
  const object = rollout({ name, replicas: replicas ?? 1, strategy: { canary: { steps: [{ setWeight: 50 }] } } });
  const spec = object.spec as { replicas?: number; template: { spec: { containers: Array<Record<string, unknown>> } } };
  if (replicas === null) delete spec.replicas;
  spec.template.spec.containers[0]!.resources = { requests };
  return object;
}

test('a malformed quantity is left out of what rolls out, as Argo reads it; a fractional number rolls out as written', {
  skip: skipWithoutControlPlane,
}, async () => {
  try {
    await cluster.apply([
      withRequests('malformed', { memory: 'invalid', cpu: '5m' }),
      withRequests('fractional', { cpu: 0.5 }),
    ]);
    const bad = await waitForRollout(cluster.client, ns, 'malformed', healthy, {
      what: 'the rollout with memory: invalid to be Healthy',
    });
    assert.equal(
      bad.status?.conditions?.find((c) => c.type === 'InvalidSpec'),
      undefined,
    );
    const [rs] = await rolloutReplicaSets(cluster.client, ns, bad);
    assert.deepEqual(
      rs?.spec?.template?.spec?.containers[0]?.resources,
      { requests: { cpu: '5m' } },
      'the quantities sorted before the malformed one are kept',
    );
    const stored = await cluster.client.get(argoResources.rollouts, ns, 'malformed');
    assert.deepEqual(
      stored.spec.template?.spec?.containers[0]?.resources,
      { requests: { memory: 'invalid', cpu: '5m' } },
      'a Rollout with spec.replicas is not written back',
    );
    const good = await waitForRollout(cluster.client, ns, 'fractional', healthy, {
      what: 'the rollout with cpu: 0.5 to be Healthy',
    });
    const [goodRs] = await rolloutReplicaSets(cluster.client, ns, good);
    assert.deepEqual(goodRs?.spec?.template?.spec?.containers[0]?.resources, { requests: { cpu: '500m' } });
  } catch (error) {
    failed = true;
    throw error;
  }
});

test('a Rollout without spec.replicas gets replicas 1 written back with its template as read', {
  skip: skipWithoutControlPlane,
}, async () => {
  try {
    await cluster.apply([withRequests('no-replicas', { memory: 'invalid' }, null)]);
    const done = await waitForRollout(cluster.client, ns, 'no-replicas', healthy, {
      what: 'the rollout without replicas to be Healthy',
    });
    assert.equal(done.spec.replicas, 1);
    assert.deepEqual(
      done.spec.template?.spec?.containers[0]?.resources,
      { requests: {} },
      'the malformed quantity is gone from the stored Rollout',
    );
  } catch (error) {
    failed = true;
    throw error;
  }
});
