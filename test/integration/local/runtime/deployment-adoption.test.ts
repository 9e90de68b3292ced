// `sluice run` killed with SIGKILL while a plain Deployment runs, then started again: the new
// runtime adopts the Deployment's pods (same names, same pids) as it adopts a rollout's, starts no
// second set and leaves no process of the first runtime over; the adopted pods serve real HTTP
// through the Service. The local API lists the Deployment and shows its ReplicaSets and pods.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { after, describe, it } from 'node:test';
import type { Deployment } from '../../../../src/api/types/core.ts';
import type { DeploymentDetail } from '../../../../src/runtime/local/api/deployment-details.ts';
import { waitFor } from '../../../support/ports.ts';
import { servedService, servedWorkload } from '../../../support/served-workloads.ts';
import { countBy, send, sendMany } from '../services/pod-servers.ts';
import { onLinux, podPids, processesOf } from './pod-processes.ts';
import { startSluice, temporaryDir, type RunningSluice } from './sluice-run.ts';

const HOST = 'shop.default.svc.cluster.local';

function manifests(marker: string): string {
  const shop = servedWorkload({
    kind: 'Deployment',
    name: 'shop',
    replicas: 3,
    reply: 'String(process.pid)',
    env: { SLUICE_TEST_RUN: marker },
    graceSeconds: 2,
  });
  return `${shop}---\n${servedService('shop')}`;
}

function detail(sluice: RunningSluice): Promise<DeploymentDetail> {
  return sluice.client.get<DeploymentDetail>('/api/v1/deployments/default/shop/detail');
}

function readyPods(found: DeploymentDetail): number {
  return found.pods.filter((pod) => {
    const statuses = pod.status?.containerStatuses ?? [];
    return !pod.metadata.deletionTimestamp && statuses.length > 0 && statuses.every((c) => c.ready);
  }).length;
}

describe('SIGKILL of sluice run with a Deployment running, then a restart', {
  skip: onLinux ? false : "scans /proc for the pods' processes (Linux)",
  timeout: 180_000,
}, () => {
  let sluice: RunningSluice | undefined;
  const token = randomBytes(8).toString('hex');
  const marker = `SLUICE_TEST_RUN=${token}`;
  const manifestDir = temporaryDir('deployment-adoption');
  after(async () => {
    const stateDir = sluice?.stateDir;
    await sluice?.stop();
    if (stateDir) for (const pid of processesOf(marker, stateDir)) process.kill(pid, 'SIGKILL');
  });

  it('serves the Deployment through the local API as the Kubernetes API would', async () => {
    writeFileSync(path.join(manifestDir, 'app.yaml'), manifests(token));
    sluice = await startSluice([manifestDir]);
    // The status follows the pods a moment later (the controller's next sync): waited for with them.
    const available = (found: DeploymentDetail) =>
      (found.deployment as { status?: { availableReplicas?: number } }).status?.availableReplicas;
    const found = await waitFor(
      '3 ready pods, and the status counting them',
      async () => {
        const current = await detail(sluice as RunningSluice);
        return readyPods(current) === 3 && current.pods.length === 3 && available(current) === 3 ? current : undefined;
      },
      60_000,
      100,
    );
    const { items } = await sluice.client.get<{ items: Deployment[] }>('/api/v1/deployments');
    assert.deepEqual(
      items.map((d) => `${d.metadata.namespace}/${d.metadata.name}`),
      ['default/shop'],
    );
    const inNamespace = await sluice.client.get<{ items: Deployment[] }>('/api/v1/deployments/default');
    assert.equal(inNamespace.items.length, 1);
    assert.deepEqual((await sluice.client.get<{ items: Deployment[] }>('/api/v1/deployments/other')).items, []);
    const one = await sluice.client.get<Deployment & { status?: Record<string, unknown> }>(
      '/api/v1/deployments/default/shop',
    );
    assert.equal(one.status?.['availableReplicas'], 3);
    await assert.rejects(sluice.client.get('/api/v1/deployments/default/none'), /deployment default\/none not found/);

    assert.match(sluice.output(), /Deployment default\/shop: created ReplicaSet shop-/);
    assert.equal(found.replicaSets.length, 1);
    const [rs] = found.replicaSets;
    const hash = rs?.metadata.labels?.['pod-template-hash'] ?? '';
    assert.equal(rs?.metadata.name, `shop-${hash}`);
    assert.deepEqual(
      rs?.metadata.ownerReferences?.map((o) => [o.apiVersion, o.kind, o.name, o.uid]),
      [['apps/v1', 'Deployment', 'shop', found.deployment.metadata.uid]],
    );
    assert.equal(rs?.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
    assert.deepEqual(rs?.spec.selector.matchLabels, { app: 'shop', 'pod-template-hash': hash });
    // The model's ReplicaSet type reads only the spec; the API serves the status the runtime wrote.
    assert.deepEqual((rs as unknown as { status?: Record<string, number> }).status, {
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    });
    for (const pod of found.pods) {
      assert.match(pod.metadata.name ?? '', new RegExp(`^shop-${hash}-[a-z0-9]{5}$`));
      assert.equal(pod.metadata.labels?.['pod-template-hash'], hash);
      assert.deepEqual(
        pod.metadata.ownerReferences?.map((o) => [o.kind, o.name]),
        [['ReplicaSet', rs?.metadata.name]],
      );
    }
  });

  it('adopts the same pods after a SIGKILL, starts none twice, leaves none over, and they serve', async () => {
    const first = sluice as RunningSluice;
    const before = podPids(await detail(first), { stopping: false });
    const pidsBefore = Object.values(before)
      .flat()
      .sort((a, b) => a - b);
    assert.equal(pidsBefore.length, 3);
    assert.deepEqual(processesOf(marker, first.stateDir), pidsBefore);
    const port = () => Number(new URL((sluice as RunningSluice).gatewayUrl).port);
    const servedBy = async () =>
      countBy(await sendMany(30, 3, () => send(port(), { host: HOST })), (r) => `${r.status} ${r.body}`);
    const served = await servedBy();
    assert.ok(
      Object.keys(served).every((key) => pidsBefore.map((pid) => `200 ${pid}`).includes(key)),
      JSON.stringify(served),
    );

    let current = first;
    for (let kill = 1; kill <= 2; kill++) {
      const exited = once(current.child, 'exit');
      current.child.kill('SIGKILL');
      await exited;
      // Started as the user would start it again: the same manifests, the same state directory.
      current = await startSluice([manifestDir], { stateDir: first.stateDir });
      sluice = current;
      const adopted = await waitFor(
        `the adopted pods to be ready after kill ${kill}`,
        async () => {
          const found = await detail(current);
          return readyPods(found) === 3 ? found : undefined;
        },
        60_000,
        100,
      );
      assert.deepEqual(
        podPids(adopted, { stopping: false }),
        before,
        `kill ${kill}: the same pods, with the same processes`,
      );
      assert.equal(adopted.pods.length, 3, `kill ${kill}: no second set of pods`);
      assert.deepEqual(processesOf(marker, current.stateDir), pidsBefore, `kill ${kill}: no process left over`);
      assert.doesNotMatch(current.output(), /created ReplicaSet/, `kill ${kill}: no ReplicaSet created again`);
      const answers = await servedBy();
      assert.deepEqual(
        Object.keys(answers).filter((key) => !pidsBefore.map((pid) => `200 ${pid}`).includes(key)),
        [],
        `kill ${kill}: only the adopted pods answer: ${JSON.stringify(answers)}`,
      );
      assert.equal(
        Object.values(answers).reduce((a, b) => a + b, 0),
        30,
      );
    }

    assert.equal(await current.stop(), 0);
    sluice = undefined;
    assert.deepEqual(processesOf(marker, current.stateDir), [], 'no pod process outlives a graceful stop');
  });
});
