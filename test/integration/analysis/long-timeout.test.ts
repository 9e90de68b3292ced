// A web metric's timeoutSeconds longer than one Node timer takes (2^31-1 ms, about 24.8 days):
// the request waits for its answer. An overflowing timer would give up after 1 ms.
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { WebProvider } from '../../../src/analysis/providers/web/provider.ts';
import { contextFor } from './provider-contract.ts';
import { startWebServer, type TestServer } from '../../support/web-server.ts';

describe('web metric with timeoutSeconds of 40 days', () => {
  let server: TestServer;
  before(async () => {
    server = await startWebServer(async () => {
      await delay(100);
      return { json: { ok: true } };
    });
  });
  after(() => server.close());

  it('waits for a slow answer instead of timing out at once', async () => {
    const report = await new WebProvider().measure(
      {
        name: 'slow',
        provider: { web: { url: `${server.url}/`, jsonPath: '{$.ok}', timeoutSeconds: 40 * 24 * 60 * 60 } },
      },
      contextFor(),
    );
    assert.deepEqual(report.outcome, { kind: 'value', result: true, value: 'true' });
  });
});
