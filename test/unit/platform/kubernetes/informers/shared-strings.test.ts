// SharedStrings: equal string values of cached objects held once, in a bounded table, the objects'
// content unchanged. Whether two strings are one copy cannot be seen from JavaScript, so the test
// measures it: objects parsed one by one from JSON each carry their own copy of a long value, and the
// heap they take with the table is the heap of one copy, not of all of them.
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../../../src/platform/kubernetes/client/objects.ts';
import { SharedInformerFactory } from '../../../../../src/platform/kubernetes/informers/informer-factory.ts';
import { SharedStrings } from '../../../../../src/platform/kubernetes/informers/transforms.ts';
import type { ListWatchClient } from '../../../../../src/platform/kubernetes/client/interfaces.ts';
import { coreResources } from '../../../../../src/platform/kubernetes/client/resources.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

async function heapUsed(): Promise<number> {
  await nextTurn();
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** A ConfigMap-like object whose `data.message` is the same 100 characters in every copy. */
const text = (index: number): string =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `c${index}`, namespace: 'demo' },
    data: {
      message: 'ReplicaSet "web-7d9f" has successfully progressed; every replica is available and ready.'.padEnd(
        100,
        '.',
      ),
    },
  });

async function heapOfCopies(count: number, strings: SharedStrings | undefined): Promise<number> {
  const before = await heapUsed();
  const kept: unknown[] = [];
  for (let index = 0; index < count; index++) {
    const object = JSON.parse(text(index)) as unknown;
    kept.push(strings ? strings.shareIn(object) : object);
  }
  const after = await heapUsed();
  assert.equal(kept.length, count);
  return after - before;
}

describe('SharedStrings', () => {
  it('holds one copy of a string value that many objects repeat', async () => {
    const count = 4000;
    const own = await heapOfCopies(count, undefined);
    const shared = await heapOfCopies(count, new SharedStrings());
    // Each own copy of a 100-character string is at least 100 bytes; shared, they are one (the
    // table's entries for the unique names take some of that back).
    assert.ok(
      own - shared > count * 60,
      `with the table the objects take ${shared} bytes, without ${own}: the repeated value is not shared`,
    );
  });

  it('leaves the objects equal to what was parsed', () => {
    const strings = new SharedStrings();
    for (let index = 0; index < 3; index++) {
      const parsed = JSON.parse(text(index)) as unknown;
      assert.deepEqual(strings.shareIn(structuredClone(parsed)), parsed);
    }
    const nested = { a: ['x', { b: 'y', n: 1, t: true, z: null }], c: 'x'.repeat(500) };
    assert.deepEqual(strings.shareIn(structuredClone(nested)), nested);
  });

  it('keeps at most twice its limit however many unique strings pass', () => {
    const strings = new SharedStrings(100);
    const common = 'argoproj.io/v1alpha1';
    for (let index = 0; index < 10_000; index++) {
      strings.share(common);
      strings.share(`uid-${index}`);
    }
    assert.ok(strings.size <= 200, `the table holds ${strings.size} strings`);
  });

  it('is used by the informers of a factory, unless turned off for the factory or one informer', async () => {
    const count = 4000;
    const cached = async (shareStrings: boolean, request: { shareStrings?: false } = {}): Promise<number> => {
      // Each list answer parsed object by object, as from the wire.
      const client = {
        listAll: () =>
          Promise.resolve({
            items: Array.from({ length: count }, (_, index) => JSON.parse(text(index)) as KubeObject),
            resourceVersion: '1',
          }),
        watch: () => new Promise<never>(() => undefined),
      } as unknown as ListWatchClient;
      const before = await heapUsed();
      const informers = new SharedInformerFactory(client, { shareStrings });
      const informer = informers.informerFor(coreResources.configMaps, request);
      informers.start();
      assert.equal(await informers.waitForCacheSync(), true);
      const after = await heapUsed();
      assert.equal(informer.store.size, count);
      return after - before;
    };
    const own = await cached(false);
    const shared = await cached(true);
    assert.ok(own - shared > count * 60, `the caches take ${shared} bytes with shared strings, ${own} without`);
    const ownOfOne = await cached(true, { shareStrings: false });
    assert.ok(
      ownOfOne - shared > count * 60,
      `an informer asked not to share takes ${ownOfOne} bytes, ${shared} when sharing`,
    );
  });
});
