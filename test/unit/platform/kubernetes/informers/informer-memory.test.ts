// What an informer keeps in memory: only its cache. A transform that makes new objects (the pods'
// podEssentials) must leave the listed originals to the garbage collector, or a cache of 10,000
// pods holds every pod twice (the reflector's frame kept the last list while it watched). And one
// key string per object, however often it is updated.
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../../../src/platform/kubernetes/client/objects.ts';
import { Informer } from '../../../../../src/platform/kubernetes/informers/informer.ts';
import { labelIndex, ownerUidIndex } from '../../../../../src/platform/kubernetes/informers/object-store.ts';
import { FakeTimers, settle } from '../../../runtime/kubernetes/support/fake-timers.ts';
import { FakeListWatcher, obj } from './fake-list-watcher.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Fills the list answer with `count` objects and returns weak references to them (no strong ones). */
function listOf(api: FakeListWatcher, count: number): Array<WeakRef<KubeObject>> {
  const items = Array.from({ length: count }, (_, index) =>
    obj(`pod-${index}`, String(index + 1), { labels: { app: 'demo' } }),
  );
  api.listAnswers.push({ items, resourceVersion: String(count + 1) });
  return items.map((item) => new WeakRef(item));
}

async function collected(refs: Array<WeakRef<KubeObject>>): Promise<number> {
  // A WeakRef's target lives at least until the end of the job that made or read it.
  await nextTurn();
  gc();
  await nextTurn();
  gc();
  return refs.filter((ref) => ref.deref() === undefined).length;
}

describe('Informer memory', () => {
  it('keeps only the transformed copies of listed objects while it watches', async () => {
    const api = new FakeListWatcher();
    const informer = new Informer<KubeObject>(api, {
      timers: new FakeTimers(),
      random: () => 0,
      transform: (object) => ({ apiVersion: object.apiVersion, kind: object.kind, metadata: { ...object.metadata } }),
    });
    const refs = listOf(api, 50);
    informer.start();
    assert.equal(await informer.waitForSync(), true);
    await settle();
    assert.equal(api.watches.length, 1, 'the informer watches after its list');
    assert.equal(informer.store.size, 50);
    assert.equal(await collected(refs), 50, 'every listed original is garbage once its copy is cached');
    await informer.stop();
  });

  it('keeps one key string per object in its table and indexes, an update included', async () => {
    const api = new FakeListWatcher();
    const added: string[] = [];
    const informer = new Informer<KubeObject>(api, {
      timers: new FakeTimers(),
      random: () => 0,
      indexes: labelIndex('app'),
    });
    informer.addEventHandler({ onAdd: (_object, key) => added.push(key) });
    // Long names, so that a key string (about 230 bytes) stands out from the heap's noise.
    const count = 5_000;
    const name = (index: number): string => [`pod-${index}-`, 'x'.repeat(220)].join('');
    const copy = (index: number, resourceVersion: string): KubeObject =>
      obj(name(index), resourceVersion, {
        labels: { app: 'demo' },
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: `uid-${index}`, controller: true },
        ],
      });
    api.listAnswers.push({
      items: Array.from({ length: count }, (_, index) => copy(index, '1')),
      resourceVersion: '2',
    });
    informer.start();
    assert.equal(await informer.waitForSync(), true);
    await settle();
    added.length = 0;
    gc();
    const listed = process.memoryUsage().heapUsed;
    // Each object again, a copy of its own with the same labels and owner (a status update).
    for (let index = 0; index < count; index++) api.lastWatch.emit({ type: 'MODIFIED', object: copy(index, '3') });
    gc();
    const perObject = (process.memoryUsage().heapUsed - listed) / count;
    // With a key string made again for the indexes of an updated object, about 250 bytes more each.
    assert.ok(perObject < 100, `${perObject.toFixed(0)} bytes more per object after its update`);
    const key = `demo/${name(7)}`;
    assert.ok(informer.store.keysByIndex(ownerUidIndex, 'uid-7').includes(key));
    assert.equal(informer.store.keysByIndex('label:app', 'demo').length, count);
    await informer.stop();
  });

  it("hands its handlers the cache's key of an added object", async () => {
    const api = new FakeListWatcher();
    const informer = new Informer<KubeObject>(api, { timers: new FakeTimers(), random: () => 0 });
    const keys: string[] = [];
    informer.addEventHandler({ onAdd: (_object, key) => keys.push(key) });
    api.listAnswers.push({ items: [obj('a', '1')], resourceVersion: '2' });
    informer.start();
    await informer.waitForSync();
    await settle();
    api.lastWatch.emit({ type: 'ADDED', object: obj('b', '3') });
    informer.addEventHandler({ onAdd: (_object, key) => keys.push(key) });
    assert.deepEqual(keys, ['demo/a', 'demo/b', 'demo/a', 'demo/b']);
    await informer.stop();
  });
});
