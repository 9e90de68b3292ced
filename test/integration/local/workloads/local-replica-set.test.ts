import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import type { PodTemplateSpec } from '../../../../src/api/types/pod.ts';
import { LocalWorkloads } from '../../../../src/runtime/local/workloads/local-workloads.ts';
import { applyWorkloadAction } from '../../../../src/runtime/workloads.ts';
import { liveProcessGroups } from '../../../../src/platform/process/process-group.ts';
import { testEnvironment, HTTP_SERVER } from '../pods/fixtures.ts';
import { eventually, isGroupAlive } from '../pods/wait.ts';

/** Pods that turn ready when a file named after the pod appears in `dir`. */
function gatedTemplate(dir: string): PodTemplateSpec {
  const check = `process.exit(require('node:fs').existsSync(require('node:path').join(${JSON.stringify(dir)}, process.env.SLUICE_POD_NAME)) ? 0 : 1)`;
  return {
    metadata: { labels: { app: 'web', 'rollouts-pod-template-hash': 'abc12' } },
    spec: {
      terminationGracePeriodSeconds: 5,
      containers: [
        {
          name: 'web',
          command: [process.execPath, '-e', HTTP_SERVER],
          readinessProbe: { exec: { command: [process.execPath, '-e', check] }, periodSeconds: 0.05 },
        },
      ],
    },
  };
}

test('a ReplicaSet scales 0 -> 3 -> 1, stopping the not-ready pod, then the one ready most recently', {
  timeout: 60_000,
}, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sluice-rs-'));
  const workloads = new LocalWorkloads('default', testEnvironment());
  t.after(async () => {
    await workloads.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });
  await applyWorkloadAction(workloads, {
    type: 'createReplicaSet',
    name: 'web-abc12',
    podTemplateHash: 'abc12',
    revision: 1,
    replicas: 0,
    template: gatedTemplate(dir),
    annotations: { 'rollout.argoproj.io/revision': '1' },
  });
  let [observed] = await workloads.observe();
  assert.equal(observed?.currentReplicas, 0);
  assert.deepEqual(observed?.template.metadata?.labels, { app: 'web' });

  await applyWorkloadAction(workloads, { type: 'scaleReplicaSet', name: 'web-abc12', replicas: 3 });
  [observed] = await workloads.observe();
  assert.equal(observed?.replicas, 3);
  assert.equal(observed?.currentReplicas, 3);
  assert.equal(observed?.readyReplicas, 0);
  const [first, second, third] = (observed?.pods ?? []).map((pod) => pod.name);
  assert.ok(first && second && third);
  for (const name of [first, second, third]) assert.match(name, /^web-abc12-[bcdfghjklmnpqrstvwxz2456789]{5}$/);

  // `first` becomes ready, then `second`; `third` never does.
  writeFileSync(path.join(dir, first), '');
  await eventually(
    'the first pod ready',
    async () => (await workloads.observe())[0]?.pods?.find((p) => p.name === first)?.ready,
  );
  writeFileSync(path.join(dir, second), '');
  await eventually('two ready pods', async () => (await workloads.observe())[0]?.readyReplicas === 2);
  const pids =
    workloads
      .replicaSet('web-abc12')
      ?.podStatuses()
      .flatMap((s) => s.containers.map((c) => c.pid ?? 0)) ?? [];

  await applyWorkloadAction(workloads, {
    type: 'scaleReplicaSet',
    name: 'web-abc12',
    replicas: 1,
    annotations: { 'scale-down-deadline': 'x' },
  });
  [observed] = await workloads.observe();
  assert.equal(observed?.currentReplicas, 1);
  assert.equal(observed?.annotations['scale-down-deadline'], 'x');
  assert.deepEqual(
    observed?.pods?.filter((p) => !p.terminating).map((p) => p.name),
    [first],
  );
  assert.deepEqual(new Set(observed?.pods?.filter((p) => p.terminating).map((p) => p.name)), new Set([second, third]));

  await workloads.replicaSet('web-abc12')?.stopped();
  [observed] = await workloads.observe();
  assert.deepEqual(
    observed?.pods?.map((p) => p.name),
    [first],
  );
  assert.equal(observed?.readyReplicas, 1);
  assert.equal(pids.filter((pid) => isGroupAlive(pid)).length, 1);
});

test('availability waits for minReadySeconds; a deleted pod is replaced; metadata reaches live pods', {
  timeout: 60_000,
}, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sluice-rs-'));
  const environment = testEnvironment();
  const labelEvents: Array<Record<string, string>> = [];
  environment.endpoints.subscribe((event) => event.kind === 'labelsChanged' && labelEvents.push(event.endpoint.labels));
  const workloads = new LocalWorkloads('default', environment);
  t.after(async () => {
    await workloads.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });
  const template: PodTemplateSpec = {
    metadata: { labels: { app: 'web' } },
    spec: { containers: [{ name: 'web', command: [process.execPath, '-e', HTTP_SERVER] }] },
  };
  // Counted from the moment both pods are seen ready, so the notification that availability
  // brings (minReadySeconds later) cannot slip in before the listener exists.
  let readySeen = false;
  let changesAfterReady = 0;
  workloads.onChange(() => {
    if (readySeen) changesAfterReady++;
  });
  await applyWorkloadAction(
    workloads,
    {
      type: 'createReplicaSet',
      name: 'web-x',
      podTemplateHash: 'x',
      revision: 2,
      replicas: 2,
      template,
      annotations: {},
    },
    { minReadySeconds: 3 },
  );
  const ready = await eventually('two ready pods', async () => {
    const [rs] = await workloads.observe();
    if (rs?.readyReplicas !== 2) return undefined;
    readySeen = true;
    return rs;
  });
  assert.equal(ready.availableReplicas, 0, 'available before minReadySeconds');
  await eventually('two available pods', async () => (await workloads.observe())[0]?.availableReplicas === 2);
  // Availability is computed from the clock, so a poll can see it a moment before the timer that
  // announces it fires on a loaded machine: wait for the announcement itself.
  await eventually('a change notification once the pods are available', async () => changesAfterReady > 0);

  const victim = ready.pods?.[0]?.name ?? '';
  await applyWorkloadAction(workloads, { type: 'deletePod', name: victim, replicaSet: 'web-x' });
  const [afterDelete] = await workloads.observe();
  assert.equal(afterDelete?.currentReplicas, 2);
  assert.ok(afterDelete?.pods?.some((p) => p.name === victim && p.terminating));
  await eventually('the replacement ready', async () => (await workloads.observe())[0]?.readyReplicas === 2);

  await applyWorkloadAction(workloads, {
    type: 'updateReplicaSetMetadata',
    name: 'web-x',
    podLabels: { role: 'canary' },
    annotations: { note: 'n' },
  });
  const [updated] = await workloads.observe();
  assert.equal(updated?.template.metadata?.labels?.['role'], 'canary');
  assert.equal(updated?.annotations['note'], 'n');
  assert.ok(labelEvents.length >= 2 && labelEvents.every((labels) => labels['role'] === 'canary'));
  assert.ok(
    workloads
      .replicaSet('web-x')
      ?.podStatuses()
      .filter((s) => !s.terminating)
      .every((s) => s.labels['role'] === 'canary'),
  );
});

test('a deleted ReplicaSet leaves observe() at once and its processes stop', { timeout: 60_000 }, async () => {
  const workloads = new LocalWorkloads('default', testEnvironment());
  const template: PodTemplateSpec = {
    metadata: { labels: { app: 'gone' } },
    spec: { containers: [{ name: 'web', command: [process.execPath, '-e', HTTP_SERVER] }] },
  };
  await workloads.createReplicaSet({
    name: 'gone-1',
    podTemplateHash: '1',
    revision: 1,
    replicas: 2,
    template,
    annotations: {},
  });
  await eventually('ready pods', async () => (await workloads.observe())[0]?.readyReplicas === 2);
  const pids =
    workloads
      .replicaSet('gone-1')
      ?.podStatuses()
      .flatMap((s) => s.containers.map((c) => c.pid ?? 0)) ?? [];
  await workloads.deleteReplicaSet('gone-1');
  assert.deepEqual(await workloads.observe(), []);
  await workloads.shutdown();
  assert.deepEqual(
    pids.filter((pid) => isGroupAlive(pid)),
    [],
  );
  assert.deepEqual(liveProcessGroups(), []);
});
