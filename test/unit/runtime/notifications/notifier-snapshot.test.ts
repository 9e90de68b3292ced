// The notifier copies a Rollout for the work it does later (after notify or observe returned) only
// when a configuration could send: a namespace known to have no notification ConfigMap costs no
// copy per Event or per change; with a ConfigMap the copy is taken, so a later change of the
// object does not reach a notification of an earlier event.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import type { NotificationDispatcher } from '../../../../src/runtime/notifications/dispatcher.ts';
import type { Outgoing } from '../../../../src/notifications/notify.ts';
import { type NotificationSettings, RolloutNotifier } from '../../../../src/runtime/notifications/notifier.ts';

const configMap = {
  'service.webhook.hook': 'url: http://127.0.0.1:1/hook',
  'template.completed': 'message: "image {{(index .rollout.spec.template.spec.containers 0).image}}"',
  'trigger.on-rollout-completed': '- send: [completed]',
};

function rollout(): Rollout {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name: 'web',
      namespace: 'shop',
      uid: 'u1',
      resourceVersion: '5',
      annotations: { 'notifications.argoproj.io/subscribe.on-rollout-completed.hook': '' },
    },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { spec: { containers: [{ name: 'app', image: 'app:1' }] } },
      strategy: { canary: {} },
    },
  };
}

describe('RolloutNotifier copies', () => {
  const original = globalThis.structuredClone;
  let copies = 0;
  beforeEach(() => {
    copies = 0;
    globalThis.structuredClone = <T>(value: T, options?: Parameters<typeof structuredClone>[1]): T => {
      copies += 1;
      return original(value, options);
    };
  });
  afterEach(() => {
    globalThis.structuredClone = original;
  });

  function makeNotifier(settings: NotificationSettings): { notifier: RolloutNotifier; sent: Outgoing[] } {
    const sent: Outgoing[] = [];
    const dispatcher = { enqueue: (outgoing: readonly Outgoing[]) => sent.push(...outgoing) };
    const notifier = new RolloutNotifier({
      settings: () => [{ scope: { namespace: 'argo-rollouts', selfService: false }, settings }],
      // The notifier only enqueues: the sends themselves are not what this test is about.
      dispatcher: dispatcher as unknown as NotificationDispatcher,
      log: () => undefined,
      writeNotified: async () => undefined,
    });
    return { notifier, sent };
  }

  const completed = { type: 'Normal' as const, reason: 'RolloutCompleted', message: 'done' };

  it('copies nothing once it knows the namespace has no notification ConfigMap', async () => {
    const { notifier, sent } = makeNotifier({ configMap: undefined, secret: undefined });
    const web = rollout();
    notifier.notify(web, completed, 0);
    await notifier.settled();
    const afterFirst = copies;
    for (let i = 0; i < 10; i += 1) {
      notifier.notify(web, completed, 0);
      notifier.observe(web, 0);
    }
    await notifier.settled();
    assert.equal(copies - afterFirst, 0, 'Events and changes of an unconfigured namespace copied the Rollout');
    assert.deepEqual(sent, []);
  });

  it('with a ConfigMap, copies nothing for an Event no trigger of it sends anywhere for this Rollout', async () => {
    const { notifier, sent } = makeNotifier({ configMap, secret: undefined });
    const web = rollout();
    const paused = { type: 'Normal' as const, reason: 'RolloutPaused', message: 'Rollout is paused (CanaryPauseStep)' };
    notifier.notify(web, paused, 0);
    await notifier.settled();
    const afterFirst = copies;
    // Subscribed to on-rollout-completed only: a pause goes nowhere, and neither does any Event of a Rollout without subscriptions.
    const unsubscribed = { ...web, metadata: { ...web.metadata, annotations: {} } };
    for (let i = 0; i < 10; i += 1) {
      notifier.notify(web, paused, 0);
      notifier.notify(unsubscribed, completed, 0);
    }
    await notifier.settled();
    assert.equal(copies - afterFirst, 0, `${copies - afterFirst} copies for Events sent nowhere`);
    notifier.notify(web, completed, 0);
    await notifier.settled();
    assert.equal(copies - afterFirst, 1, 'the subscribed trigger still gets its copy');
    assert.equal(sent.length, 1);
  });

  it('with a ConfigMap, a notification shows the Rollout as it was when the event was recorded', async () => {
    const { notifier, sent } = makeNotifier({ configMap, secret: undefined });
    const web = rollout();
    notifier.notify(web, completed, 0);
    await notifier.settled();
    notifier.notify(web, completed, 0);
    // The object changes after the event, before the notifier handles it.
    const container = web.spec.template?.spec?.containers?.[0];
    assert.ok(container);
    container.image = 'app:2';
    await notifier.settled();
    assert.ok(copies >= 2, `${copies} copies`);
    assert.deepEqual(
      sent.map((outgoing) => outgoing.notification?.['message']),
      ['image app:1', 'image app:1'],
    );
  });
});
