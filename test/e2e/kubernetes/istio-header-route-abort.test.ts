// A header route set by a step goes away when the update is aborted, not only when it completes:
// after the abort the VirtualService has only its own routes, the weighted one back at 100/0, and
// the rollout is Degraded on the old revision.
import assert from 'node:assert/strict';
import { abort, setImage } from './support/control.ts';
import type { E2eCluster } from './support/e2e-cluster.ts';
import { e2eScenario } from './support/scenario.ts';
import { getVirtualService, httpRoute, weightsOf } from './support/istio.ts';
import { webHostLevelCanary } from './support/manifests.ts';
import { healthy, pausedAtStep, pollUntil, waitForRollout } from './support/wait.ts';

const ns = 'istio-header-abort';
let cluster: E2eCluster;

async function routeNames(): Promise<string[]> {
  return ((await getVirtualService(cluster.client, ns, 'web-vs')).spec.http ?? []).map((route) => route.name ?? '');
}

e2eScenario(ns, 'header route: removed when the update is aborted', async (started) => {
  cluster = started;
  await cluster.apply(
    webHostLevelCanary(
      {
        steps: [
          { setWeight: 10 },
          {
            setHeaderRoute: {
              name: 'header-canary',
              match: [{ headerName: 'x-canary', headerValue: { exact: 'true' } }],
            },
          },
          { pause: {} },
        ],
      },
      ['header-canary'],
    ),
  );
  const first = await waitForRollout(cluster.client, ns, 'web', healthy, { what: 'the first revision to be Healthy' });
  await setImage(cluster.client, ns, 'web', 'registry.local/app:2');
  await waitForRollout(cluster.client, ns, 'web', pausedAtStep(2), { what: 'the pause after the header route' });
  await pollUntil(async () => (await routeNames()).join(' ') === 'header-canary other primary', {
    what: 'the header route first in the VirtualService',
  });
  const live = await getVirtualService(cluster.client, ns, 'web-vs');
  assert.deepEqual(weightsOf(httpRoute(live, 'header-canary')), ['web-canary=100']);
  assert.deepEqual(weightsOf(httpRoute(live, 'primary')), ['web-stable=90', 'web-canary=10']);

  await abort(cluster.client, ns, 'web');
  const aborted = await waitForRollout(
    cluster.client,
    ns,
    'web',
    (r) => r.status?.abort === true && r.status.phase === 'Degraded',
    { what: 'the rollout to be aborted' },
  );
  assert.equal(aborted.status?.stableRS, first.status?.stableRS, 'the old revision stays stable');
  await pollUntil(async () => (await routeNames()).join(' ') === 'other primary', {
    what: 'the header route removed after the abort',
  });
  await pollUntil(
    async () =>
      weightsOf(httpRoute(await getVirtualService(cluster.client, ns, 'web-vs'), 'primary')).join(' ') ===
      'web-stable=100 web-canary=0',
    { what: 'primary back at 100/0' },
  );
});
