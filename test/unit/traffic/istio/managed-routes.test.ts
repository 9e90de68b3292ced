import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { VirtualService } from '../../../../src/api/types/istio.ts';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import { planIstioTraffic } from '../../../../src/traffic/routers/istio/plan.ts';
import {
  desired,
  hostLevelRollout,
  hostLevelVirtualService,
  subsetLevelDestinationRule,
  subsetLevelRollout,
  subsetLevelVirtualService,
} from './fixtures.ts';

const header = { name: 'header-route', match: [{ headerName: 'x-canary', headerValue: { exact: 'true' } }] };
const mirror = {
  name: 'mirror-route',
  match: [{ method: { exact: 'GET' }, path: { prefix: '/api' } }],
  percentage: 35,
};

function apply(rollout: Rollout, vs: VirtualService, state: ReturnType<typeof desired>): VirtualService {
  const plan = planIstioTraffic(rollout, state, {
    virtualServices: [vs],
    destinationRule: subsetLevelDestinationRule(),
  });
  assert.deepEqual(plan.problems, []);
  return plan.virtualServices[0]!.object;
}

describe('managed routes', () => {
  test('host level: header route to the canary Service, with the port of the weighted route', () => {
    const out = apply(
      hostLevelRollout({ managedRoutes: ['header-route'] }),
      hostLevelVirtualService(),
      desired(20, { headerRoutes: [header] }),
    );
    assert.deepEqual(out.spec.http?.[0], {
      name: 'header-route',
      match: [{ headers: { 'x-canary': { exact: 'true' } } }],
      route: [{ destination: { host: 'canary-svc', port: { number: 80 } }, weight: 100 }],
    });
    assert.equal(out.spec.http?.[1]?.name, 'primary');
  });

  test('subset level: header route to the DestinationRule host and canary subset', () => {
    const out = apply(
      subsetLevelRollout(['header-route']),
      subsetLevelVirtualService(),
      desired(20, { headerRoutes: [header] }),
    );
    assert.deepEqual(out.spec.http?.[0]?.route, [
      { destination: { host: 'istio-rollout', subset: 'canary' }, weight: 100 },
    ]);
  });

  test('mirror route keeps the split of the weighted route and mirrors its percentage to the canary', () => {
    const out = apply(
      hostLevelRollout({ managedRoutes: ['mirror-route'] }),
      hostLevelVirtualService(),
      desired(20, { mirrorRoutes: [mirror] }),
    );
    assert.deepEqual(out.spec.http?.[0], {
      name: 'mirror-route',
      match: [{ method: { exact: 'GET' }, uri: { prefix: '/api' } }],
      route: [
        { destination: { host: 'stable-svc', port: { number: 80 } }, weight: 80 },
        { destination: { host: 'canary-svc', port: { number: 80 } }, weight: 20 },
      ],
      mirror: { host: 'canary-svc', port: { number: 80 } },
      mirrorPercentage: { value: 35 },
    });
  });

  test('managed routes are ordered by managedRoutes, ahead of the user routes, and removed when no longer desired', () => {
    const rollout = hostLevelRollout({ managedRoutes: ['mirror-route', 'header-route'] });
    const withBoth = apply(
      rollout,
      hostLevelVirtualService(),
      desired(20, { headerRoutes: [header], mirrorRoutes: [mirror] }),
    );
    assert.deepEqual(
      withBoth.spec.http?.map((r) => r.name),
      ['mirror-route', 'header-route', 'primary'],
    );
    const headerOnly = apply(rollout, withBoth, desired(40, { headerRoutes: [header] }));
    assert.deepEqual(
      headerOnly.spec.http?.map((r) => r.name),
      ['header-route', 'primary'],
    );
    const done = apply(rollout, headerOnly, desired(0));
    assert.deepEqual(done, hostLevelVirtualService());
  });

  test('a desired route missing from managedRoutes is refused', () => {
    const plan = planIstioTraffic(hostLevelRollout({ managedRoutes: [] }), desired(20, { headerRoutes: [header] }), {
      virtualServices: [hostLevelVirtualService()],
    });
    assert.match(
      plan.problems[0]?.message ?? '',
      /'header-route'.*not listed in spec\.strategy\.canary\.trafficRouting\.managedRoutes/,
    );
    assert.equal(plan.virtualServices[0]?.changed, false);
  });
});

describe('tls and tcp routes', () => {
  function tlsRollout(
    tlsRoutes: Array<{ port?: number; sniHosts?: string[] }>,
    tcpRoutes: Array<{ port?: number }> = [],
  ): Rollout {
    const rollout = hostLevelRollout();
    const istio = rollout.spec.strategy.canary?.trafficRouting?.istio;
    if (istio) istio.virtualService = { name: 'rollout-vsvc', tlsRoutes, tcpRoutes };
    return rollout;
  }
  const split = () => [
    { destination: { host: 'stable-svc' }, weight: 100 },
    { destination: { host: 'canary-svc' }, weight: 0 },
  ];
  function tlsVs(): VirtualService {
    return {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'VirtualService',
      metadata: { name: 'rollout-vsvc', namespace: 'rollout-demo' },
      spec: {
        tls: [
          {
            match: [
              { port: 443, sniHosts: ['a.example.com'] },
              { port: 443, sniHosts: ['b.example.com'] },
            ],
            route: split(),
          },
          { match: [{ port: 443, sniHosts: ['c.example.com'] }], route: split() },
          {
            match: [
              { port: 443, sniHosts: ['a.example.com'] },
              { port: 8443, sniHosts: ['b.example.com'] },
            ],
            route: split(),
          },
        ],
        tcp: [
          { match: [{ port: 5432 }], route: split() },
          { match: [{ port: 3306 }], route: split() },
        ],
      },
    };
  }
  const weights = (routes: Array<{ route?: Array<{ weight?: number }> }> | undefined) =>
    routes?.map((r) => r.route?.map((d) => d.weight));

  test('a tls route is chosen by its port and the full set of its SNI hosts', () => {
    const plan = planIstioTraffic(
      tlsRollout([{ port: 443, sniHosts: ['b.example.com', 'a.example.com'] }]),
      desired(10),
      { virtualServices: [tlsVs()] },
    );
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(weights(plan.virtualServices[0]?.object.spec.tls), [
      [90, 10],
      [100, 0],
      [100, 0],
    ]);
    assert.deepEqual(weights(plan.virtualServices[0]?.object.spec.tcp), [
      [100, 0],
      [100, 0],
    ]);
  });

  test('a subset of the SNI hosts or a route with several ports does not match', () => {
    const plan = planIstioTraffic(tlsRollout([{ port: 443, sniHosts: ['a.example.com'] }]), desired(10), {
      virtualServices: [tlsVs()],
    });
    assert.match(plan.problems[0]?.message ?? '', /no tls route matches port 443, sniHosts \[a\.example\.com\]/);
  });

  test('a tcp route is chosen by port', () => {
    const plan = planIstioTraffic(tlsRollout([], [{ port: 3306 }]), desired(60), { virtualServices: [tlsVs()] });
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(weights(plan.virtualServices[0]?.object.spec.tcp), [
      [100, 0],
      [40, 60],
    ]);
  });
});

describe('several VirtualServices', () => {
  function multiRollout(): Rollout {
    const rollout = hostLevelRollout();
    const istio = rollout.spec.strategy.canary?.trafficRouting?.istio;
    if (istio) {
      delete istio.virtualService;
      istio.virtualServices = [
        { name: 'rollout-vsvc', routes: ['primary'] },
        { name: 'edge-vsvc.edge', routes: ['primary'] },
      ];
    }
    return rollout;
  }
  function edge(): VirtualService {
    const vs = hostLevelVirtualService();
    vs.metadata = { name: 'edge-vsvc', namespace: 'edge' };
    for (const d of vs.spec.http?.[0]?.route ?? []) d.destination.host += '.rollout-demo.svc.cluster.local';
    return vs;
  }

  test('each VirtualService gets the weights, including one in another namespace', () => {
    const plan = planIstioTraffic(multiRollout(), desired(45), {
      virtualServices: [edge(), hostLevelVirtualService()],
    });
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(
      plan.virtualServices.map((p) => [p.namespace, p.name, p.object.spec.http?.[0]?.route?.map((d) => d.weight)]),
      [
        ['rollout-demo', 'rollout-vsvc', [55, 45]],
        ['edge', 'edge-vsvc', [55, 45]],
      ],
    );
  });

  test('a problem in one VirtualService leaves all of them unchanged', () => {
    const broken = edge();
    if (broken.spec.http?.[0]) broken.spec.http[0].name = 'renamed';
    const plan = planIstioTraffic(multiRollout(), desired(45), {
      virtualServices: [hostLevelVirtualService(), broken],
    });
    assert.equal(plan.problems.length, 1);
    assert.equal(
      plan.virtualServices.every((p) => !p.changed),
      true,
    );
  });
});
