// A canary whose experiment step's analysis fails aborts the rollout, on the control plane: the
// step creates its Experiment (owned by the Rollout, a template from the canary spec), the
// experiment's analysis runs as a real batch/v1 Job, kwok fails its pod, the Experiment ends
// Failed and the rollout aborts back to the stable revision. The Experiment records its
// ExperimentFailed Event, and its run's AnalysisRunFailed is recorded on the Rollout too (as Argo's),
// which sends the Rollout's on-analysis-run-failed notification to a webhook on loopback.
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/platform/kubernetes/client/objects.ts';
import { coreResources } from '../../../src/platform/kubernetes/client/resources.ts';
import { argoResources } from '../../../src/runtime/kubernetes/resources.ts';
import { setImage } from './support/control.ts';
import type { E2eCluster } from './support/e2e-cluster.ts';
import { e2eScenario } from './support/scenario.ts';
import { rollout, service } from './support/manifests.ts';
import { healthy, pollUntil, waitForRollout } from './support/wait.ts';
import { jobTemplate } from './support/job-template.ts';
import { startHttpReceiver } from '../../support/notification-receivers.ts';

const ns = 'experiment-step-abort';
let cluster: E2eCluster;

e2eScenario(ns, "a canary whose experiment step's analysis fails aborts the rollout", async (started) => {
  cluster = started;
  const receiver = await startHttpReceiver();
  try {
    // The controller reads the notification settings from its own namespace: sluice-system as the
    // ServiceAccount, the admin kubeconfig's (default) otherwise.
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
    url: ${receiver.url}/hook
`,
      );
    }
    const subscribed = rollout({
      name: 'web',
      replicas: 2,
      strategy: {
        canary: {
          steps: [
            { setWeight: 50 },
            {
              experiment: {
                templates: [{ name: 'candidate', specRef: 'canary', replicas: 1 }],
                analyses: [
                  {
                    name: 'check',
                    templateName: 'check',
                    args: [{ name: 'hash', valueFrom: { podTemplateHashValue: 'Latest' } }],
                  },
                ],
              },
            },
            { pause: {} },
          ],
        },
      },
    });
    subscribed.metadata.annotations = { 'notifications.argoproj.io/subscribe.on-analysis-run-failed.hook': '' };
    await cluster.apply([service('web', 'web'), jobTemplate, subscribed]);
    const first = await waitForRollout(cluster.client, ns, 'web', healthy, {
      what: 'the first revision to be Healthy',
    });
    await setImage(cluster.client, ns, 'web', 'registry.local/app:2');

    const named = await waitForRollout(
      cluster.client,
      ns,
      'web',
      (r) => r.status?.canary?.currentExperiment !== undefined,
      {
        what: 'the experiment step to create its Experiment',
      },
    );
    const name = named.status?.canary?.currentExperiment ?? '';
    assert.equal(name, `web-${named.status?.currentPodHash}-2-1`);
    const experiment = await cluster.client.get(argoResources.experiments, ns, name);
    assert.equal(experiment.metadata.ownerReferences?.[0]?.kind, 'Rollout');
    assert.equal(experiment.spec.templates[0]?.template.spec?.containers?.[0]?.image, 'registry.local/app:2');

    const job = await pollUntil(
      async () => {
        const jobs = await cluster.client.list<KubeObject>(coreResources.jobs, {
          namespace: ns,
          labelSelector: 'analysisrun.argoproj.io/uid',
        });
        return jobs.items[0];
      },
      { what: "the experiment analysis' Job", timeoutMs: 90_000 },
    );
    await cluster.cp.completeJobPod(ns, job.metadata.name ?? '', false);

    const aborted = await waitForRollout(
      cluster.client,
      ns,
      'web',
      (r) => r.status?.abort === true && r.status.phase === 'Degraded',
      { what: 'the rollout to abort' },
    );
    assert.equal(aborted.status?.stableRS, first.status?.stableRS);
    assert.match(aborted.status?.message ?? '', /RolloutAborted/);
    const failed = await cluster.client.get(argoResources.experiments, ns, name);
    assert.equal(failed.status?.phase, 'Failed');

    type Event = KubeObject & { involvedObject?: { kind?: string; name?: string }; reason?: string; type?: string };
    const eventOf = async (kind: string, objectName: string, reason: string) =>
      (await cluster.client.list<Event>(coreResources.events, { namespace: ns })).items.find(
        (e) => e.involvedObject?.kind === kind && e.involvedObject.name === objectName && e.reason === reason,
      );
    const copied = await pollUntil(() => eventOf('Rollout', 'web', 'AnalysisRunFailed'), {
      what: 'the AnalysisRunFailed Event of the Rollout',
      timeoutMs: 30_000,
    });
    assert.equal(copied.type, 'Warning');
    const own = await pollUntil(() => eventOf('Experiment', name, 'ExperimentFailed'), {
      what: 'the ExperimentFailed Event of the Experiment',
      timeoutMs: 30_000,
    });
    assert.equal(own.type, 'Warning');
    await receiver.waitFor(1, 30_000);
    assert.deepEqual(
      receiver.requests.map((request) => [request.path, request.body]),
      [['/hook', "Rollout web's analysis run failed."]],
    );
  } finally {
    await receiver.close();
  }
});
