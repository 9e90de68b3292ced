import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RouteObject } from '../../../../src/traffic/route-objects.ts';
import { createOpenshiftTrafficRouter } from '../../../../src/traffic/routers/openshift/openshift-router.ts';
import {
  observeOpenshiftTraffic,
  openshiftRouteRefs,
  planOpenshiftTraffic,
} from '../../../../src/traffic/routers/openshift/plan.ts';
import { MemoryRouteObjectStore } from '../../../support/memory-route-objects.ts';
import { runTrafficRouterContract } from '../router-contract.ts';
import { desired, NAMESPACE, rolloutWith, specOf, withoutVersion } from './fixtures.ts';

const rollout = rolloutWith({ plugins: { 'argoproj-labs/openshift': { routes: ['main-route', 'edge/edge-route'] } } });

/** Argo's OpenShift docs: a Route whose default backend is the stable Service. */
function route(name: string, namespace: string, extra: Record<string, unknown> = {}): RouteObject {
  return {
    apiVersion: 'route.openshift.io/v1',
    kind: 'Route',
    metadata: { name, namespace },
    spec: {
      host: `${name}.example.com`,
      to: { kind: 'Service', name: 'web-stable', weight: 100 },
      port: { targetPort: 'http' },
      wildcardPolicy: 'None',
      ...extra,
    },
  };
}

const refs = openshiftRouteRefs(rollout);

describe('OpenShift Route plan', () => {
  test('routes are `name` in the Rollout namespace or `namespace/name`', () => {
    assert.deepEqual(
      refs.map((ref) => `${ref.namespace}/${ref.name}`),
      [`${NAMESPACE}/main-route`, 'edge/edge-route'],
    );
  });

  const cases: Array<{ title: string; before: RouteObject; weight: number; after: RouteObject | undefined }> = [
    {
      title: 'a canary weight sets spec.to.weight and one alternate backend, the canary Service',
      before: route('main-route', NAMESPACE),
      weight: 10,
      after: route('main-route', NAMESPACE, {
        to: { kind: 'Service', name: 'web-stable', weight: 90 },
        alternateBackends: [{ kind: 'Service', name: 'web-canary', weight: 10 }],
      }),
    },
    {
      title: 'weight 0 removes alternateBackends (end of rollout, abort)',
      before: route('main-route', NAMESPACE, {
        to: { kind: 'Service', name: 'web-stable', weight: 40 },
        alternateBackends: [{ kind: 'Service', name: 'web-canary', weight: 60 }],
      }),
      weight: 0,
      after: route('main-route', NAMESPACE),
    },
    {
      title: 'a Route already in place writes nothing',
      before: route('main-route', NAMESPACE),
      weight: 0,
      after: undefined,
    },
  ];
  for (const c of cases) {
    test(c.title, () => {
      const plan = planOpenshiftTraffic(
        rolloutWith({ plugins: { 'argoproj-labs/openshift': { routes: ['main-route'] } } }),
        desired(c.weight),
        {
          routes: [{ ref: refs[0]!, object: c.before }],
        },
      );
      assert.deepEqual(plan.problems, []);
      assert.deepEqual(
        plan.writes.map((write) => write.object),
        c.after ? [c.after] : [],
      );
    });
  }

  test('one missing Route or one not defaulting to the stable Service: nothing is written to any', () => {
    const plan = planOpenshiftTraffic(rollout, desired(10), {
      routes: [
        { ref: refs[0]!, object: route('main-route', NAMESPACE, { to: { kind: 'Service', name: 'web' } }) },
        { ref: refs[1]!, object: undefined },
      ],
    });
    assert.deepEqual(plan.writes, []);
    assert.deepEqual(
      plan.problems.map((problem) => [problem.object, problem.path]),
      [
        [`Route ${NAMESPACE}/main-route`, 'spec.to.name'],
        ['Route edge/edge-route', ''],
      ],
    );
  });

  test('observe: the canary share over to + alternateBackends (unset weight counts 1)', () => {
    const seen = observeOpenshiftTraffic(rollout, {
      routes: [
        {
          ref: refs[0]!,
          object: route('main-route', NAMESPACE, {
            to: { kind: 'Service', name: 'web-stable', weight: 75 },
            alternateBackends: [{ kind: 'Service', name: 'web-canary', weight: 25 }],
          }),
        },
        {
          ref: refs[1]!,
          object: route('edge-route', 'edge', {
            to: { kind: 'Service', name: 'web-stable', weight: 3 },
            alternateBackends: [{ kind: 'Service', name: 'web-canary' }],
          }),
        },
      ],
    });
    assert.deepEqual(
      seen.routes.map((r) => r.canaryWeight),
      [25, 25],
    );
    assert.equal(seen.canaryWeight, 25);
  });
});

runTrafficRouterContract({
  name: 'openshift (plugin argoproj-labs/openshift) over the memory store, two Routes in two namespaces',
  create: async () => {
    const store = new MemoryRouteObjectStore([
      route('main-route', NAMESPACE),
      route('edge-route', 'edge'),
      route('unrelated', NAMESPACE),
    ]);
    const weightsOut = (stored: RouteObject | undefined) => {
      const copy = withoutVersion(stored);
      const spec = specOf<{ to: { weight?: number }; alternateBackends?: unknown }>(copy);
      delete spec.to.weight;
      delete spec.alternateBackends;
      return copy;
    };
    return {
      router: createOpenshiftTrafficRouter(rollout, store),
      snapshot: async () => [...store.objects.entries()],
      untouchable: async () => [
        ...refs.map((ref) => weightsOut(store.read(ref))),
        withoutVersion(store.read({ ...refs[0]!, name: 'unrelated' })),
      ],
      breakConfiguration: async () => {
        const current = store.read(refs[1]!);
        if (current)
          store.put({ ...current, spec: { ...specOf<object>(current), to: { kind: 'Service', name: 'elsewhere' } } });
      },
      routeWeights: async () =>
        refs.map((ref) => {
          const spec = specOf<{ to: { weight: number }; alternateBackends?: Array<{ weight: number }> }>(
            store.read(ref),
          );
          return [spec.alternateBackends?.[0]?.weight ?? 0, spec.to.weight];
        }),
    };
  },
  skips: {
    observe:
      'OpenShift Routes have no header or mirror routes (the plugin does nothing for them); weights are observed above',
    'managed-routes': 'OpenShift Routes have no header or mirror routes',
  },
});
