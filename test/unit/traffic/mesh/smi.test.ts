import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RouteObject, RouteObjectStore } from '../../../../src/traffic/route-objects.ts';
import { observeSmiTraffic, planSmiTraffic, readWeight } from '../../../../src/traffic/routers/smi/plan.ts';
import { createSmiTrafficRouter } from '../../../../src/traffic/routers/smi/smi-router.ts';
import { MemoryRouteObjectStore } from '../../../support/memory-route-objects.ts';
import { runTrafficRouterContract } from '../router-contract.ts';
import { desired, NAMESPACE, object, rolloutWith, specOf, withoutVersion } from './fixtures.ts';

const rollout = rolloutWith({ smi: { rootService: 'web', trafficSplitName: 'web-split' } });
const owner = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  name: 'web',
  uid: 'uid-web',
  controller: true,
  blockOwnerDeletion: true,
};

function split(apiVersion: string, backends: unknown[], owners = [owner]): RouteObject {
  return object(
    apiVersion,
    'TrafficSplit',
    'web-split',
    { service: 'web', backends },
    {
      metadata: { name: 'web-split', namespace: NAMESPACE, ownerReferences: owners },
    },
  );
}

describe('SMI plan', () => {
  const cases: Array<{ title: string; objects: RouteObject | undefined; weight: number; expect: unknown }> = [
    {
      title: 'a missing TrafficSplit is created, owned by the Rollout, canary backend first',
      objects: undefined,
      weight: 10,
      expect: [
        'create',
        split('split.smi-spec.io/v1alpha4', [
          { service: 'web-canary', weight: 10 },
          { service: 'web-stable', weight: 90 },
        ]),
      ],
    },
    {
      title:
        'an owned v1alpha2 TrafficSplit gets its whole spec rewritten (other spec fields go, as Argo patches them away)',
      objects: {
        ...split('split.smi-spec.io/v1alpha2', [{ service: 'old', weight: 5 }]),
        spec: { service: 'x', backends: [], matches: [{ kind: 'HTTPRouteGroup', name: 'g' }] },
      },
      weight: 30,
      expect: [
        'update',
        split('split.smi-spec.io/v1alpha2', [
          { service: 'web-canary', weight: 30 },
          { service: 'web-stable', weight: 70 },
        ]),
      ],
    },
    {
      title: 'v1alpha1 weighs with quantities, written as strings',
      objects: split('split.smi-spec.io/v1alpha1', []),
      weight: 100,
      expect: [
        'update',
        split('split.smi-spec.io/v1alpha1', [
          { service: 'web-canary', weight: '100' },
          { service: 'web-stable', weight: '0' },
        ]),
      ],
    },
  ];
  for (const c of cases) {
    test(c.title, () => {
      const plan = planSmiTraffic(rollout, desired(c.weight), { trafficSplit: c.objects });
      assert.deepEqual(plan.problems, []);
      assert.equal(plan.writes.length, 1);
      const [write] = plan.writes;
      assert.deepEqual([write?.action, write?.object], c.expect);
    });
  }

  const experiments = [
    { serviceName: 'ex-baseline', podTemplateHash: 'aaa111', weight: 5 },
    { serviceName: 'ex-canary', podTemplateHash: 'bbb222', weight: 10 },
  ];
  for (const apiVersion of ['split.smi-spec.io/v1alpha2', 'split.smi-spec.io/v1alpha1']) {
    test(`experiment Services are backends with their weights, taken from the stable's (${apiVersion})`, () => {
      const plan = planSmiTraffic(rollout, desired(20, { additional: experiments }), {
        trafficSplit: split(apiVersion, []),
      });
      const weight = (n: number) => (apiVersion.endsWith('v1alpha1') ? String(n) : n);
      assert.deepEqual(specOf<{ backends: unknown[] }>(plan.writes[0]?.object).backends, [
        { service: 'web-canary', weight: weight(20) },
        { service: 'ex-baseline', weight: weight(5) },
        { service: 'ex-canary', weight: weight(10) },
        { service: 'web-stable', weight: weight(65) },
      ]);
      const inPlace = observeSmiTraffic(rollout, { trafficSplit: plan.writes[0]?.object });
      assert.equal(inPlace.canaryWeight, 20);
    });
  }

  test('a create offers every served version, newest first, each with its own weight type', () => {
    const [write] = planSmiTraffic(rollout, desired(10), {}).writes;
    assert.ok(write?.action === 'create');
    const all = [write.object, ...(write.alternatives ?? [])];
    assert.deepEqual(
      all.map((o) => o.apiVersion),
      ['v1alpha4', 'v1alpha3', 'v1alpha2', 'v1alpha1'].map((v) => `split.smi-spec.io/${v}`),
    );
    assert.deepEqual(specOf<{ backends: unknown[] }>(all[3]).backends[0], { service: 'web-canary', weight: '10' });
  });

  test('the TrafficSplit name defaults to the Rollout name, the root service to the stableService', () => {
    const [write] = planSmiTraffic(rolloutWith({ smi: {} }), desired(0), {}).writes;
    assert.equal(write?.object.metadata.name, 'web');
    assert.equal(specOf<{ service: string }>(write?.object).service, 'web-stable');
  });

  test('a TrafficSplit the Rollout does not own is not changed', () => {
    const plan = planSmiTraffic(rollout, desired(10), { trafficSplit: split('split.smi-spec.io/v1alpha3', [], []) });
    assert.equal(plan.writes.length, 0);
    assert.match(plan.problems[0]?.message ?? '', /does not own/);
    assert.equal(plan.problems[0]?.path, 'metadata.ownerReferences');
  });

  test('header and mirror routes are refused: SMI has none', () => {
    const plan = planSmiTraffic(rollout, desired(10, { headerRoutes: [{ name: 'h', match: [] }] }), {});
    assert.match(plan.problems[0]?.message ?? '', /SMI has no header routes/);
  });

  test('observe reads the canary share of relative weights and quantities', () => {
    const seen = observeSmiTraffic(rollout, {
      trafficSplit: split('split.smi-spec.io/v1alpha1', [
        { service: 'web-canary', weight: '250m' },
        { service: 'web-stable', weight: '750m' },
      ]),
    });
    assert.equal(seen.canaryWeight, 25);
    assert.equal(readWeight('12'), 12);
    assert.equal(readWeight('x'), undefined);
  });
});

/** A store whose cluster serves only `served` versions of TrafficSplit, as an API server would. */
class ServedVersionsStore extends MemoryRouteObjectStore {
  readonly served: string[];
  constructor(served: string[]) {
    super();
    this.served = served;
  }
  override async get(ref: Parameters<RouteObjectStore['get']>[0]) {
    return this.served.includes(ref.apiVersion) ? super.get(ref) : undefined;
  }
  override async create(created: RouteObject) {
    if (!this.served.includes(created.apiVersion))
      throw new Error(`the server could not find the requested resource (${created.apiVersion})`);
    return super.create(created);
  }
}

test('SMI router creates the TrafficSplit in the one version the cluster serves, then updates it there', async () => {
  const store = new ServedVersionsStore(['split.smi-spec.io/v1alpha2']);
  const router = createSmiTrafficRouter(rollout, store);
  assert.deepEqual(await router.apply(desired(10)), { changed: true, problems: [] });
  assert.deepEqual(await router.apply(desired(40)), { changed: true, problems: [] });
  assert.equal(store.objects.size, 1);
  const stored = store.read({
    apiVersion: 'split.smi-spec.io/v1alpha2',
    kind: 'TrafficSplit',
    namespace: NAMESPACE,
    name: 'web-split',
  });
  assert.deepEqual(specOf<{ backends: unknown[] }>(stored).backends, [
    { service: 'web-canary', weight: 40 },
    { service: 'web-stable', weight: 60 },
  ]);
  assert.equal((await router.observe())?.canaryWeight, 40);
});

test('SMI router: a TrafficSplit re-applied by a user gets its weights back on the next apply', async () => {
  const store = new MemoryRouteObjectStore();
  const router = createSmiTrafficRouter(rollout, store);
  await router.apply(desired(20));
  store.put(split('split.smi-spec.io/v1alpha4', [{ service: 'web-stable', weight: 100 }]));
  assert.equal((await router.observe())?.canaryWeight, 0);
  assert.equal((await router.apply(desired(20))).changed, true);
  assert.equal((await router.observe())?.canaryWeight, 20);
});

const SPLIT_REF = {
  apiVersion: 'split.smi-spec.io/v1alpha4',
  kind: 'TrafficSplit',
  namespace: NAMESPACE,
  name: 'web-split',
};
const OTHER = object('split.smi-spec.io/v1alpha4', 'TrafficSplit', 'other', {
  service: 'other',
  backends: [{ service: 'a', weight: 1 }],
});

runTrafficRouterContract({
  name: 'smi over the memory store',
  create: async () => {
    // As after an earlier rollout: the Rollout's own TrafficSplit, with a label a user added.
    const owned = split('split.smi-spec.io/v1alpha4', [{ service: 'web-stable', weight: 100 }]);
    owned.metadata.labels = { team: 'web' };
    const store = new MemoryRouteObjectStore([OTHER, owned]);
    return {
      router: createSmiTrafficRouter(rollout, store),
      snapshot: async () => [...store.objects.entries()],
      untouchable: async () => {
        const owned = withoutVersion(store.read(SPLIT_REF));
        return {
          other: withoutVersion(store.read({ ...SPLIT_REF, name: 'other' })),
          metadata: owned?.metadata,
          service: (owned?.spec as { service?: string } | undefined)?.service,
        };
      },
      breakConfiguration: async () => {
        const current = store.read(SPLIT_REF);
        if (current) store.put({ ...current, metadata: { ...current.metadata, ownerReferences: [] } });
      },
      routeWeights: async () => {
        const backends = specOf<{ backends: Array<{ service: string; weight: number }> }>(
          store.read(SPLIT_REF),
        ).backends;
        const weightOf = (service: string) => backends.find((b) => b.service === service)?.weight ?? NaN;
        return [[weightOf('web-canary'), weightOf('web-stable')]];
      },
    };
  },
  skips: {
    observe:
      'SMI has no header or mirror routes (Argo does nothing for them; validation refuses those steps); weights are observed above',
    'managed-routes': 'SMI has no header or mirror routes',
  },
});
