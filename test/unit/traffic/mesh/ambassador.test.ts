import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RouteObject } from '../../../../src/traffic/route-objects.ts';
import { createAmbassadorTrafficRouter } from '../../../../src/traffic/routers/ambassador/ambassador-router.ts';
import {
  baseMappingRefs,
  canaryMappingName,
  canaryMappingRef,
  planAmbassadorTraffic,
  type AmbassadorMappingPair,
} from '../../../../src/traffic/routers/ambassador/plan.ts';
import { MemoryRouteObjectStore } from '../../../support/memory-route-objects.ts';
import { runTrafficRouterContract } from '../router-contract.ts';
import { desired, NAMESPACE, object, rolloutWith, specOf, withoutVersion } from './fixtures.ts';

const rollout = rolloutWith({ ambassador: { mappings: ['web-mapping', 'web-admin'] } });
const V2 = 'getambassador.io/v2';

/** Argo's Ambassador docs: a Mapping routing a prefix to the stable Service. */
function mapping(name: string, spec: Record<string, unknown> = {}, apiVersion = V2): RouteObject {
  return object(
    apiVersion,
    'Mapping',
    name,
    { prefix: `/${name}/`, rewrite: '/', service: 'web-stable:8080', ...spec },
    {
      metadata: { name, namespace: NAMESPACE, labels: { app: 'web' }, annotations: { note: 'base' } },
    },
  );
}

function canary(name: string, weight: number, apiVersion = V2): RouteObject {
  return object(apiVersion, 'Mapping', canaryMappingName(name), {
    prefix: `/${name}/`,
    rewrite: '/',
    service: 'web-canary:8080',
    weight,
  });
}

function pair(
  name: string,
  base: RouteObject | undefined,
  canaryMapping: RouteObject | undefined,
): AmbassadorMappingPair {
  return { ref: { apiVersion: V2, kind: 'Mapping', namespace: NAMESPACE, name }, base, canary: canaryMapping };
}

describe('Ambassador plan', () => {
  const one = rolloutWith({ ambassador: { mappings: ['web-mapping'] } });
  const cases: Array<{
    title: string;
    objects: AmbassadorMappingPair;
    weight: number;
    expect: Array<[string, RouteObject]>;
  }> = [
    {
      title:
        'a canary weight creates `<mapping>-canary`: the base spec with the canary Service and the weight, no labels or annotations',
      objects: pair('web-mapping', mapping('web-mapping'), undefined),
      weight: 10,
      expect: [['create', canary('web-mapping', 10)]],
    },
    {
      title: 'an existing canary Mapping gets its weight only',
      objects: pair('web-mapping', mapping('web-mapping'), {
        ...canary('web-mapping', 10),
        spec: { ...specOf<object>(canary('web-mapping', 10)), timeout_ms: 5 },
      }),
      weight: 40,
      expect: [
        [
          'update',
          { ...canary('web-mapping', 40), spec: { ...specOf<object>(canary('web-mapping', 40)), timeout_ms: 5 } },
        ],
      ],
    },
    {
      title: 'weight 0 sets the canary weight to 0, then deletes the canary Mapping',
      objects: pair('web-mapping', mapping('web-mapping'), canary('web-mapping', 40)),
      weight: 0,
      expect: [
        ['update', canary('web-mapping', 0)],
        ['delete', canary('web-mapping', 0)],
      ],
    },
    {
      title: 'weight 0 without a canary Mapping writes nothing',
      objects: pair('web-mapping', mapping('web-mapping'), undefined),
      weight: 0,
      expect: [],
    },
    {
      title: 'v3alpha1 Mappings: the canary is created in the base version, the service `svc.ns` form kept',
      objects: pair(
        'web-mapping',
        mapping('web-mapping', { service: 'web-stable.demo' }, 'x.getambassador.io/v3alpha1'),
        undefined,
      ),
      weight: 5,
      expect: [
        [
          'create',
          {
            ...canary('web-mapping', 5, 'x.getambassador.io/v3alpha1'),
            spec: { prefix: '/web-mapping/', rewrite: '/', service: 'web-canary.demo', weight: 5 },
          },
        ],
      ],
    },
  ];
  for (const c of cases) {
    test(c.title, () => {
      const plan = planAmbassadorTraffic(one, desired(c.weight), { mappings: [c.objects] });
      assert.deepEqual(plan.problems, []);
      assert.deepEqual(
        plan.writes.map((write) => [write.action, write.object]),
        c.expect,
      );
    });
  }

  test('refused: a missing base Mapping, and a base Mapping with a weight; nothing is written', () => {
    const plan = planAmbassadorTraffic(rollout, desired(10), {
      mappings: [
        pair('web-mapping', undefined, undefined),
        pair('web-admin', mapping('web-admin', { weight: 50 }), undefined),
      ],
    });
    assert.deepEqual(plan.writes, []);
    assert.deepEqual(
      plan.problems.map((problem) => problem.path),
      ['', 'spec.weight'],
    );
    assert.match(plan.problems[0]?.message ?? '', /no Mapping "web-mapping"/);
  });

  test('a canary Mapping whose base is gone is still removed at weight 0', () => {
    const plan = planAmbassadorTraffic(rollout, desired(0), {
      mappings: [pair('web-mapping', undefined, canary('web-mapping', 0))],
    });
    assert.deepEqual(
      plan.writes.map((write) => write.action),
      ['delete'],
    );
  });

  test('the canary name is cut as Argo cuts it', () => {
    assert.equal(canaryMappingName('a'.repeat(300)), `${'a'.repeat(246)}-canary`);
  });
});

test('Ambassador router reads getambassador.io/v3alpha1 Mappings when v2 has none', async () => {
  const store = new MemoryRouteObjectStore([
    mapping('web-mapping', {}, 'getambassador.io/v3alpha1'),
    mapping('web-admin', {}, 'getambassador.io/v3alpha1'),
  ]);
  const router = createAmbassadorTrafficRouter(rollout, store);
  await router.apply(desired(30));
  const created = store.read(canaryMappingRef(baseMappingRefs(rollout, 'getambassador.io/v3alpha1')[0]!));
  assert.equal(specOf<{ weight: number }>(created).weight, 30);
  assert.equal((await router.observe())?.canaryWeight, 30);
  await router.apply(desired(0));
  assert.equal(store.objects.size, 2, 'only the base Mappings are left');
});

runTrafficRouterContract({
  name: 'ambassador over the memory store, two Mappings',
  create: async () => {
    const store = new MemoryRouteObjectStore([mapping('web-mapping'), mapping('web-admin'), mapping('unrelated')]);
    const refs = baseMappingRefs(rollout);
    return {
      router: createAmbassadorTrafficRouter(rollout, store),
      snapshot: async () => [...store.objects.entries()],
      untouchable: async () =>
        [...refs, { ...refs[0]!, name: 'unrelated' }].map((ref) => withoutVersion(store.read(ref))),
      breakConfiguration: async () => {
        const base = store.read(refs[1]!);
        const gone = store.read(canaryMappingRef(refs[1]!));
        // The canary Mapping of web-admin disappears and its base now weighs itself: it cannot be created again.
        if (gone) await store.delete(canaryMappingRef(refs[1]!));
        if (base) store.put({ ...base, spec: { ...specOf<object>(base), weight: 10 } });
      },
      routeWeights: async () =>
        refs.map((ref) => {
          const weight = store.read(canaryMappingRef(ref))
            ? specOf<{ weight: number }>(store.read(canaryMappingRef(ref))).weight
            : 0;
          return [weight, 100 - weight];
        }),
    };
  },
  skips: {
    observe:
      'Ambassador has no header or mirror routes (Argo does nothing for them; validation refuses those steps); weights are observed above',
    'managed-routes': 'Ambassador has no header or mirror routes',
  },
});
