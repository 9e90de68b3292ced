// A Deployment's minReadySeconds changed after its ReplicaSet exists: as Kubernetes' getNewReplicaSet
// does, the new ReplicaSet takes the new value (its stored spec, and its pods' availability counted
// with it), without a new ReplicaSet, since the pod template is the same. Real pods (processes).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readSources } from '../../../../src/cli/lint/read-sources.ts';
import { statusOf } from '../../../../src/runtime/local/controller/deployment-controller.ts';
import { startLocalRuntime, type LocalRuntime } from '../../../../src/runtime/local/run.ts';
import type { DeploymentStatus } from '../../../../src/runtime/local/workloads/deployment-status.ts';
import { waitFor } from '../../../support/ports.ts';
import { temporaryDir } from './sluice-run.ts';

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: steady
spec:
  replicas: 1
  selector:
    matchLabels: {app: steady}
  template:
    metadata:
      labels: {app: steady}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
        - name: web
          command:
            - node
            - -e
            - |
              const server = require('node:http').createServer((q, s) => s.end('ok'));
              server.listen(Number(process.env.PORT), '127.0.0.1');
              process.on('SIGTERM', () => server.close());
          ports: [{name: http, containerPort: 8080}]
          readinessProbe: {periodSeconds: 1, httpGet: {path: /, port: http}}
`;

describe('a Deployment whose minReadySeconds changes', { timeout: 120_000 }, () => {
  let runtime: LocalRuntime;
  const status = (): Partial<DeploymentStatus> => {
    const deployment = runtime.store.get('Deployment', 'default', 'steady');
    return deployment ? statusOf(deployment) : {};
  };
  const replicaSets = () => runtime.deployments.replicaSets('default', 'steady');
  const setMinReady = (seconds: number) =>
    runtime.store.update('Deployment', 'default', 'steady', (object) => {
      object.spec['minReadySeconds'] = seconds;
    });

  before(async () => {
    const dir = temporaryDir('deployment-min-ready');
    writeFileSync(path.join(dir, 'app.yaml'), MANIFESTS);
    runtime = await startLocalRuntime({
      stateDir: temporaryDir('deployment-min-ready-state'),
      sources: readSources([dir]),
    });
  });
  after(async () => {
    await runtime?.stop();
  });

  it('sets it on the existing new ReplicaSet, whose pods are counted available with it', async () => {
    await waitFor('the pod to be available', async () => status().availableReplicas === 1 || undefined, 60_000);
    const [first] = replicaSets();
    assert.equal(first?.spec.minReadySeconds ?? 0, 0);

    setMinReady(3600);
    await waitFor(
      `the ReplicaSet to take minReadySeconds 3600 and its pod to be unavailable; last ${JSON.stringify(status())}`,
      async () =>
        replicaSets()[0]?.spec.minReadySeconds === 3600 && status().availableReplicas === 0 ? true : undefined,
    );
    assert.deepEqual(
      replicaSets().map((rs) => rs.metadata.name),
      [first?.metadata.name],
      'the same ReplicaSet: the pod template did not change',
    );

    setMinReady(0);
    await waitFor('the ReplicaSet to take minReadySeconds 0 and its pod to be available again', async () =>
      replicaSets()[0]?.spec.minReadySeconds === 0 && status().availableReplicas === 1 ? true : undefined,
    );
  });
});
