// Faults on the writes of analysis and bookkeeping, through the faulty proxy: AnalysisRun creates
// (refused with 500, and cut mid-response after the server made the run), AnalysisRun status
// updates (500, 409, cut mid-response), Job creates (500, cut mid-response), the first Event write
// left hanging and every other one refused for the whole test. A job analysis step that passes
// still passes, one that fails still aborts the rollout; no Job is made twice; the Events never
// hold up a reconcile.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnalysisRun } from '../../../src/api/types/analysis.ts';
import type { KubeObject } from '../../../src/platform/kubernetes/client/objects.ts';
import { coreResources } from '../../../src/platform/kubernetes/client/resources.ts';
import { argoResources } from '../../../src/runtime/kubernetes/resources.ts';
import type { FaultRule, ProxiedRequest } from '../../support/faulty-proxy.ts';
import { setImage } from './support/control.ts';
import { skipWithoutControlPlane } from './support/e2e-cluster.ts';
import { rollout, service } from './support/manifests.ts';
import { proxiedScenario } from './support/proxied.ts';
import { getRollout, healthy, pollUntil, waitForRollout } from './support/wait.ts';

const ns = 'analysis-write-faults';
const scenario = proxiedScenario(ns);

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

const statusWrite = (request: ProxiedRequest): boolean => request.verb === 'update' || request.verb === 'patch';
const rules: FaultRule[] = [
  // The first Event write hangs for the whole test: a reconcile that waited for it would never end.
  { name: 'Event write hangs', resource: 'events', verb: 'create', fault: { type: 'delay', ms: 600_000 }, times: 1 },
  { name: 'Event writes 500', resource: 'events', match: statusWrite, fault: { type: 'status', status: 500 } },
  { name: 'Event creates 500', resource: 'events', verb: 'create', fault: { type: 'status', status: 500 } },
  {
    name: 'AnalysisRun create 500',
    resource: 'analysisruns',
    verb: 'create',
    fault: { type: 'status', status: 500 },
    times: 1,
  },
  {
    name: 'AnalysisRun create drop-response',
    resource: 'analysisruns',
    verb: 'create',
    fault: { type: 'drop-response' },
    times: 1,
  },
  {
    name: 'AnalysisRun status 500',
    resource: 'analysisruns',
    match: statusWrite,
    fault: { type: 'status', status: 500 },
    every: 2,
    times: 2,
  },
  {
    name: 'AnalysisRun status 409',
    resource: 'analysisruns',
    match: statusWrite,
    fault: { type: 'status', status: 409 },
    every: 2,
    times: 2,
  },
  {
    name: 'AnalysisRun status drop-response',
    resource: 'analysisruns',
    match: statusWrite,
    fault: { type: 'drop-response' },
    every: 3,
    times: 2,
  },
  { name: 'Job create 500', resource: 'jobs', verb: 'create', fault: { type: 'status', status: 500 }, times: 1 },
  { name: 'Job create drop-response', resource: 'jobs', verb: 'create', fault: { type: 'drop-response' }, times: 1 },
];

/** The run the rollout's status names for step `step` while the rollout is at that step (`known` once named). */
async function runOfStep(step: number, known: string | undefined): Promise<AnalysisRun | undefined> {
  let name = known;
  if (name === undefined) {
    const status = (await getRollout(scenario.cluster.client, ns, 'web')).status;
    name = status?.currentStepIndex === step ? status.canary?.currentStepAnalysisRunStatus?.name : undefined;
  }
  if (!name) return undefined;
  return scenario.cluster.client.get(argoResources.analysisRuns, ns, name);
}

/**
 * Completes every Job of the step's run as `succeeded` until the run is over. A measurement whose
 * Job create failed (or whose answer was lost) is an Error measurement, as in Argo, and the next
 * measurement makes the next Job (`<uid>.check.<n+1>`), so the run may have more than one Job.
 */
async function completeStepJobs(step: number, succeeded: boolean): Promise<AnalysisRun> {
  const done = new Set<string>();
  let known: string | undefined;
  return pollUntil(
    async () => {
      const run = await runOfStep(step, known);
      if (!run) return undefined;
      known = run.metadata.name;
      if (['Successful', 'Failed', 'Error', 'Inconclusive'].includes(run.status?.phase ?? '')) return run;
      const jobs = await scenario.cluster.client.list<KubeObject>(coreResources.jobs, {
        namespace: ns,
        labelSelector: `analysisrun.argoproj.io/uid=${run.metadata.uid}`,
      });
      for (const job of jobs.items) {
        const name = job.metadata.name ?? '';
        if (done.has(name)) continue;
        try {
          await scenario.cluster.cp.completeJobPod(ns, name, succeeded);
          done.add(name);
        } catch {
          // Its pod is not there yet: next round.
        }
      }
      return undefined;
    },
    { what: `the run of step ${step} to finish`, timeoutMs: 150_000, intervalMs: 1000 },
  );
}

test('AnalysisRun, Job and Event writes failing: the analysis verdicts stand, no Job made twice, Events never block', {
  skip: skipWithoutControlPlane,
}, async (t) => {
  await scenario.run(async () => {
    const {
      cluster,
      through: { proxy },
    } = scenario;
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
      timeoutMs: 120_000,
    });
    for (const rule of rules) proxy.addRule(rule);
    const eventsBefore = await controllerEvents();
    await setImage(cluster.client, ns, 'web', 'registry.local/app:2');

    assert.equal((await completeStepJobs(1, true)).status?.phase, 'Successful');
    await waitForRollout(cluster.client, ns, 'web', (r) => r.status?.currentStepIndex === 2, {
      what: 'the first analysis step to pass',
      timeoutMs: 120_000,
    });
    assert.equal((await completeStepJobs(2, false)).status?.phase, 'Failed');
    const aborted = await waitForRollout(
      cluster.client,
      ns,
      'web',
      (r) => r.status?.abort === true && r.status.phase === 'Degraded',
      { what: 'the rollout to abort', timeoutMs: 120_000 },
    );
    assert.equal(aborted.status?.stableRS, first.status?.stableRS);

    const runs = (await cluster.client.list(argoResources.analysisRuns, { namespace: ns })).items;
    const live = runs.filter((run) => (run.spec as { terminate?: boolean }).terminate !== true);
    assert.deepEqual(
      Object.fromEntries(live.map((run) => [run.metadata.labels?.['step-index'], run.status?.phase])),
      { '1': 'Successful', '2': 'Failed' },
      'one run per analysis step, with its verdict',
    );
    // A run whose create answer was lost is not in the rollout's status: the next pass takes it back (as Argo's create does), never stopping it to make `<name>.1`.
    const lostCreates = proxy.log.filter(
      (entry) =>
        entry.resource === 'analysisruns' &&
        entry.verb === 'create' &&
        entry.outcome.startsWith('drop-response after 201'),
    ).length;
    assert.equal(lostCreates, 1, 'a run was made whose create answer was lost');
    assert.equal(
      runs.length - live.length,
      0,
      `terminated runs: ${runs
        .filter((run) => !live.includes(run))
        .map((run) => run.metadata.name)
        .join(', ')}`,
    );
    t.diagnostic(
      `runs: ${runs.map((run) => `${run.metadata.name} ${run.status?.phase}${live.includes(run) ? '' : ' (terminated)'}`).join(', ')}`,
    );
    // Every Job is one measurement, none made twice: at most one Job per measurement, and as many as the measurements whose create was not refused.
    const jobs = (
      await cluster.client.list<KubeObject>(coreResources.jobs, {
        namespace: ns,
        labelSelector: 'analysisrun.argoproj.io/uid',
      })
    ).items;
    const refusedJobCreates = proxy.log.filter(
      (entry) => entry.resource === 'jobs' && entry.verb === 'create' && entry.outcome === 'status 500',
    ).length;
    for (const run of live) {
      const made = jobs.filter(
        (job) => job.metadata.labels?.['analysisrun.argoproj.io/uid'] === run.metadata.uid,
      ).length;
      const measured = run.status?.metricResults?.[0]?.measurements?.length ?? 0;
      assert.ok(
        made <= measured && made >= measured - refusedJobCreates,
        `${run.metadata.name}: ${made} Jobs for ${measured} measurements`,
      );
    }

    const fired = proxy.fired();
    for (const rule of rules) {
      if (rule.name === 'Event writes 500') continue; // patches only come with repeats
      assert.ok(
        (fired[rule.name ?? ''] ?? 0) > 0,
        `the fault "${rule.name}" was injected (fired: ${JSON.stringify(fired)})`,
      );
    }
    assert.deepEqual(await controllerEvents(), eventsBefore, 'no Event written by the controller got through');
  });
});

async function controllerEvents(): Promise<string[]> {
  const events = await scenario.cluster.client.list<KubeObject>(coreResources.events, { namespace: ns });
  return events.items
    .filter((event) => (event['source'] as { component?: string } | undefined)?.component === 'rollouts-controller')
    .map((event) => event.metadata.name ?? '')
    .sort();
}
