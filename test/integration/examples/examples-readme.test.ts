// Every runnable example as examples/README.md says, on the checkout as it is: its `sluice run`
// command (the real CLI as a process, the built-in image catalogue, a state directory of the
// test's own through SLUICE_STATE_DIR), its `sluice status` command exiting 0 once the rollout is
// Healthy, and its `sluice set image` command starting a new revision. The commands are read from
// the README's table, so a command the README changes is the one tested.
//
// The examples with analysis (analysis/, blue-green/) are driven through the whole update: every
// command of the change cell in turn (a later one once the rollout is paused, as the README says),
// then the watch command until Healthy on the new revision, with every AnalysisRun of it
// Successful and its Prometheus measurements holding values: their own Prometheus (the
// `prom/prometheus` image run as the installed Prometheus) measured the traffic of their load
// Deployment through the mesh. Without Prometheus they are skipped outside CI and fail in CI.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { after, before, describe, it } from 'node:test';
import type { AnalysisRun } from '../../../src/api/types/analysis.ts';
import { RuntimeClient } from '../../../src/runtime/local/api/client.ts';
import type { RolloutDetail } from '../../../src/runtime/local/api/rollout-details.ts';
import { liveRuntime, readToken } from '../../../src/runtime/local/api/state-files.ts';
import { waitFor } from '../../support/ports.ts';
import { prometheusSkipReason } from '../../support/prometheus.ts';
import { CLI, ROOT, runCli, temporaryDir } from '../local/runtime/sluice-run.ts';

interface Example {
  folder: string;
  run: string[];
  watch: string[];
  /** Every command of the change cell, in order. */
  change: string[][];
}

/** The examples driven through a whole update, with their analyses and their own Prometheus. */
const WITH_ANALYSIS = ['analysis', 'blue-green'];
/** The Service of each whose Istio metrics its Prometheus analysis reads. */
const MEASURED_SERVICE: Record<string, string> = { analysis: 'colorapi-canary', 'blue-green': 'bluegreen-active' };

/** The rows of the README's table: `folder | run | watch | change`, each command in backquotes. */
function examples(): Example[] {
  const text = readFileSync(path.join(ROOT, 'examples/README.md'), 'utf8');
  const rows: Example[] = [];
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const folder = /^`([a-z-]+)\/`/.exec(cells[1] ?? '')?.[1];
    const commands = (cell: string | undefined) =>
      [...(cell ?? '').matchAll(/`sluice ([^`]+)`/g)].map((match) => (match[1] ?? '').split(/\s+/));
    const [run, watch, change] = [commands(cells[2])[0], commands(cells[3])[0], commands(cells[4])];
    if (folder && run && watch && change.length > 0) rows.push({ folder, run, watch, change });
  }
  return rows;
}

const found = examples();
const prometheusMissing = prometheusSkipReason();

describe('the examples as examples/README.md runs them', { timeout: 900_000 }, () => {
  it('lists every example folder but invalid/', () => {
    assert.deepEqual(found.map((example) => example.folder).sort(), [
      'analysis',
      'blue-green',
      'canary-basic',
      'istio-host-split',
      'istio-subset-split',
    ]);
  });

  for (const example of found) {
    const withAnalysis = WITH_ANALYSIS.includes(example.folder);
    const skip = withAnalysis && prometheusMissing ? prometheusMissing : false;
    describe(example.folder, { skip }, () => {
      if (skip) return;
      const stateDir = temporaryDir(`example-${example.folder}`);
      const env = { SLUICE_STATE_DIR: stateDir };
      let output = '';
      let stop: (() => Promise<unknown>) | undefined;
      // Started when the suite runs (not when it is defined), so a suite left out by
      // --test-name-pattern starts nothing, and the examples do not all run at once.
      before(() => {
        const child = spawn(process.execPath, [CLI, ...example.run], {
          cwd: ROOT,
          env: { ...process.env, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
        child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
        const exited = new Promise((resolve) => child.once('exit', resolve));
        stop = () => {
          child.kill('SIGTERM');
          return exited;
        };
      });
      after(() => stop?.());
      const name = example.watch[1] ?? '';
      const namespace = example.watch.includes('-n')
        ? (example.watch[example.watch.indexOf('-n') + 1] ?? '')
        : 'default';
      const client = () => {
        const info = liveRuntime(stateDir);
        assert.ok(info, `sluice run is not running:\n${output}`);
        return new RuntimeClient(info.apiUrl, readToken(stateDir) ?? '');
      };
      const detail = () => client().get<RolloutDetail>(`/api/v1/rollouts/${namespace}/${name}`);
      let firstStable: string | undefined;

      it(`sluice ${example.run.join(' ')}; sluice ${example.watch.join(' ')} exits 0`, async () => {
        await waitFor(`sluice run to start:\n${output}`, async () => liveRuntime(stateDir), 60_000);
        const status = await runCli(example.watch, env);
        assert.equal(status.code, 0, `${status.stdout}${status.stderr}\n--- sluice run:\n${output.slice(-3000)}`);
        assert.match(status.stdout, /Healthy/);
        firstStable = (await detail()).rollout.status?.stableRS;
      });

      const [first = [], ...later] = example.change;
      it(`sluice ${first.join(' ')} starts a new revision`, async () => {
        const changed = await runCli(first, env);
        assert.equal(changed.code, 0, `${changed.stdout}${changed.stderr}`);
        await waitFor(
          'a pod of the new revision to be ready',
          async () => {
            const { rollout, pods } = await detail();
            const current = rollout.status?.currentPodHash;
            return current &&
              current !== rollout.status?.stableRS &&
              pods.some(
                (pod) =>
                  pod.metadata.labels?.['rollouts-pod-template-hash'] === current &&
                  (pod.status?.containerStatuses ?? []).every((c) => c.ready),
              )
              ? true
              : undefined;
          },
          60_000,
        );
      });

      if (!withAnalysis) return;

      it(`${later.map((command) => `sluice ${command.join(' ')}, `).join('')}then sluice ${example.watch.join(' ')}: Healthy on the new revision, every analysis Successful on Prometheus values`, async () => {
        for (const command of later) {
          await waitFor(
            `rollout ${name} to pause before "sluice ${command.join(' ')}"`,
            async () => ((await detail()).rollout.status?.pauseConditions?.length ? true : undefined),
            180_000,
          );
          const done = await runCli(command, env);
          assert.equal(done.code, 0, `${done.stdout}${done.stderr}`);
        }
        const status = await runCli(example.watch, env);
        assert.equal(status.code, 0, `${status.stdout}${status.stderr}\n--- sluice run:\n${output.slice(-3000)}`);
        const { rollout, analysisRuns } = await detail();
        const current = rollout.status?.currentPodHash ?? '';
        assert.equal(rollout.status?.stableRS, current, 'the new revision is stable');
        assert.notEqual(current, firstStable, 'the stable revision changed');

        const runs = analysisRuns.filter((run) => run.metadata.labels?.['rollouts-pod-template-hash'] === current);
        assert.ok(runs.length > 0, 'the update ran analyses');
        for (const run of runs) assert.equal(run.status?.phase, 'Successful', describeRun(run));
        const prometheusValues = runs.flatMap((run) =>
          (run.status?.metricResults ?? []).flatMap((result) =>
            prometheusMetric(run, result.name)
              ? (result.measurements ?? []).flatMap((m) => (m.phase === 'Successful' ? [m.value ?? ''] : []))
              : [],
          ),
        );
        assert.ok(
          prometheusValues.some((value) => /^\[\d/.test(value)),
          `a Prometheus measurement holds a value (real traffic, scraped): ${JSON.stringify(prometheusValues)}`,
        );

        // The example's Prometheus, at the address `sluice run` prints for its Service.
        const address = /monitoring\/prometheus:9090 -> (http:\/\/\S+)/.exec(output)?.[1];
        assert.ok(address, `sluice run printed the Prometheus Service's address:\n${output.slice(0, 3000)}`);
        const service = MEASURED_SERVICE[example.folder] ?? '';
        const query = `sum(increase(istio_requests_total{destination_service_name="${service}"}[10m]))`;
        const answer = (await (await fetch(`${address}/api/v1/query?query=${encodeURIComponent(query)}`)).json()) as {
          data: { result: Array<{ value: [number, string] }> };
        };
        assert.ok(
          Number(answer.data.result[0]?.value[1] ?? 0) > 0,
          `requests to ${service}: ${JSON.stringify(answer)}`,
        );
      });
    });
  }
});

function prometheusMetric(run: AnalysisRun, metric: string): boolean {
  return run.spec.metrics.some((m) => m.name === metric && m.provider.prometheus !== undefined);
}

function describeRun(run: AnalysisRun): string {
  const results = (run.status?.metricResults ?? []).map(
    (result) =>
      `${result.name}: ${result.phase} ${JSON.stringify((result.measurements ?? []).map((m) => [m.phase, m.value, m.message]))}`,
  );
  return `AnalysisRun ${run.metadata.name}: ${run.status?.phase} ${run.status?.message ?? ''}\n${results.join('\n')}`;
}
