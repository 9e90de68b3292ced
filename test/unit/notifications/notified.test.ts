// The state path of notifications (notifications/notified.ts), as the notifications engine's
// controller runs it: a `when` that newly holds sends once and is remembered in the
// notified.notifications.argoproj.io annotation; `oncePer` sends once per distinct value.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { parseNotificationConfig } from '../../../src/notifications/config.ts';
import {
  NOTIFIED_ANNOTATION,
  notificationsForState,
  readNotifiedState,
  runTrigger,
  writeNotifiedState,
  type ConfigScope,
} from '../../../src/notifications/notified.ts';
import { conditionVariables } from '../../../src/notifications/notify.ts';
import { sha1Base64Url } from '../../../src/notifications/sha1.ts';

const controllerScope: ConfigScope = { namespace: 'argo-rollouts', selfService: false };

test('sha1Base64Url is base64url(sha1) of the UTF-8 bytes, as node:crypto computes it', () => {
  for (let length = 0; length < 200; length++) {
    const text = randomBytes(length).toString('latin1') + (length % 3 === 0 ? 'é✓' : '');
    assert.equal(sha1Base64Url(text), createHash('sha1').update(text, 'utf8').digest('base64url'), `length ${length}`);
  }
});

test('a condition is keyed [index].sha1(when); without `when` it never holds on this path', () => {
  const results = runTrigger(
    [{ send: ['a'] }, { send: ['b'], when: 'rollout.x == 1.0', oncePer: 'rollout.y' }],
    { rollout: { x: 1, y: 'v7' } },
    0,
  );
  assert.deepEqual(results, [
    {
      key: `[0].${createHash('sha1').update('').digest('base64url')}`,
      oncePer: '',
      templates: ['a'],
      triggered: false,
    },
    {
      key: `[1].${createHash('sha1').update('rollout.x == 1.0').digest('base64url')}`,
      oncePer: 'v7',
      templates: ['b'],
      triggered: true,
    },
  ]);
});

test('oncePer is not evaluated when `when` does not hold, and renders as Go %v', () => {
  const problems: string[] = [];
  const [off] = runTrigger([{ send: [], when: 'false', oncePer: 'rollout.missing.deeper' }], { rollout: {} }, 0, (p) =>
    problems.push(p),
  );
  assert.equal(off?.oncePer, '');
  assert.deepEqual(problems, []);
  const [number] = runTrigger([{ send: [], when: 'true', oncePer: 'rollout.n' }], { rollout: { n: 1000000 } }, 0);
  assert.equal(number?.oncePer, '1e+06');
  const [nil] = runTrigger([{ send: [], when: 'true', oncePer: 'rollout.none' }], { rollout: {} }, 0);
  assert.equal(nil?.oncePer, '<nil>');
});

function config(trigger: string) {
  const parsed = parseNotificationConfig({
    'service.webhook.hook': 'url: http://127.0.0.1:1/',
    'template.done': 'message: "{{.rollout.metadata.name}} is {{.rollout.status.phase}}"',
    'trigger.on-healthy': trigger,
  });
  assert.deepEqual(parsed.problems, []);
  return parsed;
}

function rollout(phase: string, revision: string, notified?: string) {
  return {
    metadata: {
      name: 'demo',
      namespace: 'team',
      annotations: {
        'notifications.argoproj.io/subscribe.on-healthy.hook': 'ops',
        'rollout.argoproj.io/revision': revision,
        ...(notified === undefined ? {} : { [NOTIFIED_ANNOTATION]: notified }),
      },
    },
    status: { phase },
  };
}

test('a `when` sends once while it holds, and again after it stopped holding', () => {
  const cfg = config("- when: rollout.status.phase == 'Healthy'\n  send: [done]\n");
  const key = `on-healthy:[0].${sha1Base64Url("rollout.status.phase == 'Healthy'")}:hook:ops`;
  const first = notificationsForState(rollout('Healthy', '1'), cfg, {}, 5_000, controllerScope);
  assert.equal(first.outgoing.length, 1);
  assert.equal(first.outgoing[0]?.notification?.message, 'demo is Healthy');
  assert.equal(first.annotation, JSON.stringify({ [key]: 5 }));
  assert.equal(first.changed, true);

  const again = notificationsForState(rollout('Healthy', '1', first.annotation), cfg, {}, 9_000, controllerScope);
  assert.equal(again.outgoing.length, 0);
  assert.equal(again.changed, false);

  const degraded = notificationsForState(rollout('Degraded', '1', first.annotation), cfg, {}, 9_000, controllerScope);
  assert.equal(degraded.outgoing.length, 0);
  assert.equal(degraded.annotation, undefined, 'the entry is forgotten once the condition no longer holds');
  assert.equal(degraded.changed, true);

  const healthyAgain = notificationsForState(rollout('Healthy', '1'), cfg, {}, 12_000, controllerScope);
  assert.equal(healthyAgain.outgoing.length, 1);
});

test('oncePer: one notification per distinct value, remembered when the condition stops holding', () => {
  const cfg = config(
    "- when: rollout.status.phase == 'Healthy'\n  oncePer: rollout.metadata.annotations['rollout.argoproj.io/revision']\n  send: [done]\n",
  );
  const first = notificationsForState(rollout('Healthy', '1'), cfg, {}, 1_000, controllerScope);
  assert.equal(first.outgoing.length, 1);
  assert.match(first.annotation ?? '', /^\{"1:on-healthy:\[0\]\.[\w-]+:hook:ops":1\}$/);

  const progressing = notificationsForState(
    rollout('Progressing', '1', first.annotation),
    cfg,
    {},
    2_000,
    controllerScope,
  );
  assert.equal(progressing.annotation, first.annotation, 'an oncePer entry is never unmarked');
  const healthySameRevision = notificationsForState(
    rollout('Healthy', '1', first.annotation),
    cfg,
    {},
    3_000,
    controllerScope,
  );
  assert.equal(healthySameRevision.outgoing.length, 0);

  const nextRevision = notificationsForState(
    rollout('Healthy', '2', first.annotation),
    cfg,
    {},
    4_000,
    controllerScope,
  );
  assert.equal(nextRevision.outgoing.length, 1);
  assert.deepEqual(
    [...readNotifiedState(nextRevision.annotation).keys()].map((k) => k.split(':')[0]),
    ['1', '2'],
  );
});

test("a namespace's own configuration keys its entries with the namespace", () => {
  const cfg = config("- when: 'true'\n  send: [done]\n");
  const outcome = notificationsForState(rollout('Healthy', '1'), cfg, {}, 1_000, {
    namespace: 'team',
    selfService: true,
  });
  assert.match(outcome.annotation ?? '', /^\{"team:on-healthy:\[0\]/);
});

test('a trigger the configuration lacks is reported, and the rest still runs', () => {
  const cfg = config("- when: 'true'\n  send: [done]\n");
  const object = rollout('Healthy', '1');
  (object.metadata.annotations as Record<string, string>)['notifications.argoproj.io/subscribe.on-missing.hook'] =
    'ops';
  const outcome = notificationsForState(object, cfg, {}, 1_000, controllerScope);
  assert.equal(outcome.outgoing.length, 1);
  assert.deepEqual(outcome.problems, ["trigger 'on-missing' is not configured (namespace argo-rollouts)"]);
});

test('the annotation keeps the newest 100 entries, keys sorted, with <, > and & escaped as encoding/json does', () => {
  const state = new Map<string, number>();
  for (let i = 0; i < 105; i++) state.set(`k${String(i).padStart(3, '0')}`, 1000 + i);
  state.set('<nil>:a&b', 5000);
  const written = writeNotifiedState(state) ?? '';
  const parsed = JSON.parse(written) as Record<string, number>;
  assert.equal(Object.keys(parsed).length, 100);
  assert.equal(parsed.k000, undefined, 'the oldest go first');
  assert.equal(parsed.k105, undefined);
  assert.equal(parsed.k104, 1104);
  assert.ok(written.startsWith('{"\\u003cnil\\u003e:a\\u0026b":5000,'), written.slice(0, 40));
  assert.deepEqual(Object.keys(parsed), Object.keys(parsed).sort());
  assert.deepEqual(readNotifiedState('not json'), new Map());
  assert.equal(writeNotifiedState(new Map()), undefined);
});

test('a `when` on time.Now() and time.Parse() holds once the time has come, as the engine runs it', () => {
  // The common "stuck for five minutes" trigger: the status's time read as RFC 3339, minutes since.
  const cfg = config(
    "- when: rollout.status.phase == 'Healthy' && time.Now().Sub(time.Parse(rollout.status.since)).Minutes() > 5\n  send: [done]\n",
  );
  const since = Date.parse('2026-12-07T10:00:00Z');
  const at = (status: Record<string, unknown>) => ({
    ...rollout('Healthy', '1'),
    status: { phase: 'Healthy', ...status },
  });
  const early = notificationsForState(
    at({ since: '2026-12-07T12:00:00+02:00' }),
    cfg,
    {},
    since + 299_000,
    controllerScope,
  );
  assert.equal(early.outgoing.length, 0, 'four minutes and 59 seconds are not more than five minutes');
  const late = notificationsForState(
    at({ since: '2026-12-07T12:00:00+02:00' }),
    cfg,
    {},
    since + 301_000,
    controllerScope,
  );
  assert.equal(late.outgoing.length, 1);
  assert.equal(late.outgoing[0]?.notification?.message, 'demo is Healthy');
  // A time that is not RFC 3339 fails the condition, which then does not send (the engine logs it).
  const problems: string[] = [];
  const bad = runTrigger(
    cfg.triggers.get('on-healthy') ?? [],
    conditionVariables({ rollout: at({ since: 'yesterday' }), secrets: {} }, since + 900_000),
    since + 900_000,
    (problem) => problems.push(problem),
  );
  assert.equal(bad[0]?.triggered, false);
  assert.match(problems[0] ?? '', /failed to execute when condition: .*parsing time "yesterday" as RFC 3339/);
});
