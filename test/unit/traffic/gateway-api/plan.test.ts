// The Gateway API router's pure plan as tables: routes in, routes out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeRef, type RouteObject } from '../../../../src/traffic/route-objects.ts';
import { planGatewayTraffic } from '../../../../src/traffic/routers/gateway-api/plan.ts';
import type { RouteRule } from '../../../../src/traffic/routers/gateway-api/types.ts';
import { gatewayRollout, header, httpRoute, mirror, state } from './fixtures.ts';

const routes = (...objects: RouteObject[]) => ({
  found: new Map(
    objects.map((object) => [
      describeRef({
        apiVersion: object.apiVersion,
        kind: object.kind,
        namespace: object.metadata.namespace ?? 'default',
        name: object.metadata.name ?? '',
      }),
      object,
    ]),
  ),
});
const rulesOf = (object: RouteObject | undefined) => (object?.spec as { rules: RouteRule[] } | undefined)?.rules ?? [];
const weights = (rule: RouteRule | undefined) => rule?.backendRefs?.map((ref) => `${ref.name}=${ref.weight}`);

const weightCases: Array<[canary: number, expected: string[]]> = [
  [0, ['web-stable=100', 'web-canary=0']],
  [10, ['web-stable=90', 'web-canary=10']],
  [55, ['web-stable=45', 'web-canary=55']],
  [100, ['web-stable=0', 'web-canary=100']],
];
for (const [canary, expected] of weightCases) {
  test(`weight ${canary}: the stable and canary backendRefs get ${expected.join(', ')}`, () => {
    const plan = planGatewayTraffic(gatewayRollout(), state(canary), routes(httpRoute('web', 30)));
    assert.deepEqual(plan.problems, []);
    assert.equal(plan.writes.length, 1);
    assert.deepEqual(weights(rulesOf(plan.writes[0]?.after)[0]), expected);
  });
}

test('the weights already in place: nothing to write', () => {
  const plan = planGatewayTraffic(gatewayRollout(), state(30), routes(httpRoute('web', 30)));
  assert.deepEqual(plan, { writes: [], problems: [] });
});

test('other rules, other backends and every other field are left as they were', () => {
  const other = {
    matches: [{ path: { type: 'PathPrefix', value: '/admin' } }],
    backendRefs: [{ name: 'admin', port: 80 }],
  };
  const before = httpRoute('web', 0, [other]);
  const after = planGatewayTraffic(gatewayRollout(), state(25), routes(before)).writes[0]?.after;
  assert.deepEqual(rulesOf(after)[1], other);
  assert.deepEqual({ ...(after?.spec as object), rules: undefined }, { ...(before.spec as object), rules: undefined });
  assert.deepEqual(after?.metadata, before.metadata);
});

test('several routes of every kind: each gets the weights (httpRoutes, grpcRoutes, tcpRoutes)', () => {
  const grpc = { ...httpRoute('api'), apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GRPCRoute' };
  const tcp = { ...httpRoute('db'), apiVersion: 'gateway.networking.k8s.io/v1alpha2', kind: 'TCPRoute' };
  const rollout = gatewayRollout({
    httpRoutes: [{ name: 'web' }, { name: 'web2' }],
    grpcRoutes: [{ name: 'api' }],
    tcpRoutes: [{ name: 'db' }],
  });
  const plan = planGatewayTraffic(rollout, state(40), routes(httpRoute('web'), httpRoute('web2'), grpc, tcp));
  assert.deepEqual(plan.problems, []);
  assert.deepEqual(
    plan.writes.map((write) => `${write.after?.kind}/${write.after?.metadata.name}`),
    ['HTTPRoute/web', 'HTTPRoute/web2', 'GRPCRoute/api', 'TCPRoute/db'],
  );
  for (const write of plan.writes)
    assert.deepEqual(weights(rulesOf(write.after)[0]), ['web-stable=60', 'web-canary=40']);
});

test('namespace: the routes are read in the namespace of the plugin config', () => {
  const elsewhere = { ...httpRoute(), metadata: { name: 'web', namespace: 'edge' } };
  const plan = planGatewayTraffic(gatewayRollout({ httpRoute: 'web', namespace: 'edge' }), state(5), routes(elsewhere));
  assert.deepEqual(plan.problems, []);
  assert.equal(plan.writes[0]?.after?.metadata.namespace, 'edge');
});

test('a header route is a rule named after it: the weighted matches with the headers, to the canary only', () => {
  const plan = planGatewayTraffic(gatewayRollout(), state(10, { headerRoutes: [header] }), routes(httpRoute()));
  const rules = rulesOf(plan.writes[0]?.after);
  assert.equal(rules.length, 2);
  assert.deepEqual(rules[1], {
    name: 'header-route',
    matches: [
      { path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'x-canary', type: 'Exact', value: 'true' }] },
    ],
    backendRefs: [{ group: '', kind: 'Service', name: 'web-canary', port: 80 }],
  });
});

const headerValueCases: Array<[match: Record<string, string>, expected: { type: string; value: string }]> = [
  [{ exact: 'yes' }, { type: 'Exact', value: 'yes' }],
  [{ prefix: 'v1.' }, { type: 'RegularExpression', value: 'v1\\..*' }],
  [{ regex: '^b(eta|eta2)$' }, { type: 'RegularExpression', value: '^b(eta|eta2)$' }],
];
for (const [match, expected] of headerValueCases) {
  test(`a header value ${JSON.stringify(match)} is matched as ${expected.type} "${expected.value}"`, () => {
    const route = { name: 'header-route', match: [{ headerName: 'x-version', headerValue: match }] };
    const plan = planGatewayTraffic(gatewayRollout(), state(0, { headerRoutes: [route] }), routes(httpRoute()));
    assert.deepEqual(rulesOf(plan.writes[0]?.after)[1]?.matches?.[0]?.headers, [{ name: 'x-version', ...expected }]);
  });
}

test('a mirror route keeps the weighted backends for its matches and mirrors the percentage to the canary', () => {
  const plan = planGatewayTraffic(gatewayRollout(), state(20, { mirrorRoutes: [mirror] }), routes(httpRoute()));
  const rule = rulesOf(plan.writes[0]?.after)[1];
  assert.equal(rule?.name, 'mirror-route');
  assert.deepEqual(rule?.matches, [{ path: { type: 'PathPrefix', value: '/api' } }]);
  assert.deepEqual(weights(rule), ['web-stable=80', 'web-canary=20']);
  assert.deepEqual(rule?.filters, [
    {
      type: 'RequestMirror',
      requestMirror: { backendRef: { group: '', kind: 'Service', name: 'web-canary', port: 80 }, percent: 50 },
    },
  ]);
});

test('managed rules follow the order of managedRoutes and are removed when no longer desired', () => {
  const both = planGatewayTraffic(
    gatewayRollout(),
    state(0, { headerRoutes: [header], mirrorRoutes: [mirror] }),
    routes(httpRoute()),
  );
  const withBoth = both.writes[0]?.after;
  assert.deepEqual(
    rulesOf(withBoth).map((rule) => rule.name),
    [undefined, 'header-route', 'mirror-route'],
  );
  const removed = planGatewayTraffic(gatewayRollout(), state(0), routes(withBoth!));
  assert.deepEqual(rulesOf(removed.writes[0]?.after), rulesOf(httpRoute()));
});

test("a rule the user named like no managed route is the user's and is kept", () => {
  const named = { name: 'docs', backendRefs: [{ name: 'docs', port: 80 }] };
  const plan = planGatewayTraffic(
    gatewayRollout(),
    state(0, { headerRoutes: [header] }),
    routes(httpRoute('web', 0, [named])),
  );
  assert.deepEqual(
    rulesOf(plan.writes[0]?.after).map((rule) => rule.name),
    [undefined, 'docs', 'header-route'],
  );
});

test('header routes go only to the routes with useHeaderRoutes', () => {
  const rollout = gatewayRollout({ httpRoutes: [{ name: 'web', useHeaderRoutes: true }, { name: 'web2' }] });
  const plan = planGatewayTraffic(
    rollout,
    state(0, { headerRoutes: [header] }),
    routes(httpRoute('web'), httpRoute('web2')),
  );
  assert.deepEqual(plan.problems, []);
  assert.equal(plan.writes.length, 1, 'web2 has its weights already and takes no header route');
  assert.equal(plan.writes[0]?.after?.metadata.name, 'web');
});

const problemCases: Array<
  [
    title: string,
    config: Record<string, unknown>,
    objects: RouteObject[],
    desired: ReturnType<typeof state>,
    message: RegExp,
  ]
> = [
  [
    'a missing route',
    { httpRoute: 'gone' },
    [httpRoute()],
    state(10),
    /HTTPRoute shop\/gone: not found: create it, or fix spec\.strategy\.canary\.trafficRouting\.plugins\[argoproj-labs\/gatewayAPI\]\.httpRoute/,
  ],
  [
    'a route without the canary backend',
    { httpRoute: 'web' },
    [{ ...httpRoute(), spec: { rules: [{ backendRefs: [{ name: 'web-stable' }] }] } }],
    state(10),
    /no rule sends traffic to both the stable Service "web-stable" and the canary Service "web-canary"/,
  ],
  ['no route named', {}, [], state(10), /names no route: set httpRoute/],
  [
    'header routes but no route takes them',
    { httpRoutes: [{ name: 'web' }] },
    [httpRoute()],
    state(10, { headerRoutes: [header] }),
    /useHeaderRoutes: true/,
  ],
  [
    'a header match without a value',
    { httpRoute: 'web' },
    [httpRoute()],
    state(10, { headerRoutes: [{ name: 'header-route', match: [{ headerName: 'x', headerValue: {} }] }] }),
    /header "x" has no exact, prefix or regex value/,
  ],
  ['a weight out of range', { httpRoute: 'web' }, [httpRoute()], state(101), /canary weight 101 is not a whole number/],
];
for (const [title, config, objects, desired, message] of problemCases) {
  test(`${title}: a problem, and nothing written`, () => {
    const plan = planGatewayTraffic(gatewayRollout(config), desired, routes(...objects));
    assert.deepEqual(plan.writes, []);
    const text = plan.problems
      .map((problem) => `${problem.object}${problem.path ? ` ${problem.path}` : ''}: ${problem.message}`)
      .join('\n');
    assert.match(text, message);
  });
}

test('ping-pong: the Services in the roles the desired state gives them', () => {
  const rollout = gatewayRollout(
    { httpRoute: 'web' },
    {
      stableService: undefined,
      canaryService: undefined,
      pingPong: { pingService: 'web-stable', pingService2: undefined, pongService: 'web-canary' } as never,
    },
  );
  const plan = planGatewayTraffic(
    rollout,
    { ...state(30), services: { stable: 'web-canary', canary: 'web-stable' } },
    routes(httpRoute()),
  );
  assert.deepEqual(weights(rulesOf(plan.writes[0]?.after)[0]), ['web-stable=30', 'web-canary=70']);
});

test('the rules read back with the API server defaults (weight 1, group, kind, path "/") need no new write', () => {
  const written = planGatewayTraffic(gatewayRollout(), state(10, { headerRoutes: [header] }), routes(httpRoute()))
    .writes[0]?.after;
  assert.ok(written);
  const stored = structuredClone(written);
  const rules = rulesOf(stored);
  for (const rule of rules)
    for (const ref of rule.backendRefs ?? [])
      Object.assign(ref, { group: '', kind: 'Service', weight: ref.weight ?? 1 });
  assert.deepEqual(
    planGatewayTraffic(gatewayRollout(), state(10, { headerRoutes: [header] }), routes(stored)).writes,
    [],
  );
  assert.equal(
    planGatewayTraffic(gatewayRollout(), state(20, { headerRoutes: [header] }), routes(stored)).writes.length,
    1,
  );
});
