// The AnalysisRun controller against the real API server (job controller, garbage collector and
// kwok included): web metrics with a secret arg, Job metrics that succeed and fail, terminate,
// resume after a controller restart, garbage collection of Jobs, the instance-id filter.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AnalysisRun as AnalysisRunModel } from '../../../../src/api/types/analysis.ts';
import type { KubeClient } from '../../../../src/platform/kubernetes/client/client.ts';
import type { KubeObject } from '../../../../src/platform/kubernetes/client/objects.ts';
import { coreResources } from '../../../../src/platform/kubernetes/client/resources.ts';
import { argoResources } from '../../../../src/runtime/kubernetes/resources.ts';
import { SharedInformerFactory } from '../../../../src/platform/kubernetes/informers/informer-factory.ts';
import {
  startAnalysisRunController,
  type AnalysisRunController,
} from '../../../../src/runtime/kubernetes/analysis/analysis-run-controller.ts';
import {
  ANALYSIS_RUN_METRIC_ANNOTATION,
  ANALYSIS_RUN_NAME_ANNOTATION,
  ANALYSIS_RUN_UID_LABEL,
  type JobObject,
} from '../../../../src/runtime/kubernetes/analysis/job-naming.ts';
import { createControllerMetrics } from '../../../../src/runtime/kubernetes/metrics/controller-metrics.ts';
import type { AnalysisEvent } from '../../../../src/analysis/assess-run.ts';
import { startControlPlane } from '../../../controlplane/control-plane.ts';
import { pollUntil } from '../../../controlplane/poll.ts';
import { AWKWARD_SECRET, secretLeaks } from '../../../support/secret-leaks.ts';
import { startWebServer, type TestServer } from '../../../support/web-server.ts';
import {
  binaries,
  clusterOf,
  namespaceManifest,
  skipWithoutControlPlane,
  type Cluster,
} from '../client/control-plane-harness.ts';

type AnalysisRun = AnalysisRunModel & KubeObject;
const NS = 'analysis-test';
const SECRET_VALUE = 'super-secret-token-42';

interface Running {
  controller: AnalysisRunController;
  factory: SharedInformerFactory;
  events: Array<{ run: string; event: AnalysisEvent }>;
  logs: string[];
  metrics: ReturnType<typeof createControllerMetrics>;
  stop(): Promise<void>;
}

async function startController(client: KubeClient, instanceId?: string): Promise<Running> {
  const factory = new SharedInformerFactory(client, { namespace: NS });
  const events: Running['events'] = [];
  const logs: string[] = [];
  const metrics = createControllerMetrics({ processMetrics: false });
  const controller = startAnalysisRunController({
    client,
    informers: factory,
    ...(instanceId ? { instanceId } : {}),
    jobPollIntervalMs: 500,
    metrics,
    events: { record: async (object, event) => void events.push({ run: object.metadata.name ?? '', event }) },
    log: (line) => logs.push(line),
  });
  metrics.setSources({ analysisRuns: () => factory.informerFor<AnalysisRun>(argoResources.analysisRuns).store.list() });
  factory.start();
  await factory.waitForCacheSync();
  return {
    controller,
    factory,
    events,
    logs,
    metrics,
    async stop() {
      await controller.stop();
      await factory.stop();
    },
  };
}

function jobMetric(name: string): AnalysisRun['spec']['metrics'][number] {
  return {
    name,
    provider: {
      job: {
        metadata: { labels: { team: 'checks' } },
        spec: {
          backoffLimit: 0,
          template: {
            spec: { restartPolicy: 'Never', containers: [{ name: 'check', image: 'registry.example/check:1' }] },
          },
        },
      },
    },
  };
}

function runManifest(
  name: string,
  metrics: AnalysisRun['spec']['metrics'],
  extra: Partial<AnalysisRun['spec']> = {},
  labels: Record<string, string> = {},
): AnalysisRun {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata: { name, namespace: NS, labels },
    spec: { metrics, ...extra },
  } as AnalysisRun;
}

async function waitForPhase(client: KubeClient, name: string, phase: string, timeoutMs = 30_000): Promise<AnalysisRun> {
  return pollUntil(
    async () => {
      const run = await client.get<AnalysisRun>(argoResources.analysisRuns, NS, name);
      return run.status?.phase === phase ? run : undefined;
    },
    { what: `analysisrun ${name} to be ${phase}`, timeoutMs },
  );
}

async function jobsOf(client: KubeClient, uid: string): Promise<JobObject[]> {
  return (
    await client.list<JobObject>(coreResources.jobs, {
      namespace: NS,
      labelSelector: `${ANALYSIS_RUN_UID_LABEL}=${uid}`,
    })
  ).items;
}

describe('AnalysisRun controller against the real API server', {
  skip: skipWithoutControlPlane,
  timeout: 600_000,
}, () => {
  let cluster: Cluster | undefined;
  let web: TestServer | undefined;
  const current = (): Cluster => {
    if (cluster === undefined) throw new Error('the control plane did not start');
    return cluster;
  };

  before(async () => {
    if (!binaries.found) throw new Error(`CI=true and ${binaries.reason}`);
    cluster = clusterOf(await startControlPlane({ binDir: binaries.binDir }));
    await cluster.admin.create(coreResources.namespaces, '', namespaceManifest(NS));
    web = await startWebServer((request) => ({
      json: { ok: request.headers['authorization'] === `Bearer ${SECRET_VALUE}` },
    }));
  });

  after(async () => {
    await web?.close();
    cluster?.close();
    await cluster?.cp.stop();
  });

  it('measures a web metric with a secret arg, writes the status, records Events, and never writes the secret', async () => {
    const { admin } = current();
    await admin.create(coreResources.secrets, NS, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'api-token', namespace: NS },
      stringData: { token: SECRET_VALUE },
    });
    const running = await startController(admin);
    try {
      await admin.create(
        argoResources.analysisRuns,
        NS,
        runManifest(
          'web-secret',
          [
            {
              name: 'reachable',
              count: 2,
              interval: '1s',
              successCondition: 'result.ok == true',
              provider: {
                web: {
                  url: `${web!.url}/health`,
                  headers: [{ key: 'Authorization', value: 'Bearer {{args.token}}' }],
                  jsonPath: '{$}',
                },
              },
            },
          ],
          { args: [{ name: 'token', valueFrom: { secretKeyRef: { name: 'api-token', key: 'token' } } }] },
        ),
      );
      const done = await waitForPhase(admin, 'web-secret', 'Successful');
      const result = done.status?.metricResults?.[0];
      assert.equal(result?.count, 2);
      assert.equal(result?.successful, 2);
      assert.equal(
        web!.requests.filter((request) => request.headers['authorization'] === `Bearer ${SECRET_VALUE}`).length,
        2,
      );
      assert.ok(!JSON.stringify(done).includes(SECRET_VALUE), 'the secret is not in the run');
      // Events go out after the status is written: wait for the last one rather than race it.
      const reasons = await pollUntil(
        async () => {
          const seen = running.events.filter((entry) => entry.run === 'web-secret').map((entry) => entry.event.reason);
          return seen.includes('AnalysisRunSuccessful') ? seen : undefined;
        },
        { what: 'the AnalysisRunSuccessful event of web-secret', timeoutMs: 10_000 },
      );
      assert.deepEqual(
        reasons.filter((reason) => reason !== 'AnalysisRunRunning'),
        ['MetricSuccessful', 'AnalysisRunSuccessful'],
      );
      assert.ok(
        !JSON.stringify(running.events).includes(SECRET_VALUE) && !running.logs.join('\n').includes(SECRET_VALUE),
      );
      assert.equal(running.controller.watchedSecrets, 0, 'the Secret watch ends with the run');
      const text = running.metrics.render();
      assert.match(text, /analysis_run_info\{namespace="analysis-test",name="web-secret",phase="Successful"\} 1/);
      assert.match(text, /analysis_run_reconcile_count\{namespace="analysis-test",name="web-secret"\} [1-9]/);
    } finally {
      await running.stop();
    }
  });

  it('hides a secret that a server echoes back, in every form, in the status, Events and logs', async () => {
    const { admin } = current();
    const echo = await startWebServer((request) =>
      request.url.startsWith('/fail')
        ? { status: 500, body: String(request.headers['x-token']) }
        : {
            json: { url: request.url, token: request.headers['x-token'], authorization: request.headers.authorization },
          },
    );
    await admin.create(coreResources.secrets, NS, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'awkward', namespace: NS },
      stringData: { token: AWKWARD_SECRET },
    });
    const running = await startController(admin);
    try {
      const web = (url: string, extra: Record<string, unknown> = {}) => ({
        web: { url, headers: [{ key: 'X-Token', value: '{{args.token}}' }], ...extra },
      });
      await admin.create(
        argoResources.analysisRuns,
        NS,
        runManifest(
          'web-awkward',
          [
            {
              name: 'echoed',
              provider: web(`${echo.url}/echo/{{args.token}}?token={{args.token}}`, {
                jsonPath: '{$}',
                authentication: { basicAuth: { username: 'ops', password: '{{args.token}}' } },
              }),
            },
            {
              name: 'jsonpath',
              consecutiveErrorLimit: 0,
              provider: web(`${echo.url}/echo`, { jsonPath: '{$.{{args.token}}}' }),
            },
          ],
          { args: [{ name: 'token', valueFrom: { secretKeyRef: { name: 'awkward', key: 'token' } } }] },
        ),
      );
      const done = await waitForPhase(admin, 'web-awkward', 'Error');
      assert.ok(
        echo.requests.some((request) => request.headers['x-token'] === AWKWARD_SECRET),
        'the server got the secret',
      );
      assert.equal(done.status?.metricResults?.find((result) => result.name === 'echoed')?.phase, 'Successful');
      const events = await pollUntil(
        async () => {
          const seen = running.events.filter((entry) => entry.run === 'web-awkward');
          return seen.some((entry) => /^AnalysisRun(?!Running)/.test(entry.event.reason)) ? seen : undefined;
        },
        { what: 'the completion event of web-awkward', timeoutMs: 10_000 },
      );
      const everything = [JSON.stringify(done), JSON.stringify(events), ...running.logs].join('\n');
      const leaks = secretLeaks(everything, AWKWARD_SECRET);
      assert.deepEqual(leaks, [], `${leaks.join('\n')}\n${everything}`);
    } finally {
      await running.stop();
      await echo.close();
    }
  });

  it('runs a Job metric as a batch/v1 Job named and owned as Argo does; its success and failure decide the metric', async () => {
    const { admin, cp } = current();
    const running = await startController(admin);
    try {
      const created = await admin.create<AnalysisRun>(
        argoResources.analysisRuns,
        NS,
        runManifest('job-pass', [jobMetric('smoke')]),
      );
      const failing = await admin.create<AnalysisRun>(
        argoResources.analysisRuns,
        NS,
        runManifest('job-fail', [jobMetric('smoke')]),
      );
      const jobName = `${created.metadata.uid}.smoke.1`;
      const job = await pollUntil(
        async () =>
          (await jobsOf(admin, created.metadata.uid ?? '')).find((candidate) => candidate.metadata.name === jobName),
        { what: 'the job' },
      );
      assert.equal(job.metadata.labels?.[ANALYSIS_RUN_UID_LABEL], created.metadata.uid);
      assert.equal(job.metadata.labels?.['team'], 'checks');
      assert.equal(job.metadata.annotations?.[ANALYSIS_RUN_NAME_ANNOTATION], 'job-pass');
      assert.equal(job.metadata.annotations?.[ANALYSIS_RUN_METRIC_ANNOTATION], 'smoke');
      assert.deepEqual(
        job.metadata.ownerReferences?.map((owner) => [owner.kind, owner.name, owner.uid, owner.controller]),
        [['AnalysisRun', 'job-pass', created.metadata.uid, true]],
      );
      const runningRun = await waitForPhase(admin, 'job-pass', 'Running');
      assert.equal(runningRun.status?.metricResults?.[0]?.measurements?.[0]?.metadata?.['job-name'], jobName);
      await cp.completeJobPod(NS, jobName, true);
      await cp.completeJobPod(NS, `${failing.metadata.uid}.smoke.1`, false);
      await waitForPhase(admin, 'job-pass', 'Successful');
      const failed = await waitForPhase(admin, 'job-fail', 'Failed');
      assert.equal(failed.status?.metricResults?.[0]?.failed, 1);
      const reasons = running.events.filter((entry) => entry.run === 'job-fail').map((entry) => entry.event.reason);
      assert.ok(reasons.includes('MetricFailed') && reasons.includes('AnalysisRunFailed'), reasons.join(','));
    } finally {
      await running.stop();
    }
  });

  it('spec.terminate deletes the running Job and ends the run Inconclusive (a job stopped before it finished, as Argo)', async () => {
    const { admin } = current();
    const running = await startController(admin);
    try {
      const created = await admin.create<AnalysisRun>(
        argoResources.analysisRuns,
        NS,
        runManifest('job-terminate', [jobMetric('long')]),
      );
      await pollUntil(async () => (await jobsOf(admin, created.metadata.uid ?? '')).length === 1, { what: 'the job' });
      await waitForPhase(admin, 'job-terminate', 'Running');
      await admin.patch(argoResources.analysisRuns, NS, 'job-terminate', { spec: { terminate: true } });
      const ended = await waitForPhase(admin, 'job-terminate', 'Inconclusive');
      const measurement = ended.status?.metricResults?.[0]?.measurements?.at(-1);
      assert.deepEqual([measurement?.phase, measurement?.message], ['Inconclusive', 'Metric Terminated']);
      await pollUntil(async () => (await jobsOf(admin, created.metadata.uid ?? '')).length === 0, {
        what: 'the job to be deleted',
      });
    } finally {
      await running.stop();
    }
  });

  it('a restarted controller finds the Job it started (no second Job) and completes the run', async () => {
    const { admin, cp } = current();
    const first = await startController(admin);
    const created = await admin.create<AnalysisRun>(
      argoResources.analysisRuns,
      NS,
      runManifest('job-restart', [jobMetric('smoke')]),
    );
    await waitForPhase(admin, 'job-restart', 'Running');
    await first.stop();
    const second = await startController(admin);
    try {
      await cp.completeJobPod(NS, `${created.metadata.uid}.smoke.1`, true);
      await waitForPhase(admin, 'job-restart', 'Successful');
      assert.deepEqual(
        (await jobsOf(admin, created.metadata.uid ?? '')).map((job) => job.metadata.name),
        [`${created.metadata.uid}.smoke.1`],
      );
    } finally {
      await second.stop();
    }
  });

  it('deleting a run deletes its Jobs (owner references), and runs of another instance id are left alone', async () => {
    const { admin } = current();
    const running = await startController(admin);
    try {
      const created = await admin.create<AnalysisRun>(
        argoResources.analysisRuns,
        NS,
        runManifest('job-gc', [jobMetric('smoke')]),
      );
      await pollUntil(async () => (await jobsOf(admin, created.metadata.uid ?? '')).length === 1, { what: 'the job' });
      await admin.create(
        argoResources.analysisRuns,
        NS,
        runManifest(
          'other-instance',
          [jobMetric('smoke')],
          {},
          { 'argo-rollouts.argoproj.io/controller-instance-id': 'someone-else' },
        ),
      );
      await admin.delete(argoResources.analysisRuns, NS, 'job-gc', { propagationPolicy: 'Foreground' });
      await pollUntil(async () => (await jobsOf(admin, created.metadata.uid ?? '')).length === 0, {
        what: 'the garbage collector to delete the job',
      });
      // The other instance's run: by the time this run's Job is gone, it would have had a status long ago.
      const other = await admin.get<AnalysisRun>(argoResources.analysisRuns, NS, 'other-instance');
      assert.equal(other.status, undefined);
    } finally {
      await running.stop();
    }
  });

  it('deletes a completed run when its ttlStrategy time is up', async () => {
    const { admin } = current();
    const running = await startController(admin);
    try {
      await admin.create(
        argoResources.analysisRuns,
        NS,
        runManifest(
          'ttl',
          [{ name: 'ok', provider: { web: { url: `${web!.url}/ttl`, jsonPath: '{$.ok}' } }, successCondition: 'true' }],
          { ttlStrategy: { secondsAfterCompletion: 1 } },
        ),
      );
      await pollUntil(
        async () => {
          try {
            await admin.get(argoResources.analysisRuns, NS, 'ttl');
            return false;
          } catch {
            return true;
          }
        },
        { what: 'the run to be deleted after its ttl', timeoutMs: 20_000 },
      ).catch(async (error: Error) => {
        const run = await admin.get<AnalysisRun>(argoResources.analysisRuns, NS, 'ttl');
        throw new Error(
          `${error.message}; run: ${JSON.stringify(run.status)} ${JSON.stringify(run.metadata)}; logs: ${running.logs.join(' | ')}`,
        );
      });
    } finally {
      await running.stop();
    }
  });
});
