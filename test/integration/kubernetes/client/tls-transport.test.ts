// The client over TLS on loopback, to a server that speaks only HTTP/1.1 (it offers no h2 in the
// handshake, so the client uses its HTTP/1.1 agent): the CA given is the one trusted (another is
// refused), sequential requests share one keep-alive TLS connection (the transport's agents pool
// their sockets under one name per server), and every request carries the same headers: Accept,
// User-Agent, Authorization, the impersonation, and its Content-Type. HTTP/2: http2-transport.test.ts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { KubeClient } from '../../../../src/platform/kubernetes/client/client.ts';
import { bearerToken, type Connection } from '../../../../src/platform/kubernetes/client/connection.ts';
import { KubeConnectionError } from '../../../../src/platform/kubernetes/client/errors.ts';
import { coreResources } from '../../../../src/platform/kubernetes/client/resources.ts';
import { selfSignedCertificate } from '../../../support/web-server.ts';

describe('the client over TLS', () => {
  const seen: Array<{ method: string; headers: IncomingHttpHeaders; body: string }> = [];
  /** The sockets that carried requests. */
  const sockets = new Set<unknown>();
  let server: https.Server;
  let url = '';
  const { key, cert } = selfSignedCertificate();

  before(async () => {
    server = https.createServer({ key, cert }, (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', headers: req.headers, body });
        sockets.add(req.socket);
        const answer = JSON.stringify({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'a', namespace: 'demo' },
        });
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(answer) });
        res.end(answer);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const connection = (ca: string): Connection => ({
    server: url,
    tls: { ca: Buffer.from(ca), insecureSkipTlsVerify: false },
    credentials: bearerToken('t0ken'),
    impersonate: { user: 'jane', groups: ['devs', 'ops'] },
    namespace: 'demo',
    description: 'loopback TLS',
  });

  it('trusts the CA it is given, reuses one connection and sends the same headers each time', async () => {
    const client = new KubeClient(connection(cert), { userAgent: 'sluice-test' });
    seen.length = 0;
    sockets.clear();
    for (let i = 0; i < 5; i += 1) {
      await client.get(coreResources.configMaps, 'demo', 'a');
      await client.patch(coreResources.configMaps, 'demo', 'a', { data: { n: String(i) } });
    }
    client.close();
    assert.equal(sockets.size, 1, 'ten sequential requests share one TLS connection');
    assert.equal(seen.length, 10);
    for (const [index, { method, headers, body }] of seen.entries()) {
      assert.equal(method, index % 2 === 0 ? 'GET' : 'PATCH');
      assert.equal(headers['accept'], 'application/json');
      assert.equal(headers['user-agent'], 'sluice-test');
      assert.equal(headers['authorization'], 'Bearer t0ken');
      assert.equal(headers['impersonate-user'], 'jane');
      assert.equal(headers['impersonate-group'], 'devs, ops');
      if (method === 'PATCH') {
        assert.equal(headers['content-type'], 'application/merge-patch+json');
        assert.equal(headers['content-length'], String(Buffer.byteLength(body)));
        assert.deepEqual(JSON.parse(body), { data: { n: String((index - 1) / 2) } });
      } else assert.equal(headers['content-type'], undefined);
    }
  });

  it('refuses a server whose certificate another CA signed', async () => {
    const other = otherCertificate();
    const client = new KubeClient(connection(other), {
      retry: { maxRetries: 0, backoff: { initialMs: 1, maxMs: 1, factor: 1, jitter: 0 }, maxRetryAfterMs: 1 },
    });
    await assert.rejects(
      client.get(coreResources.configMaps, 'demo', 'a'),
      (error: unknown) => error instanceof KubeConnectionError && /certificate/.test(error.message),
    );
    client.close();
  });
});

/** A certificate that did not sign the server's: another self-signed one. */
function otherCertificate(): string {
  return execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=other', '-keyout', '/dev/null'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
}
