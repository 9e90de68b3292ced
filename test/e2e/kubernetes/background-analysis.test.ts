// Background web analysis against a local HTTP server that turns bad mid-rollout: the analysis
// fails, the rollout aborts, the VirtualService returns to 100/0 and the phase is Degraded; once the
// server has recovered, a retry runs the update again and it completes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startWebServer, type TestServer } from '../../support/web-server.ts';
import { promote, retry, setImage } from './support/control.ts';
import { skipWithoutControlPlane, startE2eCluster, type E2eCluster } from './support/e2e-cluster.ts';
import { getVirtualService, httpRoute, weightsOf } from './support/istio.ts';
import { webHostLevelCanary, webTemplate } from './support/manifests.ts';
import { healthy, pausedAtStep, pollUntil, waitForRollout } from './support/wait.ts';

const ns = 'background-analysis';
let cluster: E2eCluster;
let server: TestServer;
let serverHealthy = true;
let failed = false;

before(async () => {
  if (skipWithoutControlPlane) return;
  server = await startWebServer(() => ({ json: { ok: serverHealthy } }));
  cluster = await startE2eCluster(ns);
  await cluster.startController();
});

after(async () => {
  await cluster?.stop(failed);
  await server?.close();
});

async function primaryWeights(): Promise<string> {
  return weightsOf(httpRoute(await getVirtualService(cluster.client, ns, 'web-vs'), 'primary')).join(' ');
}

test('background analysis fails mid-rollout: abort to 100/0, Degraded; retry after recovery completes', {
  skip: skipWithoutControlPlane,
}, async () => {
  try {
    await cluster.apply([
      webTemplate('health', `${server.url}/health`, { interval: '1s' }),
      ...webHostLevelCanary({
        analysis: { templates: [{ templateName: 'health' }] },
        steps: [{ setWeight: 20 }, { pause: {} }],
      }),
    ]);
    const first = await waitForRollout(cluster.client, ns, 'web', healthy, {
      what: 'the first revision to be Healthy',
    });
    await setImage(cluster.client, ns, 'web', 'registry.local/app:2');
    const paused = await waitForRollout(cluster.client, ns, 'web', pausedAtStep(1), {
      what: 'the pause after setWeight 20',
    });
    await pollUntil(async () => (await primaryWeights()) === 'web-stable=80 web-canary=20', { what: 'weights 80/20' });
    const measuredBefore = server.requests.length;
    await pollUntil(() => server.requests.length > measuredBefore, { what: 'the background analysis to measure' });

    serverHealthy = false;
    const aborted = await waitForRollout(
      cluster.client,
      ns,
      'web',
      (r) => r.status?.abort === true && r.status.phase === 'Degraded',
      { what: 'the rollout to abort', timeoutMs: 60_000 },
    );
    assert.equal(aborted.status?.stableRS, first.status?.stableRS);
    await pollUntil(async () => (await primaryWeights()) === 'web-stable=100 web-canary=0', {
      what: 'the weights back at 100/0',
    });

    serverHealthy = true;
    await retry(cluster.client, ns, 'web');
    await waitForRollout(cluster.client, ns, 'web', pausedAtStep(1), {
      what: 'the retried update to pause after setWeight 20',
    });
    await pollUntil(async () => (await primaryWeights()) === 'web-stable=80 web-canary=20', {
      what: 'weights 80/20 again',
    });
    await promote(cluster.client, ns, 'web');
    await waitForRollout(
      cluster.client,
      ns,
      'web',
      (r) => healthy(r) && r.status?.stableRS === paused.status?.currentPodHash,
      { what: 'the new revision to be stable' },
    );
    await pollUntil(async () => (await primaryWeights()) === 'web-stable=100 web-canary=0', {
      what: 'weights 100/0 at the end',
    });
  } catch (error) {
    failed = true;
    throw error;
  }
});
