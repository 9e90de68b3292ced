import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RouteObject } from '../../../../src/traffic/route-objects.ts';
import { createApisixTrafficRouter } from '../../../../src/traffic/routers/apisix/apisix-router.ts';
import { apisixRouteRef, planApisixTraffic } from '../../../../src/traffic/routers/apisix/plan.ts';
import { MemoryRouteObjectStore } from '../../../support/memory-route-objects.ts';
import { runTrafficRouterContract } from '../router-contract.ts';
import { desired, NAMESPACE, object, rolloutWith, specOf, withoutVersion } from './fixtures.ts';

const MANAGED = ['header-route', 'mirror-route'];
const rollout = rolloutWith({
  apisix: { route: { name: 'web-route', rules: ['web-rule'] } },
  managedRoutes: MANAGED.map((name) => ({ name })),
});
const V2 = 'apisix.apache.org/v2';

/** Argo's APISIX docs: an ApisixRoute whose rule `web-rule` has the stable and canary backends. */
function apisixRoute(weights: [number, number] | undefined, extraRules: unknown[] = []): RouteObject {
  const backend = (serviceName: string, weight: number | undefined) => ({
    serviceName,
    servicePort: 80,
    ...(weight === undefined ? {} : { weight }),
  });
  return object(
    V2,
    'ApisixRoute',
    'web-route',
    {
      http: [
        {
          name: 'web-rule',
          match: { hosts: ['web.example.com'], paths: ['/*'] },
          backends: [backend('web-stable', weights?.[0]), backend('web-canary', weights?.[1])],
        },
        ...extraRules,
      ],
    },
    { metadata: { name: 'web-route', namespace: NAMESPACE, labels: { app: 'web' } } },
  );
}

const OTHER_RULE = {
  name: 'admin',
  match: { paths: ['/admin'] },
  backends: [{ serviceName: 'admin', servicePort: 80 }],
};
const header = { name: 'header-route', match: [{ headerName: 'x-canary', headerValue: { exact: 'true' } }] };

describe('APISIX plan', () => {
  test('weights go on the named rule only', () => {
    const plan = planApisixTraffic(rollout, desired(10), {
      route: apisixRoute(undefined, [OTHER_RULE]),
      headerRoutes: new Map(),
    });
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(
      plan.writes.map((write) => [write.action, write.object]),
      [['update', apisixRoute([90, 10], [OTHER_RULE])]],
    );
  });

  test('without rules, the rule named as the ApisixRoute is weighed', () => {
    const plain = rolloutWith({ apisix: { route: { name: 'web-route' } } });
    const plan = planApisixTraffic(plain, desired(10), { route: apisixRoute(undefined), headerRoutes: new Map() });
    assert.match(plan.problems[0]?.message ?? '', /no HTTP rule named "web-route" \(its rules: web-rule\)/);
  });

  test('a header route is a new ApisixRoute owned by the Rollout: canary only, priority + 1, header exprs', () => {
    const headers = { ...header, match: [...header.match, { headerName: 'x-user', headerValue: { prefix: 'beta' } }] };
    const plan = planApisixTraffic(rollout, desired(10, { headerRoutes: [headers] }), {
      route: apisixRoute([90, 10]),
      headerRoutes: new Map(),
    });
    assert.deepEqual(plan.problems, []);
    const [write] = plan.writes;
    assert.equal(write?.action, 'create');
    assert.deepEqual(write?.object.metadata, {
      name: 'header-route',
      namespace: NAMESPACE,
      labels: { app: 'web' },
      ownerReferences: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Rollout',
          name: 'web',
          uid: 'uid-web',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    });
    assert.deepEqual(specOf<{ http: unknown[] }>(write?.object).http[0], {
      name: 'web-rule',
      match: {
        hosts: ['web.example.com'],
        paths: ['/*'],
        exprs: [
          { subject: { scope: 'Header', name: 'x-canary' }, op: 'Equal', value: 'true' },
          { subject: { scope: 'Header', name: 'x-user' }, op: 'RegexMatch', value: '^beta.*' },
        ],
      },
      backends: [{ serviceName: 'web-canary', servicePort: 80, weight: 100 }],
      priority: 1,
    });
  });

  test('a header route ApisixRoute the Rollout does not own is refused', () => {
    const foreign = object(V2, 'ApisixRoute', 'header-route', { http: [] });
    const plan = planApisixTraffic(rollout, desired(10, { headerRoutes: [header] }), {
      route: apisixRoute([90, 10]),
      headerRoutes: new Map([['header-route', foreign]]),
    });
    assert.deepEqual(plan.writes, []);
    assert.match(plan.problems[0]?.message ?? '', /does not own/);
  });

  test('mirror routes are refused: APISIX has none', () => {
    const plan = planApisixTraffic(
      rollout,
      desired(0, { mirrorRoutes: [{ name: 'mirror-route', match: [], percentage: 10 }] }),
      {
        route: apisixRoute([100, 0]),
        headerRoutes: new Map(),
      },
    );
    assert.match(plan.problems[0]?.message ?? '', /APISIX has no mirror routes/);
  });

  test('a missing backend is refused with its rule', () => {
    const route = apisixRoute([100, 0]);
    specOf<{ http: Array<{ backends: unknown[] }> }>(route).http[0]?.backends.pop();
    const plan = planApisixTraffic(rollout, desired(10), { route, headerRoutes: new Map() });
    assert.deepEqual(
      plan.problems.map((p) => p.path),
      ['spec.http[0].backends'],
    );
  });
});

test('APISIX router: a header route is added, observed, kept through weight changes, then deleted', async () => {
  const store = new MemoryRouteObjectStore([apisixRoute([100, 0])]);
  const router = createApisixTrafficRouter(rollout, store);
  await router.apply(desired(20, { headerRoutes: [header] }));
  assert.deepEqual((await router.observe())?.headerRoutes, ['header-route']);
  await router.apply(desired(50, { headerRoutes: [header] }));
  const copy = store.read(apisixRouteRef(rollout, 'header-route'));
  assert.deepEqual(specOf<{ http: Array<{ backends: unknown; priority: number }> }>(copy).http[0]?.priority, 1);
  assert.equal((await router.observe())?.canaryWeight, 50);
  assert.equal((await router.apply(desired(50, { headerRoutes: [header] }))).changed, false);
  await router.apply(desired(50));
  assert.equal(store.read(apisixRouteRef(rollout, 'header-route')), undefined);
  assert.deepEqual((await router.observe())?.headerRoutes, []);
});

runTrafficRouterContract({
  name: 'apisix over the memory store',
  create: async () => {
    const store = new MemoryRouteObjectStore([apisixRoute([100, 0], [OTHER_RULE])]);
    const ref = apisixRouteRef(rollout);
    return {
      router: createApisixTrafficRouter(rollout, store),
      snapshot: async () => [...store.objects.entries()],
      untouchable: async () => {
        const copy = withoutVersion(store.read(ref));
        for (const backend of specOf<{ http: Array<{ backends: Array<{ weight?: number }> }> }>(copy).http[0]
          ?.backends ?? [])
          delete backend.weight;
        return copy;
      },
      breakConfiguration: async () => {
        const current = store.read(ref);
        const rule = specOf<{ http: Array<{ name: string }> }>(current).http[0];
        if (rule) rule.name = 'renamed';
        if (current) store.put(current);
      },
      routeWeights: async () => {
        const backends =
          specOf<{ http: Array<{ backends: Array<{ serviceName: string; weight: number }> }> }>(store.read(ref)).http[0]
            ?.backends ?? [];
        const weightOf = (name: string) => backends.find((b) => b.serviceName === name)?.weight ?? NaN;
        return [[weightOf('web-canary'), weightOf('web-stable')]];
      },
    };
  },
  skips: {
    observe: 'APISIX has no mirror routes (Argo does nothing for them); weights and header routes are observed above',
    'managed-routes': 'APISIX has no mirror routes; header routes are added and removed above',
  },
});
