// The zone a trigger's `when` reads time.Now() in: the controller's TZ, carried by the parsed
// configuration (parseNotificationConfig's timeZone, which the controller and the CLI set from
// their TZ) to both paths that run conditions (an event's and a state change's); UTC without one,
// as in the controller's pod. TZ values are read as Go reads them (a leading `:`, a zoneinfo path,
// an unknown name being UTC).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localZone } from '../../../src/expr/zones.ts';
import { parseNotificationConfig } from '../../../src/notifications/config.ts';
import { type ConfigScope, notificationsForState } from '../../../src/notifications/notified.ts';
import { notificationsForEvent } from '../../../src/notifications/notify.ts';

// Monday 7 December 2026, 10:00 UTC: 05:00 in New York, 15:30 in Kolkata.
const now = Date.parse('2026-12-07T10:00:00Z');
const scope: ConfigScope = { namespace: 'argo-rollouts', selfService: false };

const rollout = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: {
    name: 'demo',
    namespace: 'default',
    annotations: {
      'notifications.argoproj.io/subscribe.on-rollout-completed.webhook': '',
      'notifications.argoproj.io/subscribe.on-office-hours.webhook': '',
    },
  },
  spec: {},
  status: {},
};

const config = (timeZone?: string) =>
  parseNotificationConfig(
    {
      'service.webhook.webhook': 'url: http://127.0.0.1:1/hook',
      'template.done': 'message: done',
      'trigger.on-rollout-completed': '- send: [done]\n  when: time.Now().Format("15:04 MST") == "05:00 EST"',
      'trigger.on-office-hours': `- send: [done]\n  when: time.Now().Hour() == 5 && time.Now().Weekday().String() == "Monday"`,
    },
    {},
    { timeZone },
  );

test('an event path condition reads time.Now() in the configuration zone, UTC without one', () => {
  const sent = (timeZone?: string) =>
    notificationsForEvent('RolloutCompleted', rollout, config(timeZone), {}, now).filter((o) => !o.error).length;
  assert.equal(sent('America/New_York'), 1);
  assert.equal(sent(undefined), 0);
  assert.equal(sent('Asia/Kolkata'), 0);
});

test('a state path condition reads time.Now() in the configuration zone, UTC without one', () => {
  const sent = (timeZone?: string) =>
    notificationsForState(rollout, config(timeZone), {}, now, scope).outgoing.filter(
      (o) => o.trigger === 'on-office-hours',
    ).length;
  assert.equal(sent('America/New_York'), 1);
  assert.equal(sent(undefined), 0);
  assert.equal(sent(''), 0);
});

test('TZ is read as Go reads it', () => {
  const hourAt = (tz: string | undefined): number => {
    const zone = localZone(tz);
    return (
      ((((Date.parse('2026-07-01T12:00:00Z') / 1000 + zone.at(Date.parse('2026-07-01T12:00:00Z') / 1000).offset) %
        86_400) +
        86_400) %
        86_400) /
      3600
    );
  };
  assert.equal(hourAt(undefined), 12);
  assert.equal(hourAt(''), 12);
  assert.equal(hourAt('UTC'), 12);
  assert.equal(hourAt('Europe/Paris'), 14);
  assert.equal(hourAt(':Europe/Paris'), 14);
  assert.equal(hourAt('/usr/share/zoneinfo/America/New_York'), 8);
  assert.equal(hourAt('Nowhere/Else'), 12); // no such zone: UTC, as Go falls back
  assert.equal(localZone('Europe/Paris').name, 'Europe/Paris');
  assert.equal(localZone('Nowhere/Else').name, 'UTC');
});
