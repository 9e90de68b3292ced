// Notifications on the control plane: Argo's ConfigMap and Secret in the controller's namespace, a
// Rollout subscribed by annotations, a webhook receiver on loopback. A whole canary sends exactly
// the catalog's messages in order, an abort sends the aborted one, a subscription to a dead
// receiver delays nothing.
import assert from 'node:assert/strict';
import { abort, promote, setImage } from './support/control.ts';
import type { E2eCluster } from './support/e2e-cluster.ts';
import { e2eScenario } from './support/scenario.ts';
import { rollout, service } from './support/manifests.ts';
import { healthy, pausedAtStep, pollUntil, waitForRollout } from './support/wait.ts';
import { deadPort, type HttpReceiver, startHttpReceiver } from '../../support/notification-receivers.ts';

const ns = 'notifications';
const TRIGGERS = ['on-rollout-updated', 'on-rollout-step-completed', 'on-rollout-completed', 'on-rollout-aborted'];

e2eScenario(
  ns,
  'a canary sends the catalog messages in order; an abort the aborted one',
  async (cluster: E2eCluster) => {
    const receiver: HttpReceiver = await startHttpReceiver();
    try {
      const dead = await deadPort();
      // The controller reads the configuration from its own namespace: sluice-system as the ServiceAccount,
      // the admin kubeconfig's (default) otherwise.
      for (const namespace of ['sluice-system', 'default']) {
        await cluster.kubectl(['create', 'namespace', namespace]).catch(() => undefined);
        await cluster.kubectl(
          ['apply', '-n', namespace, '-f', '-'],
          `apiVersion: v1
kind: ConfigMap
metadata:
  name: argo-rollouts-notification-configmap
data:
  service.webhook.hook: |
    url: ${receiver.url}/$path
  service.webhook.dead: |
    url: http://127.0.0.1:${dead}/
---
apiVersion: v1
kind: Secret
metadata:
  name: argo-rollouts-notification-secret
stringData:
  path: hooks
`,
        );
      }
      const annotated = rollout({
        name: 'web',
        replicas: 2,
        strategy: { canary: { steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }] } },
      });
      annotated.metadata.annotations = Object.fromEntries([
        ...TRIGGERS.map((trigger) => [`notifications.argoproj.io/subscribe.${trigger}.hook`, '']),
        ['notifications.argoproj.io/subscribe.on-rollout-step-completed.dead', ''],
      ]);
      await cluster.apply([service('web', 'web'), annotated]);
      await waitForRollout(cluster.client, ns, 'web', healthy, { what: 'the first revision to be Healthy' });
      const messages = () => receiver.requests.map((request) => request.body);
      await receiver.waitFor(2, 30_000);
      assert.deepEqual(messages(), ['Rollout web has been updated.', 'Rollout web has been completed.']);
      assert.equal(receiver.requests[0]?.path, '/hooks');

      await setImage(cluster.client, ns, 'web', 'registry.local/app:2');
      await waitForRollout(cluster.client, ns, 'web', pausedAtStep(1), { what: 'the pause' });
      await promote(cluster.client, ns, 'web');
      await waitForRollout(
        cluster.client,
        ns,
        'web',
        (r) => healthy(r) && r.status?.stableRS === r.status?.currentPodHash,
        {
          what: 'the second revision Healthy',
        },
      );
      await receiver.waitFor(7, 30_000);
      assert.deepEqual(messages().slice(2), [
        'Rollout web has been updated.',
        'Rollout web step number 1/3 has been completed.',
        'Rollout web step number 2/3 has been completed.',
        'Rollout web step number 3/3 has been completed.',
        'Rollout web has been completed.',
      ]);

      await setImage(cluster.client, ns, 'web', 'registry.local/app:3');
      await waitForRollout(cluster.client, ns, 'web', pausedAtStep(1), { what: 'the pause of the third revision' });
      await abort(cluster.client, ns, 'web');
      await pollUntil(async () => messages().includes('Rollout web has been aborted.'), {
        what: 'the aborted message',
        timeoutMs: 30_000,
      });
      assert.deepEqual(messages().slice(7), [
        'Rollout web has been updated.',
        'Rollout web step number 1/3 has been completed.',
        'Rollout web has been aborted.',
      ]);
    } finally {
      await receiver.close();
    }
  },
);
