// What an informer keeps in memory: only its cache. A transform that makes new objects (the pods'
// podEssentials) must leave the listed originals to the garbage collector, or a cache of 10,000
// pods holds every pod twice (the reflector's frame kept the last list while it watched).
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../../../src/platform/kubernetes/client/objects.ts';
import { Informer } from '../../../../../src/platform/kubernetes/informers/informer.ts';
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
});
