// The Gateway API router (trafficRouting.plugins["argoproj-labs/gatewayAPI"]) on a real API server
// with the upstream Gateway API CRDs: the HTTPRoute's stable and canary backendRefs at each step of a
// canary 10 -> promote, a header route added as a named rule and removed, a re-applied HTTPRoute
// whose weights come back, and an abort that puts the route back exactly as it was applied.
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { abort, promote, setImage } from './support/control.ts';
import type { E2eCluster } from './support/e2e-cluster.ts';
import { describeRules, gatewayApiCrdPaths, httpRoutes, routeRules, webHttpRoute } from './support/gateway-api.ts';
import { rollout, service } from './support/manifests.ts';
import { e2eScenario } from './support/scenario.ts';
import { getService, healthy, pausedAtStep, pollUntil, waitForRollout } from './support/wait.ts';

const ns = 'gateway-api';
let cluster: E2eCluster;

const header = { name: 'header-canary', match: [{ headerName: 'x-canary', headerValue: { exact: 'true' } }] };

const webRollout = rollout({
  name: 'web',
  replicas: 2,
  strategy: {
    canary: {
      canaryService: 'web-canary',
      stableService: 'web-stable',
      trafficRouting: {
        managedRoutes: [{ name: 'header-canary' }],
        plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'web-route', namespace: ns } },
      },
      steps: [
        { setWeight: 10 },
        { setHeaderRoute: header },
        { pause: {} },
        { setHeaderRoute: { name: 'header-canary' } },
        { pause: {} },
      ],
    },
  },
});

async function rules(): Promise<string[]> {
  return describeRules(await routeRules(cluster.client, ns));
}

async function rulesBecome(expected: string[], what: string): Promise<void> {
  let last: string[] = [];
  try {
    await pollUntil(
      async () => {
        last = await rules();
        return JSON.stringify(last) === JSON.stringify(expected);
      },
      { what },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; the rules: ${JSON.stringify(last)}`);
  }
}

// The API server gives a backendRef without a weight its default, 1.
const APPLIED = ['-: web-stable=100 web-canary=0', '-: admin=1'];
const AT_10 = ['-: web-stable=90 web-canary=10', '-: admin=1'];
// The API server gives the header rule's only backend its default weight, 1.
const AT_10_WITH_HEADER = [...AT_10, 'header-canary: web-canary=1'];

e2eScenario(
  ns,
  'gatewayAPI: 90/10 with a header rule, removed, re-apply restored, 100/0 after promote; an abort puts the route back',
  async (started) => {
    cluster = started;
    await cluster.apply([service('web-stable', 'web'), service('web-canary', 'web'), webHttpRoute(), webRollout]);
    const first = await waitForRollout(cluster.client, ns, 'web', healthy, {
      what: 'the first revision to be Healthy',
    });
    assert.deepEqual(await rules(), APPLIED);

    await setImage(cluster.client, ns, 'web', 'registry.local/app:2');
    const paused = await waitForRollout(cluster.client, ns, 'web', pausedAtStep(2), {
      what: 'the pause after the header route',
    });
    await rulesBecome(AT_10_WITH_HEADER, 'the route at 90/10 with the header rule');
    const headerRule = (await routeRules(cluster.client, ns)).find((rule) => rule.name === 'header-canary');
    assert.deepEqual(headerRule?.matches, [
      { path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'x-canary', type: 'Exact', value: 'true' }] },
    ]);
    assert.deepEqual(headerRule?.backendRefs, [
      { group: '', kind: 'Service', name: 'web-canary', port: 80, weight: 1 },
    ]);
    const newHash = paused.status?.currentPodHash ?? '';
    assert.equal(
      (await getService(cluster.client, ns, 'web-canary')).spec.selector?.['rollouts-pod-template-hash'],
      newHash,
    );

    // Someone re-applies the HTTPRoute as written (100/0, no header rule) mid-rollout.
    await cluster.kubectl(['replace', '-n', ns, '-f', '-'], stringify(webHttpRoute()));
    await rulesBecome(AT_10_WITH_HEADER, 'the weights and the header rule put back after the re-apply');
    const live = await cluster.client.get(httpRoutes, ns, 'web-route');
    assert.deepEqual(live.metadata.labels, { team: 'web' }, 'the labels are left as they were');
    assert.deepEqual((live.spec as Record<string, unknown>)['hostnames'], ['web.example.com']);

    await promote(cluster.client, ns, 'web');
    await waitForRollout(cluster.client, ns, 'web', pausedAtStep(4), {
      what: 'the pause after the header route is removed',
    });
    await rulesBecome(AT_10, 'the header rule removed, the weights kept');

    await promote(cluster.client, ns, 'web');
    await waitForRollout(cluster.client, ns, 'web', (r) => healthy(r) && r.status?.stableRS === newHash, {
      what: 'the new revision to be stable',
    });
    await rulesBecome(APPLIED, 'the route at 100/0 after the promotion');
    assert.equal(
      (await getService(cluster.client, ns, 'web-stable')).spec.selector?.['rollouts-pod-template-hash'],
      newHash,
    );
    assert.notEqual(newHash, first.status?.stableRS);

    await setImage(cluster.client, ns, 'web', 'registry.local/app:3');
    await waitForRollout(cluster.client, ns, 'web', pausedAtStep(2), { what: 'the next update at its header route' });
    await rulesBecome(AT_10_WITH_HEADER, 'the next update at 90/10 with the header rule');
    await abort(cluster.client, ns, 'web');
    const aborted = await waitForRollout(
      cluster.client,
      ns,
      'web',
      (r) => r.status?.abort === true && r.status.phase === 'Degraded',
      {
        what: 'the rollout to be aborted',
      },
    );
    assert.equal(aborted.status?.stableRS, newHash, 'the promoted revision stays stable');
    await rulesBecome(APPLIED, 'the route back as applied after the abort');
  },
  { crdPaths: gatewayApiCrdPaths() },
);
