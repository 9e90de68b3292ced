// `sluice analyze` (bin/sluice) with an interval longer than one Node timer takes (2^31-1 ms,
// about 24.8 days): it measures once, says it waits, and waits; Ctrl-C ends the run. An
// overflowing timer would fire after 1 ms, each time with a TimeoutOverflowWarning, in a loop.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { temporaryDir } from '../local/runtime/sluice-run.ts';
import { startWebServer, type TestServer } from '../../support/web-server.ts';
import { waitFor } from '../../support/ports.ts';
import { neutralEnv, ROOT, SLUICE, withTestNode } from './cli-process.ts';

const TEMPLATE = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: monthly
spec:
  args:
  - name: base-url
  metrics:
  - name: success-rate
    interval: 720h
    count: 2
    successCondition: result >= 0.9
    provider:
      web:
        url: "{{args.base-url}}/rate"
        jsonPath: "{$.data.rate}"
`;

describe('sluice analyze with a 720h interval', () => {
  let server: TestServer;
  let template = '';

  before(async () => {
    server = await startWebServer(() => ({ json: { data: { rate: 0.95 } } }));
    template = path.join(temporaryDir('analyze-long-interval'), 'monthly.yaml');
    writeFileSync(template, TEMPLATE);
  });
  after(() => server.close());

  it('measures once, announces the wait, stays quiet, and ends on Ctrl-C', async () => {
    const child = spawn(SLUICE, ['analyze', '-f', template, '--arg', `base-url=${server.url}`], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: withTestNode(neutralEnv()),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitFor(
        'the first measurement and the announced wait',
        async () => /waiting 720h0m0s for the next measurement \(Ctrl-C ends the run\)/.test(stdout) || undefined,
        60_000,
        50,
      );
      assert.match(stdout, /success-rate {2}Successful {2}value=0\.95/);
      // A spinning loop wakes every millisecond: over this window it warns hundreds of times.
      await delay(1_000);
      assert.equal(server.requests.length, 1, 'measured again long before 720h');
      assert.doesNotMatch(stderr, /TimeoutOverflowWarning/, stderr.slice(0, 500));
      assert.equal(stdout.match(/waiting 720h0m0s/g)?.length, 1, stdout);
    } finally {
      child.kill('SIGINT');
    }
    const code = await exited;
    assert.equal(code, 0, `${stdout}\n${stderr}`);
    assert.match(stdout, /AnalysisRun monthly-analyze: Successful/);
  });
});
