// A ReplicaSet's revision follows its `rollout.argoproj.io/revision` annotation (the engine rewrites
// it when it reuses the ReplicaSet for a newer revision), and a ReplicaSet created with a
// `createdAt` keeps that age. No pods are started: every ReplicaSet here has 0 replicas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodTemplateSpec } from '../../../../../src/api/types/pod.ts';
import { podEnvironment } from '../../../../../src/runtime/local/pods/pod-environment.ts';
import { LocalWorkloads } from '../../../../../src/runtime/local/workloads/local-workloads.ts';
import { applyWorkloadAction } from '../../../../../src/runtime/workloads.ts';

const TEMPLATE: PodTemplateSpec = {
  metadata: { labels: { app: 'web', 'rollouts-pod-template-hash': 'abc12' } },
  spec: { containers: [{ name: 'web', command: ['true'] }] },
};
const REVISION = 'rollout.argoproj.io/revision';

async function observedOne(workloads: LocalWorkloads) {
  const [observed] = await workloads.observe();
  assert.ok(observed);
  return observed;
}

test('the revision follows the annotation when a ReplicaSet is reused, else the created revision', async () => {
  const table: Array<{
    annotations: Record<string, string>;
    change: Record<string, string | null>;
    expected: number;
    why: string;
  }> = [
    {
      annotations: { [REVISION]: '1' },
      change: { [REVISION]: '3' },
      expected: 3,
      why: 'updateReplicaSetMetadata with a new revision',
    },
    { annotations: { [REVISION]: '2' }, change: {}, expected: 2, why: 'no change' },
    { annotations: {}, change: {}, expected: 1, why: 'no annotation: the created revision' },
    {
      annotations: { [REVISION]: '1' },
      change: { [REVISION]: null },
      expected: 1,
      why: 'annotation removed: the created revision',
    },
    { annotations: { [REVISION]: 'x' }, change: {}, expected: 1, why: 'annotation not a number: the created revision' },
  ];
  for (const row of table) {
    const workloads = new LocalWorkloads('default', podEnvironment());
    await applyWorkloadAction(workloads, {
      type: 'createReplicaSet',
      name: 'web-abc12',
      podTemplateHash: 'abc12',
      revision: 1,
      replicas: 0,
      template: TEMPLATE,
      annotations: row.annotations,
    });
    await applyWorkloadAction(workloads, {
      type: 'updateReplicaSetMetadata',
      name: 'web-abc12',
      annotations: row.change,
    });
    assert.equal((await observedOne(workloads)).revision, row.expected, row.why);
    assert.equal(workloads.replicaSet('web-abc12')?.revision, row.expected, row.why);
  }
});

test('a scale that carries a revision annotation changes the revision too', async () => {
  const workloads = new LocalWorkloads('default', podEnvironment());
  await workloads.createReplicaSet({
    name: 'web-abc12',
    podTemplateHash: 'abc12',
    revision: 1,
    replicas: 0,
    template: TEMPLATE,
    annotations: { [REVISION]: '1' },
  });
  await workloads.scaleReplicaSet('web-abc12', 0, { [REVISION]: '4' });
  assert.equal((await observedOne(workloads)).revision, 4);
});

test('createdAt is kept when given, else the time of creation', async () => {
  const restored = new LocalWorkloads('default', podEnvironment());
  const createdAt = Date.parse('2024-05-01T10:00:00Z');
  await restored.createReplicaSet({
    name: 'web-abc12',
    podTemplateHash: 'abc12',
    revision: 1,
    replicas: 0,
    template: TEMPLATE,
    annotations: {},
    createdAt,
  });
  assert.equal((await observedOne(restored)).createdAt, createdAt);

  const fresh = new LocalWorkloads('default', podEnvironment());
  const before = Date.now();
  await fresh.createReplicaSet({
    name: 'web-abc12',
    podTemplateHash: 'abc12',
    revision: 1,
    replicas: 0,
    template: TEMPLATE,
    annotations: {},
  });
  const observed = await observedOne(fresh);
  assert.ok(
    observed.createdAt >= before && observed.createdAt <= Date.now(),
    `${observed.createdAt} not between ${before} and now`,
  );
});
