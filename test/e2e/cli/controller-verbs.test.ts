// The CLI against a real API server with the real controller running (one control plane for the
// file): get analysisrun on a background web analysis, status exit codes (Healthy, Degraded after
// abort, timeout at an indefinite pause), get rollout -w and list rollouts -w while the rollout
// steps, and `kubectl sluice` as a plugin.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startWebServer, type TestServer } from '../../support/web-server.ts';
import { skipWithoutControlPlane, startE2eCluster, type E2eCluster } from '../kubernetes/support/e2e-cluster.ts';
import { rollout, webTemplate } from '../kubernetes/support/manifests.ts';
import { getRollout, healthy, pausedAtStep, pollUntil, waitForRollout } from '../kubernetes/support/wait.ts';
import { temporaryDir } from '../../integration/local/runtime/sluice-run.ts';
import { neutralEnv, ROOT, sluice, sluiceWatching } from '../../integration/cli/cli-process.ts';

const NS = 'cli-controller';

describe('the CLI with the controller running', { skip: skipWithoutControlPlane, timeout: 240_000 }, () => {
  let cluster: E2eCluster;
  let server: TestServer;
  let home = '';
  let failed = false;
  const env = () => neutralEnv({ KUBECONFIG: cluster.cp.kubeconfigPath, HOME: home });
  const cli = (...args: string[]) => sluice([...args, '-n', NS], { env: env() });
  const watching = (
    args: string[],
    until: (out: string) => boolean,
    beforeStop: (stdout: () => string) => Promise<void>,
  ) => sluiceWatching([...args, '-w', '-n', NS], until, { env: env(), beforeStop });
  const waitFor = (name: string, check: Parameters<typeof waitForRollout>[3], what: string) =>
    waitForRollout(cluster.client, NS, name, check, { what });
  const guarded = (body: () => Promise<void>) => async () => {
    try {
      await body();
    } catch (error) {
      failed = true;
      throw error;
    }
  };

  before(async () => {
    home = temporaryDir('cli-controller-home');
    server = await startWebServer((request) => ({ json: { ok: true, at: request.url } }));
    cluster = await startE2eCluster(NS);
    await cluster.startController();
    await cluster.apply([
      webTemplate('health', `${server.url}/health`, { interval: '1s' }),
      rollout({
        name: 'web',
        replicas: 2,
        strategy: {
          canary: {
            analysis: { templates: [{ templateName: 'health' }] },
            steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }],
          },
        },
      }),
      rollout({
        name: 'quick',
        replicas: 1,
        strategy: { canary: { steps: [{ setWeight: 50 }, { pause: { duration: '1s' } }] } },
      }),
    ]);
    await waitFor('web', healthy, 'web to be Healthy');
    await waitFor('quick', healthy, 'quick to be Healthy');
  });

  after(async () => {
    await cluster?.stop(failed);
    await server?.close();
  });

  it(
    'get rollout -w redraws in place (cursor movements, also without a TTY) as the rollout reaches its pause',
    guarded(async () => {
      const result = await watching(
        ['get', 'rollout', 'web'],
        (out) => /Status: +✔ Healthy/.test(out),
        async (stdout) => {
          const set = await cli('set', 'image', 'web', 'app=registry.local/app:2');
          assert.equal(set.code, 0, set.stderr);
          await pollUntil(() => /Step: +1\/3/.test(stdout()) && /॥ Paused/.test(stdout()), {
            what: 'the redrawn tree to show the pause at step 1/3',
            timeoutMs: 60_000,
          });
        },
      );
      assert.equal(result.code, 0, result.stderr);
      assert.ok(result.stdout.startsWith('\x1b[?25l'), 'hides the cursor');
      assert.match(
        result.stdout,
        /^\x1b\[\?25lName: +web\n[\s\S]*Status: +✔ Healthy\n[\s\S]*Step: +3\/3\n/,
        'the first frame is the Healthy rollout at its last step',
      );
      assert.match(result.stdout, /\x1b\[\d+A\r/, 'moves the cursor up to redraw');
      assert.match(result.stdout, /\x1b\[K\n/, 'clears the rewritten lines');
      assert.match(result.stdout, /Step: +1\/3\x1b\[K\n/, 'a redrawn line shows the new step');
      assert.doesNotMatch(result.stdout, /\x1b\[2J/, 'never clears the screen');
      assert.ok(result.stdout.endsWith('\x1b[?25h'), 'gives the cursor back');
    }),
  );

  it(
    'get analysisrun shows the background run with its measurements; -o json is the AnalysisRun',
    guarded(async () => {
      const runName = await pollUntil(
        async () => {
          const list = JSON.parse(await cluster.kubectl(['get', 'analysisruns', '-n', NS, '-o', 'json'])) as {
            items: Array<{
              metadata: { name: string };
              status?: { phase?: string; metricResults?: Array<{ count?: number }> };
            }>;
          };
          const run = list.items.find(
            (item) => item.status?.phase === 'Running' && (item.status.metricResults?.[0]?.count ?? 0) >= 2,
          );
          return run?.metadata.name;
        },
        { what: 'a background run with two measurements', timeoutMs: 60_000 },
      );
      const result = await cli('get', 'analysisrun', runName, '--no-color');
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`^Name: +${runName}\\nNamespace: +${NS}\\nStatus: +◌ Running\\n`));
      assert.match(result.stdout, /\nRollout: +web\n/);
      assert.match(result.stdout, /\nRevision: +2\n/);
      assert.match(result.stdout, /\nMetric: ok\n {2}Provider: +web\n {2}Status: +◌ Running\n/);
      assert.match(result.stdout, /\n {2}1 +✔ Successful +true +\S+ ago +\S+ ago/);
      assert.match(result.stdout, /\n {2}2 +✔ Successful +true /);
      const json = JSON.parse((await cli('get', 'analysisrun', runName, '-o', 'json')).stdout) as {
        kind: string;
        metadata: { name: string };
        status: { metricResults: Array<{ name: string; measurements: Array<{ phase: string; value: string }> }> };
      };
      assert.deepEqual([json.kind, json.metadata.name], ['AnalysisRun', runName]);
      const [metric] = json.status.metricResults;
      assert.equal(metric?.name, 'ok');
      assert.deepEqual(
        metric?.measurements.slice(0, 2).map((m) => `${m.phase}:${m.value}`),
        ['Successful:true', 'Successful:true'],
      );
      assert.ok(
        server.requests.some((request) => request.url === '/health'),
        'the controller asked the local server',
      );
    }),
  );

  it(
    'status times out (exit 1) at an indefinite pause and says so in one sentence',
    guarded(async () => {
      const result = await cli('status', 'web', '--timeout', '2s');
      assert.equal(result.code, 1);
      assert.equal(result.stdout, 'Paused - CanaryPauseStep\n');
      assert.equal(
        result.stderr,
        "sluice status: timed out (2s) waiting for rollout 'web' to be Healthy; last status: Paused - CanaryPauseStep\n",
      );
    }),
  );

  it(
    'list rollouts -w prints the row again when promote moves the rollout on',
    guarded(async () => {
      const result = await watching(
        ['list', 'rollouts'],
        (out) => /\nweb +Canary +Paused +1\/3 /.test(out),
        async (stdout) => {
          const promote = await cli('promote', 'web');
          assert.equal(promote.code, 0, promote.stderr);
          await pollUntil(() => /\nweb +Canary +Healthy +3\/3 +100 /.test(stdout()), {
            what: 'the Healthy row of web',
            timeoutMs: 60_000,
          });
        },
      );
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^NAME +STRATEGY +STATUS +STEP[^\n]*\n/);
      const webRows = result.stdout.split('\n').filter((line) => line.startsWith('web '));
      assert.ok(webRows.length >= 2, `web printed again: ${webRows.join(' | ')}`);
      assert.match(webRows[0] ?? '', /Paused +1\/3/);
      assert.match(webRows.at(-1) ?? '', /Healthy +3\/3/);
    }),
  );

  it(
    'status exits 0 once Healthy after an image change with short pauses',
    guarded(async () => {
      const stableBefore = (await getRollout(cluster.client, NS, 'quick')).status?.stableRS;
      assert.equal((await cli('set', 'image', 'quick', 'app=registry.local/app:2')).code, 0);
      const result = await cli('status', 'quick', '--timeout', '60s');
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /Healthy\n$/);
      // Not the Healthy of the old revision: with pauses this short the update may be over before the
      // command starts, so what it printed first proves nothing; the rollout it left must be on the new one.
      const done = await getRollout(cluster.client, NS, 'quick');
      assert.equal(
        done.status?.observedGeneration,
        String(done.metadata.generation),
        'status exited on a status that had not seen the change',
      );
      assert.notEqual(done.status?.stableRS, stableBefore, 'status exited before the new revision became stable');
      assert.equal(done.status?.stableRS, done.status?.currentPodHash);
      assert.equal(done.spec.template?.spec?.containers[0]?.image, 'registry.local/app:2');
    }),
  );

  it(
    'status exits 1 on Degraded after sluice abort',
    guarded(async () => {
      assert.equal((await cli('set', 'image', 'web', 'app=registry.local/app:3')).code, 0);
      await waitFor('web', pausedAtStep(1), 'web paused at step 1 again');
      const abort = await cli('abort', 'web');
      assert.deepEqual([abort.code, abort.stdout], [0, "rollout 'web' aborted\n"]);
      const result = await cli('status', 'web', '--timeout', '60s');
      assert.equal(result.code, 1, result.stdout);
      assert.match(result.stdout, /Degraded - RolloutAborted/);
      assert.match(result.stderr, /^sluice status: rollout 'web' is Degraded: RolloutAborted/);
    }),
  );

  it(
    'create analysisrun --from: the controller measures the run; terminate analysisrun ends it, Successful with "Run Terminated"',
    guarded(async () => {
      const created = await cli('create', 'analysisrun', '--from', 'health');
      assert.equal(created.code, 0, created.stderr);
      const name =
        /^analysisrun\.argoproj\.io\/(\S+) created\n$/.exec(created.stdout)?.[1] ?? assert.fail(created.stdout);
      const runOf = async () =>
        JSON.parse((await cli('get', 'analysisrun', name, '-o', 'json')).stdout) as {
          status?: { phase?: string; message?: string; metricResults?: Array<{ count?: number }> };
        };
      await pollUntil(async () => ((await runOf()).status?.metricResults?.[0]?.count ?? 0) >= 2, {
        what: 'two measurements of the created run',
        timeoutMs: 60_000,
      });
      const terminated = await cli('terminate', 'analysisrun', name);
      assert.deepEqual(
        [terminated.code, terminated.stdout],
        [0, `analysisRun '${name}' terminated\n`],
        terminated.stderr,
      );
      await pollUntil(async () => (await runOf()).status?.phase === 'Successful', {
        what: 'the terminated run to end',
        timeoutMs: 60_000,
      });
      assert.equal((await runOf()).status?.message, 'Run Terminated');
    }),
  );

  it(
    'kubectl sluice list rollouts runs the plugin against the cluster',
    guarded(async () => {
      const pathWithBin = `${path.join(ROOT, 'bin')}:${process.env['PATH'] ?? ''}`;
      const stdout = await run(path.join(cluster.cp.binDir, 'kubectl'), ['sluice', 'list', 'rollouts', '-n', NS], {
        ...env(),
        PATH: pathWithBin,
      });
      assert.match(stdout, /^NAME +STRATEGY +STATUS/);
      assert.match(stdout, /\nquick +Canary +Healthy +2\/2 +100 /);
      assert.match(stdout, /\nweb +Canary +Degraded /);
    }),
  );
});

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env }, (error, stdout, stderr) =>
      error ? reject(new Error(`${command} ${args.join(' ')}: ${stderr}`)) : resolve(stdout),
    );
  });
}
