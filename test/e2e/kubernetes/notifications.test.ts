// Notifications on the control plane: Argo's ConfigMap and Secret in the controller's namespace, a
// Rollout subscribed by annotations, a webhook receiver on loopback. A whole canary sends exactly
// the catalog's messages in order, an abort sends the aborted one, a subscription to a dead
// receiver delays nothing. An edit of the ConfigMap and Secret reaches the next notification with
// no restart, and the controller never GETs them: it watches them (its request counts in /metrics).
import assert from 'node:assert/strict';
import { abort, promote, setImage } from './support/control.ts';
import type { E2eCluster } from './support/e2e-cluster.ts';
import { e2eScenario } from './support/scenario.ts';
import { rollout, service } from './support/manifests.ts';
import { healthy, pausedAtStep, pollUntil, waitForRollout } from './support/wait.ts';
import { deadPort, type HttpReceiver, startHttpReceiver } from '../../support/notification-receivers.ts';
import { freePort } from '../../support/ports.ts';

const ns = 'notifications';
const TRIGGERS = ['on-rollout-updated', 'on-rollout-step-completed', 'on-rollout-completed', 'on-rollout-aborted'];
const metricsPort = await freePort();

/** The ConfigMap and Secret, with the webhook `hook` at `prefix`/`path`, in every namespace the controller may read. */
async function configure(cluster: E2eCluster, receiver: HttpReceiver, dead: number, prefix: string, path: string) {
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
    url: ${receiver.url}${prefix}/$path
  service.webhook.dead: |
    url: http://127.0.0.1:${dead}/
---
apiVersion: v1
kind: Secret
metadata:
  name: argo-rollouts-notification-secret
stringData:
  path: ${path}
`,
    );
  }
}

interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** The samples of `family` in the controller's /metrics. */
async function samples(family: string): Promise<Sample[]> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${family}{`))
    .map((line) => {
      const labels = Object.fromEntries([...line.matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1], match[2]]));
      return { labels, value: Number(line.slice(line.lastIndexOf(' ') + 1)) };
    });
}

const total = (found: Sample[]): number => found.reduce((sum, sample) => sum + sample.value, 0);

e2eScenario(
  ns,
  'a canary sends the catalog messages in order, as the edited configuration says; an abort the aborted one',
  async (cluster: E2eCluster) => {
    const receiver: HttpReceiver = await startHttpReceiver();
    try {
      const dead = await deadPort();
      await configure(cluster, receiver, dead, '', 'hooks');
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

      // Edited while the controller runs: the next notifications go where the new configuration says.
      await configure(cluster, receiver, dead, '/edited', 'hooks2');

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
      assert.deepEqual(
        [...new Set(receiver.requests.slice(2).map((request) => request.path))],
        ['/edited/hooks2'],
        'every notification after the edit goes to the edited webhook',
      );

      // Many Events were sent, and the settings were never read by GET: only listed and watched.
      const requests = await samples('controller_clientset_k8s_request_total');
      const of = (kind: string, verb: string) =>
        requests.filter((sample) => sample.labels['kind'] === kind && sample.labels['verb'] === verb);
      assert.ok(total(of('events', 'Create')) >= 10, `Events created: ${total(of('events', 'Create'))}`);
      for (const kind of ['configmaps', 'secrets']) {
        assert.deepEqual(of(kind, 'Get'), [], `no GET of ${kind}`);
        assert.ok(total(of(kind, 'List')) >= 1, `${kind} listed for the watch`);
      }
    } finally {
      await receiver.close();
    }
  },
  {},
  ['--metrics-port', String(metricsPort)],
);
