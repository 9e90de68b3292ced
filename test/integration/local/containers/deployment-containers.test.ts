// A plain Deployment of a real image (built offline, FROM scratch) as podman containers: after
// `sluice run` is SIGKILLed and started again, the new runtime adopts the same containers (same
// names, same podman processes), starts no second set, and they serve real HTTP through the
// Service; a graceful stop removes them. In CI a missing podman fails the suite.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DeploymentDetail } from '../../../../src/runtime/local/api/deployment-details.ts';
import { waitFor } from '../../../support/ports.ts';
import { podmanAvailability, runtimeContainers, testImage } from '../../../images/test-images.ts';
import { countBy, send, sendMany } from '../services/pod-servers.ts';
import { podPids } from '../runtime/pod-processes.ts';
import { startSluice, temporaryDir, type RunningSluice } from '../runtime/sluice-run.ts';

/** This suite's containers (other container suites may run at the same time). */
const stockContainers = async () =>
  (await runtimeContainers()).filter((name) => name.startsWith('sluice-default-stock-')).sort();

const skip = podmanAvailability();

function manifests(image: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: stock
spec:
  replicas: 2
  selector:
    matchLabels: {app: stock}
  template:
    metadata:
      labels: {app: stock}
    spec:
      terminationGracePeriodSeconds: 5
      containers:
        - name: web
          image: ${image}
          env:
            - {name: VERSION, value: "d1"}
          ports:
            - {name: http, containerPort: 8080}
          readinessProbe:
            httpGet: {path: /healthz, port: http}
            periodSeconds: 1
---
apiVersion: v1
kind: Service
metadata:
  name: stock
spec:
  selector: {app: stock}
  ports:
    - {name: http, port: 80, targetPort: http}
`;
}

const ready = (found: DeploymentDetail) =>
  found.pods.filter((pod) => {
    const statuses = pod.status?.containerStatuses ?? [];
    return statuses.length > 0 && statuses.every((c) => c.ready);
  }).length;

describe('a Deployment of podman containers across a SIGKILL of sluice run', { skip, timeout: 240_000 }, () => {
  let sluice: RunningSluice;
  let dir: string;
  const detail = () => sluice.client.get<DeploymentDetail>('/api/v1/deployments/default/stock/detail');
  const waitReady = (what: string) =>
    waitFor(
      what,
      async () => {
        const found = await detail();
        return ready(found) === 2 && found.pods.length === 2 ? found : undefined;
      },
      90_000,
      100,
    );
  const versions = async () =>
    countBy(
      await sendMany(20, 4, () => send(Number(new URL(sluice.gatewayUrl).port), { host: 'stock' })),
      (reply) => `${reply.status} ${reply.headers['x-version'] ?? '-'}`,
    );

  before(async () => {
    const image = await testImage('webapp');
    dir = temporaryDir('deployment-containers');
    writeFileSync(path.join(dir, 'app.yaml'), manifests(image));
    sluice = await startSluice([dir], { extraArgs: ['--container-engine', 'podman'] });
  });
  after(async () => {
    await sluice?.stop();
  });

  it('adopts the same containers after the restart and they serve', async () => {
    const first = await waitReady('2 ready containers');
    const pidsBefore = podPids(first);
    assert.equal(Object.values(pidsBefore).flat().length, 2);
    const containersBefore = await stockContainers();
    assert.equal(containersBefore.length, 2);
    assert.deepEqual(await versions(), { '200 d1': 20 });

    const exited = once(sluice.child, 'exit');
    sluice.child.kill('SIGKILL');
    await exited;
    sluice = await startSluice([dir], { stateDir: sluice.stateDir, extraArgs: ['--container-engine', 'podman'] });
    const adopted = await waitReady('the adopted containers to be ready');
    assert.deepEqual(podPids(adopted), pidsBefore, 'the same pods, with the same podman processes');
    assert.deepEqual(await stockContainers(), containersBefore, 'no second set of containers, none left over');
    assert.deepEqual(await versions(), { '200 d1': 20 });
  });

  it('removes its containers when it stops', async () => {
    assert.equal(await sluice.stop(), 0);
    assert.deepEqual(await stockContainers(), []);
  });
});
