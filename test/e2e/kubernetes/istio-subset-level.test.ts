// Istio subset-level traffic splitting: the DestinationRule's subsets get the pod-template hashes,
// a managed header route sends `x-canary: true` to the canary while the weight is 10, ahead of the
// other routes, and goes away at the end.
import assert from 'node:assert/strict';
import { promote, setImage } from './support/control.ts';
import type { E2eCluster } from './support/e2e-cluster.ts';
import { e2eScenario } from './support/scenario.ts';
import { getDestinationRule, getVirtualService, httpRoute, weightsOf } from './support/istio.ts';
import { destinationRule, rollout, service, virtualService } from './support/manifests.ts';
import { healthy, pausedAtStep, pollUntil, waitForRollout } from './support/wait.ts';

const ns = 'istio-subset';
let cluster: E2eCluster;

async function subsetHashes(): Promise<Record<string, string | undefined>> {
  const rule = await getDestinationRule(cluster.client, ns, 'web-dr');
  return Object.fromEntries(
    (rule.spec.subsets ?? []).map((subset) => [subset.name, subset.labels?.['rollouts-pod-template-hash']]),
  );
}

e2eScenario(ns, 'subset-level: subsets follow the hashes, the header route lives during the steps', async (started) => {
  cluster = started;
  await cluster.apply([
    service('web', 'web'),
    virtualService('web-vs', [
      { name: 'primary', stable: { host: 'web', subset: 'stable' }, canary: { host: 'web', subset: 'canary' } },
    ]),
    destinationRule('web-dr', 'web'),
    rollout({
      name: 'web',
      replicas: 2,
      strategy: {
        canary: {
          trafficRouting: {
            managedRoutes: [{ name: 'header-canary' }],
            istio: {
              virtualService: { name: 'web-vs', routes: ['primary'] },
              destinationRule: { name: 'web-dr', canarySubsetName: 'canary', stableSubsetName: 'stable' },
            },
          },
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
      },
    }),
  ]);
  const first = await waitForRollout(cluster.client, ns, 'web', healthy, { what: 'the first revision to be Healthy' });
  const oldHash = first.status?.stableRS ?? '';
  await pollUntil(
    async () => JSON.stringify(await subsetHashes()) === JSON.stringify({ stable: oldHash, canary: oldHash }),
    { what: 'both subsets on the first revision' },
  );

  await setImage(cluster.client, ns, 'web', 'registry.local/app:2');
  const paused = await waitForRollout(cluster.client, ns, 'web', pausedAtStep(2), {
    what: 'the pause after the header route',
  });
  const newHash = paused.status?.currentPodHash ?? '';
  assert.deepEqual(await subsetHashes(), { stable: oldHash, canary: newHash });
  const rule = await getDestinationRule(cluster.client, ns, 'web-dr');
  assert.deepEqual(
    rule.spec['trafficPolicy'],
    { connectionPool: { tcp: { maxConnections: 100 } } },
    'other fields of the DestinationRule are left as they were',
  );
  assert.equal(
    rule.spec.subsets?.find((s) => s.name === 'canary')?.labels?.['app'],
    'web',
    'the subset keeps its own labels',
  );

  const vs = await getVirtualService(cluster.client, ns, 'web-vs');
  assert.deepEqual(
    vs.spec.http?.map((route) => route.name),
    ['header-canary', 'other', 'primary'],
    'the managed route comes first',
  );
  const header = httpRoute(vs, 'header-canary');
  assert.deepEqual(header?.match, [{ headers: { 'x-canary': { exact: 'true' } } }]);
  assert.deepEqual(weightsOf(header), ['web/canary=100']);
  assert.deepEqual(weightsOf(httpRoute(vs, 'primary')), ['web/stable=90', 'web/canary=10']);

  await promote(cluster.client, ns, 'web');
  await waitForRollout(cluster.client, ns, 'web', (r) => healthy(r) && r.status?.stableRS === newHash, {
    what: 'the new revision to be stable',
  });
  await pollUntil(
    async () => {
      const done = await getVirtualService(cluster.client, ns, 'web-vs');
      return (
        JSON.stringify(done.spec.http?.map((route) => route.name)) === JSON.stringify(['other', 'primary']) &&
        JSON.stringify(weightsOf(httpRoute(done, 'primary'))) === JSON.stringify(['web/stable=100', 'web/canary=0'])
      );
    },
    { what: 'the header route removed and primary at 100/0' },
  );
  await pollUntil(
    async () => JSON.stringify(await subsetHashes()) === JSON.stringify({ stable: newHash, canary: newHash }),
    { what: 'both subsets on the new revision' },
  );
});
