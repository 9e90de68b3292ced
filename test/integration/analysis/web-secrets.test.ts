// Secret args through the web provider and the run loop, against a real loopback server that
// echoes them back: in a text body, in JSON, in an error status with the secret in a header, in
// the URL of a request that fails, in a basic-auth header, in a JSON request body, and in a
// jsonPath that does not parse. The secret is made of characters that every escaping changes; it
// must appear in no form (nor any 6-character piece of it) in the status, events or what is shown.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { standardProviders } from '../../../src/analysis/providers/index.ts';
import type { AnalysisRun, Metric } from '../../../src/api/types/analysis.ts';
import { driveAnalysisRun } from '../../../src/runtime/analysis/run-loop.ts';
import { fastForwardClock } from '../../support/clock.ts';
import { freePort } from '../../support/ports.ts';
import { AWKWARD_SECRET, secretLeaks } from '../../support/secret-leaks.ts';
import { startWebServer, type Answer, type RecordedRequest, type TestServer } from '../../support/web-server.ts';

const SECRET = AWKWARD_SECRET;

function echo(request: RecordedRequest): Record<string, unknown> {
  return {
    url: request.url,
    authorization: request.headers.authorization,
    token: request.headers['x-token'],
    body: request.body,
  };
}

let server: TestServer;
let closedPort = 0;
before(async () => {
  server = await startWebServer((request): Answer => {
    const path = request.url.split('?')[0];
    if (path?.startsWith('/text'))
      return {
        body: `you sent ${JSON.stringify(echo(request))} and ${request.headers['x-token']}`,
        headers: { 'Content-Type': 'text/plain' },
      };
    if (path?.startsWith('/status'))
      return {
        status: 500,
        body: JSON.stringify(echo(request)),
        headers: { 'X-Echo': String(request.headers['x-token']) },
      };
    return { json: { echo: echo(request), data: { rate: 1 } } };
  });
  closedPort = await freePort();
});
after(() => server.close());

function web(name: string, fields: Record<string, unknown>, extra: Partial<Metric> = {}): Metric {
  return {
    name,
    count: 1,
    consecutiveErrorLimit: 1,
    provider: { web: { headers: [{ key: 'X-Token', value: '{{args.token}}' }], ...fields } },
    ...extra,
  } as Metric;
}

function runWith(metrics: Metric[]): AnalysisRun {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata: { name: 'secrets', namespace: 'default' },
    spec: { args: [{ name: 'token', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } }], metrics },
  };
}

describe('secret args through the web provider', () => {
  it('appear in no form in the status, events or measurements shown', async () => {
    const shown: string[] = [];
    const query = 'token={{args.token}}';
    const run = await driveAnalysisRun(
      runWith([
        web('text-body', { url: `${server.url}/text/{{args.token}}?${query}` }),
        web('json-body', { url: `${server.url}/json/{{args.token}}?${query}`, jsonPath: '{$.echo}' }),
        web('basic-auth', {
          url: `${server.url}/json`,
          jsonPath: '{$.echo.authorization}',
          authentication: { basicAuth: { username: 'ops', password: '{{args.token}}' } },
        }),
        web('json-request', {
          url: `${server.url}/json`,
          method: 'POST',
          jsonBody: { token: '{{args.token}}' },
          jsonPath: '{$.echo.body}',
        }),
        web('error-status', { url: `${server.url}/status/{{args.token}}?${query}` }),
        web('refused', { url: `http://127.0.0.1:${closedPort}/p/{{args.token}}?${query}` }),
        web('bad-jsonpath', { url: `${server.url}/json`, jsonPath: "{$.data['{{args.token}}']}" }),
        web('jsonpath-rest', { url: `${server.url}/json`, jsonPath: '{$.{{args.token}}}' }),
        web('jsonpath-missing', { url: `${server.url}/json`, jsonPath: '{$.data.x{{args.token}}.y}' }),
        web(
          'condition',
          { url: `${server.url}/json`, jsonPath: '{$.echo.token}' },
          { successCondition: 'result == "{{args.token}}"' },
        ),
      ]),
      {
        providers: standardProviders(),
        clock: fastForwardClock(),
        readSecret: async (ref) => (ref.argName === 'token' ? SECRET : undefined),
        onMeasurement: ({ metricName, measurement }) => shown.push(`${metricName} ${JSON.stringify(measurement)}`),
        onEvent: (event) => shown.push(JSON.stringify(event)),
      },
    );
    const everything = `${JSON.stringify(run, null, 2)}\n${shown.join('\n')}`;
    // The server did get the secret, in each way it was sent (else this test proves nothing).
    const received = JSON.stringify(server.requests);
    for (const form of [SECRET, encodeURIComponent(SECRET), Buffer.from(`ops:${SECRET}`).toString('base64')]) {
      assert.ok(
        received.includes(JSON.stringify(form).slice(1, -1)) ||
          server.requests.some((r) => r.headers['x-token'] === SECRET),
        `the server never got ${form}`,
      );
    }
    assert.ok(
      server.requests.some(
        (request) =>
          request.headers.authorization === `Basic ${Buffer.from(`ops:${SECRET}`, 'latin1').toString('base64')}` ||
          request.headers.authorization === `Basic ${Buffer.from(`ops:${SECRET}`).toString('base64')}`,
      ),
      'no basic-auth request',
    );
    const leaks = secretLeaks(everything, SECRET);
    assert.deepEqual(leaks, [], `${leaks.join('\n')}\n${everything}`);
    const byName = new Map(run.status?.metricResults?.map((result) => [result.name, result]));
    // What each metric ended as: the measurements are there, only the secret is hidden.
    assert.match(byName.get('text-body')?.measurements?.[0]?.value ?? '', /^you sent .*\*{5}/);
    assert.ok((byName.get('condition')?.measurements?.length ?? 0) > 0);
    assert.match(byName.get('error-status')?.measurements?.[0]?.message ?? '', /received non 2xx response code: 500/);
    assert.match(byName.get('refused')?.measurements?.[0]?.message ?? '', /connection refused/);
    assert.match(byName.get('bad-jsonpath')?.measurements?.[0]?.message ?? '', /jsonPath/);
  });
});
