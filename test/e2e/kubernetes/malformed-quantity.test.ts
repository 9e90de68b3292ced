// With the project's CRDs, a Rollout whose container asks for `memory: invalid` is stored, as
// with Argo's CRDs (the CRDs keep resource requests as written), and the controller holds it with
// an InvalidSpec condition that names the field: phase Degraded (what Argo CD shows as Degraded,
// not as a sync error), nothing created for it. `cpu: 0.5`, a valid quantity as a number, rolls out.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
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

function withRequests(name: string, requests: Record<string, unknown>) {
  const object = rollout({ name, replicas: 1, strategy: { canary: { steps: [{ setWeight: 50 }] } } });
  (object.spec as { template: { spec: { containers: Array<Record<string, unknown>> } } }).template.spec.containers[0]!.resources = { requests };
  return object;
}

test('a malformed quantity is stored and held with InvalidSpec; a fractional number rolls out', { skip: skipWithoutControlPlane }, async () => {
  try {
    await cluster.apply([withRequests('malformed', { memory: 'invalid' }), withRequests('fractional', { cpu: 0.5 })]);
    const bad = await waitForRollout(cluster.client, ns, 'malformed', (r) => (r.status?.conditions ?? []).some((c) => c.type === 'InvalidSpec'), { what: 'the InvalidSpec condition' });
    const condition = bad.status?.conditions?.find((c) => c.type === 'InvalidSpec');
    assert.equal(condition?.status, 'True');
    assert.match(condition?.message ?? '', /spec\.template\.spec\.containers\[0\]\.resources\.requests\.memory: must be a quantity/);
    assert.equal(bad.status?.phase, 'Degraded');
    assert.equal((await rolloutReplicaSets(cluster.client, ns, bad)).length, 0, 'nothing is created for an invalid rollout');
    await waitForRollout(cluster.client, ns, 'fractional', healthy, { what: 'the rollout with cpu: 0.5 to be Healthy' });
  } catch (error) {
    failed = true;
    throw error;
  }
});
