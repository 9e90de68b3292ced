// The web provider against real local HTTP(S) servers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebProvider } from '../../../src/analysis/providers/web/provider.ts';
import type { Metric, WebMetric } from '../../../src/api/types/analysis.ts';
import { freePort } from '../../support/ports.ts';
import { startWebServer, type TestServer } from '../../support/web-server.ts';
import { metric } from '../../support/metrics.ts';
import { contextFor, providerContract } from './provider-contract.ts';

let ok: TestServer;
let slow: TestServer;
let deadPort: number;
const web = (spec: Partial<WebMetric> & { url: string }, fields: Partial<Metric> = {}) =>
  metric('web', { web: spec }, fields);

before(async () => {
  ok = await startWebServer(({ url }) =>
    url === '/text'
      ? { body: 'all good\n' }
      : url === '/500'
        ? { status: 500, body: 'boom' }
        : { json: { data: { ok: true, successPercent: 0.95, list: [3, 4] }, status: 'ok' } },
  );
  slow = await startWebServer(() => 'hang');
  deadPort = await freePort();
});
after(async () => {
  await ok.close();
  await slow.close();
});

providerContract({
  name: 'web',
  create: () => new WebProvider(),
  okMetric: () => web({ url: `${ok.url}/`, jsonPath: '{$.data.ok}' }, { successCondition: 'result == true' }),
  brokenMetric: () => web({ url: `http://127.0.0.1:${deadPort}/` }),
  slow: { metric: () => web({ url: `${slow.url}/`, timeoutSeconds: 1 }), timeoutMs: 1000 },
  skips: { 'resume-after-restart': 'a web measurement finishes in measure(); nothing stays in flight' },
});

describe('web provider', () => {
  const provider = new WebProvider();
  const measure = (m: Metric) => provider.measure(m, contextFor());

  it('GETs JSON and picks the value at jsonPath', async () => {
    const report = await measure(web({ url: `${ok.url}/m?x=1`, jsonPath: '{$.data}' }));
    assert.equal(report.outcome.kind, 'value');
    if (report.outcome.kind !== 'value') return;
    assert.deepEqual(report.outcome.result, { ok: true, successPercent: 0.95, list: [3, 4] });
    assert.equal(report.outcome.value, '{"list":[3,4],"ok":true,"successPercent":0.95}');
    assert.equal(ok.requests.at(-1)?.method, 'GET');
    assert.equal(ok.requests.at(-1)?.url, '/m?x=1');
  });

  it('uses the whole body without jsonPath', async () => {
    const report = await measure(web({ url: `${ok.url}/` }));
    assert.ok(report.outcome.kind === 'value' && (report.outcome.result as { status: string }).status === 'ok');
  });

  it('POSTs a body with the headers, PUTs a jsonBody as application/json', async () => {
    await measure(
      web({
        url: `${ok.url}/p`,
        method: 'POST',
        body: 'raw=1',
        headers: [{ key: 'Authorization', value: 'Bearer t0k' }],
      }),
    );
    const post = ok.requests.at(-1);
    assert.equal(post?.method, 'POST');
    assert.equal(post?.body, 'raw=1');
    assert.equal(post?.headers.authorization, 'Bearer t0k');
    await measure(web({ url: `${ok.url}/p`, method: 'PUT', jsonBody: { key: 'value', n: 1 } }));
    const put = ok.requests.at(-1);
    assert.equal(put?.method, 'PUT');
    assert.deepEqual(JSON.parse(put?.body ?? ''), { key: 'value', n: 1 });
    assert.equal(put?.headers['content-type'], 'application/json');
  });

  it('takes a non-JSON body as the value of a Successful measurement', async () => {
    const report = await measure(web({ url: `${ok.url}/text` }, { successCondition: 'false' }));
    assert.deepEqual(report.outcome, { kind: 'judged', phase: 'Successful', value: 'all good\n' });
  });

  const errors: Array<[string, () => Metric, RegExp]> = [
    ['a non-2xx answer', () => web({ url: `${ok.url}/500` }), /received non 2xx response code: 500/],
    ['a malformed jsonPath', () => web({ url: `${ok.url}/`, jsonPath: '{$.data[}' }), /jsonPath "\{\$\.data\[\}"/],
    ['a jsonPath without braces', () => web({ url: `${ok.url}/`, jsonPath: '$.data.ok' }), /must be written in braces/],
    [
      'a missing field',
      () => web({ url: `${ok.url}/`, jsonPath: '{$.data.missing}' }),
      /Could not find JSONPath in body: missing is not found/,
    ],
    ['a dead server', () => web({ url: `http://127.0.0.1:${deadPort}/` }), /connection refused by 127\.0\.0\.1/],
    ['a body with GET', () => web({ url: `${ok.url}/`, body: 'x' }), /only be used with POST or PUT/],
    [
      'body and jsonBody',
      () => web({ url: `${ok.url}/`, method: 'POST', body: 'x', jsonBody: { a: 1 } }),
      /either body or jsonBody/,
    ],
    [
      'an unsupported method',
      () => web({ url: `${ok.url}/`, method: 'DELETE' as 'GET' }),
      /method "DELETE" is not supported/,
    ],
    ['an invalid URL', () => web({ url: 'not a url' }), /not a valid URL/],
  ];
  for (const [what, build, message] of errors) {
    it(`reports ${what} as an Error with a message`, async () => {
      const report = await measure(build());
      assert.equal(report.outcome.kind, 'error');
      assert.match(report.outcome.kind === 'error' ? report.outcome.message : '', message);
    });
  }

  it('checks TLS certificates unless insecure', async () => {
    const tls = await startWebServer(() => ({ json: { ok: 1 } }), { tls: true });
    try {
      const strict = await measure(web({ url: `${tls.url}/` }));
      assert.ok(
        strict.outcome.kind === 'error' &&
          /TLS certificate .* not trusted.*insecure: true/.test(strict.outcome.message),
        JSON.stringify(strict.outcome),
      );
      const insecure = await measure(web({ url: `${tls.url}/`, insecure: true, jsonPath: '{$.ok}' }));
      assert.deepEqual(insecure.outcome, { kind: 'value', result: 1, value: '1' });
    } finally {
      await tls.close();
    }
  });

  it('sends basic auth and fetches an oauth2 token', async () => {
    const tokens = await startWebServer(({ headers }) =>
      headers.authorization === `Basic ${Buffer.from('id:secret').toString('base64')}`
        ? { json: { access_token: 'tok-1', token_type: 'bearer' } }
        : { status: 401 },
    );
    try {
      await measure(web({ url: `${ok.url}/`, authentication: { basicAuth: { username: 'u', password: 'p' } } }));
      assert.equal(ok.requests.at(-1)?.headers.authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
      await measure(
        web({
          url: `${ok.url}/`,
          authentication: {
            oauth2: { tokenUrl: `${tokens.url}/token`, clientId: 'id', clientSecret: 'secret', scopes: ['a', 'b'] },
          },
        }),
      );
      assert.equal(ok.requests.at(-1)?.headers.authorization, 'Bearer tok-1');
      assert.match(tokens.requests.at(-1)?.body ?? '', /grant_type=client_credentials&scope=a\+b/);
    } finally {
      await tokens.close();
    }
  });
});
