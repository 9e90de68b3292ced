// The Prometheus text server on loopback, as both runtimes use it: the text on each of its paths
// (HEAD: the length, no body), 404 naming where the metrics are, 405 for other methods, 500 with
// the reason when rendering fails, and a taken port told in words.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { ListenError } from '../../../../src/platform/listen.ts';
import { EXPOSITION_CONTENT_TYPE } from '../../../../src/platform/prometheus/exposition.ts';
import { startMetricsServer, type MetricsServer } from '../../../../src/platform/prometheus/metrics-server.ts';
import { occupiedPort } from '../../../support/ports.ts';

function request(
  port: number,
  method: string,
  path: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .request({ host: '127.0.0.1', port, method, path }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      })
      .on('error', reject)
      .end();
  });
}

describe('metrics server', () => {
  let server: MetricsServer;
  let text = '# HELP up h\n# TYPE up gauge\nup 1\n';
  let failure: Error | undefined;
  before(async () => {
    server = await startMetricsServer({
      what: 'the test metrics server',
      host: '127.0.0.1',
      port: 0,
      paths: ['/stats/prometheus', '/metrics'],
      render: () => {
        if (failure) throw failure;
        return text;
      },
    });
  });
  after(() => server.close());

  it('answers the rendered text on each of its paths, freshly rendered each time', async () => {
    for (const path of ['/stats/prometheus', '/metrics', '/metrics?x=1']) {
      const answer = await request(server.port, 'GET', path);
      assert.deepEqual(
        [answer.status, answer.headers['content-type'], answer.body],
        [200, EXPOSITION_CONTENT_TYPE, text],
      );
    }
    text = 'up 2\n';
    assert.equal((await request(server.port, 'GET', '/metrics')).body, 'up 2\n');
  });

  it('answers HEAD with the length and no body', async () => {
    const answer = await request(server.port, 'HEAD', '/metrics');
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-length'], String(Buffer.byteLength(text)));
    assert.equal(answer.body, '');
  });

  it('answers 404 naming the first path, and 405 for other methods', async () => {
    assert.deepEqual(await request(server.port, 'GET', '/other').then((a) => [a.status, a.body]), [
      404,
      'not found: the metrics are at /stats/prometheus\n',
    ]);
    const post = await request(server.port, 'POST', '/metrics');
    assert.deepEqual([post.status, post.headers['allow']], [405, 'GET, HEAD']);
  });

  it('answers 500 with the reason when rendering fails, and serves again after', async () => {
    failure = new Error('a collector broke');
    assert.deepEqual(await request(server.port, 'GET', '/metrics').then((a) => [a.status, a.body]), [
      500,
      'collecting metrics failed: a collector broke\n',
    ]);
    failure = undefined;
    assert.equal((await request(server.port, 'GET', '/metrics')).status, 200);
  });

  it('says what cannot listen where when the port is taken', async () => {
    const { port, close } = await occupiedPort();
    try {
      await assert.rejects(
        startMetricsServer({
          what: 'the metrics server',
          host: '127.0.0.1',
          port,
          portHint: 'choose another with --metrics-port',
          paths: ['/metrics'],
          render: () => '',
        }),
        (error: unknown) =>
          error instanceof ListenError &&
          error.message ===
            `the metrics server cannot listen on 127.0.0.1:${port}: the port is in use; choose another with --metrics-port`,
      );
    } finally {
      close();
    }
  });
});
