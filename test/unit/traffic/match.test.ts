import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { VirtualService } from '../../../src/api/types/istio.ts';
import {
  matchRequest,
  pickWeighted,
  type MeshConfig,
  type MeshRequest,
  type RouteDecision,
} from '../../../src/traffic/match.ts';
import { subsetLevelDestinationRule } from './istio/fixtures.ts';

function vs(name: string, namespace: string, spec: VirtualService['spec']): VirtualService {
  return { apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name, namespace }, spec };
}

const config: MeshConfig = {
  virtualServices: [
    vs('web', 'demo', {
      hosts: ['web', 'web.example.com'],
      http: [
        {
          name: 'header',
          match: [{ headers: { 'x-canary': { exact: 'true' } } }, { queryParams: { canary: { exact: '1' } } }],
          route: [{ destination: { host: 'web-canary' } }],
        },
        {
          name: 'api-get',
          match: [{ uri: { prefix: '/api' }, method: { exact: 'GET' } }],
          route: [{ destination: { host: 'web-stable', port: { number: 8080 } } }],
        },
        {
          name: 'exact',
          match: [{ uri: { exact: '/Health' }, ignoreUriCase: true }],
          route: [{ destination: { host: 'web-stable' } }],
        },
        {
          name: 'regex',
          match: [{ uri: { regex: '/v[0-9]+/items' } }],
          route: [{ destination: { host: 'web-canary' } }],
        },
        {
          name: 'no-beta',
          match: [{ uri: { prefix: '/beta' }, withoutHeaders: { 'x-beta': {} } }],
          directResponse: { status: 403 },
        },
        {
          name: 'primary',
          route: [
            { destination: { host: 'web-stable' }, weight: 80 },
            { destination: { host: 'web-canary.demo.svc.cluster.local' }, weight: 20 },
          ],
          mirror: { host: 'web-canary' },
          mirrorPercentage: { value: 10 },
        },
      ],
    }),
    vs('wild', 'demo', {
      hosts: ['*.example.com'],
      http: [{ name: 'any', route: [{ destination: { host: 'web-stable' } }] }],
    }),
    vs('subsets', 'rollout-demo', {
      hosts: ['istio-rollout'],
      http: [
        {
          name: 'primary',
          route: [
            { destination: { host: 'istio-rollout', subset: 'stable' }, weight: 50 },
            { destination: { host: 'istio-rollout', subset: 'canary' }, weight: 50 },
          ],
        },
      ],
    }),
    vs('gw-only', 'demo', {
      hosts: ['internal'],
      gateways: ['demo/edge'],
      http: [{ name: 'edge', route: [{ destination: { host: 'web-stable' } }] }],
    }),
  ],
  destinationRules: [subsetLevelDestinationRule()],
  services: [
    { name: 'web-stable', namespace: 'demo', selector: { app: 'web', 'rollouts-pod-template-hash': 'aaa' } },
    { name: 'web-canary', namespace: 'demo', selector: { app: 'web', 'rollouts-pod-template-hash': 'bbb' } },
    { name: 'istio-rollout', namespace: 'rollout-demo', selector: { app: 'istio-rollout' } },
    { name: 'plain', namespace: 'demo', selector: { app: 'plain' } },
  ],
};

function request(overrides: Partial<MeshRequest>): MeshRequest {
  return { host: 'web', method: 'GET', path: '/', sourceNamespace: 'demo', ...overrides };
}

function summary(decision: RouteDecision): string {
  if (decision.kind === 'route') {
    const mirror = decision.mirrors.map((m) => m.host).join(',');
    return `${decision.routeName ?? '-'} -> ${decision.destination.service?.name ?? decision.destination.host}${decision.destination.subset ? `/${decision.destination.subset}` : ''}${mirror ? ` mirror ${mirror}` : ''}`;
  }
  if (decision.kind === 'no-route' || decision.kind === 'unavailable') return `${decision.status}`;
  return `${decision.kind} ${decision.routeName ?? ''}`;
}

describe('matchRequest', () => {
  const rows: Array<[string, Partial<MeshRequest>, number, number, string]> = [
    ['header exact -> canary', { headers: { 'X-Canary': 'true' } }, 0, 99, 'header -> web-canary'],
    [
      'header value differs -> falls through to the weighted route',
      { headers: { 'x-canary': 'yes' } },
      0,
      99,
      'primary -> web-stable',
    ],
    ['second match entry (OR): query param', { path: '/?canary=1' }, 0, 99, 'header -> web-canary'],
    ['prefix and method (AND)', { path: '/api/users' }, 0, 99, 'api-get -> web-stable'],
    ['prefix with the wrong method', { path: '/api/users', method: 'POST' }, 0, 99, 'primary -> web-stable'],
    ['exact with ignoreUriCase', { path: '/health' }, 0, 99, 'exact -> web-stable'],
    ['exact ignores the query string', { path: '/HEALTH?x=1' }, 0, 99, 'exact -> web-stable'],
    ['regex must match the whole path', { path: '/v12/items' }, 0, 99, 'regex -> web-canary'],
    ['regex partial match does not count', { path: '/v12/items/3' }, 0, 99, 'primary -> web-stable'],
    ['withoutHeaders: header absent matches', { path: '/beta/x' }, 0, 99, 'direct-response no-beta'],
    [
      'withoutHeaders: header present does not',
      { path: '/beta/x', headers: { 'x-beta': '1' } },
      0,
      99,
      'primary -> web-stable',
    ],
    ['weight: roll 79.9 -> stable (80)', {}, 79.9, 99, 'primary -> web-stable'],
    ['weight: roll 80 -> canary (20)', {}, 80, 99, 'primary -> web-canary'],
    ['mirror below mirrorPercentage', {}, 0, 9.99, 'primary -> web-stable mirror web-canary'],
    ['host by FQDN', { host: 'web.demo.svc.cluster.local:80' }, 0, 99, 'primary -> web-stable'],
    [
      'host by name.namespace from another namespace',
      { host: 'web.demo', sourceNamespace: 'other' },
      0,
      99,
      'primary -> web-stable',
    ],
    ['exact host beats wildcard', { host: 'web.example.com' }, 0, 99, 'primary -> web-stable'],
    ['wildcard host', { host: 'shop.example.com' }, 0, 99, 'any -> web-stable'],
    ['subset-level: stable subset', { host: 'istio-rollout.rollout-demo' }, 10, 99, 'primary -> istio-rollout/stable'],
    ['subset-level: canary subset', { host: 'istio-rollout.rollout-demo' }, 60, 99, 'primary -> istio-rollout/canary'],
    ['no VirtualService: straight to the Service', { host: 'plain' }, 0, 99, '- -> plain'],
    ['unknown host', { host: 'nothing' }, 0, 99, '404'],
    ['gateway-bound VirtualService ignores mesh traffic', { host: 'internal' }, 0, 99, '404'],
    [
      'gateway-bound VirtualService serves its gateway',
      { host: 'internal', gateway: 'edge' },
      0,
      99,
      'edge -> web-stable',
    ],
  ];
  for (const [name, overrides, routeRoll, mirrorRoll, expected] of rows) {
    test(name, () =>
      assert.equal(
        summary(matchRequest(request(overrides), config, { route: routeRoll, mirror: mirrorRoll })),
        expected,
      ),
    );
  }

  test('a subset destination selects the Service selector plus the subset labels', () => {
    const decision = matchRequest(request({ host: 'istio-rollout.rollout-demo' }), config, { route: 60, mirror: 99 });
    assert.equal(decision.kind, 'route');
    if (decision.kind === 'route')
      assert.deepEqual(decision.destination.selector, { app: 'istio-rollout', version: 'canary' });
  });

  test('an unknown subset answers 503', () => {
    const broken: MeshConfig = { ...config, destinationRules: [] };
    const decision = matchRequest(request({ host: 'istio-rollout.rollout-demo' }), broken, { route: 60, mirror: 99 });
    assert.equal(decision.kind, 'unavailable');
  });

  test('no matching route in the VirtualService answers 404', () => {
    const only: MeshConfig = {
      ...config,
      virtualServices: [
        vs('v', 'demo', {
          hosts: ['web'],
          http: [{ match: [{ uri: { exact: '/x' } }], route: [{ destination: { host: 'web-stable' } }] }],
        }),
      ],
    };
    assert.deepEqual(matchRequest(request({ path: '/y' }), only, { route: 0, mirror: 0 }), {
      kind: 'no-route',
      status: 404,
      reason: 'no http route of VirtualService demo/v matches GET /y',
    });
  });
});

describe('pickWeighted', () => {
  const rows: Array<[number[], number, number | undefined]> = [
    [[100, 0], 99.9, 0],
    [[0, 100], 0, 1],
    [[50, 50], 49.99, 0],
    [[50, 50], 50, 1],
    [[1, 1, 2], 50, 2],
    [[0, 0], 10, undefined],
    [[0], 10, 0],
  ];
  for (const [weights, roll, expected] of rows)
    test(`${JSON.stringify(weights)} at ${roll}`, () => assert.equal(pickWeighted(weights, roll), expected));
});
