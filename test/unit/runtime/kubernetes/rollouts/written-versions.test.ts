import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject, Stored } from '../../../../../src/platform/kubernetes/client/objects.ts';
import { ObjectStore, type ReadableStore } from '../../../../../src/platform/kubernetes/informers/object-store.ts';
import { WrittenVersions } from '../../../../../src/runtime/kubernetes/rollouts/written-versions.ts';

function object(name: string, resourceVersion: string): Stored<KubeObject> {
  return { metadata: { name, namespace: 'ns', uid: `uid-${name}`, resourceVersion } };
}

test('a write is seen once the cache holds that resourceVersion or a later one', () => {
  const store = new ObjectStore<KubeObject>();
  const written = new WrittenVersions();
  store.upsert(object('rs', '10'));
  written.wrote('ns/web', store as ReadableStore<KubeObject>, object('rs', '12'), 0);
  assert.equal(written.seen('ns/web', 1), false, 'the cache is behind');
  assert.equal(written.seen('ns/other', 1), true, 'other rollouts do not wait');
  store.upsert(object('rs', '13'));
  assert.equal(written.seen('ns/web', 2), true);
});

test('a deletion is seen once the object is gone from the cache', () => {
  const store = new ObjectStore<KubeObject>();
  const written = new WrittenVersions();
  store.upsert(object('run', '5'));
  written.deleted('ns/web', store as ReadableStore<KubeObject>, 'ns', 'run', 0);
  assert.equal(written.seen('ns/web', 1), false);
  store.remove('ns/run');
  assert.equal(written.seen('ns/web', 2), true);
});

test('an expectation that is never met is dropped after a while, so a lost event cannot stall a rollout, and that is reported', () => {
  const store = new ObjectStore<KubeObject>();
  const reports: string[] = [];
  const written = new WrittenVersions((owner, what) => reports.push(`${owner}: ${what}`));
  store.upsert(object('rs', '10'));
  written.wrote('ns/web', store as ReadableStore<KubeObject>, object('rs', '12'), 0);
  assert.equal(written.seen('ns/web', 9_999), false);
  assert.deepEqual(reports, []);
  assert.equal(written.seen('ns/web', 10_000), true);
  assert.deepEqual(reports, ['ns/web: ns/rs: wrote resourceVersion 12, cache has 10']);
});

test('a later write of the same object replaces the earlier expectation; forget drops them all', () => {
  const store = new ObjectStore<KubeObject>();
  const written = new WrittenVersions();
  written.wrote('ns/web', store as ReadableStore<KubeObject>, object('rs', '12'), 0);
  written.wrote('ns/web', store as ReadableStore<KubeObject>, object('rs', '20'), 0);
  store.upsert(object('rs', '15'));
  assert.equal(written.seen('ns/web', 1), false, 'waits for the latest write');
  written.forget('ns/web');
  assert.equal(written.seen('ns/web', 1), true);
});
