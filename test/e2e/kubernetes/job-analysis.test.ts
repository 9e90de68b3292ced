// Inline analysis with the job provider: the first analysis step's Job succeeds and the step passes;
// the second step's Job fails and the rollout aborts, back on the stable revision. The Jobs are real
// batch/v1 Jobs run by the Job controller; kwok completes their pods as the test says.
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/platform/kubernetes/client/objects.ts';
import { coreResources } from '../../../src/platform/kubernetes/client/resources.ts';
import { argoResources } from '../../../src/runtime/kubernetes/resources.ts';
import { setImage } from './support/control.ts';
import type { E2eCluster } from './support/e2e-cluster.ts';
import { e2eScenario } from './support/scenario.ts';
import { rollout, service } from './support/manifests.ts';
import { healthy, pollUntil, waitForRollout } from './support/wait.ts';

const ns = 'job-analysis';
let cluster: E2eCluster;

const jobTemplate = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AnalysisTemplate',
  metadata: { name: 'check' },
  spec: {
    metrics: [
      {
        name: 'check',
        provider: {
          job: {
            spec: {
              backoffLimit: 0,
              template: {
                spec: {
                  restartPolicy: 'Never',
                  containers: [{ name: 'check', image: 'registry.local/check:1', command: ['check'] }],
                },
              },
            },
          },
        },
      },
    ],
  },
};

/** Waits for a Job of an AnalysisRun that was not seen before; returns its name. */
async function nextJob(seen: Set<string>): Promise<string> {
  return pollUntil(
    async () => {
      const jobs = await cluster.client.list<KubeObject>(coreResources.jobs, {
        namespace: ns,
        labelSelector: 'analysisrun.argoproj.io/uid',
      });
      return jobs.items.map((job) => job.metadata.name ?? '').find((name) => !seen.has(name));
    },
    { what: 'an analysis Job', timeoutMs: 60_000 },
  );
}

e2eScenario(
  ns,
  'job provider: a Job that succeeds passes its step, one that fails aborts the rollout',
  async (started) => {
    cluster = started;
    await cluster.apply([
      service('web', 'web'),
      jobTemplate,
      rollout({
        name: 'web',
        replicas: 2,
        strategy: {
          canary: {
            steps: [
              { setWeight: 50 },
              { analysis: { templates: [{ templateName: 'check' }] } },
              { analysis: { templates: [{ templateName: 'check' }] } },
            ],
          },
        },
      }),
    ]);
    const first = await waitForRollout(cluster.client, ns, 'web', healthy, {
      what: 'the first revision to be Healthy',
    });
    await setImage(cluster.client, ns, 'web', 'registry.local/app:2');

    const seen = new Set<string>();
    const passing = await nextJob(seen);
    seen.add(passing);
    await cluster.cp.completeJobPod(ns, passing, true);
    await waitForRollout(cluster.client, ns, 'web', (r) => r.status?.currentStepIndex === 2, {
      what: 'the first analysis step to pass',
    });

    const failing = await nextJob(seen);
    await cluster.cp.completeJobPod(ns, failing, false);
    const aborted = await waitForRollout(
      cluster.client,
      ns,
      'web',
      (r) => r.status?.abort === true && r.status.phase === 'Degraded',
      { what: 'the rollout to abort' },
    );
    assert.equal(aborted.status?.stableRS, first.status?.stableRS);

    const runs = (await cluster.client.list(argoResources.analysisRuns, { namespace: ns })).items;
    const byStep = Object.fromEntries(runs.map((run) => [run.metadata.labels?.['step-index'], run.status?.phase]));
    assert.deepEqual(byStep, { '1': 'Successful', '2': 'Failed' });
  },
);
