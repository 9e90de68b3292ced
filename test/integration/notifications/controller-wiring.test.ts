// The controller's notifications: the rollout loop's Event recorder wrapped, settings kept by watches
// of the ConfigMap and Secret (the shared informers over an in-memory API), and the sends counted in
// the controller's /metrics under Argo's names (notification_send_success / notification_send_error).
// Reading the settings asks the API nothing: an edit reaches the next notification through the
// watch, and an Event recorded before the caches are filled waits for them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ForbiddenError } from '../../../src/platform/kubernetes/client/errors.ts';
import type { ListWatchClient } from '../../../src/platform/kubernetes/client/interfaces.ts';
import { coreResources, type ResourceType } from '../../../src/platform/kubernetes/client/resources.ts';
import { FakeKubeClient } from '../../../src/platform/kubernetes/fake/fake-client.ts';
import { SharedInformerFactory } from '../../../src/platform/kubernetes/informers/informer-factory.ts';
import { createControllerMetrics } from '../../../src/runtime/kubernetes/metrics/index.ts';
import { controllerNotifications } from '../../../src/runtime/kubernetes/notifications/wiring.ts';
import { argoResources } from '../../../src/runtime/kubernetes/resources.ts';
import type { EventRecorder } from '../../../src/runtime/kubernetes/rollouts/event-recorder.ts';
import { type HttpReceiver, startHttpReceiver } from '../../support/notification-receivers.ts';

const CONFIGMAP = 'argo-rollouts-notification-configmap';
const SECRET = 'argo-rollouts-notification-secret';

/**
 * The in-memory API, with every read it answers recorded ("get configmaps ns/name", "listAll secrets
 * ns metadata.name=..."); the first list of each kind in `refuse` is refused as RBAC would.
 */
function countedApi(refuse: string[] = []): { api: FakeKubeClient; reads: string[] } {
  const refusals = new Set(refuse);
  const fake = new FakeKubeClient();
  const reads: string[] = [];
  const api = new Proxy(fake, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const [resource, second] = args as [{ plural: string }, unknown];
        if (property === 'get') reads.push(`get ${resource.plural} ${String(second)}/${String(args[2])}`);
        if (property === 'listAll' || property === 'watch') {
          const scope = (second ?? {}) as { namespace?: string; fieldSelector?: string };
          reads.push(`${property} ${resource.plural} ${scope.namespace ?? '*'} ${scope.fieldSelector ?? ''}`.trim());
          if (property === 'listAll' && refusals.delete(resource.plural))
            return Promise.reject(
              new ForbiddenError(403, {
                message: `${resource.plural} is forbidden: User "system:serviceaccount:x:y" cannot list resource "${resource.plural}"`,
                reason: 'Forbidden',
              }),
            );
        }
        return value.apply(target, args);
      };
    },
  });
  return { api, reads };
}

function configMap(namespace: string, data: Record<string, string>) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: CONFIGMAP, namespace }, data };
}

function subscribed(namespace: string, annotations: Record<string, string>) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web', namespace, uid: 'u1', resourceVersion: '1', annotations },
    spec: {},
  };
}

/** The requests to a path `path` matches after the first `from`, once there are `count` of them. */
async function requestsTo(receiver: HttpReceiver, path: RegExp, from: number, count: number) {
  const matching = () => receiver.requests.slice(from).filter((request) => path.test(request.path));
  for (let total = receiver.requests.length; matching().length < count; total++) await receiver.waitFor(total + 1);
  return matching();
}

/** The paths of the edit test's webhook. */
const HOOK = /^\/(first|edited)\//;

const completed = { type: 'Normal', reason: 'RolloutCompleted', message: 'done' } as const;

describe('the controller notifications', () => {
  let receiver: HttpReceiver;
  before(async () => {
    receiver = await startHttpReceiver();
    receiver.answer('/broken', () => ({ status: 500, body: 'no' }));
  });
  after(() => receiver.close());

  it('notifies from the recorded events with the ConfigMap of its namespace, counts in /metrics, and GETs nothing', async () => {
    const { api, reads } = countedApi();
    await api.create(
      coreResources.configMaps,
      'argo-rollouts',
      configMap('argo-rollouts', {
        'service.webhook.ok': `url: ${receiver.url}/ok`,
        'service.webhook.bad': `url: ${receiver.url}/broken`,
      }),
    );
    // Another namespace's ConfigMap of the same name is not the controller's.
    await api.create(coreResources.configMaps, 'shop', configMap('shop', { 'service.webhook.ok': 'url: http://x/' }));
    const informers = new SharedInformerFactory(api as ListWatchClient);
    const recorded: string[] = [];
    const recorder: EventRecorder = { record: async (_object, event) => void recorded.push(event.reason) };
    const metrics = createControllerMetrics({ processMetrics: false });
    const notifications = controllerNotifications(api, informers, recorder, metrics, {
      namespace: 'argo-rollouts',
      log: () => undefined,
    });
    const rollout = subscribed('shop', {
      'notifications.argoproj.io/subscribe.on-rollout-completed.ok': '',
      'notifications.argoproj.io/subscribe.on-rollout-completed.bad': '',
    });
    const before = receiver.requests.length;
    // Recorded before the caches are filled: the notification waits for them.
    await notifications.events.record(rollout as never, completed, 0);
    informers.start();
    assert.ok(await informers.waitForCacheSync(AbortSignal.timeout(10_000)), 'the settings caches fill');
    assert.deepEqual(recorded, ['RolloutCompleted'], 'the Event is still recorded');
    await notifications.notifier.settled();
    // Three attempts of the broken receiver, with the default back-off, are not waited for here.
    await receiver.waitFor(before + 1);
    await notifications.dispatcher.idle();
    const text = metrics.render();
    assert.match(
      text,
      /notification_send_success\{namespace="shop",name="web",type="Normal",reason="RolloutCompleted"\} 1/,
    );
    assert.match(
      text,
      /notification_send_error\{namespace="shop",name="web",type="Normal",reason="RolloutCompleted"\} 1/,
    );
    // Many events: each notifies, and none reads the settings through the API.
    const many = 30;
    for (let i = 0; i < many; i++)
      await notifications.events.record(
        subscribed('shop', { 'notifications.argoproj.io/subscribe.on-rollout-completed.ok': '' }) as never,
        completed,
        i,
      );
    await notifications.notifier.settled();
    await requestsTo(receiver, /^\/ok$/, before, 1 + many);
    assert.deepEqual(
      reads.filter((read) => read.startsWith('get ')),
      [],
      'no GET of the ConfigMap or Secret',
    );
    assert.deepEqual(reads.filter((read) => read.startsWith('listAll ')).sort(), [
      `listAll configmaps argo-rollouts metadata.name=${CONFIGMAP}`,
      `listAll secrets argo-rollouts metadata.name=${SECRET}`,
    ]);
    notifications.close();
    await informers.stop();
  });

  it('sees an edit of the ConfigMap and of the Secret at the next notification, without a restart', async () => {
    const { api, reads } = countedApi();
    await api.create(
      coreResources.configMaps,
      'argo-rollouts',
      configMap('argo-rollouts', { 'service.webhook.hook': `url: ${receiver.url}/first/$path` }),
    );
    await api.create(coreResources.secrets, 'argo-rollouts', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: SECRET, namespace: 'argo-rollouts' },
      data: { path: Buffer.from('one').toString('base64') },
    });
    const informers = new SharedInformerFactory(api as ListWatchClient);
    const metrics = createControllerMetrics({ processMetrics: false });
    const notifications = controllerNotifications(api, informers, { record: async () => undefined }, metrics, {
      namespace: 'argo-rollouts',
      log: () => undefined,
      now: () => 0,
    });
    informers.start();
    assert.ok(await informers.waitForCacheSync(AbortSignal.timeout(10_000)));
    const rollout = subscribed('shop', { 'notifications.argoproj.io/subscribe.on-rollout-completed.hook': '' });
    const paths: string[] = [];
    const send = async (): Promise<void> => {
      const before = receiver.requests.length;
      await notifications.events.record(rollout as never, completed, 0);
      await notifications.notifier.settled();
      const [request] = await requestsTo(receiver, HOOK, before, 1);
      paths.push(request?.path ?? '');
    };
    /** Resolves when the settings' cache of `resource` holds the object at `resourceVersion` (undefined: holds none). */
    const delivered = (resource: ResourceType, name: string, resourceVersion: string | undefined) => {
      const informer = informers.informerFor(resource, {
        namespace: 'argo-rollouts',
        fieldSelector: `metadata.name=${name}`,
      });
      return new Promise<void>((resolve) => {
        const check = () => {
          if (informer.store.getByName('argo-rollouts', name)?.metadata.resourceVersion !== resourceVersion) return;
          remove();
          resolve();
        };
        const remove = informer.addEventHandler({ onAdd: check, onUpdate: check, onDelete: check });
        check();
      });
    };

    await send();
    const edited = await api.patch(coreResources.configMaps, 'argo-rollouts', CONFIGMAP, {
      data: { 'service.webhook.hook': `url: ${receiver.url}/edited/$path` },
    });
    await delivered(coreResources.configMaps, CONFIGMAP, edited.metadata.resourceVersion);
    await send();
    const secret = await api.patch(coreResources.secrets, 'argo-rollouts', SECRET, {
      data: { path: Buffer.from('two').toString('base64') },
    });
    await delivered(coreResources.secrets, SECRET, secret.metadata.resourceVersion);
    await send();
    await api.delete(coreResources.configMaps, 'argo-rollouts', CONFIGMAP);
    await delivered(coreResources.configMaps, CONFIGMAP, undefined);
    const before = receiver.requests.length;
    await notifications.events.record(rollout as never, completed, 0);
    await notifications.notifier.settled();
    await notifications.dispatcher.idle();
    assert.deepEqual(paths, ['/first/one', '/edited/one', '/edited/two']);
    assert.deepEqual(
      receiver.requests.slice(before).filter((request) => HOOK.test(request.path)),
      [],
      'without the ConfigMap nothing is sent',
    );
    assert.deepEqual(
      reads.filter((read) => read.startsWith('get ')),
      [],
    );
    notifications.close();
    await informers.stop();
  });

  it('logs a refused list of the settings with the object it concerns, lists again, and sends once filled', async () => {
    const { api } = countedApi(['configmaps']);
    await api.create(
      coreResources.configMaps,
      'argo-rollouts',
      configMap('argo-rollouts', { 'service.webhook.retried': `url: ${receiver.url}/retried` }),
    );
    const logged: string[] = [];
    const informers = new SharedInformerFactory(api as ListWatchClient, {
      onError: (error) => logged.push(`watch: ${error.message}`),
    });
    const metrics = createControllerMetrics({ processMetrics: false });
    const notifications = controllerNotifications(api, informers, { record: async () => undefined }, metrics, {
      namespace: 'argo-rollouts',
      log: (line) => logged.push(line),
    });
    informers.start();
    const before = receiver.requests.length;
    await notifications.events.record(
      subscribed('shop', { 'notifications.argoproj.io/subscribe.on-rollout-completed.retried': '' }) as never,
      completed,
      0,
    );
    assert.ok(await informers.waitForCacheSync(AbortSignal.timeout(10_000)), 'filled after the refusal');
    await notifications.notifier.settled();
    const [sent] = await requestsTo(receiver, /^\/retried$/, before, 1);
    assert.equal(sent?.body, 'Rollout web has been completed.');
    assert.deepEqual(
      logged.filter((line) => !line.endsWith(' sent')),
      [
        `watch: listing configmaps in namespace argo-rollouts matching metadata.name=${CONFIGMAP} failed: ` +
          'configmaps is forbidden: User "system:serviceaccount:x:y" cannot list resource "configmaps"',
      ],
    );
    notifications.close();
    await informers.stop();
  });

  it("with self-service also reads the Rollout namespace's configuration, and patches the notified annotation on a change", async () => {
    const { api, reads } = countedApi();
    await api.create(
      coreResources.configMaps,
      'argo-rollouts',
      configMap('argo-rollouts', {
        'service.webhook.ok': `url: ${receiver.url}/central`,
        'trigger.on-healthy': "- when: rollout.status.phase == 'Healthy'\n  send: [rollout-completed]",
      }),
    );
    await api.create(
      coreResources.configMaps,
      'shop',
      configMap('shop', {
        'service.webhook.ok': `url: ${receiver.url}/shop`,
        'template.mine': 'message: shop says healthy',
        'trigger.on-healthy': "- when: rollout.status.phase == 'Healthy'\n  send: [mine]",
      }),
    );
    const { resourceVersion: _unset, ...metadata } = subscribed('shop', {
      'notifications.argoproj.io/subscribe.on-healthy.ok': '',
      'notifications.argoproj.io/subscribe.on-rollout-completed.ok': '',
    }).metadata;
    const rollout = await api.create(argoResources.rollouts, 'shop', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata,
      spec: {},
      status: { phase: 'Healthy' },
    } as never);
    const informers = new SharedInformerFactory(api as ListWatchClient);
    const recorder: EventRecorder = { record: async () => undefined };
    const metrics = createControllerMetrics({ processMetrics: false });
    const notifications = controllerNotifications(api, informers, recorder, metrics, {
      namespace: 'argo-rollouts',
      selfService: true,
      log: () => undefined,
      now: () => 7_000,
    });
    informers.start();
    assert.ok(await informers.waitForCacheSync(AbortSignal.timeout(10_000)));
    const before = receiver.requests.length;
    // The event path: only the controller's configuration has Argo's catalog (on-rollout-completed).
    await notifications.events.record(rollout as never, { type: 'Normal', reason: 'RolloutCompleted', message: '' }, 0);
    // The state path: each configuration's on-healthy holds.
    notifications.rolloutHandlers.onAdd?.(rollout as never, 'shop/web');
    await notifications.notifier.settled();
    await notifications.dispatcher.idle();
    const got = receiver.requests
      .slice(before)
      .map((request) => `${request.path} ${request.body}`)
      .sort();
    assert.deepEqual(got, [
      '/central Rollout web has been completed.',
      '/central Rollout web has been completed.',
      '/shop shop says healthy',
    ]);
    // One watch of each object across the namespaces, by name; no GET.
    assert.deepEqual(reads.filter((read) => read.startsWith('listAll ') || read.startsWith('get ')).sort(), [
      `listAll configmaps * metadata.name=${CONFIGMAP}`,
      `listAll secrets * metadata.name=${SECRET}`,
    ]);
    const patches = api.actions.filter((action) => action.startsWith('patch'));
    assert.equal(patches.length, 1);
    const written = await api.get(argoResources.rollouts, 'shop', 'web');
    const annotation = written.metadata.annotations?.['notified.notifications.argoproj.io'];
    assert.deepEqual(
      Object.keys(JSON.parse(annotation ?? '{}')).map((key) => key.split(':[0]')[0]),
      ['on-healthy', 'shop:on-healthy'],
    );
    // A change that arrives with the annotation written: nothing new is sent, nothing patched.
    notifications.rolloutHandlers.onUpdate?.(rollout as never, written as never);
    // And one seen before the write landed (an older resourceVersion) is not sent twice either.
    notifications.rolloutHandlers.onUpdate?.(rollout as never, rollout as never);
    await notifications.notifier.settled();
    await notifications.dispatcher.idle();
    assert.equal(receiver.requests.length - before, 3);
    assert.equal(api.actions.filter((action) => action.startsWith('patch')).length, 1);
    notifications.close();
    await informers.stop();
  });
});
