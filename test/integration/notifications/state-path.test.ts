// The state path on the local runtime's store, to a real webhook receiver on loopback: a trigger
// with `when` and `oncePer` sends once per revision as the Rollout's status changes, and what was
// sent is written to the stored Rollout's notified.notifications.argoproj.io annotation.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type { Rollout } from '../../../src/api/types/rollout.ts';
import { NOTIFIED_ANNOTATION } from '../../../src/notifications/notified.ts';
import { localNotifications } from '../../../src/runtime/local/notifications/local-notifications.ts';
import { ObjectStore } from '../../../src/runtime/local/store/object-store.ts';
import { type HttpReceiver, startHttpReceiver } from '../../support/notification-receivers.ts';

let http: HttpReceiver;
let dir: string;
before(async () => {
  http = await startHttpReceiver();
  dir = mkdtempSync(path.join(tmpdir(), 'sluice-notified-'));
});
after(async () => {
  await http.close();
  rmSync(dir, { recursive: true, force: true });
});

const configMap = (url: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: argo-rollouts-notification-configmap
data:
  service.webhook.hook: |
    url: ${url}
  template.healthy: |
    message: healthy
    webhook:
      hook:
        method: POST
        body: '{"revision": "{{index .rollout.metadata.annotations "rollout.argoproj.io/revision"}}"}'
  trigger.on-healthy-revision: |
    - when: rollout.status.phase == 'Healthy'
      oncePer: rollout.metadata.annotations['rollout.argoproj.io/revision']
      send: [healthy]
`;

it('sends once per revision and keeps the state on the stored Rollout', async () => {
  const store = new ObjectStore();
  const lines: string[] = [];
  const notifications = localNotifications(
    dir,
    [{ file: 'cm.yaml', text: configMap(`${http.url}/hook`) }],
    (line) => lines.push(line),
    { store, retry: { attempts: 1, timeoutMs: 2000 } },
  );
  try {
    const rollout = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: {
        name: 'demo',
        namespace: 'default',
        annotations: {
          'notifications.argoproj.io/subscribe.on-healthy-revision.hook': '',
          'rollout.argoproj.io/revision': '1',
        },
      },
      spec: { selector: { matchLabels: { app: 'demo' } }, template: { metadata: { labels: { app: 'demo' } } } },
      // A minimal Rollout: the state path reads only its metadata and status.
    } as unknown as Rollout;
    store.put(rollout);
    const ref = { kind: 'Rollout' as const, namespace: 'default', name: 'demo' };
    const settle = async () => {
      // The notifier's queue, then the annotation write it may cause, then the dispatcher.
      for (let i = 0; i < 3; i++) await notifications.settled();
      await new Promise((resolve) => setImmediate(resolve));
      for (let i = 0; i < 3; i++) await notifications.settled();
    };
    const bodies = async () => {
      await settle();
      return http.requests.filter((r) => r.path === '/hook').map((r) => JSON.parse(r.body) as { revision: string });
    };
    store.writeStatus(ref, { phase: 'Progressing' });
    assert.deepEqual(await bodies(), []);
    store.writeStatus(ref, { phase: 'Healthy' });
    await waitUntil(async () => (await bodies()).length === 1, lines);
    const annotation = store.get('Rollout', 'default', 'demo')?.metadata.annotations?.[NOTIFIED_ANNOTATION] ?? '';
    assert.match(annotation, /^\{"1:on-healthy-revision:\[0\]\.[\w-]+:hook:":\d+\}$/);

    store.writeStatus(ref, { phase: 'Healthy', observedGeneration: '2' });
    store.writeStatus(ref, { phase: 'Progressing' });
    store.writeStatus(ref, { phase: 'Healthy' });
    await settle();
    assert.deepEqual(await bodies(), [{ revision: '1' }], lines.join('\n'));

    store.update('Rollout', 'default', 'demo', (object) => {
      object.metadata.annotations = { ...object.metadata.annotations, 'rollout.argoproj.io/revision': '2' };
    });
    await waitUntil(async () => (await bodies()).length === 2, lines);
    assert.deepEqual(await bodies(), [{ revision: '1' }, { revision: '2' }]);
  } finally {
    notifications.close();
  }
});

async function waitUntil(check: () => Promise<boolean>, lines: string[]): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out; log:\n${lines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
