// Watches and informers against the real API server, directly and through the faulty proxy.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { KubeObject, Stored } from '../../../../src/platform/kubernetes/client/objects.ts';
import { RequestCounter } from '../../../../src/platform/kubernetes/client/request-metrics.ts';
import { coreResources } from '../../../../src/platform/kubernetes/client/resources.ts';
import { SharedInformerFactory } from '../../../../src/platform/kubernetes/informers/informer-factory.ts';
import type { Informer } from '../../../../src/platform/kubernetes/informers/informer.ts';
import { startFaultyProxy, type FaultyProxy } from '../../../support/faulty-proxy.ts';
import { waitFor } from '../../../support/ports.ts';
import { namespaceManifest, type Cluster } from './control-plane-harness.ts';

const configMaps = coreResources.configMaps;

/** Open file descriptors of this process (Linux), or undefined elsewhere. */
function openFileDescriptors(): number | undefined {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return undefined;
  }
}

/** Names and resourceVersions of the cache, and of the server's list, sorted. */
async function cacheMatchesServer(
  cluster: Cluster,
  informer: Informer<Stored<KubeObject>>,
  namespace: string,
  labelSelector?: string,
): Promise<true | undefined> {
  const listed = await cluster.admin.list(configMaps, { namespace, labelSelector });
  const server = listed.items.map((i) => `${i.metadata.name}@${i.metadata.resourceVersion}`).sort();
  const cache = informer.store
    .list()
    .map((i) => `${i.metadata.name}@${i.metadata.resourceVersion}`)
    .sort();
  return JSON.stringify(server) === JSON.stringify(cache) ? true : undefined;
}

export function watchSuite(cluster: () => Cluster): void {
  const ns = 'client-watch';

  describe('watches and informers on the real API server', () => {
    let proxy: FaultyProxy;

    before(async () => {
      const { admin, cp } = cluster();
      await admin.create(coreResources.namespaces, '', namespaceManifest(ns));
      proxy = await startFaultyProxy({ target: cp.server, ca: Buffer.from(cp.caData, 'base64') });
    });

    after(async () => {
      await proxy?.close();
    });

    it('a watch sees objects added, modified and deleted', async () => {
      const { admin } = cluster();
      const start = await admin.list(configMaps, { namespace: ns });
      const seen: string[] = [];
      const watch = await admin.watch<KubeObject>(
        configMaps,
        { namespace: ns, resourceVersion: start.metadata.resourceVersion },
        (event) => {
          // kube-controller-manager may add the namespace's kube-root-ca.crt meanwhile: only this test's object counts.
          if (event.type !== 'BOOKMARK' && event.type !== 'ERROR' && event.object.metadata.name === 'watched')
            seen.push(`${event.type} ${event.object.metadata.name}`);
        },
      );
      await admin.create(configMaps, ns, { metadata: { name: 'watched' }, data: { v: '1' } });
      await admin.patch(configMaps, ns, 'watched', { data: { v: '2' } });
      await admin.delete(configMaps, ns, 'watched');
      await waitFor('three events', async () => (seen.length >= 3 ? true : undefined), 20_000);
      assert.deepEqual(seen, ['ADDED watched', 'MODIFIED watched', 'DELETED watched']);
      watch.stop();
      assert.deepEqual(await watch.ended, { reason: 'stopped' });
    });

    it('an informer fills its cache, follows changes and calls its handlers', async () => {
      const c = cluster();
      const factory = new SharedInformerFactory(c.admin, { namespace: ns, labelSelector: 'informed=yes' });
      const informer = factory.informerFor<KubeObject>(configMaps);
      assert.equal(factory.informerFor(configMaps), informer, 'one informer per kind and scope');
      await c.admin.create(configMaps, ns, { metadata: { name: 'inf-0', labels: { informed: 'yes' } } });
      await c.admin.create(configMaps, ns, { metadata: { name: 'not-selected' } });
      const log: string[] = [];
      informer.addEventHandler({
        onAdd: (o) => log.push(`add ${o.metadata.name}`),
        onUpdate: (_a, b) => log.push(`update ${b.metadata.name}`),
        onDelete: (o) => log.push(`delete ${o.metadata.name}`),
      });
      factory.start();
      assert.equal(await factory.waitForCacheSync(), true);
      assert.deepEqual(informer.store.listKeys(), [`${ns}/inf-0`]);
      await c.admin.create(configMaps, ns, { metadata: { name: 'inf-1', labels: { informed: 'yes' } } });
      await c.admin.patch(configMaps, ns, 'inf-0', { data: { x: '1' } });
      await c.admin.delete(configMaps, ns, 'inf-1');
      await waitFor('the cache to match the server', () => cacheMatchesServer(c, informer, ns, 'informed=yes'), 20_000);
      await waitFor('four events', async () => (log.length >= 4 ? true : undefined), 20_000);
      assert.deepEqual(log, ['add inf-0', 'add inf-1', 'update inf-0', 'delete inf-1']);
      await factory.stop();
    });

    it('relists when the watch is answered with an ERROR 410 event, and converges', async () => {
      const c = cluster();
      const counter = new RequestCounter();
      const client = c.clientThrough(proxy.url, { observe: counter.observe });
      const removeRule = proxy.addRule({
        watch: true,
        path: new RegExp(`/namespaces/${ns}/configmaps$`),
        fault: { type: 'watch-gone' },
        times: 2,
      });
      const errors: Error[] = [];
      const factory = new SharedInformerFactory(client, {
        namespace: ns,
        labelSelector: 'relist=yes',
        onError: (e) => errors.push(e),
      });
      const informer = factory.informerFor<KubeObject>(configMaps);
      let adds = 0;
      informer.addEventHandler({ onAdd: () => (adds += 1) });
      factory.start();
      await factory.waitForCacheSync();
      await waitFor(
        'the third watch (after two 410s)',
        async () => (counter.total({ verb: 'Watch' }) >= 3 ? true : undefined),
        20_000,
        20,
      );
      assert.equal(counter.total({ verb: 'List' }), 3, 'one list, then one after each 410');
      await c.admin.create(configMaps, ns, { metadata: { name: 'after-gone', labels: { relist: 'yes' } } });
      await waitFor(
        'the cache to see the new object',
        () =>
          cacheMatchesServer(c, informer, ns, 'relist=yes').then((ok) =>
            ok && informer.store.size === 1 ? true : undefined,
          ),
        20_000,
      );
      assert.equal(adds, 1);
      assert.deepEqual(errors, [], '410 is routine, not an error');
      removeRule();
      await factory.stop();
    });

    it('survives dropped watches: the cache converges and no socket is left behind', async () => {
      const c = cluster();
      const client = c.clientThrough(proxy.url);
      const fdsBefore = openFileDescriptors();
      const factory = new SharedInformerFactory(client, {
        namespace: ns,
        labelSelector: 'dropped=yes',
        minWatchTimeoutSeconds: 30,
      });
      const informer = factory.informerFor<KubeObject>(configMaps);
      factory.start();
      await factory.waitForCacheSync();
      const watchesBefore = proxy.stats.watches;
      for (let i = 0; i < 8; i += 1) {
        await waitFor('a watch to be open', async () => (proxy.openWatches > 0 ? true : undefined), 20_000, 20);
        await c.admin.create(configMaps, ns, { metadata: { name: `dropped-${i}`, labels: { dropped: 'yes' } } });
        await waitFor(
          `dropped-${i} in the cache`,
          async () => (informer.store.getByName(ns, `dropped-${i}`) ? true : undefined),
          20_000,
          20,
        );
        proxy.dropWatches();
        // Changed while no watch is open: the next watch, from the last resourceVersion, must bring it.
        await c.admin.patch(configMaps, ns, `dropped-${i}`, { data: { touched: 'yes' } });
      }
      await waitFor(
        'the cache to match the server',
        () =>
          cacheMatchesServer(c, informer, ns, 'dropped=yes').then((ok) =>
            ok && informer.store.size === 8 ? true : undefined,
          ),
        60_000,
      );
      assert.ok(proxy.stats.watches - watchesBefore >= 8, 'watched again after each drop');
      assert.ok(client.openSockets <= 3, `${client.openSockets} sockets open with one informer`);
      await factory.stop();
      client.close();
      await waitFor(
        'every socket closed',
        async () => (client.openSockets === 0 && proxy.openWatches === 0 ? true : undefined),
        10_000,
        20,
      );
      if (fdsBefore !== undefined) {
        await waitFor(
          'file descriptors back to where they were',
          async () => (openFileDescriptors()! <= fdsBefore ? true : undefined),
          10_000,
          20,
        );
      }
    });
  });
}
