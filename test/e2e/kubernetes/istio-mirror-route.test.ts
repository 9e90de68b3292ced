// A `setMirrorRoute` step: the managed mirror route goes ahead of every other route of the
// VirtualService, matches what the step says, keeps the weighted route's split and mirrors the given
// percentage to the canary; at the end of the update it is removed and the rest is as written.
import assert from 'node:assert/strict';
import { promote, setImage } from './support/control.ts';
import type { E2eCluster } from './support/e2e-cluster.ts';
import { e2eScenario } from './support/scenario.ts';
import { getVirtualService, httpRoute, weightsOf } from './support/istio.ts';
import { webHostLevelCanary, webVirtualService } from './support/manifests.ts';
import { healthy, pausedAtStep, pollUntil, waitForRollout } from './support/wait.ts';

const ns = 'istio-mirror';
let cluster: E2eCluster;

e2eScenario(ns, 'mirror route: first in the VirtualService during the steps, removed at the end', async (started) => {
  cluster = started;
  await cluster.apply(
    webHostLevelCanary(
      {
        steps: [
          { setWeight: 20 },
          {
            setMirrorRoute: {
              name: 'mirror-canary',
              percentage: 50,
              match: [{ method: { exact: 'GET' }, path: { prefix: '/api' } }],
            },
          },
          { pause: {} },
        ],
      },
      ['mirror-canary'],
    ),
  );
  await waitForRollout(cluster.client, ns, 'web', healthy, { what: 'the first revision to be Healthy' });
  await setImage(cluster.client, ns, 'web', 'registry.local/app:2');
  const paused = await waitForRollout(cluster.client, ns, 'web', pausedAtStep(2), {
    what: 'the pause after the mirror route',
  });
  const newHash = paused.status?.currentPodHash ?? '';

  const live = await pollUntil(
    async () => {
      const current = await getVirtualService(cluster.client, ns, 'web-vs');
      return httpRoute(current, 'mirror-canary') ? current : undefined;
    },
    { what: 'the mirror route in the VirtualService' },
  );
  assert.deepEqual(
    live.spec.http?.map((route) => route.name),
    ['mirror-canary', 'other', 'primary'],
    'the managed route comes first',
  );
  const mirror = httpRoute(live, 'mirror-canary') as Record<string, unknown> | undefined;
  assert.deepEqual(mirror?.['match'], [{ method: { exact: 'GET' }, uri: { prefix: '/api' } }]);
  assert.equal(
    (mirror?.['mirror'] as { host?: string } | undefined)?.host,
    'web-canary',
    'mirrored to the canary Service',
  );
  assert.deepEqual(mirror?.['mirrorPercentage'], { value: 50 });
  assert.deepEqual(
    weightsOf(httpRoute(live, 'mirror-canary')),
    ['web-stable=80', 'web-canary=20'],
    'matching requests keep the split',
  );
  assert.deepEqual(weightsOf(httpRoute(live, 'primary')), ['web-stable=80', 'web-canary=20']);
  assert.deepEqual(
    httpRoute(live, 'other'),
    httpRoute(webVirtualService() as never, 'other'),
    'the unmanaged route is left as it was',
  );

  await promote(cluster.client, ns, 'web');
  await waitForRollout(cluster.client, ns, 'web', (r) => healthy(r) && r.status?.stableRS === newHash, {
    what: 'the new revision to be stable',
  });
  await pollUntil(
    async () => {
      const done = await getVirtualService(cluster.client, ns, 'web-vs');
      return (
        JSON.stringify(done.spec.http?.map((route) => route.name)) === JSON.stringify(['other', 'primary']) &&
        JSON.stringify(weightsOf(httpRoute(done, 'primary'))) === JSON.stringify(['web-stable=100', 'web-canary=0'])
      );
    },
    { what: 'the mirror route removed and primary at 100/0' },
  );
});
