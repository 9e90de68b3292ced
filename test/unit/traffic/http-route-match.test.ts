// The gateway's decision over HTTPRoutes (src/traffic/match/http-routes.ts) as tables: which rule a
// request takes by the Gateway API's precedence, which backend the roll lands on, which mirrors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchRequest, type MeshConfig } from '../../../src/traffic/match.ts';
import type { GatewayRoute, RouteRule } from '../../../src/traffic/routers/gateway-api/types.ts';

function route(name: string, rules: RouteRule[], extra: { hostnames?: string[]; created?: string } = {}): GatewayRoute {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: 'demo', ...(extra.created ? { creationTimestamp: extra.created } : {}) },
    spec: { ...(extra.hostnames ? { hostnames: extra.hostnames } : {}), rules },
  };
}

const to = (name: string, weight?: number) => ({ name, port: 80, ...(weight === undefined ? {} : { weight }) });
const services = ['stable', 'canary', 'api', 'exact', 'old', 'new', 'mirror'].map((name) => ({
  name,
  namespace: 'demo',
  selector: { app: name },
}));

function decide(
  routes: GatewayRoute[],
  request: { host?: string; path?: string; method?: string; headers?: Record<string, string> },
  roll = 0,
  mirrorRoll = 0,
) {
  const config: MeshConfig = { virtualServices: [], destinationRules: [], services, httpRoutes: routes };
  const decision = matchRequest(
    {
      host: request.host ?? 'web.example.com',
      method: request.method ?? 'GET',
      path: request.path ?? '/',
      headers: request.headers ?? {},
    },
    config,
    { route: roll, mirror: mirrorRoll },
  );
  if (decision.kind !== 'route') return decision.kind;
  return [
    decision.destination.service?.name,
    ...decision.mirrors.map((mirror) => `mirror:${mirror.service?.name}`),
  ].join(' ');
}

const weighted = route('web', [
  { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [to('stable', 90), to('canary', 10)] },
  {
    name: 'canary-by-header',
    matches: [
      { path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'x-canary', type: 'Exact', value: 'true' }] },
    ],
    backendRefs: [to('canary')],
  },
  { matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [to('api')] },
  { matches: [{ path: { type: 'Exact', value: '/api/health' } }], backendRefs: [to('exact')] },
]);

const cases: Array<[title: string, request: Parameters<typeof decide>[1], roll: number, expected: string]> = [
  ['a roll under 90 lands on the stable backend', {}, 89.9, 'stable'],
  ['a roll of 90 or more lands on the canary backend', {}, 90, 'canary'],
  ['a header match wins over the same path without it', { headers: { 'X-Canary': 'true' } }, 0, 'canary'],
  ['a header with another value does not match', { headers: { 'x-canary': 'yes' } }, 0, 'stable'],
  ['the longest PathPrefix wins', { path: '/api/users' }, 0, 'api'],
  ['a prefix takes whole path elements only', { path: '/apis' }, 0, 'stable'],
  ['an Exact path wins over every prefix', { path: '/api/health?x=1' }, 0, 'exact'],
  ['a host the route does not list is not taken', { host: 'other.example.com' }, 0, 'no-route'],
];
for (const [title, request, roll, expected] of cases) {
  test(title, () =>
    assert.equal(
      decide([route('web', weighted.spec!.rules!, { hostnames: ['web.example.com', '*.example.org'] })], request, roll),
      expected,
    ),
  );
}

test('a wildcard hostname takes its subdomains, and a route without hostnames takes every host', () => {
  const routes = [route('web', weighted.spec!.rules!, { hostnames: ['*.example.org'] })];
  assert.equal(decide(routes, { host: 'a.example.org:8080' }), 'stable');
  assert.equal(decide(routes, { host: 'example.org' }), 'no-route');
  assert.equal(decide([route('any', [{ backendRefs: [to('api')] }])], { host: 'anything' }), 'api');
});

test('between routes with the same precedence the oldest wins, then namespace/name', () => {
  const rule = (service: string): RouteRule[] => [{ backendRefs: [to(service)] }];
  assert.equal(
    decide(
      [
        route('b', rule('new'), { created: '2026-02-01T00:00:00Z' }),
        route('a', rule('old'), { created: '2026-01-01T00:00:00Z' }),
      ],
      {},
    ),
    'old',
  );
  assert.equal(decide([route('b', rule('new')), route('a', rule('old'))], {}), 'old');
});

test('a RequestMirror filter copies the request by its percentage', () => {
  const mirrored = route('web', [
    {
      backendRefs: [to('stable', 100), to('canary', 0)],
      filters: [{ type: 'RequestMirror', requestMirror: { backendRef: to('mirror'), percent: 25 } }],
    },
  ]);
  assert.equal(decide([mirrored], {}, 0, 24.9), 'stable mirror:mirror');
  assert.equal(decide([mirrored], {}, 0, 25), 'stable');
});

test('no backend with a weight above 0, or a backend without its Service, is unavailable', () => {
  assert.equal(decide([route('web', [{ backendRefs: [to('stable', 0), to('canary', 0)] }])], {}), 'unavailable');
  assert.equal(decide([route('web', [{ backendRefs: [to('missing')] }])], {}), 'unavailable');
});
