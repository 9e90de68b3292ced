import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { VirtualService } from '../../../../src/api/types/istio.ts';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import { planIstioTraffic } from '../../../../src/traffic/routers/istio/plan.ts';
import { formatProblem } from '../../../../src/traffic/desired.ts';
import {
  changedPaths,
  desired,
  hostLevelRollout,
  hostLevelVirtualService,
  richVirtualService,
  subsetLevelDestinationRule,
  subsetLevelRollout,
  subsetLevelVirtualService,
} from './fixtures.ts';

function onlyVs(plan: ReturnType<typeof planIstioTraffic>): VirtualService {
  assert.deepEqual(plan.problems, []);
  const vs = plan.virtualServices[0];
  assert.ok(vs);
  return vs.object;
}

describe('host-level split', () => {
  const cases = [
    { weight: 0, stable: 100, canary: 0 },
    { weight: 20, stable: 80, canary: 20 },
    { weight: 100, stable: 0, canary: 100 },
  ];
  for (const c of cases) {
    test(`canary weight ${c.weight} sets stable ${c.stable} / canary ${c.canary} on route primary`, () => {
      const vs = onlyVs(
        planIstioTraffic(hostLevelRollout(), desired(c.weight), { virtualServices: [hostLevelVirtualService()] }),
      );
      assert.deepEqual(vs.spec.http, [
        {
          name: 'primary',
          route: [
            { destination: { host: 'stable-svc', port: { number: 80 } }, weight: c.stable },
            { destination: { host: 'canary-svc', port: { number: 80 } }, weight: c.canary },
          ],
        },
      ]);
    });
  }

  test('changed is false when the weights are already in place, true otherwise', () => {
    const current = hostLevelVirtualService();
    assert.equal(
      planIstioTraffic(hostLevelRollout(), desired(0), { virtualServices: [current] }).virtualServices[0]?.changed,
      false,
    );
    assert.equal(
      planIstioTraffic(hostLevelRollout(), desired(5), { virtualServices: [current] }).virtualServices[0]?.changed,
      true,
    );
  });

  test('destination hosts match by Service name in short, name.namespace and FQDN forms', () => {
    for (const suffix of ['', '.rollout-demo', '.rollout-demo.svc', '.rollout-demo.svc.cluster.local']) {
      const vs = hostLevelVirtualService();
      const route = vs.spec.http?.[0]?.route ?? [];
      for (const entry of route) entry.destination.host += suffix;
      const out = onlyVs(planIstioTraffic(hostLevelRollout(), desired(30), { virtualServices: [vs] }));
      assert.deepEqual(
        out.spec.http?.[0]?.route?.map((d) => [d.destination.host, d.weight]),
        [
          [`stable-svc${suffix}`, 70],
          [`canary-svc${suffix}`, 30],
        ],
      );
    }
  });

  test('does not mutate the objects it is given', () => {
    const vs = hostLevelVirtualService();
    const before = JSON.stringify(vs);
    planIstioTraffic(hostLevelRollout(), desired(40), { virtualServices: [vs] });
    assert.equal(JSON.stringify(vs), before);
  });

  test('a destination that is neither canary nor stable is dropped from the weighted route (as Argo does)', () => {
    const vs = hostLevelVirtualService();
    vs.spec.http?.[0]?.route?.push({ destination: { host: 'old-svc' }, weight: 0 });
    const out = onlyVs(planIstioTraffic(hostLevelRollout(), desired(10), { virtualServices: [vs] }));
    assert.deepEqual(
      out.spec.http?.[0]?.route?.map((d) => d.destination.host),
      ['stable-svc', 'canary-svc'],
    );
  });

  test('weights are restored after the VirtualService is re-applied mid-rollout', () => {
    const first = onlyVs(
      planIstioTraffic(hostLevelRollout(), desired(30), { virtualServices: [hostLevelVirtualService()] }),
    );
    assert.equal(first.spec.http?.[0]?.route?.[1]?.weight, 30);
    const reapplied = hostLevelVirtualService();
    const plan = planIstioTraffic(hostLevelRollout(), desired(30), { virtualServices: [reapplied] });
    assert.equal(plan.virtualServices[0]?.changed, true);
    assert.deepEqual(plan.virtualServices[0]?.object, first);
  });
});

describe('subset-level split', () => {
  test('sets subset weights and the pod-template hash of the canary and stable subsets only', () => {
    const plan = planIstioTraffic(subsetLevelRollout(), desired(50), {
      virtualServices: [subsetLevelVirtualService()],
      destinationRule: subsetLevelDestinationRule(),
    });
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.virtualServices[0]?.object.spec.http?.[0]?.route, [
      { destination: { host: 'istio-rollout', subset: 'stable' }, weight: 50 },
      { destination: { host: 'istio-rollout', subset: 'canary' }, weight: 50 },
    ]);
    assert.equal(plan.destinationRule?.changed, true);
    assert.deepEqual(plan.destinationRule?.object, {
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'DestinationRule',
      metadata: {
        name: 'rollout-ds',
        namespace: 'rollout-demo',
        annotations: { 'argo-rollouts.argoproj.io/managed-by-rollouts': 'istio-rollout' },
      },
      spec: {
        host: 'istio-rollout',
        trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } },
        subsets: [
          { name: 'stable', labels: { version: 'stable', 'rollouts-pod-template-hash': 'stable-hash' } },
          { name: 'canary', labels: { version: 'canary', 'rollouts-pod-template-hash': 'canary-hash' } },
          { name: 'legacy', labels: { version: 'v0' }, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
        ],
      },
    });
  });

  test('an empty hash removes the label from its subset', () => {
    const rule = subsetLevelDestinationRule();
    const canary = rule.spec.subsets?.[1];
    if (canary) canary.labels = { version: 'canary', 'rollouts-pod-template-hash': 'old' };
    const plan = planIstioTraffic(subsetLevelRollout(), desired(0, { canaryHash: '' }), {
      virtualServices: [subsetLevelVirtualService()],
      destinationRule: rule,
    });
    assert.deepEqual(plan.destinationRule?.object.spec.subsets?.[1]?.labels, { version: 'canary' });
  });

  test('a missing subset is a problem and nothing changes', () => {
    const rule = subsetLevelDestinationRule();
    rule.spec.subsets = rule.spec.subsets?.filter((s) => s.name !== 'canary');
    const plan = planIstioTraffic(subsetLevelRollout(), desired(50), {
      virtualServices: [subsetLevelVirtualService()],
      destinationRule: rule,
    });
    assert.equal(plan.problems.length, 1);
    assert.match(
      formatProblem(plan.problems[0]!),
      /^DestinationRule rollout-demo\/rollout-ds spec\.subsets: no subset named 'canary'/,
    );
    assert.equal(
      plan.virtualServices.some((vs) => vs.changed),
      false,
    );
    assert.equal(plan.destinationRule?.changed, false);
  });

  test('additionalSubsetNames keep their weight; the stable gives it up', () => {
    const rollout = subsetLevelRollout();
    const rule = rollout.spec.strategy.canary?.trafficRouting?.istio?.destinationRule;
    if (rule) rule.additionalSubsetNames = ['preview'];
    const vs = subsetLevelVirtualService();
    vs.spec.http?.[0]?.route?.splice(
      0,
      2,
      { destination: { host: 'istio-rollout', subset: 'stable' }, weight: 90 },
      { destination: { host: 'istio-rollout', subset: 'canary' }, weight: 0 },
      { destination: { host: 'istio-rollout', subset: 'preview' }, weight: 10 },
    );
    const plan = planIstioTraffic(rollout, desired(30), {
      virtualServices: [vs],
      destinationRule: subsetLevelDestinationRule(),
    });
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(
      plan.virtualServices[0]?.object.spec.http?.[0]?.route?.map((d) => [d.destination.subset, d.weight]),
      [
        ['stable', 60],
        ['canary', 30],
        ['preview', 10],
      ],
    );
  });
});

describe('route selection and problems', () => {
  test('a named route that does not exist is a problem that says where, and nothing changes', () => {
    const current = hostLevelVirtualService();
    const plan = planIstioTraffic(hostLevelRollout({ routes: ['primary', 'secondary'] }), desired(20), {
      virtualServices: [current],
    });
    assert.deepEqual(plan.problems.map(formatProblem), [
      "VirtualService rollout-demo/rollout-vsvc spec.http: no http route named 'secondary' (listed in spec.strategy.canary.trafficRouting.istio.virtualService.routes); its http routes are named 'primary': name the route or fix spec.strategy.canary.trafficRouting.istio.virtualService.routes",
    ]);
    assert.equal(plan.virtualServices[0]?.changed, false);
    assert.equal(plan.virtualServices[0]?.object, current);
  });

  test('the single-destination pitfall of article 000 (route web -> canary subset only) is refused', () => {
    const rollout = subsetLevelRollout();
    const istio = rollout.spec.strategy.canary?.trafficRouting?.istio;
    if (istio) istio.virtualService = { name: 'rollout-vsvc', routes: ['web'] };
    const vs = subsetLevelVirtualService();
    vs.spec.http = [
      {
        name: 'web',
        match: [{ headers: { 'x-canary': { exact: 'true' } } }],
        route: [{ destination: { host: 'web.demo.svc.cluster.local', subset: 'canary' }, weight: 100 }],
      },
      {
        name: 'web-default',
        route: [{ destination: { host: 'web.demo.svc.cluster.local', subset: 'stable' }, weight: 100 }],
      },
    ];
    const plan = planIstioTraffic(rollout, desired(10), {
      virtualServices: [vs],
      destinationRule: subsetLevelDestinationRule(),
    });
    assert.equal(plan.problems.length, 1);
    assert.equal(plan.problems[0]?.path, 'spec.http[name=web].route');
    assert.match(
      plan.problems[0]?.message ?? '',
      /single destination \(host web\.demo\.svc\.cluster\.local, subset canary\).*stable subset 'stable' \(weight 100\).*canary subset 'canary' \(weight 0\)/,
    );
    assert.equal(plan.virtualServices[0]?.changed, false);
    assert.equal(plan.destinationRule?.changed, false);
  });

  test('a route without the stable destination names what is missing', () => {
    const vs = hostLevelVirtualService();
    const route = vs.spec.http?.[0]?.route;
    if (route?.[0]) route[0].destination.host = 'other-svc';
    const plan = planIstioTraffic(hostLevelRollout(), desired(20), { virtualServices: [vs] });
    assert.deepEqual(
      plan.problems.map((p) => p.message),
      ["no destination for the stable Service 'stable-svc': add one with weight 100"],
    );
  });

  test('two canary destinations would not sum to 100: refused', () => {
    const vs = hostLevelVirtualService();
    vs.spec.http?.[0]?.route?.push({ destination: { host: 'canary-svc.rollout-demo' }, weight: 0 });
    const plan = planIstioTraffic(hostLevelRollout(), desired(20), { virtualServices: [vs] });
    assert.equal(plan.problems.length, 1);
    assert.match(plan.problems[0]?.message ?? '', /add up to 120, not 100/);
  });

  test('no routes named and exactly one http route: that route is weighted, even unnamed', () => {
    const vs = hostLevelVirtualService();
    delete vs.spec.http?.[0]?.name;
    const out = onlyVs(planIstioTraffic(hostLevelRollout({ routes: [] }), desired(25), { virtualServices: [vs] }));
    assert.deepEqual(
      out.spec.http?.[0]?.route?.map((d) => d.weight),
      [75, 25],
    );
  });

  test('no routes named and several http routes: a problem asking to name them', () => {
    const vs = hostLevelVirtualService();
    vs.spec.http?.push({ name: 'other', route: [{ destination: { host: 'x' } }] });
    const plan = planIstioTraffic(hostLevelRollout({ routes: [] }), desired(25), { virtualServices: [vs] });
    assert.match(
      plan.problems[0]?.message ?? '',
      /has 2 http routes and spec\.strategy\.canary\.trafficRouting\.istio\.virtualService\.routes names none/,
    );
  });

  test('a missing VirtualService is a problem', () => {
    const plan = planIstioTraffic(hostLevelRollout(), desired(25), { virtualServices: [] });
    assert.deepEqual(plan.problems.map(formatProblem), [
      'VirtualService rollout-demo/rollout-vsvc: not found (spec.strategy.canary.trafficRouting.istio.virtualService.name): create it or fix the name',
    ]);
  });

  test('an out-of-range weight is refused before anything is read', () => {
    const plan = planIstioTraffic(hostLevelRollout(), desired(120), { virtualServices: [hostLevelVirtualService()] });
    assert.match(plan.problems[0]?.message ?? '', /120 is not a whole number between 0 and 100/);
  });
});

describe('every other field is left as it was', () => {
  test('only the weights of the weighted route change in a VirtualService using every field', () => {
    const before = richVirtualService();
    const plan = planIstioTraffic(hostLevelRollout(), desired(35), { virtualServices: [before] });
    const after = onlyVs(plan);
    assert.deepEqual(changedPaths(before, after), ['spec.http[1].route[0].weight', 'spec.http[1].route[1].weight']);
    assert.deepEqual(
      after.spec.http?.[1]?.route?.map((d) => d.weight),
      [65, 35],
    );
  });

  test('header routes add one route at the top and change nothing else', () => {
    const rollout = hostLevelRollout({ managedRoutes: ['canary-header'] });
    const before = richVirtualService();
    const after = onlyVs(
      planIstioTraffic(
        rollout,
        desired(0, {
          headerRoutes: [
            { name: 'canary-header', match: [{ headerName: 'x-canary', headerValue: { exact: 'true' } }] },
          ],
        }),
        { virtualServices: [before] },
      ),
    );
    assert.deepEqual(after.spec.http?.slice(1), before.spec.http);
    assert.deepEqual(
      changedPaths(
        { ...before, spec: { ...before.spec, http: undefined } },
        { ...after, spec: { ...after.spec, http: undefined } },
      ),
      [],
    );
  });
});

test("a TLS-only VirtualService: the named HTTP routes are ignored, as Argo does, and the TLS route is weighted (Argo's istio-host-only-tls-split)", () => {
  const rollout = hostLevelRollout({ routes: ['primary'] });
  const istio = rollout.spec.strategy.canary!.trafficRouting!.istio!;
  istio.virtualService!.tlsRoutes = [{ port: 3000, sniHosts: ['web'] }];
  const vs = hostLevelVirtualService();
  delete vs.spec.http;
  vs.spec.tls = [
    {
      match: [{ port: 3000, sniHosts: ['web'] }],
      route: [
        { destination: { host: 'stable-svc' }, weight: 100 },
        { destination: { host: 'canary-svc' }, weight: 0 },
      ],
    },
  ];
  const out = onlyVs(planIstioTraffic(rollout, desired(10), { virtualServices: [vs] }));
  assert.deepEqual(
    out.spec.tls?.[0]?.route?.map((d) => [d.destination.host, d.weight]),
    [
      ['stable-svc', 90],
      ['canary-svc', 10],
    ],
  );
});

describe('ping-pong (canary.pingPong, no stableService/canaryService)', () => {
  /** Argo's istio-host-split-ping-pong: route primary to ping (100) and pong (0). */
  function pingPongRollout(stablePingPong?: 'ping' | 'pong'): Rollout {
    const rollout = hostLevelRollout();
    const canary = rollout.spec.strategy.canary!;
    delete canary.canaryService;
    delete canary.stableService;
    canary.pingPong = { pingService: 'ping', pongService: 'pong' };
    if (stablePingPong) rollout.status = { canary: { stablePingPong } };
    return rollout;
  }
  function pingPongVirtualService(): VirtualService {
    const vs = hostLevelVirtualService();
    vs.spec.http = [
      {
        name: 'primary',
        route: [
          { destination: { host: 'ping' }, weight: 100 },
          { destination: { host: 'pong' }, weight: 0 },
        ],
      },
    ];
    return vs;
  }
  const weights = (vs: VirtualService) => vs.spec.http?.[0]?.route?.map((d) => [d.destination.host, d.weight]);

  test('weighs the Services in the roles the desired state gives them, whatever the status the router was made with', () => {
    for (const status of [undefined, 'ping', 'pong'] as const) {
      const rollout = pingPongRollout(status);
      const pongCanary = onlyVs(
        planIstioTraffic(rollout, desired(25, { services: { stable: 'ping', canary: 'pong' } }), {
          virtualServices: [pingPongVirtualService()],
        }),
      );
      assert.deepEqual(weights(pongCanary), [
        ['ping', 75],
        ['pong', 25],
      ]);
      const pingCanary = onlyVs(
        planIstioTraffic(rollout, desired(25, { services: { stable: 'pong', canary: 'ping' } }), {
          virtualServices: [pingPongVirtualService()],
        }),
      );
      assert.deepEqual(weights(pingCanary), [
        ['ping', 25],
        ['pong', 75],
      ]);
    }
  });

  test('without roles in the desired state, takes them from status.canary.stablePingPong (pong while unset), as Argo', () => {
    assert.deepEqual(
      weights(
        onlyVs(planIstioTraffic(pingPongRollout('ping'), desired(10), { virtualServices: [pingPongVirtualService()] })),
      ),
      [
        ['ping', 90],
        ['pong', 10],
      ],
    );
    assert.deepEqual(
      weights(
        onlyVs(planIstioTraffic(pingPongRollout('pong'), desired(10), { virtualServices: [pingPongVirtualService()] })),
      ),
      [
        ['ping', 10],
        ['pong', 90],
      ],
    );
    assert.deepEqual(
      weights(
        onlyVs(planIstioTraffic(pingPongRollout(), desired(10), { virtualServices: [pingPongVirtualService()] })),
      ),
      [
        ['ping', 10],
        ['pong', 90],
      ],
    );
  });

  test("stableService and canaryService, when set, are weighed instead of ping and pong (as Argo's Istio router)", () => {
    const rollout = pingPongRollout('ping');
    rollout.spec.strategy.canary!.stableService = 'stable-svc';
    rollout.spec.strategy.canary!.canaryService = 'canary-svc';
    const vs = onlyVs(planIstioTraffic(rollout, desired(30), { virtualServices: [hostLevelVirtualService()] }));
    assert.deepEqual(weights(vs), [
      ['stable-svc', 70],
      ['canary-svc', 30],
    ]);
  });
});
