// The routers' RouteObjectStore over the local store: the kinds of src/api/route-kinds.ts at any
// version of their group, stale writes refused as the API server refuses them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KnownObject } from '../../../../../src/api/types/index.ts';
import { ObjectStore } from '../../../../../src/runtime/local/store/object-store.ts';
import { routeObjectsOf } from '../../../../../src/runtime/local/store/route-objects.ts';
import type { RouteObject } from '../../../../../src/traffic/route-objects.ts';

const route = (weight: number): RouteObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { rules: [{ backendRefs: [{ name: 'web-canary', weight }] }] },
});
const ref = { apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'HTTPRoute', namespace: 'shop', name: 'web' };

test('a route object applied at one version is read at another of its group, not of another group', async () => {
  const store = new ObjectStore();
  store.put(route(0) as KnownObject);
  const routes = routeObjectsOf(store);
  assert.deepEqual((await routes.get(ref))?.spec, route(0).spec);
  assert.equal(
    await routes.get({ ...ref, apiVersion: 'example.com/v1' }).catch((error: Error) => error.message),
    'HTTPRoute (example.com/v1) is not a kind any traffic router reads or writes (src/api/route-kinds.ts)',
  );
});

test('an update planned from a stale copy is refused; a current one is written', async () => {
  const store = new ObjectStore();
  store.put(route(0) as KnownObject);
  const routes = routeObjectsOf(store);
  const read = await routes.get(ref);
  assert.ok(read);
  store.put({ ...route(0), metadata: { ...route(0).metadata, labels: { reapplied: 'yes' } } } as KnownObject);
  await assert.rejects(routes.update({ ...read, spec: route(40).spec }), /changed since it was read/);
  const fresh = await routes.get(ref);
  assert.ok(fresh);
  await routes.update({ ...fresh, spec: route(40).spec });
  assert.deepEqual((await routes.get(ref))?.spec, route(40).spec);
});

test('create of a taken name fails; delete removes', async () => {
  const store = new ObjectStore();
  const routes = routeObjectsOf(store);
  await routes.create(route(5));
  await assert.rejects(routes.create(route(5)), /exists already/);
  await routes.delete(ref);
  assert.equal(await routes.get(ref), undefined);
});
