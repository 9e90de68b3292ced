// AWS ALB on the control plane (plain Ingresses, no AWS controller): the action annotation Argo
// Rollouts writes at each step of a canary 10 -> header route -> promote, the header route's
// action, conditions and use-annotation path added and removed, the Ingress re-applied as written
// (its annotations overwritten) whose actions come back, and an abort that puts the stable target
// group back at 100.
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { abort, promote, setImage } from './support/control.ts';
import type { E2eCluster } from './support/e2e-cluster.ts';
import { getIngress, ingress } from './support/ingress.ts';
import { rollout, service } from './support/manifests.ts';
import { e2eScenario } from './support/scenario.ts';
import { healthy, pausedAtStep, pollUntil, waitForRollout } from './support/wait.ts';

const ns = 'alb-canary';
const ACTION = 'alb.ingress.kubernetes.io/actions.web-stable';
const HEADER_ACTION = 'alb.ingress.kubernetes.io/actions.hdr';
const HEADER_CONDITIONS = 'alb.ingress.kubernetes.io/conditions.hdr';
const MANAGED = 'rollouts.argoproj.io/managed-alb-annotations';
let cluster: E2eCluster;

const action = (canary: number) =>
  `{"Type":"forward","ForwardConfig":{"TargetGroups":[{"ServiceName":"web-canary","ServicePort":"80","Weight":${canary}},{"ServiceName":"web-stable","ServicePort":"80","Weight":${100 - canary}}]}}`;

async function state(): Promise<{
  action?: string;
  header?: string;
  conditions?: string;
  managed?: string;
  paths: string[];
}> {
  const live = await getIngress(cluster.client, ns, 'web-ingress');
  const annotations = live?.metadata.annotations ?? {};
  return {
    ...(annotations[ACTION] ? { action: annotations[ACTION] } : {}),
    ...(annotations[HEADER_ACTION] ? { header: annotations[HEADER_ACTION] } : {}),
    ...(annotations[HEADER_CONDITIONS] ? { conditions: annotations[HEADER_CONDITIONS] } : {}),
    ...(annotations[MANAGED] ? { managed: annotations[MANAGED] } : {}),
    paths: (live?.spec?.rules?.[0]?.http?.paths ?? []).map((path) => path.backend?.service?.name ?? ''),
  };
}

async function until(want: Awaited<ReturnType<typeof state>>, what: string): Promise<void> {
  let last: unknown;
  try {
    await pollUntil(
      async () => {
        last = await state();
        return JSON.stringify(last) === JSON.stringify(want) ? true : undefined;
      },
      { what, timeoutMs: 30_000 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last: ${JSON.stringify(last)}`, { cause: error });
  }
}

const weightOnly = (canary: number) => ({
  action: action(canary),
  managed: `{"web":["${ACTION}"]}`,
  paths: ['web-stable'],
});

e2eScenario(ns, 'alb: actions through canary 10, a header route, a re-apply, promote, abort', async (started) => {
  cluster = started;
  const asWritten = ingress(
    'web-ingress',
    'web-stable',
    { 'alb.ingress.kubernetes.io/scheme': 'internet-facing' },
    { name: 'use-annotation' },
  );
  await cluster.apply([
    service('web-stable', 'web'),
    service('web-canary', 'web'),
    asWritten,
    rollout({
      name: 'web',
      replicas: 2,
      strategy: {
        canary: {
          canaryService: 'web-canary',
          stableService: 'web-stable',
          trafficRouting: { managedRoutes: [{ name: 'hdr' }], alb: { ingress: 'web-ingress', servicePort: 80 } },
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

  await setImage(cluster.client, ns, 'web', 'registry.local/app:2');
  await waitForRollout(cluster.client, ns, 'web', pausedAtStep(1), { what: 'the pause after setWeight 10' });
  await until(weightOnly(10), 'the forward action at 10/90');

  await promote(cluster.client, ns, 'web');
  await waitForRollout(cluster.client, ns, 'web', pausedAtStep(3), { what: 'the pause after the header route' });
  const withHeader = {
    action: action(10),
    header:
      '{"Type":"forward","ForwardConfig":{"TargetGroups":[{"ServiceName":"web-canary","ServicePort":"80","Weight":100}]}}',
    conditions: '[{"field":"http-header","httpHeaderConfig":{"httpHeaderName":"X-Canary","values":["please"]}}]',
    managed: `{"web":["${ACTION}","${HEADER_ACTION}","${HEADER_CONDITIONS}"]}`,
    paths: ['hdr', 'web-stable'],
  };
  await until(withHeader, 'the header route on the Ingress');

  // Someone re-applies the Ingress as written: the actions, conditions, managed record and header
  // path are gone, and come back at once because the controller watches Ingresses (a paused
  // rollout has no other reason to look).
  await cluster.kubectl(['replace', '-n', ns, '-f', '-'], stringify(asWritten));
  await until(withHeader, 'the actions and the header route put back after the re-apply');

  await promote(cluster.client, ns, 'web');
  await waitForRollout(cluster.client, ns, 'web', pausedAtStep(5), {
    what: 'the pause after the header route is removed',
  });
  await until(weightOnly(10), 'the header route removed');

  await promote(cluster.client, ns, 'web');
  const second = await waitForRollout(cluster.client, ns, 'web', healthy, { what: 'the second revision Healthy' });
  assert.notEqual(second.status?.stableRS, first.status?.stableRS);
  await until(weightOnly(0), 'the stable target group back at 100');

  await setImage(cluster.client, ns, 'web', 'registry.local/app:3');
  await waitForRollout(cluster.client, ns, 'web', pausedAtStep(1), { what: 'the third revision at setWeight 10' });
  await until(weightOnly(10), 'the third revision at 10/90');
  await abort(cluster.client, ns, 'web');
  await waitForRollout(cluster.client, ns, 'web', (r) => r.status?.abort === true && r.status.phase === 'Degraded', {
    what: 'the rollout aborted',
  });
  await until(weightOnly(0), 'the stable target group back at 100 after the abort');
  const live = await getIngress(cluster.client, ns, 'web-ingress');
  assert.equal(
    live?.metadata.annotations?.['alb.ingress.kubernetes.io/scheme'],
    'internet-facing',
    'other annotations kept',
  );
});
