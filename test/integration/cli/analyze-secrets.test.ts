// `sluice analyze` (bin/sluice) with a secret given on the command line: an --arg for an arg the
// template declares with `valueFrom.secretKeyRef` is treated as the secret's value. A loopback
// server echoes it back in a text body, in JSON, in a basic-auth header, in an error status; a
// request to a closed port and a jsonPath that does not parse quote it in errors. It must appear
// in no form (nor any 6-character piece of it) on stdout or stderr, in text or with -o json.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AnalysisRun } from '../../../src/api/types/analysis.ts';
import { temporaryDir } from '../local/runtime/sluice-run.ts';
import { freePort } from '../../support/ports.ts';
import { AWKWARD_SECRET, secretLeaks } from '../../support/secret-leaks.ts';
import { startWebServer, type Answer, type RecordedRequest, type TestServer } from '../../support/web-server.ts';
import { sluice } from './cli-process.ts';

const SECRET = AWKWARD_SECRET;

function template(closedPort: number): string {
  const metric = (name: string, web: string, extra = '') => `
  - name: ${name}
    count: 1
    consecutiveErrorLimit: 0${extra}
    provider:
      web:
        headers:
        - key: X-Token
          value: "{{args.token}}"
${web.replace(/^/gm, '        ')}`;
  return `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: echo
spec:
  args:
  - name: base-url
  - name: token
    valueFrom:
      secretKeyRef:
        name: echo-credentials
        key: token
  metrics:${[
    metric('text-body', 'url: "{{args.base-url}}/text/{{args.token}}?token={{args.token}}"'),
    metric('json-body', 'url: "{{args.base-url}}/json/{{args.token}}?token={{args.token}}"\njsonPath: "{$.echo}"'),
    metric(
      'basic-auth',
      'url: "{{args.base-url}}/json"\njsonPath: "{$.echo.authorization}"\nauthentication:\n  basicAuth:\n    username: ops\n    password: "{{args.token}}"',
    ),
    metric('error-status', 'url: "{{args.base-url}}/status/{{args.token}}"'),
    metric('refused', `url: "http://127.0.0.1:${closedPort}/p/{{args.token}}?token={{args.token}}"`),
    metric('jsonpath', 'url: "{{args.base-url}}/json"\njsonPath: "{$.{{args.token}}}"'),
  ].join('')}
`;
}

function echo(request: RecordedRequest): Record<string, unknown> {
  return { url: request.url, authorization: request.headers.authorization, token: request.headers['x-token'] };
}

describe('sluice analyze with a secret --arg', () => {
  let server: TestServer;
  let file = '';

  before(async () => {
    server = await startWebServer((request): Answer => {
      if (request.url.startsWith('/text'))
        return {
          body: `you sent ${JSON.stringify(echo(request))} and ${request.headers['x-token']}`,
          headers: { 'Content-Type': 'text/plain' },
        };
      if (request.url.startsWith('/status'))
        return {
          status: 500,
          body: JSON.stringify(echo(request)),
          headers: { 'X-Echo': String(request.headers['x-token']) },
        };
      return { json: { echo: echo(request) } };
    });
    file = path.join(temporaryDir('analyze-secrets'), 'echo.yaml');
    writeFileSync(file, template(await freePort()));
  });
  after(() => server.close());

  for (const output of ['text', 'json'] as const) {
    it(`shows it in no form with -o ${output}`, async () => {
      const before = server.requests.length;
      const result = await sluice([
        'analyze',
        '-f',
        file,
        '--arg',
        `base-url=${server.url}`,
        '--arg',
        `token=${SECRET}`,
        ...(output === 'json' ? ['-o', 'json'] : []),
      ]);
      const shown = `${result.stdout}\n${result.stderr}`;
      const requests = server.requests.slice(before);
      assert.ok(
        requests.some((request) => request.headers['x-token'] === SECRET),
        `the server never got the secret:\n${shown}`,
      );
      assert.ok(
        requests.some(
          (request) => request.headers.authorization === `Basic ${Buffer.from(`ops:${SECRET}`).toString('base64')}`,
        ),
        'no basic-auth request',
      );
      const leaks = secretLeaks(shown, SECRET);
      assert.deepEqual(leaks, [], `${leaks.join('\n')}\n${shown}`);
      assert.equal(result.code, 1, shown);
      assert.match(shown, /text-body {2}Successful {2}value=you sent .*\*{5}/);
      assert.match(shown, /refused {2}Error {2}message: GET http:\/\/127\.0\.0\.1:\d+\/p\/\*{5}: connection refused/);
      assert.match(
        shown,
        /jsonpath {2}Error {2}message: jsonPath "\{\$\.\*{5}\}" does not fit the response; it holds a secret argument/,
      );
      if (output === 'json') {
        const run = JSON.parse(result.stdout) as AnalysisRun;
        assert.deepEqual(
          run.spec.args?.find((arg) => arg.name === 'token'),
          { name: 'token', valueFrom: { secretKeyRef: { name: 'echo-credentials', key: 'token' } } },
        );
        assert.equal(run.status?.metricResults?.find((r) => r.name === 'text-body')?.phase, 'Successful');
      }
    });
  }

  it('still says which args are missing, naming the secret without a value', async () => {
    const result = await sluice(['analyze', '-f', file, '--arg', `base-url=${server.url}`]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /args\.token comes from key "token" of secret "echo-credentials", which sluice analyze cannot read: pass --arg token=VALUE/,
    );
  });
});
