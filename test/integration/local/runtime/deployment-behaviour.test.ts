// A plain Deployment through the local runtime as Kubernetes' deployment controller runs it, with
// real pods (processes) and real HTTP through its Service: the status fields and the Available and
// Progressing conditions; spec.paused (a template change waits, resume rolls it out); a rollout that
// makes no progress for progressDeadlineSeconds (ProgressDeadlineExceeded); and a scale in the middle
// of that rollout, spread over both ReplicaSets in proportion (proportional scaling).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readSources } from '../../../../src/cli/lint/read-sources.ts';
import type { Deployment, ReplicaSet } from '../../../../src/api/types/core.ts';
import { startLocalRuntime, type LocalRuntime } from '../../../../src/runtime/local/run.ts';
import type { DeploymentStatus } from '../../../../src/runtime/local/workloads/deployment-status.ts';
import { waitFor } from '../../../support/ports.ts';
import { send, sendMany, countBy } from '../services/pod-servers.ts';
import { temporaryDir } from './sluice-run.ts';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  replicas: 4
  progressDeadlineSeconds: 2
  selector:
    matchLabels: {app: shop}
  strategy:
    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
  template:
    metadata:
      labels: {app: shop}
    spec:
      terminationGracePeriodSeconds: 2
      containers:
        - name: shop
          command:
            - node
            - -e
            - |
              const broken = process.env.BROKEN === 'yes';
              const server = require('node:http').createServer((q, s) => {
                s.statusCode = broken ? 500 : 200;
                s.end(process.env.VERSION);
              });
              server.listen(Number(process.env.PORT), '127.0.0.1');
              process.on('SIGTERM', () => server.close());
          env:
            - {name: VERSION, value: v1}
            - {name: BROKEN, value: "no"}
          ports: [{name: http, containerPort: 8080}]
          readinessProbe: {periodSeconds: 1, httpGet: {path: /, port: http}}
---
apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  selector: {app: shop}
  ports: [{port: 80, targetPort: http}]
`;

describe('a Deployment paused, stuck past its progress deadline and scaled mid-rollout', { timeout: 180_000 }, () => {
  let runtime: LocalRuntime;
  let port: number;

  const deployment = () => runtime.store.get('Deployment', 'default', 'shop');
  // The model's Deployment type reads only the spec; the store keeps the status the controller wrote.
  const status = () =>
    ((deployment() as unknown as { status?: DeploymentStatus } | undefined)?.status ?? {}) as DeploymentStatus;
  const condition = (type: string) => status().conditions?.find((c) => c.type === type);
  const replicaSets = (): ReplicaSet[] => runtime.deployments.replicaSets('default', 'shop');
  const byHash = () =>
    Object.fromEntries(replicaSets().map((rs) => [rs.metadata.labels?.['pod-template-hash'], rs.spec.replicas]));
  const edit = (change: (spec: Deployment['spec']) => void) =>
    runtime.store.update('Deployment', 'default', 'shop', (object) => change(object.spec));
  const container = (spec: Deployment['spec']) => {
    const first = spec.template.spec?.containers[0];
    assert.ok(first);
    return first;
  };
  const setEnv = (spec: Deployment['spec'], name: string, value: string) => {
    const env = container(spec).env ?? [];
    const entry = env.find((e) => e.name === name);
    assert.ok(entry);
    entry.value = value;
  };
  const wait = <T>(what: string, check: () => T | undefined | false, ms = 30_000) =>
    waitFor(
      `${what}; last status ${JSON.stringify(status())}, ReplicaSets ${JSON.stringify(byHash())}`,
      async () => check() || undefined,
      ms,
    );

  before(async () => {
    const dir = temporaryDir('deployment-behaviour');
    writeFileSync(path.join(dir, 'app.yaml'), MANIFESTS);
    runtime = await startLocalRuntime({
      stateDir: temporaryDir('deployment-behaviour-state'),
      sources: readSources([dir]),
    });
    port = (await waitFor('the Service listener', async () => runtime.mesh.serviceAddress('default', 'shop'), 10_000))
      .port;
  });
  after(async () => {
    await runtime?.stop();
  });

  it('writes the status fields and the conditions as Kubernetes does', async () => {
    await wait(
      '4 available pods and a complete rollout',
      () => condition('Progressing')?.reason === 'NewReplicaSetAvailable',
    );
    const { conditions, ...counts } = status();
    assert.deepEqual(counts, {
      observedGeneration: 1,
      replicas: 4,
      updatedReplicas: 4,
      readyReplicas: 4,
      availableReplicas: 4,
      unavailableReplicas: 0,
    });
    assert.deepEqual(conditions?.map((c) => [c.type, c.status, c.reason, c.message]).sort(), [
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      [
        'Progressing',
        'True',
        'NewReplicaSetAvailable',
        `ReplicaSet "${replicaSets()[0]?.metadata.name}" has successfully progressed.`,
      ],
    ]);
    const replies = await sendMany(12, 4, () => send(port));
    assert.deepEqual(
      countBy(replies, (r) => `${r.status} ${r.body}`),
      { '200 v1': 12 },
    );
  });

  it('paused, a template change creates no ReplicaSet; resumed, it rolls out', async () => {
    edit((spec) => {
      spec['paused'] = true;
      setEnv(spec, 'VERSION', 'v2');
    });
    await wait('the paused change observed', () => status().observedGeneration === 2);
    assert.deepEqual(
      [condition('Progressing')?.status, condition('Progressing')?.reason, condition('Progressing')?.message],
      ['Unknown', 'DeploymentPaused', 'Deployment is paused'],
    );
    assert.equal(replicaSets().length, 1, 'no new ReplicaSet while paused');
    assert.equal(status().updatedReplicas, 0, 'the pods are of the old template');
    assert.deepEqual(
      countBy(await sendMany(8, 4, () => send(port)), (r) => r.body),
      { v1: 8 },
    );

    edit((spec) => {
      spec['paused'] = false;
    });
    await wait(
      'the resumed rollout to complete',
      () =>
        status().observedGeneration === 3 &&
        status().updatedReplicas === 4 &&
        status().replicas === 4 &&
        condition('Progressing')?.reason === 'NewReplicaSetAvailable',
    );
    assert.equal(replicaSets().length, 2);
    assert.deepEqual(
      countBy(await sendMany(8, 4, () => send(port)), (r) => r.body),
      { v2: 8 },
    );
  });

  it('a rollout that makes no progress reports ProgressDeadlineExceeded', async () => {
    edit((spec) => {
      setEnv(spec, 'VERSION', 'v3');
      setEnv(spec, 'BROKEN', 'yes');
    });
    await wait(
      'ProgressDeadlineExceeded',
      () => condition('Progressing')?.reason === 'ProgressDeadlineExceeded',
      20_000,
    );
    const { conditions, ...counts } = status();
    assert.deepEqual(counts, {
      observedGeneration: 4,
      replicas: 5,
      updatedReplicas: 1,
      readyReplicas: 4,
      availableReplicas: 4,
      unavailableReplicas: 1,
    });
    const progressing = conditions?.find((c) => c.type === 'Progressing');
    assert.equal(progressing?.status, 'False');
    assert.match(progressing?.message ?? '', /^ReplicaSet "shop-[a-z0-9]+" has timed out progressing\.$/);
    assert.equal(
      conditions?.find((c) => c.type === 'Available')?.status,
      'True',
      'maxUnavailable 0: 4 of 4 still available',
    );
    assert.deepEqual(
      countBy(await sendMany(8, 4, () => send(port)), (r) => `${r.status} ${r.body}`),
      { '200 v2': 8 },
    );
  });

  it('scaled mid-rollout, the new replicas are spread over both ReplicaSets in proportion', async () => {
    const sizes = Object.values(byHash()).sort();
    assert.deepEqual(sizes, [1, 4, 0].sort(), 'v1 at 0, v2 at 4, v3 at 1 before the scale');
    edit((spec) => {
      spec.replicas = 8;
    });
    // 4 + 1 pods sized for 5 (max-replicas); now 8 + 1 allowed: v2 4 * 9/5 = 7.2 -> 7, v3 1 * 9/5 = 1.8 -> 2.
    const scaled = await wait('the proportional scale', () => {
      const sets = replicaSets().filter((rs) => (rs.spec.replicas ?? 0) > 0);
      return sets.length === 2 &&
        sets.every((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'] === '8')
        ? sets
        : undefined;
    });
    const version = (rs: ReplicaSet) =>
      rs.spec.template.spec?.containers[0]?.env?.find((e) => e.name === 'VERSION')?.value;
    assert.deepEqual(
      Object.fromEntries(
        scaled.map((rs) => [
          version(rs),
          [rs.spec.replicas, rs.metadata.annotations?.['deployment.kubernetes.io/max-replicas']],
        ]),
      ),
      { v2: [7, '9'], v3: [2, '9'] },
    );
    await wait(
      '9 pods, 7 of them available',
      () => status().replicas === 9 && status().availableReplicas === 7 && status().observedGeneration === 5,
    );
    assert.equal(status().updatedReplicas, 2);
    assert.equal(status().unavailableReplicas, 2);
    assert.equal(condition('Available')?.status, 'False', '7 available of 8 with maxUnavailable 0');
    assert.equal(runtime.deployments.podStatuses('default', 'shop').filter((p) => !p.terminating).length, 9);
  });

  it('back to an earlier template, its ReplicaSet becomes the newest revision and takes every pod', async () => {
    edit((spec) => {
      setEnv(spec, 'VERSION', 'v2');
      setEnv(spec, 'BROKEN', 'no');
    });
    await wait(
      'the rollback to complete',
      () =>
        status().observedGeneration === 6 &&
        status().updatedReplicas === 8 &&
        status().replicas === 8 &&
        status().availableReplicas === 8 &&
        condition('Progressing')?.reason === 'NewReplicaSetAvailable',
    );
    const revisions = Object.fromEntries(
      replicaSets().map((rs) => [
        rs.spec.template.spec?.containers[0]?.env?.find((e) => e.name === 'VERSION')?.value,
        [rs.metadata.annotations?.['deployment.kubernetes.io/revision'], rs.spec.replicas],
      ]),
    );
    assert.deepEqual(revisions, { v1: ['1', 0], v2: ['4', 8], v3: ['3', 0] });
    assert.deepEqual(
      countBy(await sendMany(8, 4, () => send(port)), (r) => `${r.status} ${r.body}`),
      { '200 v2': 8 },
    );
  });

  it('deleted, it takes its ReplicaSets and pods with it', async () => {
    const podsDir = path.join(runtime.stateDir, 'pods');
    const shopPods = () => readdirSync(podsDir).filter((entry) => entry.startsWith('default_shop-'));
    await wait(
      'every running pod recorded in the state directory, the stopped ones forgotten',
      () => shopPods().length === 8,
    );
    runtime.store.delete({ kind: 'Deployment', namespace: 'default', name: 'shop' });
    await wait('the ReplicaSets and the pods gone', () => replicaSets().length === 0 && shopPods().length === 0);
    assert.deepEqual(runtime.store.list('ReplicaSet'), []);
  });
});
