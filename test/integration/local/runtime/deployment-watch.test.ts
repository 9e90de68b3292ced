// Plain Deployments in the local API's watch stream (`GET /api/v1/watch`), on `sluice run` as a
// process: each Deployment first as ADDED (`event: deployment`, with its ReplicaSets and pods), then
// its changes as they happen (a scale through `sluice apply`, up to its pods ready), and its
// deletion; the rollouts' events stay `event: rollout`.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { DeploymentDetail } from '../../../../src/runtime/local/api/deployment-details.ts';
import { waitFor } from '../../../support/ports.ts';
import { servedWorkload } from '../../../support/served-workloads.ts';
import { copyFixture, runCli, startSluice, temporaryDir, type RunningSluice } from './sluice-run.ts';

const deployment = (replicas: number) =>
  servedWorkload({ kind: 'Deployment', name: 'shop', replicas, reply: "'ok'", graceSeconds: 2 });

interface Streamed {
  event: string;
  data: Partial<DeploymentDetail> & { type: string; rollout?: { metadata: { name?: string } } };
}

function watch(apiUrl: string): { events: Streamed[]; close(): void } {
  const events: Streamed[] = [];
  let buffer = '';
  const request = http.get(`${apiUrl}/api/v1/watch`, (response) => {
    response.setEncoding('utf8').on('data', (text: string) => {
      buffer += text;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const lines = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        const event = lines.find((line) => line.startsWith('event: '))?.slice(7) ?? '';
        const data = lines.find((line) => line.startsWith('data: '));
        if (data) events.push({ event, data: JSON.parse(data.slice(6)) as Streamed['data'] });
        end = buffer.indexOf('\n\n');
      }
    });
  });
  request.on('error', () => undefined);
  return { events, close: () => request.destroy() };
}

const readyReplicas = (detail: Partial<DeploymentDetail>) =>
  (detail.deployment as { status?: { readyReplicas?: number } } | undefined)?.status?.readyReplicas;

const readyPods = (detail: Partial<DeploymentDetail>) =>
  (detail.pods ?? []).filter(
    (pod) => !pod.metadata.deletionTimestamp && (pod.status?.containerStatuses ?? []).every((c) => c.ready),
  ).length;

describe('Deployments in the watch stream of sluice run', () => {
  let sluice: RunningSluice | undefined;
  let stream: ReturnType<typeof watch> | undefined;
  after(async () => {
    stream?.close();
    await sluice?.stop();
  });

  it('streams a Deployment as ADDED, then its changes, then its deletion', { timeout: 180_000 }, async () => {
    const rollouts = copyFixture('canary-basic');
    const dir = temporaryDir('deployment-watch');
    const file = path.join(dir, 'shop.yaml');
    writeFileSync(file, deployment(1));
    sluice = await startSluice([rollouts, file]);
    const running = sluice;
    await waitFor(
      'the Deployment to be ready',
      async () => {
        const detail = await running.client.get<DeploymentDetail>('/api/v1/deployments/default/shop/detail');
        return readyReplicas(detail) === 1 ? detail : undefined;
      },
      60_000,
    );

    const events = watch(sluice.apiUrl);
    stream = events;
    const added = await waitFor(
      'the Deployment streamed as ADDED',
      async () => events.events.find((e) => e.event === 'deployment' && e.data.type === 'ADDED'),
      30_000,
    );
    assert.equal(added.data.deployment?.metadata.name, 'shop');
    assert.equal(added.data.replicaSets?.length, 1);
    assert.equal(readyPods(added.data), 1);
    assert.ok(
      events.events.some(
        (e) => e.event === 'rollout' && e.data.type === 'ADDED' && e.data.rollout?.metadata.name === 'colorapi',
      ),
      'the rollout is streamed as before',
    );
    assert.ok(
      events.events.every((e) => (e.event === 'deployment') === (e.data.deployment !== undefined)),
      'only deployment events carry a Deployment',
    );

    writeFileSync(file, deployment(3));
    const applied = await runCli(['apply', '-f', file, '--state-dir', sluice.stateDir]);
    assert.equal(applied.code, 0, applied.stderr);
    const scaled = await waitFor(
      'a MODIFIED event with the 3 pods ready',
      async () =>
        events.events.find(
          (e) =>
            e.event === 'deployment' &&
            e.data.type === 'MODIFIED' &&
            readyReplicas(e.data) === 3 &&
            readyPods(e.data) === 3,
        ),
      60_000,
    );
    assert.equal(scaled.data.deployment?.spec.replicas, 3);

    const deleted = await runCli(['delete', '-f', file, '--state-dir', sluice.stateDir]);
    assert.equal(deleted.code, 0, deleted.stderr);
    const gone = await waitFor(
      'a DELETED event',
      async () => events.events.find((e) => e.event === 'deployment' && e.data.type === 'DELETED'),
      30_000,
    );
    assert.equal(gone.data.deployment?.metadata.name, 'shop');
  });
});
