// Watches of the fake client: informers run over it as over an API server (list, then watch from
// the list's resourceVersion), so the caches and cacheReader can be tested without a cluster.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotFoundError } from '../../../../../src/platform/kubernetes/client/errors.ts';
import type { KubeObject } from '../../../../../src/platform/kubernetes/client/objects.ts';
import { coreResources } from '../../../../../src/platform/kubernetes/client/resources.ts';
import { FakeKubeClient } from '../../../../../src/platform/kubernetes/fake/fake-client.ts';
import { cacheReader } from '../../../../../src/platform/kubernetes/informers/cache-reader.ts';
import { SharedInformerFactory } from '../../../../../src/platform/kubernetes/informers/informer-factory.ts';
import type { WatchEvent } from '../../../../../src/platform/kubernetes/client/watch-events.ts';

const configMaps = coreResources.configMaps;
const configMap = (name: string, labels: Record<string, string> = {}): KubeObject => ({
  metadata: { name, labels },
  data: {},
});

/** Resolves once `count` entries are in `log` (checked after every push). */
function waitForEntries(log: string[], count: number): Promise<void> {
  return new Promise((resolve) => {
    const push = log.push.bind(log);
    log.push = (...items: string[]) => {
      const length = push(...items);
      if (length >= count) resolve();
      return length;
    };
    if (log.length >= count) resolve();
  });
}

describe('FakeKubeClient watches', () => {
  it('a watch from a resourceVersion gets the later changes of its scope, in order', async () => {
    const fake = new FakeKubeClient();
    await fake.create(configMaps, 'a', configMap('before'));
    const { resourceVersion } = await fake.listAll(configMaps, { namespace: 'a' });
    await fake.create(configMaps, 'a', configMap('one', { app: 'web' }));
    await fake.create(configMaps, 'b', configMap('elsewhere', { app: 'web' }));
    await fake.patch(configMaps, 'a', 'one', { data: { x: '1' } });
    await fake.create(configMaps, 'a', configMap('other', { app: 'db' }));
    const log: string[] = [];
    const done = waitForEntries(log, 3);
    const watch = await fake.watch(
      configMaps,
      { namespace: 'a', labelSelector: 'app=web', resourceVersion },
      (event: WatchEvent<KubeObject>) => {
        if (event.type !== 'BOOKMARK' && event.type !== 'ERROR')
          log.push(`${event.type} ${event.object.metadata.name}`);
      },
    );
    await fake.delete(configMaps, 'a', 'one');
    await done;
    watch.stop();
    assert.deepEqual([...log], ['ADDED one', 'MODIFIED one', 'DELETED one']);
    assert.deepEqual(await watch.ended, { reason: 'stopped' });
  });

  it('informers over the fake fill their caches and follow changes; cacheReader answers from them', async () => {
    const fake = new FakeKubeClient();
    await fake.create(configMaps, 'shop', configMap('first', { app: 'web' }));
    const factory = new SharedInformerFactory(fake, { namespace: 'shop' });
    const informer = factory.informerFor(configMaps);
    const log: string[] = [];
    informer.addEventHandler({
      onAdd: (object) => log.push(`add ${object.metadata.name}`),
      onUpdate: (_previous, object) => log.push(`update ${object.metadata.name}`),
      onDelete: (object) => log.push(`delete ${object.metadata.name}`),
    });
    factory.start();
    try {
      assert.equal(await factory.waitForCacheSync(), true);
      const done = waitForEntries(log, 4);
      await fake.create(configMaps, 'shop', configMap('second'));
      await fake.patch(configMaps, 'shop', 'first', { data: { x: '1' } });
      await fake.delete(configMaps, 'shop', 'second');
      await done;
      assert.deepEqual([...log], ['add first', 'add second', 'update first', 'delete second']);
      const reader = cacheReader(factory);
      const cached = await reader.get(configMaps, 'shop', 'first');
      assert.equal(
        cached.metadata.resourceVersion,
        (await fake.get(configMaps, 'shop', 'first')).metadata.resourceVersion,
      );
      assert.deepEqual(
        (await reader.list(configMaps, { namespace: 'shop', labelSelector: 'app=web' })).items.map(
          (item) => item.metadata.name,
        ),
        ['first'],
      );
      await assert.rejects(reader.get(configMaps, 'shop', 'second'), NotFoundError);
    } finally {
      await factory.stop();
    }
  });
});
