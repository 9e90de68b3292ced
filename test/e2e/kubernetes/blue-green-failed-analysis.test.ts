// Blue-green with previewReplicaCount and a pre-promotion analysis that fails: the preview runs one
// pod of the new revision behind the preview Service, the analysis fails, the rollout aborts and is
// never promoted: the active Service stays on the old revision throughout.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { argoResources } from '../../../src/runtime/kubernetes/resources.ts';
import { startWebServer, type TestServer } from '../../support/web-server.ts';
import { setImage } from './support/control.ts';
import { skipWithoutControlPlane, startE2eCluster, type E2eCluster } from './support/e2e-cluster.ts';
import { rollout, service, webTemplate } from './support/manifests.ts';
import { getService, healthy, pollUntil, readyPodsByHash, waitForRollout } from './support/wait.ts';

const ns = 'blue-green';
let cluster: E2eCluster;
let server: TestServer;
let failed = false;

before(async () => {
  if (skipWithoutControlPlane) return;
  server = await startWebServer(() => ({ json: { ok: false } }));
  cluster = await startE2eCluster(ns);
  await cluster.startController();
});

after(async () => {
  await cluster?.stop(failed);
  await server?.close();
});

async function selectorHash(name: string): Promise<string | undefined> {
  return (await getService(cluster.client, ns, name)).spec.selector?.['rollouts-pod-template-hash'];
}

test('blue-green: a failed pre-promotion analysis aborts, the active Service never moves', {
  skip: skipWithoutControlPlane,
}, async () => {
  try {
    await cluster.apply([
      service('web-active', 'web'),
      service('web-preview', 'web'),
      webTemplate('health', `${server.url}/health`),
      rollout({
        name: 'web',
        replicas: 3,
        strategy: {
          blueGreen: {
            activeService: 'web-active',
            previewService: 'web-preview',
            previewReplicaCount: 1,
            prePromotionAnalysis: { templates: [{ templateName: 'health' }] },
          },
        },
      }),
    ]);
    const first = await waitForRollout(cluster.client, ns, 'web', healthy, {
      what: 'the first revision to be Healthy',
    });
    const oldHash = first.status?.stableRS ?? '';
    assert.equal(await selectorHash('web-active'), oldHash);

    await setImage(cluster.client, ns, 'web', 'registry.local/app:2');
    const activeSeen = new Set<string>();
    const aborted = await pollUntil(
      async () => {
        activeSeen.add((await selectorHash('web-active')) ?? '');
        const r = await waitForRollout(cluster.client, ns, 'web', () => true, { what: 'the rollout' });
        return r.status?.abort === true && r.status.phase === 'Degraded' ? r : undefined;
      },
      { what: 'the rollout to abort after the failed analysis', timeoutMs: 90_000, intervalMs: 200 },
    );
    const newHash = aborted.status?.currentPodHash ?? '';
    assert.notEqual(newHash, oldHash);
    assert.deepEqual([...activeSeen], [oldHash], 'the active Service never selected the new revision');
    assert.equal(aborted.status?.stableRS, oldHash);
    assert.equal(aborted.status?.blueGreen?.activeSelector, oldHash);

    const runs = await cluster.client.list(argoResources.analysisRuns, { namespace: ns });
    const prePromotion = runs.items.filter((run) => run.metadata.labels?.['rollout-type'] === 'PrePromotion');
    assert.equal(prePromotion.length, 1, 'one pre-promotion run');
    assert.equal(prePromotion[0]?.status?.phase, 'Failed');
    assert.equal(prePromotion[0]?.metadata.labels?.['rollouts-pod-template-hash'], newHash);
    assert.ok(server.requests.length >= 1, 'the analysis measured the web server');

    // Aborted: the old revision keeps serving with all its pods.
    await pollUntil(async () => ((await readyPodsByHash(cluster.client, ns, 'app=web'))[oldHash] ?? 0) === 3, {
      what: '3 ready pods of the old revision',
    });
    assert.equal(await selectorHash('web-active'), oldHash);
  } catch (error) {
    failed = true;
    throw error;
  }
});
