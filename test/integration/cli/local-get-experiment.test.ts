// `get experiment` against the local runtime, for a standalone Experiment with a template and an
// analysis: the header and tree as Argo's plugin prints them (the Experiment, its ReplicaSet with
// its real pod, its AnalysisRun and its Job), --no-color, -o yaml, and -w redrawing as the experiment changes
// from the runtime's event stream (a loopback proxy counts its reads: one, not one a second), and -w
// of a missing experiment exiting at once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { startExperimentRuntime, TRIAL_EXPERIMENT, type ExperimentRuntime } from '../../support/local-experiment.ts';
import { waitFor } from '../../support/ports.ts';
import { forwardRequest } from '../../support/forward-request.ts';
import { EXIT_CODE_TEMPLATE, temporaryDir } from '../local/runtime/sluice-run.ts';
import { neutralEnv, SLUICE, sluiceWatching, withTestNode, type CliResult } from './cli-process.ts';

/** How long the watch is followed with the requests counted: a read every second would make three. */
const WATCHED_MS = 3_500;

interface CountingProxy {
  /** A working folder whose `.sluice/runtime.json` sends the CLI to the proxy (reads need no token). */
  workDir: string;
  /** The requests other than the event stream, by path. */
  reads: string[];
  close(): Promise<void>;
}

/** A loopback HTTP proxy in front of the runtime's API, recording each request it passes on. */
async function countingProxy(runtimeWorkDir: string): Promise<CountingProxy> {
  const info = JSON.parse(readFileSync(path.join(runtimeWorkDir, '.sluice', 'runtime.json'), 'utf8')) as {
    apiUrl: string;
  };
  const upstream = new URL(info.apiUrl);
  const reads: string[] = [];
  const server = http.createServer((request, response) => {
    if (!request.url?.startsWith('/api/v1/watch')) reads.push(request.url ?? '');
    forwardRequest(upstream, request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const workDir = temporaryDir('cli-get-experiment-proxy');
  mkdirSync(path.join(workDir, '.sluice'));
  const proxyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeFileSync(path.join(workDir, '.sluice', 'runtime.json'), JSON.stringify({ ...info, apiUrl: proxyUrl }));
  return {
    workDir,
    reads,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Runs bin/sluice in `cwd`; kills it and says so when it has not exited within `limitMs`. */
async function sluiceWithin(args: string[], cwd: string, limitMs: number): Promise<CliResult & { timedOut: boolean }> {
  const child = spawn(SLUICE, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd, env: withTestNode(neutralEnv()) });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const timer = new AbortController();
  const timedOut = await Promise.race([
    exited.then(() => false),
    delay(limitMs, true, { signal: timer.signal }).catch(() => false),
  ]);
  timer.abort();
  if (timedOut) child.kill('SIGKILL');
  return { code: await exited, stdout, stderr, timedOut };
}

const EXPERIMENT = `${TRIAL_EXPERIMENT}  analyses:
    - name: check
      templateName: exit-code
      args: [{name: code, value: "0"}]
---
${EXIT_CODE_TEMPLATE}
`;

describe('get experiment against the local runtime', { timeout: 180_000 }, () => {
  let runtime: ExperimentRuntime;
  const cli = (...args: string[]) => runtime.cli(...args);

  before(async () => {
    runtime = await startExperimentRuntime('cli-get-experiment', EXPERIMENT);
    await waitFor(
      'the experiment to run with its analysis done',
      async () => {
        const { status } = await runtime.experiment();
        return status?.phase === 'Running' && status.analysisRuns?.[0]?.phase === 'Successful' ? true : undefined;
      },
      60_000,
    );
  });

  after(async () => {
    await runtime?.running.stop();
  });

  it('prints the header and the tree of the experiment, its ReplicaSet and pod, its AnalysisRun', async () => {
    const shown = await cli('get', 'experiment', 'trial', '--no-color');
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^Name: +trial\nNamespace: +default\nStatus: +◌ Running\n/);
    assert.match(shown.stdout, /\nImages: +sluice\/colorapi:1\.0 \(Σ:candidate\)\n/);
    assert.match(shown.stdout, /\n\nNAME +KIND +STATUS +AGE +INFO\nΣ trial +Experiment +◌ Running +\S+\n/);
    assert.match(shown.stdout, /\n├──⧉ trial-candidate +ReplicaSet +✔ Healthy +\d+s\n/);
    assert.match(shown.stdout, /\n│  └──□ trial-candidate-\w+ +Pod +✔ Running +\S+ +ready:1\/1\n/);
    assert.match(shown.stdout, /\n└──α trial-check +AnalysisRun +✔ Successful +\S+ +✔ 1\n/);
    assert.match(shown.stdout, /\n   └──⊞ \S+ +Job +✔ Successful /, 'the Job of the run, under it');
    assert.doesNotMatch(shown.stdout, /\x1b/, '--no-color (and a pipe) prints no escape codes');

    const yaml = await cli('get', 'experiment', 'trial', '-o', 'yaml');
    assert.equal(yaml.code, 0, yaml.stderr);
    assert.match(yaml.stdout, /^apiVersion: argoproj.io\/v1alpha1\nkind: Experiment\n/);

    const missing = await cli('get', 'experiment', 'nothing');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /experiment nothing not found in namespace default/);
  });

  it('-w of an experiment that does not exist says so and exits 1 at once', async () => {
    const missing = await sluiceWithin(['get', 'experiment', 'nothing', '-w'], runtime.workDir, 20_000);
    assert.equal(missing.timedOut, false, `it printed ${JSON.stringify(missing.stderr)} but had not exited after 20 s`);
    assert.equal(missing.code, 1, missing.stderr);
    assert.match(missing.stderr, /experiment nothing not found in namespace default/);
  });

  it('-w redraws the tree as the experiment changes, from the event stream, until Ctrl-C', async () => {
    // Watched through a counting proxy for a few seconds, then terminated: the watch must redraw it Successful
    // having read the experiment once, the rest coming over the event stream.
    const proxy = await countingProxy(runtime.workDir);
    let readsWhileWatching: string[] = [];
    try {
      const watched = await sluiceWatching(
        ['get', 'experiment', 'trial', '-w'],
        (stdout) => /Status: +◌ Running/.test(stdout),
        {
          cwd: proxy.workDir,
          beforeStop: async (stdout) => {
            await delay(WATCHED_MS); // the window over which a poll would have read again
            readsWhileWatching = [...proxy.reads];
            const terminated = await cli('terminate', 'experiment', 'trial');
            assert.equal(terminated.code, 0, terminated.stderr);
            await waitFor(
              'the watch to redraw the experiment Successful',
              async () => /Σ trial +Experiment +✔ Successful/.test(stdout()) || undefined,
            );
          },
        },
      );
      assert.equal(watched.code, 0, watched.stderr);
      assert.ok(
        watched.stdout.indexOf('◌ Running') < watched.stdout.indexOf('✔ Successful'),
        'running first, then successful',
      );
      assert.deepEqual(
        readsWhileWatching,
        ['/api/v1/experiments/default/trial/detail'],
        `one read, then the event stream, over ${WATCHED_MS} ms of watching`,
      );
    } finally {
      await proxy.close();
    }
  });
});
