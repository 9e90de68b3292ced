// What the gateway passes on from a pod, over its pooled socket client: chunked and unframed bodies,
// repeated Set-Cookie, HEAD and 304, large bodies, pods that close kept-alive connections or break
// off mid-answer, and requests that go through node's client instead (Expect: 100-continue).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { LocalMesh } from '../../../../src/runtime/local/mesh/local-mesh.ts';
import { ManualEndpointSource } from '../../../../src/runtime/local/services/endpoint-source.ts';
import { send, service } from '../services/pod-servers.ts';
import { startScriptedPod, type ScriptedPod, type ScriptedRequest } from '../services/scripted-pod.ts';

const LARGE = Buffer.alloc(3 * 1024 * 1024 + 17, 'abcdefghij');

/** One scripted answer per path. */
function answerFor(request: ScriptedRequest, socket: net.Socket): void {
  const path = request.head.split(' ')[1];
  switch (path) {
    case '/chunked':
      socket.write(
        'HTTP/1.1 200 OK\r\nSet-Cookie: a=1; Path=/\r\nSet-Cookie: b=2\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n',
      );
      return;
    case '/large':
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${LARGE.length}\r\n\r\n`);
      for (let at = 0; at < LARGE.length; at += 64 * 1024) socket.write(LARGE.subarray(at, at + 64 * 1024));
      return;
    case '/head':
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nX-Head: yes\r\n\r\n');
      return;
    case '/not-modified':
      socket.write('HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\n\r\n');
      return;
    case '/until-close':
      socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nread until the pod closed');
      return;
    case '/bad-header':
      socket.write('HTTP/1.1 200 OK\r\nX-Bad: a\x01b\r\nContent-Length: 2\r\n\r\nok');
      return;
    case '/break':
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly a part');
      socket.destroy();
      return;
    case '/close-after':
      // Keep-alive by the look of it, yet the pod closes the connection right after answering.
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', () => socket.end());
      return;
    default:
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${request.body.length}\r\nX-Method: ${request.method}\r\n\r\n`);
      socket.write(request.body);
  }
}

describe('answers passed on by the gateway', () => {
  let mesh: LocalMesh;
  let pod: ScriptedPod;

  before(async () => {
    pod = await startScriptedPod(answerFor);
    const source = new ManualEndpointSource();
    source.publish('ready', {
      pod: 'raw-1',
      namespace: 'default',
      labels: { app: 'raw' },
      ip: '127.0.0.1',
      ports: [{ containerPort: 8080, protocol: 'TCP', port: pod.port }],
      ready: true,
      terminating: false,
    });
    mesh = await LocalMesh.start({ endpoints: source });
    await mesh.putService(service('raw', { app: 'raw' }));
  });
  after(async () => {
    await mesh.close();
    await pod.close();
  });

  const get = (path: string, method = 'GET') => send(mesh.gateway.port, { host: 'raw', path, method });

  it('decodes a chunked answer and keeps every Set-Cookie', async () => {
    const reply = await get('/chunked');
    assert.equal(reply.status, 200);
    assert.equal(reply.body, 'hello world');
    assert.deepEqual(reply.headers['set-cookie'], ['a=1; Path=/', 'b=2']);
  });

  it('streams a large answer intact', async () => {
    const body = await new Promise<Buffer>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: mesh.gateway.port, path: '/large', headers: { host: 'raw' } }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve(Buffer.concat(chunks)));
        })
        .on('error', reject);
    });
    assert.equal(body.length, LARGE.length);
    assert.equal(createHash('sha256').update(body).digest('hex'), createHash('sha256').update(LARGE).digest('hex'));
  });

  it("answers HEAD with the pod's headers and no body", async () => {
    const reply = await get('/head', 'HEAD');
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['x-head'], 'yes');
    assert.equal(reply.headers['content-length'], '1234');
    assert.equal(reply.body, '');
  });

  it('passes 304 on without a body', async () => {
    const reply = await get('/not-modified');
    assert.equal(reply.status, 304);
    assert.equal(reply.headers.etag, '"v1"');
    assert.equal(reply.body, '');
  });

  it('passes on a body that ends when the pod closes', async () => {
    const reply = await get('/until-close');
    assert.equal(reply.body, 'read until the pod closed');
  });

  it('forwards a request body and answers each request of a pod that closes after every answer', async () => {
    for (let i = 0; i < 40; i++) {
      const reply = await send(mesh.gateway.port, {
        host: 'raw',
        path: i % 2 ? '/close-after' : '/echo',
        method: 'POST',
        body: `body ${i}`,
      });
      assert.equal(reply.status, 200, `request ${i}: ${reply.body}`);
      assert.equal(reply.body, i % 2 ? 'ok' : `body ${i}`);
    }
  });

  it("sends requests that expect 100-continue through node's client", async () => {
    const reply = await send(mesh.gateway.port, {
      host: 'raw',
      path: '/echo',
      method: 'PUT',
      headers: { expect: '100-continue' },
      body: 'continued',
    });
    assert.equal(reply.status, 200);
    assert.equal(reply.body, 'continued');
    assert.equal(reply.headers['x-method'], 'PUT');
    const head = pod.requests.at(-1)!.head.toLowerCase();
    assert.match(head, /\r\nexpect: 100-continue/);
    // Node's client announces keep-alive; the socket client leaves it to HTTP/1.1's default.
    assert.match(head, /\r\nconnection: keep-alive/);
  });

  it('writes other requests with the socket client', async () => {
    await get('/echo');
    assert.doesNotMatch(pod.requests.at(-1)!.head.toLowerCase(), /\r\nconnection:/);
  });

  it('answers 503 UF for a header field node will not write, and keeps serving', async () => {
    const reply = await get('/bad-header');
    assert.equal(reply.status, 503);
    assert.match(reply.body, /upstream connect error/);
    assert.equal((await get('/chunked')).body, 'hello world');
  });

  it('resets the client when the pod breaks off mid-answer, and counts it as UC', async () => {
    await assert.rejects(get('/break'));
    const broken = mesh.metrics
      .snapshot()
      .filter((s) => s.labels.reporter === 'source' && s.labels.response_flags === 'UC');
    assert.equal(
      broken.reduce((n, s) => n + s.count, 0),
      1,
    );
  });
});
