// The JobRunner contract over the controller's runner (KubeJobRunner) against the real API server
// of test/controlplane: batch/v1 Jobs run by the Job controller on the kwok node, their pods ended
// through the control plane's pod steering. The Jobs belong to a real AnalysisRun (the garbage
// collector would delete Jobs whose owner does not exist). Outside CI it skips when the control
// plane is not built. Beyond the contract: a Job whose pods run ready is read from its status alone,
// without listing its pods.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeClient } from '../../../../src/platform/kubernetes/client/client.ts';
import type { ObjectClient } from '../../../../src/platform/kubernetes/client/interfaces.ts';
import type { JobMetric } from '../../../../src/api/types/analysis.ts';
import type { JobObject, JobOwner } from '../../../../src/runtime/kubernetes/analysis/job-naming.ts';
import { pollUntil } from '../../../controlplane/poll.ts';
import { coreResources } from '../../../../src/platform/kubernetes/client/resources.ts';
import { argoResources } from '../../../../src/runtime/kubernetes/resources.ts';
import { NotFoundError } from '../../../../src/platform/kubernetes/client/errors.ts';
import type { KubeObject } from '../../../../src/platform/kubernetes/client/objects.ts';
import { KubeJobRunner } from '../../../../src/runtime/kubernetes/analysis/kube-job-runner.ts';
import { runJobRunnerContract } from '../../../contracts/job-runner-contract.ts';
import { controlPlaneSuite, skipWithoutControlPlane } from '../client/control-plane-harness.ts';

/** An AnalysisRun to own the Jobs (the garbage collector deletes Jobs whose owner does not exist). */
async function analysisRun(client: KubeClient, namespace: string, name: string): Promise<JobOwner> {
  const run = await client.create<KubeObject>(argoResources.analysisRuns, namespace, {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata: { name, namespace },
    spec: { metrics: [{ name: 'check', provider: { web: { url: 'http://127.0.0.1:9/' } } }] },
  } as KubeObject);
  return { name, namespace, uid: run.metadata.uid ?? '' };
}

/** A Job whose one container `check` runs `image` until the test ends its pod. */
function checkJob(image: string): JobMetric {
  return {
    spec: {
      backoffLimit: 0,
      template: {
        spec: { restartPolicy: 'Never', containers: [{ name: 'check', image, command: ['check'] }] },
      },
    },
  };
}

/** The client, counting the lists of pods made through it. */
function countingPodLists(client: ObjectClient): { client: ObjectClient; podLists: () => number } {
  let podLists = 0;
  const counting = new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      if (property !== 'list') return value.bind(target);
      return (resource: { plural: string }, ...rest: unknown[]) => {
        if (resource.plural === 'pods') podLists++;
        return value.call(target, resource, ...rest);
      };
    },
  });
  return { client: counting, podLists: () => podLists };
}

describe('KubeJobRunner against the real API server', { skip: skipWithoutControlPlane, timeout: 900_000 }, () => {
  const suite = controlPlaneSuite();

  runJobRunnerContract({
    name: 'controller runner (batch/v1 Jobs)',
    timeoutMs: 60_000,
    create: async () => {
      const {
        cluster: { cp },
        client,
        namespace,
      } = await suite.namespace('job-contract');
      const runner = new KubeJobRunner({ client, owner: await analysisRun(client, namespace, 'contract-run') });
      return {
        runner,
        job: () => checkJob('registry.local/check:1'),
        unpullable: () => checkJob('registry.local/check:error'),
        finish: async (name, outcome) => {
          await cp.completeJobPod(namespace, name, outcome === 'succeeds');
        },
        stillRunning: async (name) => {
          const pods = await client.list<KubeObject>(coreResources.pods, {
            namespace,
            labelSelector: `batch.kubernetes.io/job-name=${name}`,
          });
          if (pods.items.length > 0) return true;
          try {
            await client.get(coreResources.jobs, namespace, name);
            return true;
          } catch (error) {
            if (error instanceof NotFoundError) return false;
            throw error;
          }
        },
      };
    },
  });

  it('reads a running Job whose pods are ready from its status, without listing its pods', async () => {
    const { client, namespace } = await suite.namespace('job-pod-reads');
    const owner = await analysisRun(client, namespace, 'reads-run');
    const counted = countingPodLists(client);
    const runner = new KubeJobRunner({ client: counted.client, owner });
    const name = 'reads-run-check-1';
    await runner.start({ name, metricName: 'check', run: owner, job: checkJob('registry.local/check:1') });
    await pollUntil(
      async () => {
        const job = await client.get<JobObject>(coreResources.jobs, namespace, name);
        return (job.status?.active ?? 0) === 1 && job.status?.ready === 1;
      },
      { what: `job ${name} to have its pod running and ready`, timeoutMs: 60_000 },
    );
    const before = counted.podLists();
    for (let poll = 0; poll < 5; poll++) assert.deepEqual(await runner.status(name), { phase: 'running' });
    assert.equal(counted.podLists() - before, 0, 'five polls of a Job whose pod is ready list no pods');
    await runner.stop(name);
  });
});
