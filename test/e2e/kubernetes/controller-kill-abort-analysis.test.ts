// The controller killed with SIGKILL at the two moments a restart must get right, then started
// again. During an analysis step (its AnalysisRun Running, measurements under way): the restarted
// controller finishes that same run, with its count of measurements and its verdict, and the
// rollout goes on. During an abort (a failed background analysis), killed the moment the
// VirtualService shows the canary at 0, before the rest of the abort is written: the restarted
// controller finishes the abort on the stable revision. Informers of the test follow the weights
// the whole time: they never move while no controller runs, and the canary never gets traffic
// again once the abort began. No ReplicaSet or AnalysisRun is made twice.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { AnalysisRun } from '../../../src/api/types/analysis.ts';
import type { Rollout } from '../../../src/api/types/rollout.ts';
import { argoResources } from '../../../src/runtime/kubernetes/resources.ts';
import { startWebServer, type TestServer } from '../../support/web-server.ts';
import { setImage } from './support/control.ts';
import type { ControllerProcess } from './support/controller-process.ts';
import { skipWithoutControlPlane, startE2eCluster, type E2eCluster } from './support/e2e-cluster.ts';
import { canaryWeight, followHistory, type History } from './support/history.ts';
import { webHostLevelCanary, webTemplate } from './support/manifests.ts';
import { getRollout, healthy, pausedAtStep, pollUntil, waitForRollout } from './support/wait.ts';

const ns = 'kill-abort';
let cluster: E2eCluster;
let controller: ControllerProcess;
let server: TestServer;
let history: History | undefined;
let backgroundOk = true;
let failed = false;

before(async () => {
  if (skipWithoutControlPlane) return;
  server = await startWebServer((request) => ({
    json: { ok: request.url.startsWith('/background') ? backgroundOk : true },
  }));
  cluster = await startE2eCluster(ns);
  controller = await cluster.startController();
});

after(async () => {
  await history?.stop();
  await cluster?.stop(failed);
  await server?.close();
});

async function runs(): Promise<AnalysisRun[]> {
  return (await cluster.client.list(argoResources.analysisRuns, { namespace: ns })).items;
}

/** Kills the controller, checks that no weight moves while none runs (for `downMs`), starts another. */
async function killAndRestart(downMs: number, whileDown: () => Promise<void> = async () => undefined): Promise<number> {
  await controller.kill();
  const killedAt = Date.now();
  await whileDown();
  const weights = history?.weights.at(-1)?.weights;
  await pollUntil(() => Date.now() - killedAt >= downMs || history?.weights.at(-1)?.weights !== weights, {
    what: 'the time without a controller',
    timeoutMs: downMs + 5_000,
    intervalMs: 20,
  });
  assert.equal(history?.weights.at(-1)?.weights, weights, 'the weights moved while no controller ran');
  controller = await cluster.startController();
  return killedAt;
}

test('SIGKILL during an analysis step and during an abort: the restarted controller finishes each with the right outcome', {
  skip: skipWithoutControlPlane,
}, async (t) => {
  try {
    await cluster.apply([
      webTemplate('step-check', `${server.url}/step`, { interval: '2s', count: 4 }),
      webTemplate('background-check', `${server.url}/background`, { interval: '1s' }),
      ...webHostLevelCanary({
        analysis: { templates: [{ templateName: 'background-check' }], startingStep: 2 },
        steps: [
          { setWeight: 20 },
          { analysis: { templates: [{ templateName: 'step-check' }] } },
          { setWeight: 50 },
          { pause: {} },
        ],
      }),
    ]);
    const first = await waitForRollout(cluster.client, ns, 'web', healthy, {
      what: 'the first revision to be Healthy',
      timeoutMs: 120_000,
    });
    history = await followHistory(cluster.client, ns, { name: 'web-vs', route: 'primary' });
    await setImage(cluster.client, ns, 'web', 'registry.local/app:2');

    // Killed while the step's AnalysisRun is Running, after its first measurement.
    const running = await pollUntil(
      async () =>
        (await runs()).find(
          (run) => run.status?.phase === 'Running' && (run.status.metricResults?.[0]?.measurements?.length ?? 0) >= 1,
        ),
      { what: 'the step analysis to be Running', timeoutMs: 120_000, intervalMs: 100 },
    );
    assert.equal(history.weights.at(-1)?.weights, 'web-stable=80 web-canary=20');
    await killAndRestart(3_000);
    const paused = await waitForRollout(cluster.client, ns, 'web', pausedAtStep(3), {
      what: 'the analysis to pass and the rollout to pause after setWeight 50',
      timeoutMs: 120_000,
    });
    const stepRun = (await runs()).find((run) => run.metadata.name === running.metadata.name);
    assert.equal(stepRun?.metadata.uid, running.metadata.uid, 'the same run finished');
    assert.equal(stepRun?.status?.phase, 'Successful');
    assert.equal(
      stepRun?.status?.metricResults?.[0]?.count,
      4,
      'four measurements, as the template says, across the restart',
    );
    await pollUntil(() => history?.weights.at(-1)?.weights === 'web-stable=50 web-canary=50', {
      what: 'weights 50/50',
      timeoutMs: 60_000,
    });

    // The background analysis fails: killed the moment the canary's weight is 0.
    await pollUntil(
      async () =>
        (await runs()).some(
          (run) =>
            run.metadata.labels?.['rollout-type'] === 'Background' &&
            (run.status?.metricResults?.[0]?.measurements?.length ?? 0) >= 1,
        ),
      { what: 'the background analysis to measure', timeoutMs: 60_000 },
    );
    backgroundOk = false;
    const fifty = history.weights.findIndex((change) => change.weights === 'web-stable=50 web-canary=50');
    const abortSeen = await pollUntil(
      () => history?.weights.slice(fifty + 1).find((change) => canaryWeight(change.weights) === 0),
      { what: 'the abort to send all traffic to stable', timeoutMs: 60_000, intervalMs: 10 },
    );
    let statusAtKill: Rollout['status'];
    const killedAt = await killAndRestart(3_000, async () => {
      statusAtKill = (await getRollout(cluster.client, ns, 'web')).status;
    });
    // Whether the kill fell between the traffic and the status of the abort (it usually does: they are written in two passes).
    t.diagnostic(
      `killed ${killedAt - abortSeen.at} ms after weight 0 was seen; the status left by the killed controller: phase ${statusAtKill?.phase}, abort ${statusAtKill?.abort ?? false}`,
    );
    const aborted = await waitForRollout(
      cluster.client,
      ns,
      'web',
      (r) => r.status?.abort === true && r.status.phase === 'Degraded',
      { what: 'the abort to finish', timeoutMs: 120_000 },
    );
    assert.equal(aborted.status?.stableRS, first.status?.stableRS, 'back on the first revision');
    // Let the restarted controller run a while with the aborted rollout: weights stay at stable.
    const restartedAt = Date.now();
    await pollUntil(() => Date.now() - restartedAt >= 5_000, {
      what: 'five seconds of the aborted rollout',
      timeoutMs: 10_000,
    });

    const sinceAbort = history.weightsSince(abortSeen.at);
    assert.deepEqual(
      sinceAbort.map((change) => change.weights),
      ['web-stable=100 web-canary=0'],
      'the canary never got traffic again once the abort began',
    );
    const newHash = paused.status?.currentPodHash ?? '';
    assert.deepEqual(
      Object.fromEntries(Object.entries(history.replicaSetNamesByHash()).map(([hash, names]) => [hash, names.length])),
      { [first.status?.stableRS ?? '']: 1, [newHash]: 1 },
      'one ReplicaSet per revision, ever',
    );
    const names = history.analysisRunNames();
    assert.equal(new Set(names).size, names.length, `no AnalysisRun made twice: ${names.join(', ')}`);
    const phases = Object.fromEntries(
      (await runs()).map((run) => [run.metadata.labels?.['rollout-type'], run.status?.phase]),
    );
    assert.deepEqual(phases, { Step: 'Successful', Background: 'Failed' });
  } catch (error) {
    failed = true;
    throw error;
  }
});
