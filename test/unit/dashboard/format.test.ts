import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RolloutListRow } from '../../../src/dashboard/contract.ts';
import {
  filterRows,
  formatPercent,
  formatRate,
  namespacesOf,
  sortRows,
  weightText,
} from '../../../src/dashboard/web/format.ts';
import { parseRoute, routeHref, tokenFromHash } from '../../../src/dashboard/web/route.ts';

function row(namespace: string, name: string, status = 'Healthy'): RolloutListRow {
  return {
    namespace,
    name,
    strategy: 'Canary',
    status: { text: status, kind: status === 'Healthy' ? 'success' : 'paused' },
    step: '1/4',
    setWeight: '20',
    ready: '1/1',
    desired: 1,
    upToDate: 1,
    available: 1,
  };
}

describe('dashboard formatting', () => {
  const rows = [row('shop', 'web'), row('default', 'api', 'Paused'), row('shop', 'cart')];
  const images = { 'shop/web': ['registry/web:v2'], 'default/api': ['registry/api:v1'] };

  it('searches names, namespaces, statuses and images, every word', () => {
    assert.deepEqual(
      filterRows(rows, images, 'web').map((r) => r.name),
      ['web'],
    );
    assert.deepEqual(
      filterRows(rows, images, 'SHOP').map((r) => r.name),
      ['web', 'cart'],
    );
    assert.deepEqual(
      filterRows(rows, images, 'paused').map((r) => r.name),
      ['api'],
    );
    assert.deepEqual(
      filterRows(rows, images, 'registry/api shop').map((r) => r.name),
      [],
    );
    assert.equal(filterRows(rows, images, '  ').length, 3);
  });

  it('sorts rows by namespace then name, and lists namespaces once', () => {
    assert.deepEqual(
      sortRows(rows).map((r) => `${r.namespace}/${r.name}`),
      ['default/api', 'shop/cart', 'shop/web'],
    );
    assert.deepEqual(namespacesOf(rows), ['default', 'shop']);
  });

  it('formats weights, rates and shares', () => {
    assert.equal(weightText(undefined), '-');
    assert.equal(weightText(20), '20%');
    assert.equal(formatRate(0.456), '0.46');
    assert.equal(formatRate(12.34), '12.3');
    assert.equal(formatRate(250.6), '251');
    assert.equal(formatRate(1500), '1.5k');
    assert.equal(formatPercent(0), '0%');
    assert.equal(formatPercent(0.025), '2.5%');
    assert.equal(formatPercent(0.5), '50%');
  });
});

describe('dashboard routes', () => {
  it('reads and writes every page address', () => {
    const routes = [
      { page: 'list', namespace: undefined },
      { page: 'list', namespace: '' },
      { page: 'list', namespace: 'shop' },
      { page: 'list', namespace: 'shop', query: 'web paused' },
      { page: 'list', namespace: '', query: 'a&b=c' },
      { page: 'rollout', namespace: 'shop', name: 'web' },
      { page: 'analysisrun', namespace: 'shop', rollout: 'web', name: 'web-6f7-2' },
    ] as const;
    for (const route of routes) {
      const url = new URL(routeHref(route), 'http://dashboard');
      assert.deepEqual(parseRoute(url.pathname, url.search), route);
    }
  });

  it('opens the list on the default namespace, and on every one with namespace=*', () => {
    assert.deepEqual(parseRoute('/', ''), { page: 'list', namespace: undefined });
    assert.deepEqual(parseRoute('/', '?namespace='), { page: 'list', namespace: undefined });
    assert.deepEqual(parseRoute('/', '?namespace=*'), { page: 'list', namespace: '' });
    assert.equal(routeHref({ page: 'list', namespace: '' }), '/?namespace=*');
  });

  it('names an unknown address as not found', () => {
    assert.deepEqual(parseRoute('/nowhere', ''), { page: 'not-found', path: '/nowhere' });
    assert.deepEqual(parseRoute('/rollouts/shop', ''), { page: 'not-found', path: '/rollouts/shop' });
  });

  it('takes the token from the fragment', () => {
    assert.equal(tokenFromHash('#token=abc123'), 'abc123');
    assert.equal(tokenFromHash('#token='), undefined);
    assert.equal(tokenFromHash(''), undefined);
  });
});
