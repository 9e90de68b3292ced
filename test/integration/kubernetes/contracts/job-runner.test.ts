// The JobRunner contract over the controller's runner (KubeJobRunner) against the real API server
// of test/controlplane: batch/v1 Jobs run by the Job controller on the kwok node, their pods ended
// through the control plane's pod steering. The Jobs belong to a real AnalysisRun (the garbage
// collector would delete Jobs whose owner does not exist). Outside CI it skips when the control
// plane is not built.
import { describe } from 'node:test';
import { coreResources } from '../../../../src/platform/kubernetes/client/resources.ts';
import { argoResources } from '../../../../src/runtime/kubernetes/resources.ts';
import { NotFoundError } from '../../../../src/platform/kubernetes/client/errors.ts';
import type { KubeObject } from '../../../../src/platform/kubernetes/client/objects.ts';
import { KubeJobRunner } from '../../../../src/runtime/kubernetes/analysis/kube-job-runner.ts';
import { runJobRunnerContract } from '../../../contracts/job-runner-contract.ts';
import { controlPlaneSuite, skipWithoutControlPlane } from '../client/control-plane-harness.ts';

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
});
