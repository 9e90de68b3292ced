// The client over HTTP/2 on loopback, to a server that offers h2 in the TLS handshake as the API
// server does: ordinary requests, concurrent ones included, share one connection and carry the
// same headers as over HTTP/1.1; a stream the server refuses (it was not processed) is sent again,
// even a create; a connection lost mid-request is a connection error, after which a read is sent
// again on a new connection and a create is not; a silent server times out and a cancelled
// request ends its stream; close() closes the connection.
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import net from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { KubeClient } from '../../../../src/platform/kubernetes/client/client.ts';
import { bearerToken, type Connection } from '../../../../src/platform/kubernetes/client/connection.ts';
import { KubeConnectionError, NotFoundError } from '../../../../src/platform/kubernetes/client/errors.ts';
import { coreResources } from '../../../../src/platform/kubernetes/client/resources.ts';
import { waitFor } from '../../../support/ports.ts';
import { selfSignedCertificate } from '../../../support/web-server.ts';

const fastRetry = { maxRetries: 3, backoff: { initialMs: 1, maxMs: 5, factor: 2, jitter: 0 }, maxRetryAfterMs: 10 };

type Behaviour = 'answer' | 'refuse' | 'drop' | 'silent';

describe('the client over HTTP/2', () => {
  const { key, cert } = selfSignedCertificate();
  const seen: Array<{ method: string; path: string; headers: http2.IncomingHttpHeaders; body: string }> = [];
  /** What the server does with the next requests, in turn; then it answers. */
  let plan: Behaviour[] = [];
  let sessions = 0;
  let http1Requests = 0;
  /** The streams the server left without an answer. */
  const silent: http2.ServerHttp2Stream[] = [];
  let server: http2.Http2SecureServer;
  let url = '';

  before(async () => {
    server = http2.createSecureServer({ key, cert, allowHTTP1: true });
    server.on('session', () => (sessions += 1));
    server.on('request', (req, res) => {
      if (req.httpVersion !== '1.1') return;
      http1Requests += 1;
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"metadata":{"name":"a"}}'));
    });
    server.on('stream', (stream, headers) => {
      // A stream closed with an error code (refused) reports it here; the test looks at the client.
      stream.on('error', () => undefined);
      let body = '';
      stream.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      stream.on('end', () => {
        const method = String(headers[':method']);
        const path = String(headers[':path']);
        seen.push({ method, path, headers, body });
        const behaviour = plan.shift() ?? 'answer';
        if (behaviour === 'refuse') return stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
        if (behaviour === 'drop') return stream.session?.destroy();
        if (behaviour === 'silent') return void silent.push(stream);
        const missing = path.endsWith('/missing');
        const answer = JSON.stringify(
          missing
            ? {
                kind: 'Status',
                apiVersion: 'v1',
                status: 'Failure',
                reason: 'NotFound',
                code: 404,
                message: 'not found',
              }
            : { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'demo', resourceVersion: '1' } },
        );
        stream.respond({
          ':status': missing ? 404 : method === 'POST' ? 201 : 200,
          'content-type': 'application/json',
        });
        stream.end(answer);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen.length = 0;
    silent.length = 0;
    plan = [];
    sessions = 0;
  });

  const client = (options: ConstructorParameters<typeof KubeClient>[1] = {}): KubeClient =>
    new KubeClient(
      {
        server: url,
        tls: { ca: Buffer.from(cert), insecureSkipTlsVerify: false },
        credentials: bearerToken('t0ken'),
        impersonate: { user: 'jane', groups: ['devs', 'ops'] },
        namespace: 'demo',
        description: 'loopback HTTP/2',
      } satisfies Connection,
      { retry: fastRetry, userAgent: 'sluice-test', ...options },
    );

  it('sends sequential and concurrent requests over one connection, with the headers of HTTP/1.1', async () => {
    const kube = client();
    for (let i = 0; i < 5; i += 1) {
      const got = await kube.get(coreResources.configMaps, 'demo', 'a');
      assert.equal(got.metadata.name, 'a');
      await kube.patch(coreResources.configMaps, 'demo', 'a', { data: { n: String(i) } });
    }
    await Promise.all(Array.from({ length: 20 }, () => kube.get(coreResources.configMaps, 'demo', 'a')));
    await assert.rejects(kube.get(coreResources.configMaps, 'demo', 'missing'), NotFoundError);
    kube.close();
    assert.equal(sessions, 1, 'every request shares one connection');
    assert.equal(seen.length, 31);
    const patch = seen[1];
    assert.ok(patch);
    assert.equal(patch.method, 'PATCH');
    assert.equal(patch.path, '/api/v1/namespaces/demo/configmaps/a');
    assert.equal(patch.headers['content-type'], 'application/merge-patch+json');
    assert.equal(patch.headers['content-length'], String(Buffer.byteLength(patch.body)));
    assert.deepEqual(JSON.parse(patch.body), { data: { n: '0' } });
    for (const { headers } of seen) {
      assert.equal(headers['accept'], 'application/json');
      assert.equal(headers['user-agent'], 'sluice-test');
      assert.equal(headers['authorization'], 'Bearer t0ken');
      assert.equal(headers['impersonate-user'], 'jane');
      assert.equal(headers['impersonate-group'], 'devs, ops');
    }
    await waitFor('the connection closed', async () => (kube.openSockets === 0 ? true : undefined), 5000, 10);
  });

  it('sends a refused stream again, even a create (the server did not process it)', async () => {
    const kube = client();
    plan = ['refuse'];
    const created = await kube.create(coreResources.configMaps, 'demo', { metadata: { name: 'a' } });
    assert.equal(created.metadata.name, 'a');
    assert.deepEqual(
      seen.map((request) => request.method),
      ['POST', 'POST'],
    );
    kube.close();
  });

  it('after a connection lost mid-request, sends a read again on a new connection but not a create', async () => {
    const kube = client();
    plan = ['drop'];
    const got = await kube.get(coreResources.configMaps, 'demo', 'a');
    assert.equal(got.metadata.name, 'a');
    assert.equal(sessions, 2, 'the read went again on a new connection');
    plan = ['drop'];
    await assert.rejects(
      kube.create(coreResources.configMaps, 'demo', { metadata: { name: 'b' } }),
      (error: unknown) => error instanceof KubeConnectionError,
    );
    assert.equal(seen.filter((request) => request.method === 'POST').length, 1, 'the create was not repeated');
    kube.close();
  });

  it('gives up on a silent server after the request timeout and ends the stream; a cancel ends it too', async () => {
    const kube = client({ requestTimeoutMs: 200, retry: { ...fastRetry, maxRetries: 0 } });
    plan = ['silent'];
    await assert.rejects(
      kube.get(coreResources.configMaps, 'demo', 'a'),
      (error: unknown) => error instanceof KubeConnectionError && error.code === 'ETIMEDOUT',
    );
    await waitFor(
      'the stream to be closed',
      async () => (silent.every((stream) => stream.closed) ? true : undefined),
      5000,
      10,
    );
    plan = ['silent'];
    const controller = new AbortController();
    const pending = kube.get(coreResources.configMaps, 'demo', 'a', { signal: controller.signal });
    await waitFor('the request to arrive', async () => (seen.length === 2 ? true : undefined), 5000, 5);
    controller.abort();
    await assert.rejects(
      pending,
      (error: unknown) => error instanceof KubeConnectionError && error.code === 'ABORT_ERR',
    );
    await waitFor(
      'the stream to be closed',
      async () => (silent.every((stream) => stream.closed) ? true : undefined),
      5000,
      10,
    );
    kube.close();
  });

  it('drops a connection gone silent (an unanswered PING after a timeout); the next request opens another', async () => {
    // A TCP relay whose connections can go dead without a word, as a peer gone from the network.
    const connections: Array<{ dead: boolean; inbound: net.Socket; outbound: net.Socket }> = [];
    const port = Number(new URL(url).port);
    const relay = net.createServer((inbound) => {
      const outbound = net.connect(port, '127.0.0.1');
      const connection = { dead: false, inbound, outbound };
      connections.push(connection);
      inbound.on('data', (data) => void (connection.dead || outbound.write(data)));
      outbound.on('data', (data) => void (connection.dead || inbound.write(data)));
      const end = (): void => {
        inbound.destroy();
        outbound.destroy();
      };
      inbound.on('close', end).on('error', end);
      outbound.on('close', end).on('error', end);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const address = relay.address();
    const relayUrl = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const kube = new KubeClient(
      {
        server: relayUrl,
        tls: { ca: Buffer.from(cert), insecureSkipTlsVerify: false },
        credentials: bearerToken('t0ken'),
        namespace: 'demo',
        description: 'loopback HTTP/2 through a relay',
      },
      { requestTimeoutMs: 300, retry: { ...fastRetry, maxRetries: 0 } },
    );
    try {
      await kube.get(coreResources.configMaps, 'demo', 'a');
      for (const connection of connections) connection.dead = true;
      await assert.rejects(
        kube.get(coreResources.configMaps, 'demo', 'a'),
        (error: unknown) => error instanceof KubeConnectionError && error.code === 'ETIMEDOUT',
      );
      await waitFor(
        'the silent connection to be closed',
        async () => (kube.openSockets === 0 ? true : undefined),
        5000,
        10,
      );
      const got = await kube.get(coreResources.configMaps, 'demo', 'a');
      assert.equal(got.metadata.name, 'a');
      assert.equal(sessions, 2, 'the request after the timeout went on a new connection');
    } finally {
      kube.close();
      for (const { inbound } of connections) inbound.destroy();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    }
  });

  it('gives up a connection whose TLS handshake never comes, so the next request tries again', async () => {
    const accepted: net.Socket[] = [];
    const mute = net.createServer((socket) => void accepted.push(socket));
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
    const address = mute.address();
    const kube = new KubeClient(
      {
        server: `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
        tls: { ca: Buffer.from(cert), insecureSkipTlsVerify: false },
        credentials: bearerToken('t0ken'),
        namespace: 'demo',
        description: 'a server that never answers',
      },
      { requestTimeoutMs: 200, retry: { ...fastRetry, maxRetries: 0 } },
    );
    try {
      await assert.rejects(
        kube.get(coreResources.configMaps, 'demo', 'a'),
        (error: unknown) => error instanceof KubeConnectionError && error.code === 'ETIMEDOUT',
      );
      await waitFor('the connection to be given up', async () => (kube.openSockets === 0 ? true : undefined), 5000, 10);
      await assert.rejects(kube.get(coreResources.configMaps, 'demo', 'a'), KubeConnectionError);
      assert.equal(accepted.length, 2, 'the second request tried a new connection');
    } finally {
      kube.close();
      for (const socket of accepted) socket.destroy();
      await new Promise<void>((resolve) => mute.close(() => resolve()));
    }
  });

  it('speaks HTTP/1.1 when asked to', async () => {
    const kube = client({ http2: false });
    http1Requests = 0;
    await kube.get(coreResources.configMaps, 'demo', 'a');
    assert.equal(http1Requests, 1);
    assert.equal(sessions, 0);
    kube.close();
  });
});
