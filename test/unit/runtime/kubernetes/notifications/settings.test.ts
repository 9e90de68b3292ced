// The controller's notification settings from caches: which namespaces are watched, how the two
// objects become settings, and how a read finds them (after the caches are filled, the same
// object while nothing changed, none for a namespace no cache covers).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ObjectStore } from '../../../../../src/platform/kubernetes/informers/object-store.ts';
import {
  type DataObject,
  notificationScopes,
  notificationSettingsOf,
  type ObjectCache,
  WatchedNotificationSettings,
} from '../../../../../src/runtime/kubernetes/notifications/settings.ts';

const CONFIGMAP = 'argo-rollouts-notification-configmap';
const SECRET = 'argo-rollouts-notification-secret';

function object(namespace: string, name: string, fields: Partial<DataObject>, resourceVersion = '1'): DataObject {
  return { apiVersion: 'v1', metadata: { namespace, name, resourceVersion }, ...fields } as DataObject;
}

/** A cache filled when `fill` is called (or at once), as an informer's after its first list. */
function cache(
  objects: DataObject[],
  filled = true,
): ObjectCache<DataObject> & { fill(): void; store: ObjectStore<DataObject> } {
  const store = new ObjectStore<DataObject>();
  for (const item of objects) store.upsert(item);
  let synced = filled;
  const waiters: ((value: boolean) => void)[] = [];
  return {
    store,
    fill() {
      synced = true;
      for (const resolve of waiters.splice(0)) resolve(true);
    },
    waitForSync(signal) {
      if (synced) return Promise.resolve(true);
      return new Promise((resolve) => {
        waiters.push(resolve);
        signal?.addEventListener('abort', () => resolve(false), { once: true });
      });
    },
  };
}

describe('notificationScopes', () => {
  it("watches the controller's namespace only, without self-service", () => {
    assert.deepEqual(notificationScopes({ controllerNamespace: 'argo-rollouts' }), ['argo-rollouts']);
    assert.deepEqual(notificationScopes({ controllerNamespace: 'argo-rollouts', watchedNamespace: 'shop' }), [
      'argo-rollouts',
    ]);
  });

  it('with self-service watches every namespace the controller reconciles, each once', () => {
    assert.deepEqual(notificationScopes({ controllerNamespace: 'argo-rollouts', selfService: true }), [undefined]);
    assert.deepEqual(
      notificationScopes({ controllerNamespace: 'argo-rollouts', watchedNamespace: '', selfService: true }),
      [undefined],
    );
    assert.deepEqual(
      notificationScopes({ controllerNamespace: 'argo-rollouts', watchedNamespace: 'shop', selfService: true }),
      ['argo-rollouts', 'shop'],
    );
    assert.deepEqual(notificationScopes({ controllerNamespace: 'shop', watchedNamespace: 'shop', selfService: true }), [
      'shop',
    ]);
  });
});

describe('notificationSettingsOf', () => {
  it("keeps the ConfigMap's data and decodes the Secret's", () => {
    const settings = notificationSettingsOf(
      object('ns', CONFIGMAP, { data: { 'service.webhook.hook': 'url: http://x/$path' } }),
      object('ns', SECRET, {
        data: { path: Buffer.from('hooks/é').toString('base64') },
        stringData: { plain: 'as is', path: 'overridden' },
      }),
    );
    assert.deepEqual(settings, {
      configMap: { 'service.webhook.hook': 'url: http://x/$path' },
      secret: { plain: 'as is', path: 'hooks/é' },
    });
  });

  it('reads a missing object as none, and one without data as empty', () => {
    assert.deepEqual(notificationSettingsOf(undefined, undefined), { configMap: undefined, secret: undefined });
    assert.deepEqual(notificationSettingsOf(object('ns', CONFIGMAP, {}), undefined), {
      configMap: {},
      secret: undefined,
    });
    assert.deepEqual(notificationSettingsOf(undefined, object('ns', SECRET, {})), {
      configMap: undefined,
      secret: {},
    });
  });
});

describe('WatchedNotificationSettings', () => {
  it('reads only once the caches are filled', async () => {
    const configMaps = cache([object('argo-rollouts', CONFIGMAP, { data: { a: '1' } })], false);
    const secrets = cache([], false);
    const settings = new WatchedNotificationSettings([{ namespace: 'argo-rollouts', configMaps, secrets }]);
    let read: unknown;
    const reading = settings.read('argo-rollouts').then((value) => {
      read = value;
    });
    configMaps.fill();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(read, undefined, 'not before the Secret cache is filled too');
    secrets.fill();
    await reading;
    assert.deepEqual(read, { configMap: { a: '1' }, secret: undefined });
  });

  it('gives the same object while neither object changes, a new one after a change', async () => {
    const configMaps = cache([object('argo-rollouts', CONFIGMAP, { data: { a: '1' } })]);
    const secrets = cache([object('argo-rollouts', SECRET, { stringData: { s: 'x' } })]);
    const settings = new WatchedNotificationSettings([{ namespace: 'argo-rollouts', configMaps, secrets }]);
    const first = await settings.read('argo-rollouts');
    assert.equal(await settings.read('argo-rollouts'), first);
    configMaps.store.upsert(object('argo-rollouts', CONFIGMAP, { data: { a: '2' } }, '2'));
    const second = await settings.read('argo-rollouts');
    assert.notEqual(second, first);
    assert.deepEqual(second, { configMap: { a: '2' }, secret: { s: 'x' } });
    secrets.store.remove('argo-rollouts/' + SECRET);
    assert.deepEqual(await settings.read('argo-rollouts'), { configMap: { a: '2' }, secret: undefined });
  });

  it('finds a namespace in its own cache, else in the all-namespaces one, else reads none', async () => {
    const own = new WatchedNotificationSettings([
      {
        namespace: 'argo-rollouts',
        configMaps: cache([object('argo-rollouts', CONFIGMAP, { data: { c: '1' } })]),
        secrets: cache([]),
      },
      { namespace: 'shop', configMaps: cache([object('shop', CONFIGMAP, { data: { s: '1' } })]), secrets: cache([]) },
    ]);
    assert.deepEqual((await own.read('shop')).configMap, { s: '1' });
    assert.deepEqual((await own.read('argo-rollouts')).configMap, { c: '1' });
    assert.deepEqual(await own.read('elsewhere'), { configMap: undefined, secret: undefined });
    const all = new WatchedNotificationSettings([
      {
        namespace: undefined,
        configMaps: cache([
          object('argo-rollouts', CONFIGMAP, { data: { c: '1' } }),
          object('shop', CONFIGMAP, { data: { s: '1' } }),
        ]),
        secrets: cache([]),
      },
    ]);
    assert.deepEqual((await all.read('shop')).configMap, { s: '1' });
    assert.deepEqual((await all.read('argo-rollouts')).configMap, { c: '1' });
    assert.deepEqual((await all.read('elsewhere')).configMap, undefined);
  });

  it('answers a read waiting for an unfilled cache with no settings once closed', async () => {
    const settings = new WatchedNotificationSettings([
      {
        namespace: 'argo-rollouts',
        configMaps: cache([object('argo-rollouts', CONFIGMAP, { data: {} })], false),
        secrets: cache([]),
      },
    ]);
    const reading = settings.read('argo-rollouts');
    settings.close();
    assert.deepEqual(await reading, { configMap: undefined, secret: undefined });
  });
});
