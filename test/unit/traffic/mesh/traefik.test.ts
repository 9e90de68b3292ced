import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RouteObject } from '../../../../src/traffic/route-objects.ts';
import { observeTraefikTraffic, planTraefikTraffic } from '../../../../src/traffic/routers/traefik/plan.ts';
import { createTraefikTrafficRouter } from '../../../../src/traffic/routers/traefik/traefik-router.ts';
import { MemoryRouteObjectStore } from '../../../support/memory-route-objects.ts';
import { runTrafficRouterContract } from '../router-contract.ts';
import { desired, NAMESPACE, object, rolloutWith, specOf, withoutVersion } from './fixtures.ts';

const rollout = rolloutWith({ traefik: { weightedTraefikServiceName: 'web-weighted' } });

/** Argo's Traefik docs: a weighted TraefikService over the stable and canary Services. */
function weighted(apiVersion: string, services: unknown[]): RouteObject {
  return object(apiVersion, 'TraefikService', 'web-weighted', { weighted: { services, sticky: { cookie: {} } } });
}

const both = (stableWeight?: number, canaryWeight?: number) => [
  { name: 'web-stable', port: 80, ...(stableWeight === undefined ? {} : { weight: stableWeight }) },
  { name: 'web-canary', port: 80, ...(canaryWeight === undefined ? {} : { weight: canaryWeight }) },
];

describe('Traefik plan', () => {
  const cases: Array<{ title: string; before: RouteObject; weight: number; after: RouteObject | undefined }> = [
    {
      title: 'weights are set on the two named entries (traefik.io)',
      before: weighted('traefik.io/v1alpha1', both()),
      weight: 10,
      after: weighted('traefik.io/v1alpha1', both(90, 10)),
    },
    {
      title: 'the v2 group traefik.containo.us is written in place, other entries untouched',
      before: weighted('traefik.containo.us/v1alpha1', [...both(100, 0), { name: 'mirror', port: 81, weight: 3 }]),
      weight: 100,
      after: weighted('traefik.containo.us/v1alpha1', [...both(0, 100), { name: 'mirror', port: 81, weight: 3 }]),
    },
    {
      title: 'weights already in place write nothing',
      before: weighted('traefik.io/v1alpha1', both(70, 30)),
      weight: 30,
      after: undefined,
    },
  ];
  for (const c of cases) {
    test(c.title, () => {
      const plan = planTraefikTraffic(rollout, desired(c.weight), { traefikService: c.before });
      assert.deepEqual(plan.problems, []);
      assert.deepEqual(
        plan.writes.map((write) => write.object),
        c.after ? [c.after] : [],
      );
    });
  }

  const refused: Array<{ title: string; before: RouteObject | undefined; message: RegExp }> = [
    { title: 'a missing TraefikService', before: undefined, message: /no TraefikService "web-weighted"/ },
    {
      title: 'no weighted services',
      before: object('traefik.io/v1alpha1', 'TraefikService', 'web-weighted', { mirroring: {} }),
      message: /no weighted services/,
    },
    {
      title: 'no canary entry',
      before: weighted('traefik.io/v1alpha1', [{ name: 'web-stable', port: 80 }]),
      message: /canary Service "web-canary"/,
    },
  ];
  for (const c of refused) {
    test(`refused: ${c.title}`, () => {
      const plan = planTraefikTraffic(rollout, desired(10), { traefikService: c.before });
      assert.deepEqual(plan.writes, []);
      assert.match(plan.problems[0]?.message ?? '', c.message);
    });
  }

  test('header routes are refused: Traefik has none', () => {
    const plan = planTraefikTraffic(rollout, desired(10, { mirrorRoutes: [{ name: 'm', match: [], percentage: 5 }] }), {
      traefikService: weighted('traefik.io/v1alpha1', both()),
    });
    assert.match(plan.problems[0]?.message ?? '', /Traefik has no mirror routes/);
  });

  test('observe: relative weights, an entry without weight counts 1', () => {
    assert.equal(
      observeTraefikTraffic(rollout, { traefikService: weighted('traefik.io/v1alpha1', both(3, 1)) }).canaryWeight,
      25,
    );
    assert.equal(
      observeTraefikTraffic(rollout, { traefikService: weighted('traefik.io/v1alpha1', both()) }).canaryWeight,
      50,
    );
  });
});

test('Traefik router finds the TraefikService under traefik.containo.us when traefik.io has none', async () => {
  const store = new MemoryRouteObjectStore([weighted('traefik.containo.us/v1alpha1', both())]);
  const router = createTraefikTrafficRouter(rollout, store);
  assert.deepEqual(await router.apply(desired(20)), { changed: true, problems: [] });
  const stored = store.read({
    apiVersion: 'traefik.containo.us/v1alpha1',
    kind: 'TraefikService',
    namespace: NAMESPACE,
    name: 'web-weighted',
  });
  assert.deepEqual(specOf<{ weighted: { services: unknown } }>(stored).weighted.services, both(80, 20));
});

const REF = { apiVersion: 'traefik.io/v1alpha1', kind: 'TraefikService', namespace: NAMESPACE, name: 'web-weighted' };

runTrafficRouterContract({
  name: 'traefik over the memory store',
  create: async () => {
    const store = new MemoryRouteObjectStore([
      weighted('traefik.io/v1alpha1', [...both(100, 0), { name: 'other', port: 8080, weight: 7 }]),
    ]);
    const weightsOut = (stored: RouteObject | undefined) => {
      const copy = withoutVersion(stored);
      for (const entry of specOf<{ weighted: { services: Array<{ name: string; weight?: number }> } }>(copy).weighted
        .services)
        if (entry.name !== 'other') delete entry.weight;
      return copy;
    };
    return {
      router: createTraefikTrafficRouter(rollout, store),
      snapshot: async () => [...store.objects.entries()],
      untouchable: async () => weightsOut(store.read(REF)),
      breakConfiguration: async () => {
        const current = store.read(REF);
        const services = specOf<{ weighted: { services: Array<{ name: string }> } }>(current).weighted.services;
        for (const entry of services) if (entry.name === 'web-canary') entry.name = 'renamed';
        if (current) store.put(current);
      },
      routeWeights: async () => {
        const services = specOf<{ weighted: { services: Array<{ name: string; weight: number }> } }>(store.read(REF))
          .weighted.services;
        const weightOf = (name: string) => services.find((entry) => entry.name === name)?.weight ?? NaN;
        return [[weightOf('web-canary'), weightOf('web-stable')]];
      },
    };
  },
  skips: {
    observe:
      'Traefik has no header or mirror routes (Argo does nothing for them; validation refuses those steps); weights are observed above',
    'managed-routes': 'Traefik has no header or mirror routes',
  },
});
