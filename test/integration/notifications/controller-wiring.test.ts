// The controller's notifications: the rollout loop's Event recorder wrapped, settings read through
// the API client from the controller's namespace, and the sends counted in the controller's
// /metrics under Argo's names (notification_send_success / notification_send_error).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NotFoundError } from '../../../src/platform/kubernetes/client/errors.ts';
import { createControllerMetrics } from '../../../src/runtime/kubernetes/metrics/index.ts';
import { controllerNotifications } from '../../../src/runtime/kubernetes/notifications/wiring.ts';
import type { EventRecorder } from '../../../src/runtime/kubernetes/rollouts/event-recorder.ts';
import { type HttpReceiver, startHttpReceiver } from '../../support/notification-receivers.ts';

describe('the controller notifications', () => {
  let receiver: HttpReceiver;
  before(async () => {
    receiver = await startHttpReceiver();
    receiver.answer('/broken', () => ({ status: 500, body: 'no' }));
  });
  after(() => receiver.close());

  it('notifies from the recorded events with the ConfigMap of its namespace, and counts in /metrics', async () => {
    const reads: string[] = [];
    const client = {
      get: async (resource: { plural: string }, namespace: string, name: string) => {
        reads.push(`${resource.plural} ${namespace}/${name}`);
        if (resource.plural === 'configmaps' && namespace === 'argo-rollouts')
          return {
            metadata: { name, namespace },
            data: {
              'service.webhook.ok': `url: ${receiver.url}/ok`,
              'service.webhook.bad': `url: ${receiver.url}/broken`,
            },
          };
        throw new NotFoundError(404, { message: `${name} not found`, reason: 'NotFound' } as never);
      },
    };
    const recorded: string[] = [];
    const recorder: EventRecorder = { record: async (_object, event) => void recorded.push(event.reason) };
    const metrics = createControllerMetrics({ processMetrics: false });
    const notifications = controllerNotifications(client as never, recorder, metrics, {
      namespace: 'argo-rollouts',
      log: () => undefined,
    });
    const rollout = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: {
        name: 'web',
        namespace: 'shop',
        uid: 'u1',
        resourceVersion: '1',
        annotations: {
          'notifications.argoproj.io/subscribe.on-rollout-completed.ok': '',
          'notifications.argoproj.io/subscribe.on-rollout-completed.bad': '',
        },
      },
      spec: {},
    };
    await notifications.events.record(
      rollout as never,
      { type: 'Normal', reason: 'RolloutCompleted', message: 'done' },
      0,
    );
    assert.deepEqual(recorded, ['RolloutCompleted'], 'the Event is still recorded');
    await notifications.notifier.settled();
    // Three attempts of the broken receiver, with the default back-off, are not waited for here.
    await receiver.waitFor(1);
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
    assert.ok(reads.includes('configmaps argo-rollouts/argo-rollouts-notification-configmap'));
    notifications.close();
  });

  it("with self-service also reads the Rollout namespace's configuration, and patches the notified annotation on a change", async () => {
    const reads: string[] = [];
    const patches: unknown[] = [];
    const configMaps: Record<string, Record<string, string>> = {
      'argo-rollouts': {
        'service.webhook.ok': `url: ${receiver.url}/central`,
        'trigger.on-healthy': "- when: rollout.status.phase == 'Healthy'\n  send: [rollout-completed]",
      },
      shop: {
        'service.webhook.ok': `url: ${receiver.url}/shop`,
        'template.mine': 'message: shop says healthy',
        'trigger.on-healthy': "- when: rollout.status.phase == 'Healthy'\n  send: [mine]",
      },
    };
    const client = {
      get: async (resource: { plural: string }, namespace: string, name: string) => {
        reads.push(`${resource.plural} ${namespace}/${name}`);
        const data = resource.plural === 'configmaps' ? configMaps[namespace] : undefined;
        if (data) return { metadata: { name, namespace }, data };
        throw new NotFoundError(404, { message: `${name} not found`, reason: 'NotFound' } as never);
      },
      patch: async (_resource: unknown, namespace: string, name: string, patch: unknown) => {
        patches.push(patch);
        return { metadata: { name, namespace, resourceVersion: '3' } };
      },
    };
    const recorder: EventRecorder = { record: async () => undefined };
    const metrics = createControllerMetrics({ processMetrics: false });
    const notifications = controllerNotifications(client as never, recorder, metrics, {
      namespace: 'argo-rollouts',
      selfService: true,
      log: () => undefined,
      now: () => 7_000,
    });
    const rollout = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: {
        name: 'web',
        namespace: 'shop',
        resourceVersion: '2',
        annotations: {
          'notifications.argoproj.io/subscribe.on-healthy.ok': '',
          'notifications.argoproj.io/subscribe.on-rollout-completed.ok': '',
        },
      },
      spec: {},
      status: { phase: 'Healthy' },
    };
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
    assert.ok(reads.includes('configmaps shop/argo-rollouts-notification-configmap'));
    assert.equal(patches.length, 1);
    const annotation = (patches[0] as { metadata: { annotations: Record<string, string> } }).metadata.annotations[
      'notified.notifications.argoproj.io'
    ];
    assert.deepEqual(
      Object.keys(JSON.parse(annotation ?? '{}')).map((key) => key.split(':[0]')[0]),
      ['on-healthy', 'shop:on-healthy'],
    );
    // A change that arrives with the annotation written: nothing new is sent, nothing patched.
    notifications.rolloutHandlers.onUpdate?.(
      rollout as never,
      {
        ...rollout,
        metadata: {
          ...rollout.metadata,
          resourceVersion: '3',
          annotations: { ...rollout.metadata.annotations, 'notified.notifications.argoproj.io': annotation },
        },
      } as never,
    );
    // And one seen before the write landed (an older resourceVersion) is not sent twice either.
    notifications.rolloutHandlers.onUpdate?.(rollout as never, rollout as never);
    await notifications.notifier.settled();
    await notifications.dispatcher.idle();
    assert.equal(receiver.requests.length - before, 3);
    assert.equal(patches.length, 1);
    notifications.close();
  });
});
