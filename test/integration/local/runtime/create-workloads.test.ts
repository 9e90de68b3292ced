// `sluice create -f` on the local runtime (`sluice run` as a process) takes v1 Services and apps/v1
// Deployments as `kubectl create` does: each created (the Deployment then runs, its pods reached
// through the Service), refused with "already exists" once it exists; and a create request (the
// local API's POST /api/v1/create) holding one object that exists creates none of the others.
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ApiError } from '../../../../src/runtime/local/api/client.ts';
import type { DeploymentDetail } from '../../../../src/runtime/local/api/deployment-details.ts';
import { waitFor } from '../../../support/ports.ts';
import { servedService, servedWorkload } from '../../../support/served-workloads.ts';
import { send } from '../services/pod-servers.ts';
import { copyFixture, runCli, startSluice, temporaryDir, type RunningSluice } from './sluice-run.ts';

const deployment = (name: string) =>
  servedWorkload({
    kind: 'Deployment',
    name,
    container: 'web',
    replicas: 2,
    reply: `'${name} answers'`,
    graceSeconds: 2,
  });

describe('sluice create -f with Services and Deployments on the local runtime', () => {
  let sluice: RunningSluice | undefined;
  after(async () => {
    await sluice?.stop();
  });

  it('creates them as kubectl create does, refuses them once they exist, and creates nothing of a request holding one that exists', {
    timeout: 180_000,
  }, async () => {
    sluice = await startSluice([copyFixture('canary-basic')]);
    const running = sluice;
    const dir = temporaryDir('create-workloads');
    const file = path.join(dir, 'shop.yaml');
    writeFileSync(file, `${servedService('shop')}---\n${deployment('shop')}`);
    const create = () => runCli(['create', '-f', file, '--state-dir', running.stateDir]);

    const created = await create();
    assert.deepEqual(
      [created.code, created.stdout, created.stderr],
      [0, 'service/shop created\ndeployment.apps/shop created\n', ''],
    );
    await waitFor(
      'the created Deployment to have its 2 pods ready',
      async () => {
        const detail = await running.client.get<DeploymentDetail>('/api/v1/deployments/default/shop/detail');
        const ready = detail.pods.filter((pod) => (pod.status?.containerStatuses ?? []).every((c) => c.ready));
        return ready.length === 2 ? detail : undefined;
      },
      60_000,
    );
    const port = Number(new URL(running.gatewayUrl).port);
    const answer = await waitFor(
      'the created Service to reach the pods',
      async () => {
        const reply = await send(port, { host: 'shop.default.svc.cluster.local' });
        return reply.status === 200 ? reply : undefined;
      },
      30_000,
    );
    assert.equal(answer.body, 'shop answers');

    const again = await create();
    assert.deepEqual(
      [again.code, again.stdout, again.stderr],
      [1, '', 'sluice create: Service default/shop already exists: nothing was created\n'],
    );
    writeFileSync(file, deployment('shop'));
    const deploymentAgain = await create();
    assert.deepEqual(
      [deploymentAgain.code, deploymentAgain.stderr],
      [1, 'sluice create: Deployment default/shop already exists: nothing was created\n'],
    );

    // One request: a new Service and a new Deployment beside the Deployment that exists.
    const refused = await running.client
      .post('/api/v1/create', {
        sources: [
          { file: 'more.yaml', text: `${servedService('cart')}---\n${deployment('cart')}---\n${deployment('shop')}` },
        ],
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    assert.ok(refused instanceof ApiError, `the request is refused: ${String(refused)}`);
    assert.equal(refused.status, 409);
    assert.match(refused.message, /Deployment default\/shop already exists: nothing was created/);
    await assert.rejects(
      running.client.get('/api/v1/deployments/default/cart'),
      (error: unknown) => error instanceof ApiError && error.status === 404,
      'no Deployment cart was created',
    );
    assert.deepEqual(
      readdirSync(path.join(running.stateDir, 'objects')).filter((file) => file.includes('cart')),
      [],
      'no object of the refused request is stored',
    );
  });
});
