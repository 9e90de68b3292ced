// Notifications on the local runtime, end to end: Argo's ConfigMap and Secret given to
// `sluice run` (and a Rollout subscribed by annotations) make a whole canary send exactly the
// catalog's messages, in order, to a webhook receiver on loopback; an abort sends the aborted one;
// a subscription to a dead receiver delays nothing.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readSources } from '../../../../src/cli/lint/read-sources.ts';
import { RuntimeClient } from '../../../../src/runtime/local/api/client.ts';
import type { RolloutDetail } from '../../../../src/runtime/local/api/rollout-details.ts';
import { type LocalRuntime, startLocalRuntime } from '../../../../src/runtime/local/run.ts';
import { deadPort, type HttpReceiver, startHttpReceiver } from '../../../support/notification-receivers.ts';
import { waitFor } from '../../../support/ports.ts';
import { IMAGES, temporaryDir } from '../runtime/sluice-run.ts';

const TRIGGERS = ['on-rollout-updated', 'on-rollout-step-completed', 'on-rollout-completed', 'on-rollout-aborted'];

function manifests(hookUrl: string, deadUrl: string): string {
  const subscriptions = TRIGGERS.map((trigger) => `    notifications.argoproj.io/subscribe.${trigger}.hook: ""`).join(
    '\n',
  );
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: argo-rollouts-notification-configmap
data:
  service.webhook.hook: |
    url: ${hookUrl}/$path-secret
  service.webhook.dead: |
    url: ${deadUrl}
---
apiVersion: v1
kind: Secret
metadata:
  name: argo-rollouts-notification-secret
stringData:
  path-secret: notify
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: colorapi
  annotations:
${subscriptions}
    notifications.argoproj.io/subscribe.on-rollout-step-completed.dead: ""
spec:
  replicas: 2
  selector:
    matchLabels:
      app: colorapi
  template:
    metadata:
      labels:
        app: colorapi
    spec:
      containers:
        - name: colorapi
          image: ghcr.io/sluice-examples/colorapi:red
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            periodSeconds: 1
            httpGet:
              path: /health
              port: http
  strategy:
    canary:
      steps:
        - setWeight: 50
        - pause: {duration: 1s}
        - setWeight: 100
---
apiVersion: v1
kind: Service
metadata:
  name: colorapi
spec:
  selector:
    app: colorapi
  ports:
    - name: http
      port: 80
      targetPort: 8080
`;
}

describe('notifications on the local runtime', () => {
  let receiver: HttpReceiver;
  let runtime: LocalRuntime;
  let client: RuntimeClient;
  let file: string;
  const logs: string[] = [];
  const detail = () => client.get<RolloutDetail>('/api/v1/rollouts/default/colorapi');
  const messages = () => receiver.requests.map((request) => request.body);

  before(async () => {
    receiver = await startHttpReceiver();
    const dir = temporaryDir('notifications');
    file = path.join(dir, 'all.yaml');
    writeFileSync(file, manifests(receiver.url, `http://127.0.0.1:${await deadPort()}`));
    runtime = await startLocalRuntime({
      log: (line) => logs.push(line),
      stateDir: temporaryDir('notifications-state'),
      sources: readSources([dir]),
      imagesFile: IMAGES,
    });
    client = new RuntimeClient(runtime.apiUrl, runtime.token);
    await waitFor(
      'Healthy',
      async () => ((await detail()).rollout.status?.phase === 'Healthy' ? true : undefined),
      60_000,
    );
  });
  after(async () => {
    await runtime?.stop();
    await receiver?.close();
  });

  it('sends the catalog messages of a whole canary, in order, to the webhook', async () => {
    // The first revision is updated, then completed at once (no steps run for a first revision).
    await waitFor('the first completion', async () => (messages().length >= 2 ? true : undefined));
    assert.deepEqual(messages(), ['Rollout colorapi has been updated.', 'Rollout colorapi has been completed.']);
    assert.equal(receiver.requests[0]?.path, '/notify');
    assert.deepEqual(
      logs.filter((line) => /(ConfigMap|Secret) \(v1\) is not read/.test(line)),
      [],
      'the notification ConfigMap and Secret are read, not skipped',
    );
    const started = performance.now();
    const applied = await client.post<{ warnings: string[] }>('/api/v1/apply', {
      sources: [
        {
          file: 'update.yaml',
          text: manifests(receiver.url, 'http://127.0.0.1:1').replace('colorapi:red', 'colorapi:blue'),
        },
      ],
    });
    assert.deepEqual(applied.warnings, []);
    await waitFor(
      'the update completed',
      async () => {
        const d = await detail();
        return d.rollout.status?.phase === 'Healthy' &&
          d.rollout.spec.template?.spec?.containers[0]?.image?.endsWith(':blue')
          ? true
          : undefined;
      },
      60_000,
    );
    // A dead receiver is subscribed too; the canary's 1 s pause is all the wait there is.
    assert.ok(performance.now() - started < 30_000);
    await waitFor('the second completion', async () => (messages().length >= 7 ? true : undefined));
    assert.deepEqual(messages(), [
      'Rollout colorapi has been updated.',
      'Rollout colorapi has been completed.',
      'Rollout colorapi has been updated.',
      'Rollout colorapi step number 1/3 has been completed.',
      'Rollout colorapi step number 2/3 has been completed.',
      'Rollout colorapi step number 3/3 has been completed.',
      'Rollout colorapi has been completed.',
    ]);
  });

  it('counts the event sends in the metrics as the controller does, the dead receiver as errors', async () => {
    const sample = (text: string, family: string, reason: string): number => {
      const line = text
        .split('\n')
        .find((one) =>
          one.startsWith(`${family}{namespace="default",name="colorapi",type="Normal",reason="${reason}"} `),
        );
      return line === undefined ? 0 : Number(line.split(' ').pop());
    };
    const scrape = async () => (await fetch(runtime.metricsUrl)).text();
    // The dead receiver's three step notifications each give up after three attempts.
    const text = await waitFor(
      'the dead receiver counted',
      async () => {
        const body = await scrape();
        return sample(body, 'notification_send_error', 'RolloutStepCompleted') >= 3 ? body : undefined;
      },
      60_000,
    );
    assert.deepEqual(
      [
        sample(text, 'notification_send_success', 'RolloutUpdated'),
        sample(text, 'notification_send_success', 'RolloutCompleted'),
        sample(text, 'notification_send_success', 'RolloutStepCompleted'),
        sample(text, 'notification_send_error', 'RolloutStepCompleted'),
        sample(text, 'notification_send_error', 'RolloutCompleted'),
      ],
      [2, 2, 3, 3, 0],
    );
    assert.match(text, /^# TYPE notification_send histogram$/m);
    assert.match(text, /^notification_send_count\{namespace="default",name="colorapi"\} \d+$/m);
  });

  it('sends the aborted message on an abort', async () => {
    const before = messages().length;
    await client.post('/api/v1/apply', {
      sources: [
        {
          file: 'update.yaml',
          text: manifests(receiver.url, 'http://127.0.0.1:1')
            .replace('colorapi:red', 'colorapi:black')
            .replace('pause: {duration: 1s}', 'pause: {}'),
        },
      ],
    });
    await waitFor(
      'paused',
      async () => ((await detail()).rollout.status?.pauseConditions?.length ? true : undefined),
      60_000,
    );
    await client.post('/api/v1/rollouts/default/colorapi/abort');
    await waitFor('the aborted message', async () =>
      messages().slice(before).includes('Rollout colorapi has been aborted.') ? true : undefined,
    );
    assert.deepEqual(messages().slice(before), [
      'Rollout colorapi has been updated.',
      'Rollout colorapi step number 1/3 has been completed.',
      'Rollout colorapi has been aborted.',
    ]);
  });
});
