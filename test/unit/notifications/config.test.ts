// The notification configuration as Argo reads it, subscriptions, the trigger an event names, and
// lint of the ConfigMap and of subscription annotations.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { notificationIssues } from '../../../src/cli/lint/notification-issues.ts';
import { loadManifests } from '../../../src/api/load-manifests.ts';
import { parseNotificationConfig } from '../../../src/notifications/config.ts';
import {
  notificationsForEvent,
  renderNotification,
  templateVariables,
  triggerOfReason,
} from '../../../src/notifications/notify.ts';
import { annotationSubscriptions, destinationsFor, selectorMatches } from '../../../src/notifications/subscriptions.ts';

describe('notification configuration', () => {
  it('names the trigger of an event reason as Argo does', () => {
    assert.equal(triggerOfReason('RolloutStepCompleted'), 'on-rollout-step-completed');
    assert.equal(triggerOfReason('ScalingReplicaSet'), 'on-scaling-replica-set');
    assert.equal(triggerOfReason('AnalysisRunFailed'), 'on-analysis-run-failed');
    assert.equal(triggerOfReason('RolloutAddedToInformer'), 'on-rollout-added-to-informer');
  });

  it('reads services (secrets filled in), templates, triggers, default triggers and subscriptions', () => {
    const config = parseNotificationConfig(
      {
        'service.slack': 'token: $slack-token\nusername: $missing',
        'service.webhook.github': 'url: https://api.github.com',
        'template.my': 'message: hi {{.rollout.metadata.name}}',
        'trigger.on-rollout-updated': '- send: [my]\n  when: rollout.spec.replicas > 1',
        defaultTriggers: '- on-rollout-completed',
        'defaultTriggers.github': '- on-rollout-aborted',
        subscriptions: '- recipients: [slack:ops]\n  selector: team=a',
      },
      { 'slack-token': 'xoxb' },
    );
    assert.deepEqual(config.problems, []);
    assert.deepEqual(config.services.get('slack'), { type: 'slack', options: { token: 'xoxb', username: '$missing' } });
    assert.equal(config.services.get('github')?.type, 'webhook');
    assert.deepEqual(config.triggers.get('on-rollout-updated'), [{ send: ['my'], when: 'rollout.spec.replicas > 1' }]);
    assert.deepEqual(
      config.triggers.get('on-rollout-completed'),
      [{ send: ['rollout-completed'] }],
      'the catalog fills in',
    );
    assert.deepEqual(config.defaultTriggers, ['on-rollout-completed']);
    assert.deepEqual(config.serviceDefaultTriggers.get('github'), ['on-rollout-aborted']);
    assert.deepEqual(config.subscriptions, [{ recipients: ['slack:ops'], triggers: [], selector: 'team=a' }]);
  });

  it('reports what it cannot use, and keeps the rest', () => {
    const config = parseNotificationConfig({
      'template.bad': 'message: "{{.x"',
      'trigger.on-x': '- send: [nowhere]',
      'trigger.on-y': '- send: [rollout-completed]\n  when: rollout.spec.replicas >',
      defaultTriggers: '- on-z',
      'service.a.b.c': 'x: 1',
    });
    const keys = config.problems.map((problem) => problem.key).sort();
    assert.deepEqual(keys, ['defaultTriggers', 'service.a.b.c', 'template.bad', 'trigger.on-x', 'trigger.on-y']);
    assert.ok(config.templates.has('rollout-completed'));
  });

  it('finds subscriptions in annotations (with and without a trigger) and in the ConfigMap by label selector', () => {
    const annotations = {
      'notifications.argoproj.io/subscribe.on-rollout-completed.slack': 'a; b',
      'notifications.argoproj.io/subscribe.github': '',
      'notifications.argoproj.io/subscriptions':
        '- trigger: [on-rollout-aborted]\n  destinations:\n  - service: teams\n    recipients: [ops]',
    };
    assert.equal(annotationSubscriptions(annotations).length, 3);
    const config = parseNotificationConfig({
      defaultTriggers: '- on-rollout-completed',
      subscriptions:
        '- recipients: [email:x@example.com]\n  selector: team in (a, b)\n  triggers: [on-rollout-aborted]',
    });
    assert.deepEqual(destinationsFor('on-rollout-completed', config, {}, annotations), [
      { service: 'slack', recipient: 'a' },
      { service: 'slack', recipient: 'b' },
      { service: 'github', recipient: '' },
    ]);
    assert.deepEqual(destinationsFor('on-rollout-aborted', config, { team: 'a' }, annotations), [
      { service: 'email', recipient: 'x@example.com' },
      { service: 'teams', recipient: 'ops' },
    ]);
    assert.deepEqual(destinationsFor('on-rollout-aborted', config, { team: 'c' }, {}), []);
    assert.ok(selectorMatches('a=1,b!=2,!c', { a: '1', b: '3' }));
    assert.ok(!selectorMatches('a=1', { a: '2' }));
  });

  it('sends only the conditions whose `when` holds, and a condition without one always', () => {
    const config = parseNotificationConfig({
      'service.webhook.hook': 'url: http://127.0.0.1:1',
      'trigger.on-rollout-updated':
        "- send: [rollout-updated]\n  when: rollout.spec.replicas > 3\n- send: [rollout-completed]\n  when: rollout.metadata.name == 'demo'\n- send: [rollout-aborted]",
    });
    const rollout = {
      metadata: { name: 'demo', annotations: { 'notifications.argoproj.io/subscribe.on-rollout-updated.hook': '' } },
      spec: { replicas: 2 },
    };
    const out = notificationsForEvent('RolloutUpdated', rollout, config, {}, 0);
    assert.deepEqual(
      out.map((item) => item.notification?.message),
      ['Rollout demo has been completed.', 'Rollout demo has been aborted.'],
    );
    assert.deepEqual(notificationsForEvent('RolloutPaused', rollout, config, {}, 0), []);
  });

  it('gives a `when` the variables Argo gives it: rollout, analysisRuns and secrets', () => {
    const config = parseNotificationConfig(
      {
        'service.webhook.hook': 'url: http://127.0.0.1:1',
        'trigger.on-rollout-updated':
          "- send: [rollout-updated]\n  when: secrets.team == 'blue' && analysisRuns == nil\n- send: [rollout-completed]\n  when: len(analysisRuns ?? []) == 1",
      },
      { team: 'blue' },
    );
    const rollout = {
      metadata: { name: 'demo', annotations: { 'notifications.argoproj.io/subscribe.on-rollout-updated.hook': '' } },
      status: { currentPodHash: 'abc' },
    };
    const messages = (runs?: unknown[]) =>
      notificationsForEvent('RolloutUpdated', rollout, config, { team: 'blue' }, 0, runs).map(
        (item) => item.notification?.message,
      );
    assert.deepEqual(messages([]), ['Rollout demo has been updated.']);
    const run = {
      metadata: { labels: { 'rollouts-pod-template-hash': 'abc' }, creationTimestamp: '2026-01-01T00:00:00Z' },
    };
    assert.deepEqual(messages([run]), ['Rollout demo has been completed.']);
  });
});

describe('lint of notifications', () => {
  const lint = (text: string) => {
    const sources = [{ file: 'n.yaml', text }];
    const loaded = loadManifests(sources);
    const result = notificationIssues(sources, loaded.objects);
    return { issues: result.issues, skipped: loaded.issues.filter((issue) => result.readHere(issue)) };
  };
  const rollout = (annotations: string) => `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: demo
  annotations:
${annotations}
spec:
  replicas: 1
  selector: {matchLabels: {app: demo}}
  template:
    metadata: {labels: {app: demo}}
    spec: {containers: [{name: app, image: demo:1}]}
  strategy: {canary: {steps: [{setWeight: 50}]}}
`;

  it('checks a Rollout without metadata without failing (it has no subscriptions)', () => {
    // Found by the loader fuzz: lint stopped with "unexpected failure" reading metadata.annotations.
    const text = rollout('    x: y').replace(/metadata:\n  name: demo\n  annotations:\n    x: y\n/, '');
    assert.ok(!text.startsWith('apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:'), text);
    assert.deepEqual(lint(text).issues, []);
  });

  it('reports a template that does not parse, an unknown template and default trigger, with their lines', () => {
    const { issues, skipped } = lint(`apiVersion: v1
kind: ConfigMap
metadata:
  name: argo-rollouts-notification-configmap
data:
  template.bad: |
    message: "{{.rollout.metadata.name"
  trigger.on-rollout-updated: |
    - send: [nowhere]
  defaultTriggers: |
    - on-nothing
`);
    assert.deepEqual(
      issues.map((issue) => [issue.line, issue.severity, issue.path]),
      [
        [6, 'error', 'data[template.bad]'],
        [8, 'error', 'data[trigger.on-rollout-updated]'],
        [10, 'error', 'data[defaultTriggers]'],
      ],
    );
    assert.equal(skipped.length, 1, 'the ConfigMap is read, not skipped');
  });

  it('warns only of service types sluice does not send to', () => {
    const { issues } = lint(`apiVersion: v1
kind: ConfigMap
metadata:
  name: argo-rollouts-notification-configmap
data:
  service.pagerdutyv2: "serviceKeys: {a: b}"
  service.opsgenie: "apiKeys: {a: b}"
  service.telegram: "token: t"
  service.alertmanager: "targets: [127.0.0.1:9093]"
  service.pushover: "token: t"
  service.grafana: "apiUrl: http://127.0.0.1/api"
  service.rocketchat: "serverUrl: http://127.0.0.1"
  service.awssqs: "region: us-east-1"
`);
    assert.deepEqual(
      issues.map((issue) => [issue.severity, issue.path, issue.message.split(' (')[0]]),
      [['warning', 'data[service.awssqs]', 'service type "awssqs" is not sent by sluice']],
    );
  });

  it('warns of a subscription to an unknown trigger or service, and of one with no ConfigMap', () => {
    const configMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: argo-rollouts-notification-configmap
data:
  service.slack: |
    token: x
---
`;
    const { issues } = lint(
      configMap +
        rollout(
          '    notifications.argoproj.io/subscribe.on-rollout-done.slack: a\n    notifications.argoproj.io/subscribe.on-rollout-completed.teams: b\n    notifications.argoproj.io/subscribe.on-rollout-completed.slack: c',
        ),
    );
    assert.deepEqual(
      issues.map((issue) => [issue.severity, issue.message.split(',')[0]]),
      [
        ['warning', 'names trigger "on-rollout-done"'],
        ['warning', 'names service "teams"'],
      ],
    );
    const alone = lint(rollout('    notifications.argoproj.io/subscribe.on-rollout-completed.slack: c'));
    assert.equal(alone.issues.length, 1);
    assert.match(alone.issues[0]?.message ?? '', /argo-rollouts-notification-configmap is not among these manifests/);
  });

  it('warns of a condition naming a variable Argo does not give, and of a trigger without `when` no event fires', () => {
    const { issues } = lint(`apiVersion: v1
kind: ConfigMap
metadata:
  name: argo-rollouts-notification-configmap
data:
  trigger.on-synced: |
    - when: app.status.sync.status == 'Synced'
      send: [rollout-completed]
  trigger.on-healthy: |
    - when: rollout.status.phase == 'Healthy' && analysisRuns == nil && secrets.x == ''
      oncePer: rollout.metadata.annotations['rollout.argoproj.io/revision']
      send: [rollout-completed]
  trigger.on-whenever: |
    - send: [rollout-completed]
`);
    assert.deepEqual(
      issues.map((issue) => [issue.severity, issue.path, issue.message.split(':')[0]]),
      [
        ['warning', 'data[trigger.on-synced]', 'condition 0'],
        [
          'warning',
          'data[trigger.on-whenever]',
          'no event fires trigger "on-whenever", and a condition without `when` sends only on the event its name is made of (on-rollout-updated, on-rollout-step-completed, on-rollout-completed, on-rollout-aborted, ...)',
        ],
      ],
    );
    assert.match(
      issues[0]?.message ?? '',
      /when unknown name app .*a condition sees rollout, analysisRuns, time, secrets/,
    );
  });
});

describe('template variables', () => {
  it('gives templates .time (Now and Parse through call), .secrets and .recipient, as Argo does', () => {
    const config = parseNotificationConfig({
      'template.t':
        'message: \'{{(call .time.Now).Format "2006-01-02T15:04:05Z07:00"}} {{(call .time.Parse "2026-01-02T03:04:05Z").Unix}} {{.secrets.token}} {{.recipient}}\'',
    });
    assert.deepEqual(config.problems, []);
    const now = Date.UTC(2026, 11, 7, 4, 30, 0);
    const notification = renderNotification(
      config,
      ['t'],
      { ...templateVariables({ metadata: { name: 'demo' } }, { token: 's' }, now), recipient: 'ops' },
      now,
    );
    assert.equal(notification.message, '2026-12-07T04:30:00Z 1767323045 s ops');
    const bad = parseNotificationConfig({ 'template.t': 'message: \'{{call .time.Parse "yesterday"}}\'' });
    assert.throws(() => renderNotification(bad, ['t'], templateVariables({}, {}, now), now), {
      name: 'TemplateError',
      message: /error calling call: parsing time "yesterday"/,
    });
    // Go's RFC 3339 only: a date alone, or a zone without a colon, is refused (JavaScript's Date reads both).
    for (const text of ['2026-01-02', '2026-01-02T03:04:05+0100']) {
      const strict = parseNotificationConfig({ 'template.t': `message: '{{call .time.Parse "${text}"}}'` });
      assert.throws(() => renderNotification(strict, ['t'], templateVariables({}, {}, now), now), {
        name: 'TemplateError',
        message: new RegExp(`error calling call: parsing time "${text.replace('+', '\\+')}" as RFC 3339`),
      });
    }
  });
});

describe('analysisRuns in templates', () => {
  it("gives the runs of the rollout's current hash and revision, newest first, as Argo does", () => {
    const run = (name: string, hash: string, revision: string, created: string) => ({
      metadata: {
        name,
        creationTimestamp: created,
        labels: { 'rollouts-pod-template-hash': hash },
        annotations: { 'rollout.argoproj.io/revision': revision },
      },
      status: { phase: 'Successful' },
    });
    const runs = [
      run('old', 'abc', '2', '2026-01-01T00:00:00Z'),
      run('new', 'abc', '2', '2026-01-01T00:01:00Z'),
      run('other-hash', 'def', '2', '2026-01-01T00:02:00Z'),
      run('other-revision', 'abc', '1', '2026-01-01T00:03:00Z'),
    ];
    const rollout = {
      metadata: {
        name: 'demo',
        annotations: {
          'rollout.argoproj.io/revision': '2',
          'notifications.argoproj.io/subscribe.on-rollout-completed.hook': '',
        },
      },
      status: { currentPodHash: 'abc' },
    };
    const config = parseNotificationConfig({
      'service.webhook.hook': 'url: http://127.0.0.1:1',
      'template.rollout-completed': "message: '{{range .analysisRuns}}{{.metadata.name}}={{.status.phase}} {{end}}'",
    });
    const [out] = notificationsForEvent('RolloutCompleted', rollout, config, {}, 0, runs);
    assert.equal(out?.notification?.message, 'new=Successful old=Successful ');
    const [none] = notificationsForEvent('RolloutCompleted', rollout, config, {}, 0, []);
    assert.equal(none?.notification?.message, undefined, 'no runs: analysisRuns is nil and the message empty');
  });
});
