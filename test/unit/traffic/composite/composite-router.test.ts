// Several routers as one (src/traffic/composite.ts): every router plans before any writes, a
// problem anywhere writes nothing, and a failed write puts back what was written before it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCompositeTrafficRouter } from '../../../../src/traffic/composite.ts';
import type { DesiredTraffic } from '../../../../src/traffic/desired.ts';
import type { RouteObject, RouteObjectRef, RouteObjectStore } from '../../../../src/traffic/route-objects.ts';
import { applyStaged, stageObjectWrites, type StagedTrafficRouter } from '../../../../src/traffic/staged.ts';
import { MemoryRouteObjectStore } from '../../../support/memory-route-objects.ts';

const desired = (canaryWeight: number): DesiredTraffic => ({
  stableHash: 'aaa',
  canaryHash: 'bbb',
  canaryWeight,
  headerRoutes: [],
  mirrorRoutes: [],
});

function route(name: string, weight = 0): RouteObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: 'demo', annotations: { owner: 'team' } },
    spec: { weight },
  };
}

const refOf = (name: string): RouteObjectRef => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  namespace: 'demo',
  name,
});

/** A router that writes the canary weight into the spec of each named object; `refuse` makes its plan fail. */
function weightRouter(store: RouteObjectStore, names: string[], refuse?: string): StagedTrafficRouter {
  async function stage(traffic: DesiredTraffic) {
    const writes = [];
    for (const name of names) {
      const before = await store.get(refOf(name));
      if (!before) continue;
      if ((before.spec as { weight: number }).weight === traffic.canaryWeight) continue;
      writes.push({ before, after: { ...before, spec: { weight: traffic.canaryWeight } } });
    }
    const problems = refuse ? [{ object: `HTTPRoute demo/${names[0]}`, path: '', message: refuse }] : [];
    return stageObjectWrites(store, writes, problems);
  }
  return {
    type: `weights(${names.join(',')})`,
    canVerify: false,
    stage,
    apply: async (traffic) => applyStaged(await stage(traffic)),
    observe: async () => undefined,
    verify: async () => 'cannot-verify' as const,
  };
}

/** The memory store, failing every update of `name` after `allowed` successful ones. */
function failingStore(objects: RouteObject[], name: string, allowed = 0): MemoryRouteObjectStore {
  const store = new MemoryRouteObjectStore(objects);
  const update = store.update.bind(store);
  let left = allowed;
  store.update = async (object) => {
    if (object.metadata.name === name && left-- <= 0) throw new Error(`the API server refused ${name}`);
    return update(object);
  };
  return store;
}

const weightOf = (store: MemoryRouteObjectStore, name: string) =>
  (store.read(refOf(name))?.spec as { weight: number } | undefined)?.weight;

test('several routers write together: every object gets the weight', async () => {
  const store = new MemoryRouteObjectStore([route('a'), route('b'), route('c')]);
  const router = createCompositeTrafficRouter([weightRouter(store, ['a', 'b']), weightRouter(store, ['c'])]);
  assert.deepEqual(await router.apply(desired(30)), { changed: true, problems: [] });
  assert.deepEqual(
    ['a', 'b', 'c'].map((name) => weightOf(store, name)),
    [30, 30, 30],
  );
  const writes = store.writes;
  assert.deepEqual(await router.apply(desired(30)), { changed: false, problems: [] }, 'idempotent');
  assert.equal(store.writes, writes);
});

test('a problem in the plan of any router writes nothing, and says why', async () => {
  const store = new MemoryRouteObjectStore([route('a'), route('c')]);
  const router = createCompositeTrafficRouter([
    weightRouter(store, ['a']),
    weightRouter(store, ['c'], 'no rule references the stable Service'),
  ]);
  const result = await router.apply(desired(30));
  assert.equal(result.changed, false);
  assert.deepEqual(
    result.problems.map((problem) => problem.message),
    ['no rule references the stable Service'],
  );
  assert.equal(store.writes, 0);
  assert.equal(weightOf(store, 'a'), 0);
});

test('a write that fails puts back every object written before it (all or nothing), then throws', async () => {
  const store = failingStore([route('a', 5), route('b', 5), route('c', 5)], 'c');
  const router = createCompositeTrafficRouter([weightRouter(store, ['a', 'b']), weightRouter(store, ['c'])]);
  await assert.rejects(router.apply(desired(40)), /the API server refused c/);
  assert.deepEqual(
    ['a', 'b', 'c'].map((name) => weightOf(store, name)),
    [5, 5, 5],
  );
  assert.deepEqual(store.read(refOf('a'))?.metadata.annotations, { owner: 'team' });
});

test('a router whose second write fails puts back its own first write too', async () => {
  const store = failingStore([route('a', 5), route('b', 5), route('c', 5)], 'b');
  const router = createCompositeTrafficRouter([weightRouter(store, ['c']), weightRouter(store, ['a', 'b'])]);
  await assert.rejects(router.apply(desired(40)), /refused b/);
  assert.deepEqual(
    ['a', 'b', 'c'].map((name) => weightOf(store, name)),
    [5, 5, 5],
  );
});

test('what cannot be put back is named in the error', async () => {
  // c fails on its write; a is written, and putting a back fails too (its second update).
  const store = failingStore([route('a', 5), route('c', 5)], 'a', 1);
  const update = store.update.bind(store);
  store.update = async (object) => {
    if (object.metadata.name === 'c') throw new Error('the API server refused c');
    return update(object);
  };
  const router = createCompositeTrafficRouter([weightRouter(store, ['a']), weightRouter(store, ['c'])]);
  await assert.rejects(
    router.apply(desired(40)),
    /refused c; and putting back what was written failed: not put back: HTTPRoute demo\/a/,
  );
});

test('verify: false when any router says false, true only when all say true', async () => {
  const answer = (value: boolean | 'cannot-verify'): StagedTrafficRouter => ({
    ...weightRouter(new MemoryRouteObjectStore(), []),
    canVerify: value !== 'cannot-verify',
    verify: async () => value,
  });
  const verify = (...values: Array<boolean | 'cannot-verify'>) =>
    createCompositeTrafficRouter(values.map(answer)).verify(desired(0));
  assert.equal(await verify(true, true), true);
  assert.equal(await verify(true, false), false);
  assert.equal(await verify('cannot-verify', false), false);
  assert.equal(await verify(true, 'cannot-verify'), 'cannot-verify');
  assert.equal(createCompositeTrafficRouter([answer(true), answer('cannot-verify')]).canVerify, false);
});
