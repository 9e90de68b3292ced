// The gateway routes by Host as Istio does: Services directly, VirtualService http routes in order
// with their match conditions, weights at host level, 404 and 503 as Envoy answers them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { countBy, send, sendMany } from '../services/pod-servers.ts';
import { roleOfPod, startTestMesh, to, virtualService, type TestMesh } from './mesh-fixtures.ts';

describe('mesh gateway routing', () => {
  let t: TestMesh;
  before(async () => {
    t = await startTestMesh();
  });
  after(() => t.close());

  const through = (request: Parameters<typeof send>[1]) => send(t.mesh.gateway.port, request);

  it('sends a host without VirtualService to the Service of that name, in every host form', async () => {
    for (const host of [
      'api',
      'api:80',
      'api.default',
      'api.default.svc',
      'api.default.svc.cluster.local',
      'API.default.svc.cluster.local:8080',
    ]) {
      const reply = await through({ host });
      assert.equal(reply.status, 200, host);
      assert.equal(reply.body, 'api-1', host);
    }
  });

  it('answers 404 for a host nothing serves, and 503 "no healthy upstream" for a Service without ready pods', async () => {
    assert.equal((await through({ host: 'nothing-here' })).status, 404);
    await t.mesh.putService({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'empty', namespace: 'default' },
      spec: { selector: { app: 'none' }, ports: [{ port: 80 }] },
    });
    const reply = await through({ host: 'empty' });
    assert.equal(reply.status, 503);
    assert.equal(reply.body, 'no healthy upstream');
  });

  describe('match conditions, first matching route wins', () => {
    before(async () => {
      await t.mesh.store.putVirtualService(
        virtualService(
          'web-routes',
          ['web.example.com'],
          [
            { name: 'exact-uri', match: [{ uri: { exact: '/exact' } }], route: [to('web-canary')] },
            { name: 'prefix-uri', match: [{ uri: { prefix: '/canary/' } }], route: [to('web-canary')] },
            { name: 'regex-uri', match: [{ uri: { regex: '/v[0-9]+/items' } }], route: [to('web-canary')] },
            {
              name: 'header-exact',
              match: [{ headers: { 'x-canary': { exact: 'true' } } }],
              route: [to('web-canary')],
            },
            {
              name: 'header-prefix',
              match: [{ headers: { 'x-user': { prefix: 'beta-' } } }],
              route: [to('web-canary')],
            },
            {
              name: 'header-regex',
              match: [{ headers: { 'x-build': { regex: '[0-9]+' } } }],
              route: [to('web-canary')],
            },
            { name: 'method', match: [{ method: { exact: 'DELETE' } }], route: [to('web-canary')] },
            { name: 'query', match: [{ queryParams: { track: { exact: 'canary' } } }], route: [to('web-canary')] },
            { name: 'api-path', match: [{ uri: { prefix: '/api' } }], route: [to('api')] },
            { name: 'default', route: [to('web-stable')] },
          ],
        ),
      );
    });

    const cases: Array<{ name: string; request: Parameters<typeof send>[1]; expected: string }> = [
      { name: 'uri exact', request: { path: '/exact' }, expected: 'canary' },
      { name: 'uri exact does not match a longer path', request: { path: '/exact/more' }, expected: 'stable' },
      { name: 'uri exact ignores the query string', request: { path: '/exact?x=1' }, expected: 'canary' },
      { name: 'uri prefix', request: { path: '/canary/page' }, expected: 'canary' },
      { name: 'uri regex is a full match', request: { path: '/v12/items' }, expected: 'canary' },
      { name: 'uri regex partial is no match', request: { path: '/v12/items/3' }, expected: 'stable' },
      { name: 'header exact', request: { headers: { 'x-canary': 'true' } }, expected: 'canary' },
      { name: 'header exact other value', request: { headers: { 'x-canary': 'false' } }, expected: 'stable' },
      { name: 'header prefix', request: { headers: { 'x-user': 'beta-42' } }, expected: 'canary' },
      { name: 'header regex', request: { headers: { 'x-build': '1234' } }, expected: 'canary' },
      { name: 'header regex mismatch', request: { headers: { 'x-build': '12a' } }, expected: 'stable' },
      { name: 'method', request: { method: 'DELETE' }, expected: 'canary' },
      { name: 'other method', request: { method: 'POST', body: 'x' }, expected: 'stable' },
      { name: 'query parameter', request: { path: '/?track=canary' }, expected: 'canary' },
      { name: 'query parameter other value', request: { path: '/?track=stable' }, expected: 'stable' },
      { name: 'route to another Service', request: { path: '/api/users' }, expected: 'api-1' },
      { name: 'host with port', request: { host: 'web.example.com:8080', path: '/exact' }, expected: 'canary' },
      { name: 'no match condition holds', request: { path: '/' }, expected: 'stable' },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const reply = await through({ host: 'web.example.com', ...c.request });
        assert.equal(reply.status, 200);
        assert.equal(roleOfPod(reply.headers['x-pod'] as string), c.expected);
      });
    }

    it('answers 404 when a VirtualService claims the host but no route matches', async () => {
      await t.mesh.store.putVirtualService(
        virtualService(
          'only-get',
          ['strict.example.com'],
          [{ match: [{ method: { exact: 'GET' } }], route: [to('api')] }],
        ),
      );
      assert.equal((await through({ host: 'strict.example.com' })).status, 200);
      assert.equal((await through({ host: 'strict.example.com', method: 'PUT', body: '' })).status, 404);
    });
  });

  it('splits 20/80 between two Services within binomial bounds', async () => {
    await t.mesh.store.putVirtualService(
      virtualService('split', ['split.example.com'], [{ route: [to('web-canary', 20), to('web-stable', 80)] }]),
    );
    const n = 4000;
    const replies = await sendMany(n, 16, () => through({ host: 'split.example.com' }));
    const counts = countBy(replies, (r) => roleOfPod(r.headers['x-pod'] as string));
    assert.equal((counts.canary ?? 0) + (counts.stable ?? 0), n, JSON.stringify(counts));
    // 4.5 standard deviations of a binomial(n, 0.2): a correct split fails this about once in 150,000 runs.
    const sigma = Math.sqrt(n * 0.2 * 0.8);
    const bound = 4.5 * sigma;
    assert.ok(
      Math.abs((counts.canary ?? 0) - n * 0.2) <= bound,
      `canary got ${counts.canary} of ${n}, expected ${n * 0.2} ± ${bound.toFixed(0)}`,
    );
    // Both stable pods share the stable Service's requests, round robin.
    const stablePods = countBy(
      replies.filter((r) => roleOfPod(r.headers['x-pod'] as string) === 'stable'),
      (r) => r.headers['x-pod'] as string,
    );
    assert.ok(
      Math.abs((stablePods['web-aaa-1'] ?? 0) - (stablePods['web-aaa-2'] ?? 0)) <= 1,
      JSON.stringify(stablePods),
    );
  });

  it('serves a weight change from the next request', async () => {
    await t.mesh.store.putVirtualService(
      virtualService('split', ['split.example.com'], [{ route: [to('web-canary', 100), to('web-stable', 0)] }]),
    );
    const replies = await sendMany(50, 5, () => through({ host: 'split.example.com' }));
    assert.deepEqual(
      countBy(replies, (r) => roleOfPod(r.headers['x-pod'] as string)),
      { canary: 50 },
    );
  });
});
