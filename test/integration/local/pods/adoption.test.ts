// Pods recorded by an earlier runtime: a ReplicaSet adopts the recorded pods whose processes still
// run (same pod, same pid, ready at once), notices when an adopted process ends and restarts it on
// the same port; a pid whose start time is not the recorded one (a reused pid) is never adopted nor
// killed; recorded pods whose ReplicaSet is gone are killed.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { after, describe, it } from 'node:test';
import type { PodTemplateSpec } from '../../../../src/api/types/pod.ts';
import { freeLoopbackPort } from '../../../../src/platform/free-port.ts';
import { PodRecords, type PodRecord } from '../../../../src/runtime/local/pods/pod-records.ts';
import { readIdentity } from '../../../../src/platform/process/process-identity.ts';
import { LocalWorkloads } from '../../../../src/runtime/local/workloads/local-workloads.ts';
import { HTTP_SERVER, testEnvironment } from './fixtures.ts';
import { eventually } from './wait.ts';

const onLinux = existsSync('/proc/self/stat');
const TEMPLATE: PodTemplateSpec = {
  metadata: { labels: { app: 'web', 'rollouts-pod-template-hash': 'abc12' } },
  spec: {
    terminationGracePeriodSeconds: 5,
    containers: [{ name: 'web', command: [process.execPath, '-e', HTTP_SERVER], ports: [{ containerPort: 8080 }] }],
  },
};

describe('adopting the pods of an earlier runtime', { skip: onLinux ? false : 'adoption reads /proc (Linux)' }, () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const workloads: LocalWorkloads[] = [];
  after(async () => {
    await Promise.all(workloads.map((w) => w.shutdown()));
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function stateDir(): PodRecords {
    const dir = mkdtempSync(path.join(tmpdir(), 'sluice-adopt-'));
    dirs.push(dir);
    return new PodRecords(dir);
  }

  /** A process as an earlier runtime left it: the leader of its own group, not a child of a ReplicaSet here. */
  async function leftover(command: string, args: string[], env: Record<string, string> = {}): Promise<ChildProcess> {
    const child = spawn(command, args, {
      detached: true,
      stdio: 'ignore',
      env: { PATH: process.env['PATH'] ?? '', ...env },
    });
    children.push(child);
    await once(child, 'spawn');
    return child;
  }

  function recordOf(
    name: string,
    child: ChildProcess,
    port: number,
    startTime = readIdentity(child.pid!)!.startTime,
  ): PodRecord {
    return {
      name,
      namespace: 'default',
      replicaSet: 'web-abc12',
      podTemplateHash: 'abc12',
      labels: { app: 'web', 'rollouts-pod-template-hash': 'abc12' },
      annotations: {},
      createdAt: Date.now() - 60_000,
      readySince: Date.now() - 30_000,
      containers: [
        {
          name: 'web',
          pid: child.pid!,
          startTime,
          startedAt: Date.now() - 60_000,
          restartCount: 2,
          ready: true,
          started: true,
          ports: [{ containerPort: 8080, protocol: 'TCP', port }],
        },
      ],
    };
  }

  it('takes over a running pod, ready at once, and restarts it on the same port when it ends', async () => {
    const records = stateDir();
    const port = await freeLoopbackPort();
    const child = await leftover(process.execPath, ['-e', HTTP_SERVER], { PORT: String(port) });
    const record = recordOf('web-abc12-adopt', child, port);
    records.write(record);
    const local = new LocalWorkloads('default', testEnvironment({ records }));
    workloads.push(local);
    await local.createReplicaSet({
      name: 'web-abc12',
      podTemplateHash: 'abc12',
      revision: 1,
      replicas: 1,
      template: TEMPLATE,
      annotations: {},
    });

    const [status] = local.replicaSet('web-abc12')?.podStatuses() ?? [];
    assert.equal(status?.name, 'web-abc12-adopt');
    assert.equal(status?.containers[0]?.pid, child.pid);
    assert.equal(status?.containers[0]?.restartCount, 2);
    assert.equal(status?.ready, true, 'ready at once, as it was');
    assert.equal(status?.readySince, record.readySince);
    assert.equal(status?.createdAt, record.createdAt);
    assert.equal((await local.observe())[0]?.currentReplicas, 1);

    child.kill('SIGKILL');
    const restarted = await eventually('the adopted container to be restarted', () => {
      const container = local.replicaSet('web-abc12')?.podStatuses()[0]?.containers[0];
      return container?.pid !== undefined && container.pid !== child.pid && container.state.kind === 'Running'
        ? container
        : undefined;
    });
    assert.equal(restarted.restartCount, 3);
    assert.deepEqual(
      restarted.ports.map((p) => p.port),
      [port],
    );
    assert.equal(records.all()[0]?.containers[0]?.pid, restarted.pid, 'the record follows the new process');

    await local.shutdown();
    assert.deepEqual(records.all(), [], 'a stopped pod is forgotten');
  });

  it('never adopts nor kills a reused pid, and kills the recorded pods whose ReplicaSet is gone', async () => {
    const records = stateDir();
    const reused = await leftover('sleep', ['600']);
    const unclaimed = await leftover('sleep', ['600']);
    const unclaimedReused = await leftover('sleep', ['600']);
    const notYetClaimed = await leftover('sleep', ['600']);
    // The pid of a live process, but not the process recorded (another start time): a reused pid.
    records.write(recordOf('web-abc12-reused', reused, 1, 'another-boot:1'));
    records.write({ ...recordOf('old-rs-gone', unclaimed, 1), replicaSet: 'old', podTemplateHash: 'old' });
    records.write({
      ...recordOf('old-rs-reused', unclaimedReused, 1, 'another-boot:2'),
      replicaSet: 'old',
      podTemplateHash: 'old',
    });
    // Its ReplicaSet exists but has not taken its pods yet: left for it.
    records.write({ ...recordOf('later-rs-pod', notYetClaimed, 1), replicaSet: 'later', podTemplateHash: 'later' });

    const local = new LocalWorkloads('default', testEnvironment({ records }));
    workloads.push(local);
    await local.createReplicaSet({
      name: 'web-abc12',
      podTemplateHash: 'abc12',
      revision: 1,
      replicas: 1,
      template: TEMPLATE,
      annotations: {},
    });
    const [pod] = local.replicaSet('web-abc12')?.podStatuses() ?? [];
    assert.notEqual(pod?.name, 'web-abc12-reused', 'a new pod instead');

    const exited = once(unclaimed, 'exit');
    assert.deepEqual(records.stopOrphans((record) => record.replicaSet === 'later').sort(), [
      'default/old-rs-gone',
      'default/old-rs-reused',
    ]);
    await exited;
    assert.equal(reused.exitCode, null);
    assert.equal(reused.signalCode, null, 'the reused pid was left alone');
    assert.equal(unclaimedReused.signalCode, null, 'the reused pid was left alone');
    assert.equal(notYetClaimed.signalCode, null, 'a pod of an existing ReplicaSet is left alone');
    assert.deepEqual(
      records
        .all()
        .map((r) => r.replicaSet)
        .sort(),
      ['later', 'web-abc12'],
    );
  });
});
