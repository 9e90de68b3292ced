import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RouteObject } from '../../../../src/traffic/route-objects.ts';
import { createAppMeshTrafficRouter } from '../../../../src/traffic/routers/appmesh/appmesh-router.ts';
import {
  MANAGED_BY,
  nodeHashes,
  planAppMeshTraffic,
  POD_TEMPLATE_HASH,
  virtualNodeRefs,
  type AppMeshObjects,
} from '../../../../src/traffic/routers/appmesh/plan.ts';
import { MemoryRouteObjectStore } from '../../../support/memory-route-objects.ts';
import { runTrafficRouterContract } from '../router-contract.ts';
import { desired, object, rolloutWith, specOf, withoutVersion } from './fixtures.ts';

const V = 'appmesh.k8s.aws/v1beta2';
const rollout = rolloutWith({
  appMesh: {
    virtualService: { name: 'web-vsvc', routes: ['primary'] },
    virtualNodeGroup: { canaryVirtualNodeRef: { name: 'web-canary' }, stableVirtualNodeRef: { name: 'web-stable' } },
  },
});

/** Argo's App Mesh docs: a VirtualService provided by a VirtualRouter with a weighted HTTP route. */
function objects(weights: [number, number] = [100, 0]): RouteObject[] {
  const target = (name: string, weight: number) => ({ virtualNodeRef: { name }, weight });
  return [
    object(V, 'VirtualService', 'web-vsvc', {
      awsName: 'web.demo.svc.cluster.local',
      provider: { virtualRouter: { virtualRouterRef: { name: 'web-vrouter' } } },
    }),
    object(V, 'VirtualRouter', 'web-vrouter', {
      listeners: [{ portMapping: { port: 80, protocol: 'http' } }],
      routes: [
        {
          name: 'primary',
          httpRoute: {
            match: { prefix: '/' },
            action: { weightedTargets: [target('web-stable', weights[0]), target('web-canary', weights[1])] },
          },
        },
        {
          name: 'other',
          httpRoute: { match: { prefix: '/x' }, action: { weightedTargets: [target('web-stable', 7)] } },
        },
      ],
    }),
    ...['web-stable', 'web-canary'].map((name) =>
      object(V, 'VirtualNode', name, {
        podSelector: { matchLabels: { app: 'web' } },
        listeners: [{ portMapping: { port: 80, protocol: 'http' } }],
      }),
    ),
  ];
}

function read(list: RouteObject[]): AppMeshObjects {
  const find = (kind: string, name: string) => list.find((o) => o.kind === kind && o.metadata.name === name);
  return {
    virtualService: find('VirtualService', 'web-vsvc'),
    virtualRouter: find('VirtualRouter', 'web-vrouter'),
    canaryNode: find('VirtualNode', 'web-canary'),
    stableNode: find('VirtualNode', 'web-stable'),
  };
}

describe('App Mesh plan', () => {
  test('nodes get the hashes and the managed-by annotation first, then the named route its weights', () => {
    const plan = planAppMeshTraffic(rollout, desired(10), read(objects()));
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(
      plan.writes.map((w) => `${w.action} ${w.object.kind} ${w.object.metadata.name}`),
      ['update VirtualNode web-stable', 'update VirtualNode web-canary', 'update VirtualRouter web-vrouter'],
    );
    const [stable, canary, router] = plan.writes.map((w) => w.object);
    assert.deepEqual(specOf<{ podSelector: unknown }>(stable).podSelector, {
      matchLabels: { app: 'web', [POD_TEMPLATE_HASH]: 'aaa111' },
    });
    assert.deepEqual(specOf<{ podSelector: unknown }>(canary).podSelector, {
      matchLabels: { app: 'web', [POD_TEMPLATE_HASH]: 'bbb222' },
    });
    assert.equal(stable?.metadata.annotations?.[MANAGED_BY], 'web');
    assert.deepEqual(router, read(objects([90, 10])).virtualRouter);
  });

  test("Argo's placeholder hashes: stable-hash without a stable ReplicaSet, canary-hash when canary and stable are one", () => {
    assert.deepEqual(nodeHashes({ stableHash: '', canaryHash: 'abc' }), { stable: 'stable-hash', canary: 'abc' });
    assert.deepEqual(nodeHashes({ stableHash: 'abc', canaryHash: 'abc' }), { stable: 'abc', canary: 'canary-hash' });
  });

  const refused: Array<[string, (list: RouteObject[]) => RouteObject[], RegExp]> = [
    ['a missing VirtualService', (l) => l.filter((o) => o.kind !== 'VirtualService'), /no VirtualService "web-vsvc"/],
    [
      'a VirtualService without a VirtualRouter',
      (l) => l.map((o) => (o.kind === 'VirtualService' ? { ...o, spec: { provider: { virtualNode: {} } } } : o)),
      /not provided by a VirtualRouter/,
    ],
    [
      'a missing canary VirtualNode',
      (l) => l.filter((o) => o.metadata.name !== 'web-canary'),
      /no VirtualNode "web-canary"/,
    ],
    [
      'a route without the canary target',
      (l) =>
        l.map((o) =>
          o.kind === 'VirtualRouter'
            ? {
                ...o,
                spec: {
                  routes: [
                    {
                      name: 'primary',
                      httpRoute: {
                        action: { weightedTargets: [{ virtualNodeRef: { name: 'web-stable' }, weight: 1 }] },
                      },
                    },
                  ],
                },
              }
            : o,
        ),
      /no weighted target for the canary VirtualNode/,
    ],
  ];
  for (const [title, change, message] of refused) {
    test(`refused: ${title}`, () => {
      const plan = planAppMeshTraffic(rollout, desired(10), read(change(objects())));
      assert.deepEqual(plan.writes, []);
      assert.match(plan.problems.map((p) => p.message).join('\n'), message);
    });
  }
});

runTrafficRouterContract({
  name: 'appmesh over the memory store',
  create: async () => {
    const store = new MemoryRouteObjectStore(objects());
    const nodes = virtualNodeRefs(rollout);
    const routerRef = { ...nodes.canary, kind: 'VirtualRouter', name: 'web-vrouter' };
    const primaryTargets = () =>
      specOf<{
        routes: Array<{
          name: string;
          httpRoute: { action: { weightedTargets: Array<{ virtualNodeRef: { name: string }; weight?: number }> } };
        }>;
      }>(store.read(routerRef)).routes[0]?.httpRoute.action.weightedTargets ?? [];
    return {
      router: createAppMeshTrafficRouter(rollout, store),
      snapshot: async () => [...store.objects.entries()],
      untouchable: async () => {
        const router = withoutVersion(store.read(routerRef));
        for (const target of specOf<{
          routes: Array<{ httpRoute: { action: { weightedTargets: Array<{ weight?: number }> } } }>;
        }>(router).routes[0]?.httpRoute.action.weightedTargets ?? [])
          delete target.weight;
        const node = (at: typeof nodes.canary) => {
          const copy = withoutVersion(store.read(at));
          delete copy?.metadata.annotations;
          delete specOf<{ podSelector: { matchLabels: Record<string, string> } }>(copy).podSelector.matchLabels[
            POD_TEMPLATE_HASH
          ];
          return copy;
        };
        return { router, canary: node(nodes.canary), stable: node(nodes.stable) };
      },
      breakConfiguration: async () => {
        await store.delete(nodes.canary);
      },
      routeWeights: async () => {
        const weightOf = (name: string) => primaryTargets().find((t) => t.virtualNodeRef.name === name)?.weight ?? NaN;
        return [[weightOf('web-canary'), weightOf('web-stable')]];
      },
    };
  },
  skips: {
    observe:
      'App Mesh has no header or mirror routes (Argo does nothing for them; validation refuses those steps); weights are observed below',
    'managed-routes': 'App Mesh has no header or mirror routes',
  },
});

test('App Mesh router: observe reports the weights and the hashes the nodes select', async () => {
  const store = new MemoryRouteObjectStore(objects());
  const router = createAppMeshTrafficRouter(rollout, store);
  await router.apply(desired(25));
  const seen = await router.observe();
  assert.equal(seen?.canaryWeight, 25);
  assert.equal(seen?.canaryHash, 'bbb222');
  assert.equal(seen?.stableHash, 'aaa111');
  assert.deepEqual(seen?.problems, []);
});
