// `sluice analyze` (bin/sluice) interrupted as a user would: the first Ctrl-C terminates the run
// and waits for its end, a second one ends sluice at once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { temporaryDir } from '../local/runtime/sluice-run.ts';
import { startWebServer, type Answer, type TestServer } from '../../support/web-server.ts';
import { waitFor } from '../../support/ports.ts';
import { neutralEnv, ROOT, SLUICE, withTestNode } from './cli-process.ts';

const TEMPLATE = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: long
spec:
  args:
  - name: base-url
  metrics:
  - name: success-rate
    interval: 1s
    count: 60
    successCondition: result >= 0.9
    provider:
      web:
        url: "{{args.base-url}}/rate"
        timeoutSeconds: 30
        jsonPath: "{$.data.rate}"
`;

describe('sluice analyze on SIGINT', () => {
  let server: TestServer;
  let answer: () => Answer = () => ({ json: { data: { rate: 0.95 } } });
  let template = '';

  before(async () => {
    server = await startWebServer(() => answer());
    template = path.join(temporaryDir('analyze-signals'), 'long.yaml');
    writeFileSync(template, TEMPLATE);
  });
  after(() => server.close());

  function analyze() {
    const child = spawn(SLUICE, ['analyze', '-f', template, '--arg', `base-url=${server.url}`], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: withTestNode(neutralEnv()),
    });
    const output = { text: '' };
    child.stdout.setEncoding('utf8').on('data', (text: string) => (output.text += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (output.text += text));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    return { child, output, exited };
  }

  it('terminates the run on the first one: the run ends Successful with what it measured, exit 0', async () => {
    answer = () => ({ json: { data: { rate: 0.95 } } });
    const { child, output, exited } = analyze();
    await waitFor(
      'a first measurement',
      async () => /success-rate {2}Successful/.test(output.text) || undefined,
      60_000,
      50,
    );
    child.kill('SIGINT');
    const { code, signal } = await exited;
    assert.deepEqual([code, signal], [0, null], output.text);
    assert.match(output.text, /terminating the run \(Ctrl-C again to quit at once\)/);
    assert.match(output.text, /AnalysisRun long-analyze: Successful/);
  });

  it('ends at once on a second one while a measurement is still waiting for its answer', async () => {
    let requests = 0;
    answer = () => (++requests === 1 ? { json: { data: { rate: 0.95 } } } : 'hang');
    const { child, output, exited } = analyze();
    await waitFor(
      'a second request, left unanswered',
      async () => (requests >= 2 && /success-rate {2}Successful/.test(output.text)) || undefined,
      60_000,
      50,
    );
    child.kill('SIGINT');
    await waitFor(
      'the first interrupt to be taken',
      async () => output.text.includes('terminating the run') || undefined,
      30_000,
      20,
    );
    child.kill('SIGINT');
    const { code, signal } = await exited;
    assert.deepEqual([code, signal], [null, 'SIGINT'], output.text);
    assert.doesNotMatch(output.text, /^AnalysisRun long-analyze: /m, 'no summary: it did not wait for the run to end');
  });
});
