// `sluice analyze` as a real process against real local servers (and a real Prometheus).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startExporter, type Exporter } from '../../support/exporter.ts';
import { freePort, waitFor } from '../../support/ports.ts';
import { prometheusSkipReason, startPrometheus, type PrometheusServer } from '../../support/prometheus.ts';
import { startWebServer, type TestServer } from '../../support/web-server.ts';

const COMMAND = fileURLToPath(new URL('../../../src/cli/analyze/command.ts', import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), 'sluice-analyze-test-'));
let server: TestServer;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function analyze(...args: string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [COMMAND, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function file(name: string, text: string): string {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
}

const webTemplate = (name: string, conditions: string) => `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: ${name}
spec:
  args:
  - name: base-url
  - name: threshold
    value: "0.9"
  metrics:
  - name: success-rate
    interval: 1s
    count: 2
${conditions}
    provider:
      web:
        url: "{{args.base-url}}/rate"
        jsonPath: "{$.data.rate}"
`;

before(async () => {
  server = await startWebServer(() => ({ json: { data: { rate: 0.95 } } }));
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sluice analyze', () => {
  it('exits 0 for a Successful run and shows each measurement', async () => {
    const template = file('ok.yaml', webTemplate('ok', '    successCondition: result >= {{args.threshold}}'));
    const out = await analyze('-f', template, '--arg', `base-url=${server.url}`);
    assert.equal(out.code, 0, out.stderr);
    const lines = out.stdout.split('\n').filter((line) => line.includes('success-rate  Successful  value=0.95'));
    assert.equal(lines.length, 2, out.stdout);
    assert.match(out.stdout, /AnalysisRun ok-analyze: Successful/);
  });

  it('exits 1 for a Failed run', async () => {
    const template = file('fail.yaml', webTemplate('fail', '    successCondition: result >= {{args.threshold}}'));
    const out = await analyze(
      '-f',
      template,
      '--template',
      'fail',
      '--arg',
      `base-url=${server.url}`,
      '--arg',
      'threshold=0.99',
    );
    assert.equal(out.code, 1);
    assert.match(out.stdout, /success-rate {2}Failed {2}value=0\.95/);
    assert.match(out.stdout, /AnalysisRun fail-analyze: Failed\n {2}Metric "success-rate" assessed Failed/);
  });

  it('exits 2 for an Inconclusive run', async () => {
    const template = file(
      'unsure.yaml',
      webTemplate('unsure', '    successCondition: result > 0.99\n    failureCondition: result < 0.5'),
    );
    const out = await analyze('-f', template, '--arg', `base-url=${server.url}`);
    assert.equal(out.code, 2, out.stdout + out.stderr);
    assert.match(out.stdout, /Inconclusive/);
  });

  it('exits 1 for an Error run, with what went wrong', async () => {
    const template = file(
      'dead.yaml',
      webTemplate('dead', '    successCondition: result > 0.9\n    consecutiveErrorLimit: 0'),
    );
    const out = await analyze('-f', template, '--arg', `base-url=http://127.0.0.1:${await freePort()}`);
    assert.equal(out.code, 1);
    assert.match(out.stdout, /success-rate {2}Error {2}message: GET .* connection refused/);
    assert.match(out.stdout, /AnalysisRun dead-analyze: Error/);
  });

  it('prints the final AnalysisRun with -o json', async () => {
    const template = file('json.yaml', webTemplate('json', '    successCondition: result >= {{args.threshold}}'));
    const out = await analyze('-f', template, '--arg', `base-url=${server.url}`, '-o', 'json');
    assert.equal(out.code, 0);
    const run = JSON.parse(out.stdout) as {
      kind: string;
      status: { phase: string; metricResults: Array<{ successful: number }> };
    };
    assert.equal(run.kind, 'AnalysisRun');
    assert.equal(run.status.phase, 'Successful');
    assert.equal(run.status.metricResults[0]?.successful, 2);
    assert.match(out.stderr, /success-rate {2}Successful/);
  });

  it('names a missing required argument', async () => {
    const template = file('noarg.yaml', webTemplate('noarg', '    successCondition: "true"'));
    const out = await analyze('-f', template);
    assert.equal(out.code, 1);
    assert.match(out.stderr, /args\.base-url has no value: pass --arg base-url=VALUE/);
  });

  it('prints manifest errors as file:line: path: message', async () => {
    const template = file('bad.yaml', webTemplate('bad', '    successCondition: "true"\n    intervall: 5s'));
    const out = await analyze('-f', template, '--arg', 'base-url=http://x');
    assert.equal(out.code, 1);
    assert.match(
      out.stderr,
      new RegExp(`${template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: spec\\.metrics\\[0\\]\\.intervall: `),
    );
  });

  it('asks for --template when the files hold several', async () => {
    const out = await analyze(
      '-f',
      path.join(dir, 'ok.yaml'),
      '-f',
      path.join(dir, 'fail.yaml'),
      '--arg',
      'base-url=http://x',
    );
    assert.equal(out.code, 1);
    assert.match(out.stderr, /several templates .* choose one with --template NAME/);
  });
});

describe('sluice analyze against a real Prometheus', { skip: prometheusSkipReason() }, () => {
  let exporter: Exporter;
  let prometheus: PrometheusServer;
  before(async () => {
    exporter = await startExporter();
    exporter.add('http_requests_total', { service: 'checkout', status: '200' }, 0);
    exporter.add('http_requests_total', { service: 'checkout', status: '500' }, 0);
    prometheus = await startPrometheus([exporter.target]);
    exporter.add('http_requests_total', { service: 'checkout', status: '200' }, 97);
    exporter.add('http_requests_total', { service: 'checkout', status: '500' }, 3);
    await waitFor('the success rate', async () => {
      const [sample] = await prometheus.query(
        'sum(rate(http_requests_total{service="checkout",status=~"2.."}[5m])) / sum(rate(http_requests_total{service="checkout"}[5m]))',
      );
      return sample && !Number.isNaN(Number(sample.value)) ? true : undefined;
    });
  });
  after(async () => {
    await prometheus?.stop();
    await exporter?.close();
  });

  it('runs the reference success-rate template', async () => {
    const template = file(
      'success-rate.yaml',
      `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: success-rate
spec:
  args:
  - name: service-name
  - name: prometheus
  metrics:
  - name: success-rate
    successCondition: result[0] >= 0.95
    failureLimit: 3
    provider:
      prometheus:
        address: "{{args.prometheus}}"
        query: |
          sum(rate(
            http_requests_total{service="{{args.service-name}}",status=~"2.."}[5m]
          )) /
          sum(rate(
            http_requests_total{service="{{args.service-name}}"}[5m]
          ))
`,
    );
    const out = await analyze(
      '-f',
      template,
      '--arg',
      'service-name=checkout',
      '--arg',
      `prometheus=${prometheus.address}`,
    );
    assert.equal(out.code, 0, out.stdout + out.stderr);
    // The ratio of two rates, as Prometheus computes it in floating point: 0.97 or 0.9699999999999999.
    const value = /success-rate {2}Successful {2}value=\[([\d.]+)\]/.exec(out.stdout);
    assert.ok(value, out.stdout);
    assert.ok(Math.abs(Number(value[1]) - 0.97) < 1e-9, `value ${value[1]}, expected 0.97`);
  });
});
