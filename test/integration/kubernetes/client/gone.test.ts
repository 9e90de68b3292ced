// A real 410 Gone: the API server runs without its watch cache, etcd's history is compacted,
// and a watch from a resourceVersion before the compaction is refused. The informer relists
// and its cache converges. Outside CI it skips when the control plane is not built.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GoneError } from '../../../../src/platform/kubernetes/client/errors.ts';
import type { KubeObject } from '../../../../src/platform/kubernetes/client/objects.ts';
import { RequestCounter } from '../../../../src/platform/kubernetes/client/request-metrics.ts';
import { coreResources } from '../../../../src/platform/kubernetes/client/resources.ts';
import type { WatchEvent } from '../../../../src/platform/kubernetes/client/watch-events.ts';
import { SharedInformerFactory } from '../../../../src/platform/kubernetes/informers/informer-factory.ts';
import { startControlPlane } from '../../../controlplane/control-plane.ts';
import { startFaultyProxy, type FaultyProxy } from '../../../support/faulty-proxy.ts';
import { waitFor } from '../../../support/ports.ts';
import {
  binaries,
  clusterOf,
  compactEtcd,
  namespaceManifest,
  skipWithoutControlPlane,
  type Cluster,
} from './control-plane-harness.ts';
import { binDirWithoutWatchCache } from './watch-cache-off.ts';

const configMaps = coreResources.configMaps;
const ns = 'client-gone';

describe('410 Gone from a compacted history', { skip: skipWithoutControlPlane, timeout: 300_000 }, () => {
  let cluster: Cluster;
  let proxy: FaultyProxy;
  let removeBinDir = (): void => {};

  before(async () => {
    if (!binaries.found) throw new Error(`CI=true and ${binaries.reason}`);
    const wrapped = binDirWithoutWatchCache(binaries.binDir);
    removeBinDir = wrapped.remove;
    const cp = await startControlPlane({ binDir: wrapped.binDir, crdPaths: [] });
    cluster = clusterOf(cp);
    await cluster.admin.create(coreResources.namespaces, '', namespaceManifest(ns));
    proxy = await startFaultyProxy({ target: cp.server, ca: Buffer.from(cp.caData, 'base64') });
  });

  after(async () => {
    await proxy?.close();
    cluster?.close();
    await cluster?.cp.stop();
    removeBinDir();
  });

  it('a watch from before the compaction is answered 410', async () => {
    const { admin, cp } = cluster;
    const old = await admin.create<KubeObject>(configMaps, ns, { metadata: { name: 'old' } });
    await admin.create(configMaps, ns, { metadata: { name: 'newer' } });
    await admin.create(configMaps, ns, { metadata: { name: 'newest' } });
    // Compaction at R keeps R: the watch from `old` needs old+1 < R to be gone.
    const latest = await admin.list(configMaps, { namespace: ns });
    await compactEtcd(cp, latest.metadata.resourceVersion!);
    const events: WatchEvent<KubeObject>[] = [];
    let refused: unknown;
    try {
      const watch = await admin.watch<KubeObject>(
        configMaps,
        { namespace: ns, resourceVersion: old.metadata.resourceVersion },
        (e) => events.push(e),
      );
      await waitFor('an ERROR event', async () => (events.some((e) => e.type === 'ERROR') ? true : undefined), 20_000);
      watch.stop();
    } catch (error) {
      refused = error;
    }
    const errorEvent = events.find((e) => e.type === 'ERROR');
    const code = refused instanceof GoneError ? 410 : errorEvent?.type === 'ERROR' ? errorEvent.object.code : undefined;
    assert.equal(code, 410, `events: ${events.map((e) => e.type).join(', ')}; error: ${String(refused)}`);
  });

  it('an informer whose watch comes back after a compaction relists and converges', async () => {
    const { admin, cp } = cluster;
    const counter = new RequestCounter();
    const client = cluster.clientThrough(proxy.url, { observe: counter.observe });
    const factory = new SharedInformerFactory(client, { namespace: ns, labelSelector: 'gone=yes' });
    const informer = factory.informerFor<KubeObject>(configMaps);
    const deleted: string[] = [];
    informer.addEventHandler({ onDelete: (o) => deleted.push(o.metadata.name!) });
    await admin.create(configMaps, ns, { metadata: { name: 'g-0', labels: { gone: 'yes' } } });
    factory.start();
    await factory.waitForCacheSync();
    await waitFor('the watch to be open', async () => (proxy.openWatches > 0 ? true : undefined), 20_000, 20);
    // Hold the next watch back while the world moves on and the history is compacted.
    const hold = proxy.addRule({ watch: true, fault: { type: 'delay', ms: 2000 }, times: 1 });
    proxy.dropWatches();
    await admin.create(configMaps, ns, { metadata: { name: 'g-1', labels: { gone: 'yes' } } });
    await admin.delete(configMaps, ns, 'g-0');
    const latest = await admin.list(configMaps, { namespace: ns });
    await compactEtcd(cp, latest.metadata.resourceVersion!);
    await waitFor(
      'the cache to converge',
      async () => (informer.store.listKeys().join() === `${ns}/g-1` ? true : undefined),
      30_000,
      20,
    );
    hold();
    assert.equal(counter.total({ verb: 'List' }), 2, 'relisted once, after the 410');
    assert.deepEqual(deleted, ['g-0'], 'the deletion missed by the watch is reported after the relist');
    await factory.stop();
  });
});
