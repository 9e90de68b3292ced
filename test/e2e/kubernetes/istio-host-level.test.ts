// Istio host-level traffic splitting: route `primary` goes 90/10 at setWeight 10 while the canary
// Service selects the new revision and the stable one the old; every other route and field stays
// as written; a VirtualService replaced by hand mid-rollout gets its weights back; promoted, the
// route is 100/0 and both Services select the new revision.
import assert from 'node:assert/strict';
import { promote, setImage } from './support/control.ts';
import type { E2eCluster } from './support/e2e-cluster.ts';
import { e2eScenario } from './support/scenario.ts';
import { getVirtualService, httpRoute, weightsOf } from './support/istio.ts';
import { webHostLevelCanary, webVirtualService } from './support/manifests.ts';
import { getService, healthy, pausedAtStep, pollUntil, waitForRollout } from './support/wait.ts';
import { stringify } from 'yaml';

const ns = 'istio-host';
let cluster: E2eCluster;

const vs = webVirtualService();

async function selectorHash(name: string): Promise<string | undefined> {
  return (await getService(cluster.client, ns, name)).spec.selector?.['rollouts-pod-template-hash'];
}

async function primaryWeights(): Promise<string[]> {
  return weightsOf(httpRoute(await getVirtualService(cluster.client, ns, 'web-vs'), 'primary'));
}

e2eScenario(
  ns,
  'host-level: 90/10 at setWeight 10, restored after a re-apply, 100/0 on the new revision after promote',
  async (started) => {
    cluster = started;
    await cluster.apply(webHostLevelCanary({ steps: [{ setWeight: 10 }, { pause: {} }] }));
    const first = await waitForRollout(cluster.client, ns, 'web', healthy, {
      what: 'the first revision to be Healthy',
    });
    const oldHash = first.status?.stableRS ?? '';
    assert.equal(await selectorHash('web-stable'), oldHash);
    assert.deepEqual(await primaryWeights(), ['web-stable=100', 'web-canary=0']);

    await setImage(cluster.client, ns, 'web', 'registry.local/app:2');
    const paused = await waitForRollout(cluster.client, ns, 'web', pausedAtStep(1), {
      what: 'the pause after setWeight 10',
    });
    const newHash = paused.status?.currentPodHash ?? '';
    assert.notEqual(newHash, oldHash);
    await pollUntil(
      async () => JSON.stringify(await primaryWeights()) === JSON.stringify(['web-stable=90', 'web-canary=10']),
      { what: 'route primary at 90/10' },
    );
    assert.equal(await selectorHash('web-canary'), newHash, 'the canary Service selects the new revision');
    assert.equal(await selectorHash('web-stable'), oldHash, 'the stable Service selects the old revision');
    assert.deepEqual(paused.status?.canary?.weights?.canary.weight, 10);

    const live = await getVirtualService(cluster.client, ns, 'web-vs');
    // The fixture is built as a KubeObject; it is the VirtualService written before.
    const written = vs as unknown as typeof live;
    assert.deepEqual(live.spec.hosts, written.spec.hosts);
    assert.deepEqual(live.spec['gateways'], written.spec['gateways']);
    assert.deepEqual(httpRoute(live, 'other'), httpRoute(written, 'other'), 'the unmanaged route is left as it was');
    assert.deepEqual(
      httpRoute(live, 'primary')?.['retries'],
      { attempts: 2 },
      'other fields of the managed route are left as they were',
    );
    assert.deepEqual(
      live.spec.http?.map((route) => route.name),
      ['other', 'primary'],
    );

    // Someone replaces the VirtualService with the manifest (weights 100/0) mid-rollout.
    await cluster.kubectl(['replace', '-n', ns, '-f', '-'], stringify(vs));
    await pollUntil(
      async () => JSON.stringify(await primaryWeights()) === JSON.stringify(['web-stable=90', 'web-canary=10']),
      { what: 'the weights to be put back after the re-apply' },
    );

    await promote(cluster.client, ns, 'web');
    await waitForRollout(cluster.client, ns, 'web', (r) => healthy(r) && r.status?.stableRS === newHash, {
      what: 'the new revision to be stable',
    });
    await pollUntil(
      async () => JSON.stringify(await primaryWeights()) === JSON.stringify(['web-stable=100', 'web-canary=0']),
      { what: 'route primary back to 100/0' },
    );
    assert.equal(await selectorHash('web-stable'), newHash);
    assert.equal(await selectorHash('web-canary'), newHash);
  },
);
