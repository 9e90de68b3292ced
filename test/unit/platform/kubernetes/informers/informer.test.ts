import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../../../src/platform/kubernetes/client/objects.ts';
import { Informer, type EventHandlers } from '../../../../../src/platform/kubernetes/informers/informer.ts';
import { labelIndex, ownerUidIndex } from '../../../../../src/platform/kubernetes/informers/object-store.ts';
import { withoutManagedFields } from '../../../../../src/platform/kubernetes/informers/transforms.ts';
import { FakeTimers, settle } from '../../../runtime/kubernetes/support/fake-timers.ts';
import { FakeListWatcher, gone, obj, reset } from './fake-list-watcher.ts';

function recorder(): { log: string[]; handlers: EventHandlers<KubeObject> } {
  const log: string[] = [];
  const rv = (o: KubeObject) => `${o.metadata.name}@${o.metadata.resourceVersion}`;
  return {
    log,
    handlers: {
      onAdd: (o) => log.push(`add ${rv(o)}`),
      onUpdate: (a, b) => log.push(`update ${rv(a)}->${rv(b)}`),
      onDelete: (o) => log.push(`delete ${rv(o)}`),
    },
  };
}

async function started(options: { resyncPeriodMs?: number } = {}) {
  const timers = new FakeTimers();
  const api = new FakeListWatcher();
  const errors: Error[] = [];
  const informer = new Informer<KubeObject>(api, {
    timers,
    random: () => 0,
    onError: (e) => errors.push(e),
    ...options,
  });
  const { log, handlers } = recorder();
  informer.addEventHandler(handlers);
  return { timers, api, informer, log, errors };
}

describe('Informer', () => {
  it('lists, fills the cache, is synced, then watches from the list resourceVersion', async () => {
    const { api, informer, log } = await started();
    api.listAnswers.push({ items: [obj('a', '5'), obj('b', '6')], resourceVersion: '7' });
    assert.equal(informer.hasSynced(), false);
    informer.start();
    assert.equal(await informer.waitForSync(), true);
    await settle();
    assert.deepEqual(log, ['add a@5', 'add b@6']);
    assert.equal(informer.store.getByName('demo', 'a')?.metadata.resourceVersion, '5');
    assert.equal(api.lastWatch.resourceVersion, '7');
    await informer.stop();
    assert.equal(api.lastWatch.stopped, true, 'the watch is closed on stop');
  });

  it('applies ADDED, MODIFIED and DELETED events to the cache and the handlers', async () => {
    const { api, informer, log } = await started();
    api.listAnswers.push({ items: [obj('a', '5')], resourceVersion: '7' });
    informer.start();
    await settle();
    api.lastWatch.emit({ type: 'ADDED', object: obj('b', '8') });
    api.lastWatch.emit({ type: 'MODIFIED', object: obj('a', '9') });
    api.lastWatch.emit({ type: 'DELETED', object: obj('b', '10') });
    assert.deepEqual(log, ['add a@5', 'add b@8', 'update a@5->a@9', 'delete b@10']);
    assert.deepEqual(informer.store.listKeys(), ['demo/a']);
    assert.equal(informer.lastSyncResourceVersion, '10');
    await informer.stop();
  });

  it('a bookmark moves the resourceVersion; a closed stream is watched again from there', async () => {
    const { api, informer, timers } = await started();
    api.listAnswers.push({ items: [], resourceVersion: '7' });
    informer.start();
    await settle();
    api.lastWatch.emit({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '42' } } });
    await timers.advance(5000); // the watch lived long enough to count as healthy
    api.lastWatch.close();
    await settle();
    assert.equal(api.watches.length, 2);
    assert.equal(api.lastWatch.resourceVersion, '42');
    assert.equal(api.listCalls, 1, 'no relist');
    await informer.stop();
  });

  it('an ERROR 410 event relists at once and reconciles the cache: deletes, updates and adds', async () => {
    const { api, informer, log } = await started();
    api.listAnswers.push({ items: [obj('a', '5'), obj('b', '6'), obj('c', '6')], resourceVersion: '7' });
    informer.start();
    await settle();
    api.listAnswers.push({ items: [obj('a', '5'), obj('b', '20'), obj('d', '21')], resourceVersion: '30' });
    api.lastWatch.emit({
      type: 'ERROR',
      object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 7 (25)' },
    });
    await settle();
    assert.equal(api.listCalls, 2);
    assert.deepEqual(log.slice(3), ['update b@6->b@20', 'add d@21', 'delete c@6']);
    assert.equal(api.lastWatch.resourceVersion, '30');
    assert.deepEqual(informer.store.listKeys().sort(), ['demo/a', 'demo/b', 'demo/d']);
    await informer.stop();
  });

  it('a watch refused with 410 Gone relists', async () => {
    const { api, informer } = await started();
    api.watchAnswers.push(gone());
    informer.start();
    await settle();
    assert.equal(api.listCalls, 2);
    await informer.stop();
  });

  it('410s in a row before any event are retried with a back-off, not in a tight loop', async () => {
    const { api, informer, timers } = await started();
    api.watchAnswers.push(gone(), gone(), gone());
    informer.start();
    await settle();
    assert.equal(api.listCalls, 2, 'the first 410 relists at once');
    await timers.advance(799);
    assert.equal(api.listCalls, 2, 'the second waits');
    await timers.advance(1);
    assert.equal(api.listCalls, 3);
    await timers.advance(1600);
    assert.equal(api.listCalls, 4);
    await informer.stop();
  });

  it('a broken connection is watched again from the same resourceVersion after a back-off, without relisting', async () => {
    const { api, informer, timers, errors } = await started();
    api.listAnswers.push({ items: [], resourceVersion: '7' });
    api.watchAnswers.push('open', reset(), reset());
    informer.start();
    await settle();
    api.lastWatch.emit({ type: 'ADDED', object: obj('a', '8') });
    api.lastWatch.fail(reset());
    await settle();
    assert.equal(api.watches.length, 1, 'waits before watching again');
    await timers.advance(800);
    assert.equal(api.watches.length, 2);
    await timers.advance(1600);
    assert.equal(api.watches.length, 3);
    await timers.advance(3200);
    assert.equal(api.watches.length, 4);
    assert.deepEqual(
      api.watches.map((w) => w.resourceVersion),
      ['7', '8', '8', '8'],
    );
    assert.equal(api.listCalls, 1);
    assert.equal(errors.length, 3);
    assert.match(errors[0]!.message, /^watching configmaps in namespace demo failed: socket hang up/);
    await informer.stop();
  });

  it('a watch that broke after delivering events starts its back-off over', async () => {
    const { api, informer, timers } = await started();
    api.watchAnswers.push('open', reset(), 'open');
    informer.start();
    await settle();
    api.lastWatch.fail(reset());
    await timers.advance(800);
    await timers.advance(1600);
    assert.equal(api.watches.length, 3, 'two failures: 800 ms then 1.6 s');
    api.lastWatch.emit({ type: 'ADDED', object: obj('a', '8') });
    api.lastWatch.fail(reset());
    await timers.advance(800);
    assert.equal(api.watches.length, 4, 'progress was made: back to 800 ms');
    await informer.stop();
  });

  it('a watch that closes at once without events backs off instead of spinning', async () => {
    const { api, informer, timers } = await started();
    informer.start();
    await settle();
    api.lastWatch.close();
    await settle();
    assert.equal(api.watches.length, 1);
    await timers.advance(800);
    assert.equal(api.watches.length, 2);
    await informer.stop();
  });

  it('a failed list is retried after a back-off; not synced meanwhile', async () => {
    const { api, informer, timers, errors } = await started();
    api.listAnswers.push(reset(), { items: [obj('a', '1')], resourceVersion: '2' });
    informer.start();
    await settle();
    assert.equal(informer.hasSynced(), false);
    assert.match(errors[0]!.message, /^listing configmaps in namespace demo failed/);
    await timers.advance(800);
    assert.equal(informer.hasSynced(), true);
    await informer.stop();
  });

  it('stop() while waiting on a back-off leaves no timer behind', async () => {
    const { api, informer, timers } = await started();
    api.listAnswers.push(reset());
    informer.start();
    await settle();
    assert.equal(timers.pendingCount, 1);
    await informer.stop();
    assert.equal(timers.pendingCount, 0);
  });

  it('a throwing handler is reported and does not keep others from their events', async () => {
    const { api, informer, log, errors } = await started();
    informer.addEventHandler({
      onAdd: () => {
        throw new Error('handler bug');
      },
    });
    api.listAnswers.push({ items: [obj('a', '1')], resourceVersion: '2' });
    informer.start();
    await settle();
    assert.deepEqual(log, ['add a@1']);
    assert.match(errors[0]!.message, /an event handler of configmaps in namespace demo failed: handler bug/);
    await informer.stop();
  });

  it('a handler added after sync gets the cached objects as adds; its remover detaches it', async () => {
    const { api, informer } = await started();
    api.listAnswers.push({ items: [obj('a', '1'), obj('b', '2')], resourceVersion: '3' });
    informer.start();
    await informer.waitForSync();
    const late = recorder();
    const remove = informer.addEventHandler(late.handlers);
    assert.deepEqual(late.log, ['add a@1', 'add b@2']);
    remove();
    await settle();
    api.lastWatch.emit({ type: 'ADDED', object: obj('c', '4') });
    assert.deepEqual(late.log, ['add a@1', 'add b@2']);
    await informer.stop();
  });

  it('resyncs every period with onUpdate(object, object)', async () => {
    const { api, informer, log, timers } = await started({ resyncPeriodMs: 30_000 });
    api.listAnswers.push({ items: [obj('a', '1')], resourceVersion: '3' });
    informer.start();
    await settle();
    await timers.advance(30_000);
    await timers.advance(30_000);
    assert.deepEqual(log, ['add a@1', 'update a@1->a@1', 'update a@1->a@1']);
    await informer.stop();
  });

  it('waitForSync resolves false when aborted first', async () => {
    const { informer } = await started();
    const abort = new AbortController();
    const waiting = informer.waitForSync(abort.signal);
    abort.abort();
    assert.equal(await waiting, false);
  });

  it('indexes by owner uid and by a label', async () => {
    const timers = new FakeTimers();
    const api = new FakeListWatcher();
    const informer = new Informer<KubeObject>(api, { timers, indexes: labelIndex('rollouts-pod-template-hash') });
    const owner = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web', uid: 'u-1', controller: true };
    api.listAnswers.push({
      items: [
        obj('web-aaa', '1', { ownerReferences: [owner], labels: { 'rollouts-pod-template-hash': 'aaa' } }),
        obj('web-bbb', '2', { ownerReferences: [owner], labels: { 'rollouts-pod-template-hash': 'bbb' } }),
        obj('other', '3'),
      ],
      resourceVersion: '4',
    });
    informer.start();
    await informer.waitForSync();
    const names = (objects: KubeObject[]) => objects.map((o) => o.metadata.name).sort();
    assert.deepEqual(names(informer.store.byIndex(ownerUidIndex, 'u-1')), ['web-aaa', 'web-bbb']);
    assert.deepEqual(names(informer.store.byIndex('label:rollouts-pod-template-hash', 'bbb')), ['web-bbb']);
    await settle();
    api.lastWatch.emit({
      type: 'MODIFIED',
      object: obj('web-bbb', '5', { labels: { 'rollouts-pod-template-hash': 'ccc' } }),
    });
    assert.deepEqual(informer.store.byIndex('label:rollouts-pod-template-hash', 'bbb'), []);
    assert.deepEqual(names(informer.store.byIndex(ownerUidIndex, 'u-1')), ['web-aaa']);
    assert.throws(() => informer.store.byIndex('nope', 'x'), /no index named nope/);
    await informer.stop();
  });

  it('caches and hands out objects as its transform leaves them, from the list and from the watch', async () => {
    const timers = new FakeTimers();
    const api = new FakeListWatcher();
    const informer = new Informer<KubeObject>(api, { timers, transform: withoutManagedFields });
    const managed = { managedFields: [{ manager: 'kubectl', operation: 'Apply' }] };
    const seen: KubeObject[] = [];
    informer.addEventHandler({ onAdd: (o) => seen.push(o), onUpdate: (_a, b) => seen.push(b) });
    api.listAnswers.push({ items: [obj('a', '1', managed)], resourceVersion: '2' });
    informer.start();
    await informer.waitForSync();
    await settle();
    api.lastWatch.emit({ type: 'MODIFIED', object: obj('a', '3', { ...managed, labels: { kept: 'yes' } }) });
    assert.equal(seen.length, 2);
    for (const object of [...seen, informer.store.getByName('demo', 'a')!])
      assert.equal('managedFields' in object.metadata, false);
    assert.equal(
      informer.store.getByName('demo', 'a')?.metadata.labels?.['kept'],
      'yes',
      'the rest of the object is kept',
    );
    await informer.stop();
  });
});
