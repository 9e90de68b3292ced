// NGINX Ingress on the control plane: the canary Ingress Argo Rollouts makes (copied rule to the
// canary Service, class, controller reference, canary annotations) at each step of a canary 10 ->
// header route -> promote, the header route added and removed, a canary Ingress overwritten and
// then deleted by hand whose weight and header route come back, weight 0 at the end, and an abort
// of the next update that puts the weight back to 0.
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { abort, promote, setImage } from './support/control.ts';
import type { E2eCluster } from './support/e2e-cluster.ts';
import { getIngress, ingress } from './support/ingress.ts';
import { rollout, service } from './support/manifests.ts';
import { e2eScenario } from './support/scenario.ts';
import { getRollout, healthy, pausedAtStep, pollUntil, waitForRollout } from './support/wait.ts';

const ns = 'nginx-canary';
const PREFIX = 'nginx.ingress.kubernetes.io';
let cluster: E2eCluster;

async function canaryAnnotations(): Promise<Record<string, string>> {
  return (await getIngress(cluster.client, ns, 'web-web-ingress-canary'))?.metadata.annotations ?? {};
}

/** Annotations as text with the keys in order: the API server keeps no order of its own. */
function sorted(annotations: Record<string, string>): string {
  return JSON.stringify(Object.entries(annotations).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

async function untilAnnotations(want: Record<string, string>, what: string): Promise<void> {
  let last: Record<string, string> = {};
  try {
    await pollUntil(
      async () => {
        last = await canaryAnnotations();
        return sorted(last) === sorted(want) ? true : undefined;
      },
      { what, timeoutMs: 30_000 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last annotations: ${JSON.stringify(last)}`, { cause: error });
  }
}

const weighted = (weight: string, extra: Record<string, string> = {}) => ({
  'kubernetes.io/ingress.class': 'nginx',
  ...extra,
  [`${PREFIX}/canary`]: 'true',
  [`${PREFIX}/canary-weight`]: weight,
});

e2eScenario(ns, 'nginx: canary Ingress through canary 10, header route, re-apply, promote, abort', async (started) => {
  cluster = started;
  await cluster.apply([
    service('web-stable', 'web'),
    service('web-canary', 'web'),
    ingress('web-ingress', 'web-stable', { 'kubernetes.io/ingress.class': 'nginx' }, { number: 80 }),
    rollout({
      name: 'web',
      replicas: 2,
      strategy: {
        canary: {
          canaryService: 'web-canary',
          stableService: 'web-stable',
          trafficRouting: { managedRoutes: [{ name: 'hdr' }], nginx: { stableIngress: 'web-ingress' } },
          steps: [
            { setWeight: 10 },
            { pause: {} },
            { setHeaderRoute: { name: 'hdr', match: [{ headerName: 'X-Canary', headerValue: { exact: 'please' } }] } },
            { pause: {} },
            { setHeaderRoute: { name: 'hdr' } },
            { pause: {} },
          ],
        },
      },
    }),
  ]);
  const first = await waitForRollout(cluster.client, ns, 'web', healthy, { what: 'the first revision to be Healthy' });
  const stableIngress = await getIngress(cluster.client, ns, 'web-ingress');

  await setImage(cluster.client, ns, 'web', 'registry.local/app:2');
  await waitForRollout(cluster.client, ns, 'web', pausedAtStep(1), { what: 'the pause after setWeight 10' });
  await untilAnnotations(weighted('10'), 'the canary Ingress at weight 10');
  const canary = await getIngress(cluster.client, ns, 'web-web-ingress-canary');
  const owner = canary?.metadata.ownerReferences?.[0];
  const live = await getRollout(cluster.client, ns, 'web');
  assert.deepEqual(
    { kind: owner?.kind, name: owner?.name, uid: owner?.uid, controller: owner?.controller },
    { kind: 'Rollout', name: 'web', uid: live.metadata.uid, controller: true },
  );
  assert.deepEqual(canary?.spec?.rules, [
    {
      host: 'web.example.com',
      http: {
        paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web-canary', port: { number: 80 } } } }],
      },
    },
  ]);

  await promote(cluster.client, ns, 'web');
  await waitForRollout(cluster.client, ns, 'web', pausedAtStep(3), { what: 'the pause after the header route' });
  const withHeader = weighted('10', {
    [`${PREFIX}/canary-by-header`]: 'X-Canary',
    [`${PREFIX}/canary-by-header-value`]: 'please',
    'sluice.dev/header-route': 'hdr',
  });
  await untilAnnotations(withHeader, 'the header route on the canary Ingress');

  // Someone re-applies the canary Ingress with other annotations, then deletes it: the controller
  // watches Ingresses, so both come back at once (a paused rollout has no other reason to look).
  const {
    uid: _uid,
    resourceVersion: _rv,
    creationTimestamp: _ct,
    managedFields: _mf,
    ...metadata
  } = (await getIngress(cluster.client, ns, 'web-web-ingress-canary'))!.metadata as Record<string, unknown>;
  await cluster.kubectl(
    ['replace', '-n', ns, '-f', '-'],
    stringify({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { ...metadata, annotations: weighted('50') },
      spec: canary?.spec,
    }),
  );
  await untilAnnotations(withHeader, 'the weight and the header route put back after the re-apply');
  await cluster.kubectl(['delete', 'ingress', '-n', ns, 'web-web-ingress-canary']);
  await untilAnnotations(withHeader, 'the canary Ingress made again after its deletion');

  await promote(cluster.client, ns, 'web');
  await waitForRollout(cluster.client, ns, 'web', pausedAtStep(5), {
    what: 'the pause after the header route is removed',
  });
  await untilAnnotations(weighted('10'), 'the header route removed');

  await promote(cluster.client, ns, 'web');
  const second = await waitForRollout(cluster.client, ns, 'web', healthy, { what: 'the second revision Healthy' });
  assert.notEqual(second.status?.stableRS, first.status?.stableRS);
  await untilAnnotations(weighted('0'), 'weight 0 once the canary is the stable revision');

  await setImage(cluster.client, ns, 'web', 'registry.local/app:3');
  await waitForRollout(cluster.client, ns, 'web', pausedAtStep(1), { what: 'the third revision at setWeight 10' });
  await untilAnnotations(weighted('10'), 'the third revision at weight 10');
  await abort(cluster.client, ns, 'web');
  const aborted = await waitForRollout(
    cluster.client,
    ns,
    'web',
    (r) => r.status?.abort === true && r.status.phase === 'Degraded',
    {
      what: 'the rollout aborted',
    },
  );
  assert.equal(aborted.status?.stableRS, second.status?.stableRS, 'the second revision stays stable');
  await untilAnnotations(weighted('0'), 'weight 0 after the abort');
  assert.deepEqual(
    (await getIngress(cluster.client, ns, 'web-ingress'))?.spec,
    stableIngress?.spec,
    'the stable Ingress is never changed',
  );
});
