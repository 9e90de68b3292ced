// The JobRunner contract over the controller's runner (KubeJobRunner) against the real API server
// of test/controlplane: batch/v1 Jobs run by the Job controller on the kwok node, their pods ended
// through the control plane's pod steering. The Jobs belong to a real AnalysisRun (the garbage
// collector would delete Jobs whose owner does not exist). Outside CI it skips when the control
// plane is not built. Beyond the contract: a Job whose pods run ready is read from its status alone,
// without listing its pods.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ObjectClient } from '../../../../src/platform/kubernetes/client/interfaces.ts';
import type { JobObject } from '../../../../src/runtime/kubernetes/analysis/job-naming.ts';
import { pollUntil } from '../../../controlplane/poll.ts';
import { coreResources } from '../../../../src/platform/kubernetes/client/resources.ts';
import { argoResources } from '../../../../src/runtime/kubernetes/resources.ts';
import { NotFoundError } from '../../../../src/platform/kubernetes/client/errors.ts';
import type { KubeObject } from '../../../../src/platform/kubernetes/client/objects.ts';
import { KubeJobRunner } from '../../../../src/runtime/kubernetes/analysis/kube-job-runner.ts';
import { runJobRunnerContract } from '../../../contracts/job-runner-contract.ts';
import { controlPlaneSuite, skipWithoutControlPlane } from '../client/control-plane-harness.ts';

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
      const run = await client.create<KubeObject>(argoResources.analysisRuns, namespace, {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AnalysisRun',
        metadata: { name: 'contract-run', namespace },
        spec: { metrics: [{ name: 'check', provider: { web: { url: 'http://127.0.0.1:9/' } } }] },
      } as KubeObject);
      const runner = new KubeJobRunner({
        client,
        owner: { name: 'contract-run', namespace, uid: run.metadata.uid ?? '' },
      });
      return {
        runner,
        job: () => ({
          spec: {
            backoffLimit: 0,
            template: {
              spec: {
                restartPolicy: 'Never',
                containers: [{ name: 'check', image: 'registry.local/check:1', command: ['check'] }],
              },
            },
          },
        }),
        unpullable: () => ({
          spec: {
            backoffLimit: 0,
            template: {
              spec: {
                restartPolicy: 'Never',
                containers: [{ name: 'check', image: 'registry.local/check:error', command: ['check'] }],
              },
            },
          },
        }),
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
    const run = await client.create<KubeObject>(argoResources.analysisRuns, namespace, {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisRun',
      metadata: { name: 'reads-run', namespace },
      spec: { metrics: [{ name: 'check', provider: { web: { url: 'http://127.0.0.1:9/' } } }] },
    } as KubeObject);
    const counted = countingPodLists(client);
    const runner = new KubeJobRunner({
      client: counted.client,
      owner: { name: 'reads-run', namespace, uid: run.metadata.uid ?? '' },
    });
    const name = 'reads-run-check-1';
    await runner.start({
      name,
      metricName: 'check',
      run: { name: 'reads-run', namespace, uid: run.metadata.uid ?? '' },
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
    });
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
