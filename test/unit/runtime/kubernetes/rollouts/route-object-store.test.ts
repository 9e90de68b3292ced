// The routers' RouteObjectStore over the Kubernetes API, against the fake client (which answers a
// stale resourceVersion with 409 as the API server does): reads by apiVersion and kind, merge
// patches of what changed with the read resourceVersion as precondition, creates and deletes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConflictError, AlreadyExistsError } from '../../../../../src/platform/kubernetes/client/errors.ts';
import { FakeKubeClient } from '../../../../../src/platform/kubernetes/fake/fake-client.ts';
import {
  kubeRouteObjectStore,
  routeResource,
} from '../../../../../src/runtime/kubernetes/rollouts/route-object-store.ts';
import type { RouteObject } from '../../../../../src/traffic/route-objects.ts';

const HTTPROUTE = 'gateway.networking.k8s.io/v1';
const ref = { apiVersion: HTTPROUTE, kind: 'HTTPRoute', namespace: 'shop', name: 'web' };

function httpRoute(weight: number): RouteObject {
  return {
    apiVersion: HTTPROUTE,
    kind: 'HTTPRoute',
    metadata: { name: 'web', namespace: 'shop', labels: { team: 'a' } },
    spec: {
      rules: [
        {
          backendRefs: [
            { name: 'web-stable', weight: 100 - weight },
            { name: 'web-canary', weight },
          ],
        },
      ],
    },
  };
}

async function seeded(): Promise<FakeKubeClient> {
  const fake = new FakeKubeClient();
  await fake.create(routeResource(HTTPROUTE, 'HTTPRoute'), 'shop', httpRoute(0) as never);
  return fake;
}

test('every kind of the table has its plural; a kind no router uses is a clear error', () => {
  assert.equal(routeResource('traefik.containo.us/v1alpha1', 'TraefikService').plural, 'traefikservices');
  assert.equal(routeResource('split.smi-spec.io/v1alpha3', 'TrafficSplit').version, 'v1alpha3');
  assert.equal(routeResource('networking.k8s.io/v1', 'Ingress').strategicMerge, true);
  assert.throws(
    () => routeResource('example.com/v1', 'Widget'),
    /Widget \(example\.com\/v1\) is not a kind any traffic router reads or writes/,
  );
});

test('an update writes only what changed, and a missing object reads as undefined', async () => {
  const fake = await seeded();
  const store = kubeRouteObjectStore(fake);
  assert.equal(await store.get({ ...ref, name: 'missing' }), undefined);
  const read = await store.get(ref);
  assert.ok(read);
  const changed = httpRoute(30);
  changed.metadata = read.metadata;
  await store.update(changed);
  const stored = await fake.get(routeResource(HTTPROUTE, 'HTTPRoute'), 'shop', 'web');
  assert.deepEqual(stored.spec, httpRoute(30).spec);
  assert.deepEqual(stored.metadata.labels, { team: 'a' });
  assert.equal(store.written.length, 1);
});

test('an object changed since it was read is not overwritten: ConflictError', async () => {
  const fake = await seeded();
  const store = kubeRouteObjectStore(fake);
  const read = await store.get(ref);
  assert.ok(read);
  await fake.patch(routeResource(HTTPROUTE, 'HTTPRoute'), 'shop', 'web', {
    spec: httpRoute(0).spec,
    metadata: { labels: { team: 'b' } },
  });
  await assert.rejects(store.update({ ...read, spec: httpRoute(50).spec }), ConflictError);
  const stored = await fake.get(routeResource(HTTPROUTE, 'HTTPRoute'), 'shop', 'web');
  assert.deepEqual(stored.spec, httpRoute(0).spec);
});

test('create fails on a taken name; delete of a missing object is quiet', async () => {
  const fake = await seeded();
  const store = kubeRouteObjectStore(fake);
  await assert.rejects(store.create(httpRoute(10)), AlreadyExistsError);
  await store.delete(ref);
  await store.delete(ref);
  assert.equal(await store.get(ref), undefined);
  await store.create(httpRoute(10));
  assert.deepEqual((await store.get(ref))?.spec, httpRoute(10).spec);
});
