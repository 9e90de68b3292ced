// The controller as deploy/'s ServiceAccount (its ClusterRole and leader-election Role, token from
// the TokenRequest API) with --leader-elect: it takes the Lease, and a canary with Istio, a header
// route and an analysis step runs to the end. (Every other scenario runs its controller as that
// ServiceAccount too; this one adds leader election and the Lease.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KubeObject } from '../../../src/platform/kubernetes/client/objects.ts';
import { coreResources } from '../../../src/platform/kubernetes/client/resources.ts';
import { argoResources } from '../../../src/runtime/kubernetes/resources.ts';
import { freePorts } from '../../controlplane/free-port.ts';
import { startWebServer, type TestServer } from '../../support/web-server.ts';
import { promote, setImage } from './support/control.ts';
import { skipWithoutControlPlane, startE2eCluster, type E2eCluster } from './support/e2e-cluster.ts';
import { getVirtualService, httpRoute, weightsOf } from './support/istio.ts';
import { webHostLevelCanary, webTemplate } from './support/manifests.ts';
import { healthy, pausedAtStep, pollUntil, waitForRollout } from './support/wait.ts';

const ns = 'rbac';
let cluster: E2eCluster;
let server: TestServer;
let failed = false;
let metricsPort: number;

before(async () => {
  if (skipWithoutControlPlane) return;
  server = await startWebServer(() => ({ json: { ok: true } }));
  cluster = await startE2eCluster(ns);
  [metricsPort] = (await freePorts(1)) as [number];
  await cluster.startController(['--leader-elect', '--metrics-port', String(metricsPort)], { asServiceAccount: true });
});

after(async () => {
  await cluster?.stop(failed);
  await server?.close();
});

test('as the deploy/ ServiceAccount with --leader-elect: Lease held, analysis step and header route work', {
  skip: skipWithoutControlPlane,
}, async () => {
  try {
    const canCreateNamespaces = await cluster.cp.kubectl([
      'auth',
      'can-i',
      'create',
      'namespaces',
      '--as=system:serviceaccount:sluice-system:sluice-controller',
    ]);
    assert.equal(canCreateNamespaces.stdout.trim(), 'no', 'the controller is not an admin');
    await pollUntil(
      async () => {
        const lease = await cluster.client.get<KubeObject>(
          coreResources.leases,
          'sluice-system',
          'argo-rollouts-controller-lock',
        );
        return ((lease['spec'] as { holderIdentity?: string } | undefined)?.holderIdentity ?? '') !== '';
      },
      { what: 'the controller to hold the Lease', timeoutMs: 30_000 },
    );
    await cluster.apply([
      webTemplate('health', `${server.url}/health`),
      ...webHostLevelCanary(
        {
          steps: [
            { setWeight: 20 },
            {
              setHeaderRoute: {
                name: 'header-canary',
                match: [{ headerName: 'x-canary', headerValue: { exact: 'true' } }],
              },
            },
            { analysis: { templates: [{ templateName: 'health' }] } },
            { pause: {} },
          ],
        },
        ['header-canary'],
      ),
    ]);
    await waitForRollout(cluster.client, ns, 'web', healthy, { what: 'the first revision to be Healthy' });
    await setImage(cluster.client, ns, 'web', 'registry.local/app:2');
    const paused = await waitForRollout(cluster.client, ns, 'web', pausedAtStep(3), {
      what: 'the pause after the analysis step',
    });
    const vs = await getVirtualService(cluster.client, ns, 'web-vs');
    assert.deepEqual(
      vs.spec.http?.map((route) => route.name),
      ['header-canary', 'other', 'primary'],
    );
    assert.equal(weightsOf(httpRoute(vs, 'primary')).join(' '), 'web-stable=80 web-canary=20');
    const runs = await cluster.client.list<KubeObject>(argoResources.analysisRuns, { namespace: ns });
    assert.deepEqual(
      runs.items.map((run) => (run['status'] as { phase?: string } | undefined)?.phase),
      ['Successful'],
    );
    // Events are written in the background, one at a time, so the last may come just after the pause shows.
    await pollUntil(
      async () => {
        const events = await cluster.client.list<KubeObject>(coreResources.events, {
          namespace: ns,
          fieldSelector: 'involvedObject.kind=Rollout',
        });
        const reasons = new Set(events.items.map((event) => event['reason']));
        for (const reason of ['RolloutUpdated', 'RolloutStepCompleted', 'RolloutPaused'])
          assert.ok(reasons.has(reason), `an Event with reason ${reason}`);
        return true;
      },
      { what: 'the Events of the rollout so far', timeoutMs: 10_000 },
    );
    const exposition = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    assert.match(
      exposition,
      new RegExp(
        `^rollout_events_total\\{namespace="${ns}",name="web",type="Normal",reason="RolloutPaused"\\} [1-9]`,
        'm',
      ),
    );

    await promote(cluster.client, ns, 'web');
    await waitForRollout(
      cluster.client,
      ns,
      'web',
      (r) => healthy(r) && r.status?.stableRS === paused.status?.currentPodHash,
      { what: 'the new revision to be stable' },
    );
    await pollUntil(
      async () =>
        weightsOf(httpRoute(await getVirtualService(cluster.client, ns, 'web-vs'), 'primary')).join(' ') ===
        'web-stable=100 web-canary=0',
      { what: 'weights 100/0' },
    );
  } catch (error) {
    failed = true;
    throw error;
  }
});
