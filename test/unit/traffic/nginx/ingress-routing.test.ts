import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Ingress } from '../../../../src/api/types/ingress.ts';
import { type IngressRequest, routeIngressRequest } from '../../../../src/traffic/routers/nginx/ingress-routing.ts';
import { planNginxTraffic } from '../../../../src/traffic/routers/nginx/plan.ts';
import { desired, nginxRollout, stableIngress } from './fixtures.ts';

function canaryFor(canaryAnnotations: Record<string, string>, weight = 0): Ingress[] {
  const stable = stableIngress();
  const plan = planNginxTraffic(
    nginxRollout({ additionalIngressAnnotations: canaryAnnotations }),
    desired(weight),
    new Map([['web-ingress', stable]]),
  );
  const canary = plan.writes[0]?.after as Ingress | undefined;
  assert.ok(canary);
  return [stable, canary];
}

const request = (headers: Record<string, string> = {}, path = '/', host = 'web.example.com'): IngressRequest => ({
  host,
  path,
  headers,
});

const cases: Array<{ name: string; ingresses: Ingress[]; request: IngressRequest; roll: number; want: string }> = [
  { name: 'weight 0: stable', ingresses: canaryFor({}, 0), request: request(), roll: 0, want: 'web-stable' },
  {
    name: 'weight 10, roll 9.9: canary',
    ingresses: canaryFor({}, 10),
    request: request(),
    roll: 9.9,
    want: 'web-canary',
  },
  {
    name: 'weight 10, roll 10: stable',
    ingresses: canaryFor({}, 10),
    request: request(),
    roll: 10,
    want: 'web-stable',
  },
  { name: 'weight 100: canary', ingresses: canaryFor({}, 100), request: request(), roll: 99.9, want: 'web-canary' },
  {
    name: 'a path the canary copies',
    ingresses: canaryFor({}, 100),
    request: request({}, '/other/x'),
    roll: 0,
    want: 'other',
  },
  {
    name: 'another host is not the canary',
    ingresses: canaryFor({}, 100),
    request: request({}, '/', 'admin.example.com'),
    roll: 0,
    want: 'admin',
  },
  {
    name: 'host with a port',
    ingresses: canaryFor({}, 100),
    request: request({}, '/', 'web.example.com:8080'),
    roll: 0,
    want: 'web-canary',
  },
  {
    name: 'header value matches: canary at weight 0',
    ingresses: canaryFor({ 'canary-by-header': 'X-Canary', 'canary-by-header-value': 'yes' }),
    request: request({ 'x-canary': 'yes' }),
    roll: 50,
    want: 'web-canary',
  },
  {
    name: 'header value differs: falls through to the weight',
    ingresses: canaryFor({ 'canary-by-header': 'X-Canary', 'canary-by-header-value': 'yes' }),
    request: request({ 'x-canary': 'no' }),
    roll: 50,
    want: 'web-stable',
  },
  {
    name: 'header pattern',
    ingresses: canaryFor({ 'canary-by-header': 'User-Agent', 'canary-by-header-pattern': '^(?:Fire.*)$' }),
    request: request({ 'user-agent': 'Firefox/120' }),
    roll: 50,
    want: 'web-canary',
  },
  {
    name: 'header always / never',
    ingresses: canaryFor({ 'canary-by-header': 'X-Canary' }, 100),
    request: request({ 'x-canary': 'never' }),
    roll: 0,
    want: 'web-stable',
  },
  {
    name: 'cookie always',
    ingresses: canaryFor({ 'canary-by-cookie': 'canary' }),
    request: request({ cookie: 'a=b; canary=always' }),
    roll: 50,
    want: 'web-canary',
  },
];

for (const c of cases) {
  test(`NGINX routing: ${c.name}`, () => {
    const decision = routeIngressRequest(c.ingresses, c.request, c.roll);
    assert.equal(decision.kind, 'route');
    if (decision.kind === 'route') assert.equal(decision.backend.service, c.want);
  });
}

test('NGINX routing: no rule for the host is no route', () => {
  assert.equal(routeIngressRequest(canaryFor({}), request({}, '/', 'nope.example.com'), 0).kind, 'no-route');
});

test('NGINX routing: canary-weight-total', () => {
  const [stable, canary] = canaryFor({}, 0);
  assert.ok(stable && canary);
  const annotations = canary.metadata.annotations ?? {};
  annotations['nginx.ingress.kubernetes.io/canary-weight'] = '250';
  annotations['nginx.ingress.kubernetes.io/canary-weight-total'] = '1000';
  const to = (roll: number) => {
    const decision = routeIngressRequest([stable, canary], request(), roll);
    return decision.kind === 'route' ? decision.backend.service : '';
  };
  assert.deepEqual([to(24.9), to(25)], ['web-canary', 'web-stable']);
});
