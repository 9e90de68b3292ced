// `get analysisrun NAME` against a real local runtime: an analysis step whose web metric asks a
// local HTTP server (answers 7, then 9), so the run has real measurements to show.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startWebServer, sequence, type TestServer } from '../../support/web-server.ts';
import {
  copyFixture,
  editFile,
  startSluice,
  temporaryDir,
  waitForRollout,
  type RunningSluice,
} from '../local/runtime/sluice-run.ts';
import { sluice } from './cli-process.ts';

const webTemplate = (url: string) => `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: exit-code
spec:
  args:
    - name: code
  metrics:
    - name: latency
      interval: 1s
      count: 2
      successCondition: result < 10
      provider:
        web:
          url: ${url}/latency
          jsonPath: "{$.value}"
`;

describe('get analysisrun against the local runtime', { timeout: 180_000 }, () => {
  let running: RunningSluice;
  let server: TestServer;
  let workDir = '';
  let runName = '';
  const cli = (...args: string[]) => sluice(args, { cwd: workDir });

  before(async () => {
    server = await startWebServer(sequence({ json: { value: 7 } }, { json: { value: 9 } }));
    const manifests = copyFixture('canary-analysis');
    writeFileSync(path.join(manifests, 'template.yaml'), webTemplate(server.url));
    editFile(path.join(manifests, 'rollout.yaml'), (text) => text.replace('replicas: 5', 'replicas: 2'));
    workDir = temporaryDir('cli-analysis');
    const stateDir = path.join(workDir, '.sluice');
    mkdirSync(stateDir);
    running = await startSluice([manifests], { stateDir });
    await waitForRollout(
      running,
      'default',
      'colorapi',
      'the first revision to be Healthy',
      (d) => d.rollout.status?.phase === 'Healthy',
    );
    const set = await cli('set', 'image', 'colorapi', 'colorapi=ghcr.io/sluice-examples/colorapi:blue');
    assert.equal(set.code, 0, set.stderr);
    runName = await waitForRollout(running, 'default', 'colorapi', 'the analysis run to succeed', (d) => {
      const run = d.analysisRuns[0];
      return run?.status?.phase === 'Successful' ? run.metadata.name : undefined;
    });
  });

  after(async () => {
    await running?.stop();
    await server?.close();
  });

  it('shows the header, the metric and each measurement with its value and phase', async () => {
    const result = await cli('get', 'analysisrun', runName);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^Name: +${runName}\\nNamespace: +default\\nStatus: +✔ Successful\\n`));
    assert.match(result.stdout, /\nRollout: +colorapi\n/);
    assert.match(result.stdout, /\nRevision: +2\n/);
    assert.match(result.stdout, /\nMeasurements: +✔ 2\n/);
    assert.match(result.stdout, /\nMetric: latency\n {2}Provider: +web\n {2}Status: +✔ Successful\n/);
    assert.match(result.stdout, /\n {2}# +STATUS +VALUE +STARTED +FINISHED/);
    assert.match(result.stdout, /\n {2}1 +✔ Successful +7 +\S+ ago +\S+ ago/);
    assert.match(result.stdout, /\n {2}2 +✔ Successful +9 +\S+ ago +\S+ ago/);
    assert.ok(
      server.requests.every((request) => request.url === '/latency'),
      'asked the metric URL',
    );
  });

  it('-o json prints the AnalysisRun object, and the alias ar works', async () => {
    const result = await cli('get', 'ar', runName, '-o', 'json');
    assert.equal(result.code, 0, result.stderr);
    const run = JSON.parse(result.stdout) as {
      kind: string;
      metadata: { name: string };
      status: {
        phase: string;
        metricResults: Array<{ name: string; measurements: Array<{ value: string; phase: string }> }>;
      };
    };
    assert.deepEqual([run.kind, run.metadata.name, run.status.phase], ['AnalysisRun', runName, 'Successful']);
    assert.deepEqual(
      run.status.metricResults.map((m) => [m.name, m.measurements.map((x) => `${x.phase}:${x.value}`)]),
      [['latency', ['Successful:7', 'Successful:9']]],
    );
  });
});
