// The whole-request client against a real loopback server: the answer whole, and each way a request
// ends without one (refused, too slow, too large, cancelled, a bad URL) as an HttpError that says so.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { HttpError, httpRequest } from '../../../../src/platform/http/request.ts';

describe('httpRequest', () => {
  let server: http.Server;
  let base: string;
  before(async () => {
    server = http.createServer((request, response) => {
      if (request.url === '/slow') return; // never answers
      if (request.url === '/large') return void response.end('x'.repeat(4096));
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () =>
        response
          .writeHead(201, { 'x-echo': request.headers['x-test'] ?? '' })
          .end(`${request.method} ${body} ${request.headers['content-length'] ?? '-'}`),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  const refusedWith = (pattern: RegExp) => (error: unknown) => {
    assert.ok(error instanceof HttpError, String(error));
    assert.match(error.message, pattern);
    return true;
  };

  it('sends the method, headers and body with its length and resolves the whole answer', async () => {
    const response = await httpRequest({
      url: `${base}/echo`,
      method: 'POST',
      headers: { 'x-test': 'yes' },
      body: 'héllo',
      timeoutMs: 5000,
    });
    assert.equal(response.status, 201);
    assert.equal(response.headers['x-echo'], 'yes');
    assert.equal(response.body, 'POST héllo 6');
  });

  it('gives up after the timeout, naming the request and the timeout', async () => {
    await assert.rejects(
      httpRequest({ url: `${base}/slow`, timeoutMs: 150 }),
      refusedWith(new RegExp(`^GET ${base}/slow: no complete answer within the timeout of 0\\.15s$`)),
    );
  });

  it('cuts off an answer larger than the limit', async () => {
    await assert.rejects(
      httpRequest({ url: `${base}/large`, timeoutMs: 5000, maxBodyBytes: 1000 }),
      refusedWith(/the response is larger than 1000 bytes$/),
    );
  });

  it('stops when its signal aborts, before or during the request', async () => {
    await assert.rejects(
      httpRequest({ url: `${base}/echo`, timeoutMs: 5000, signal: AbortSignal.abort() }),
      refusedWith(/: request cancelled$/),
    );
    const controller = new AbortController();
    const pending = httpRequest({ url: `${base}/slow`, timeoutMs: 5000, signal: controller.signal });
    setImmediate(() => controller.abort());
    await assert.rejects(pending, refusedWith(/: request cancelled$/));
  });

  it('says a refused connection, a bad URL and a non-http URL in words', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(
      httpRequest({ url: `http://127.0.0.1:${port}/`, timeoutMs: 5000 }),
      refusedWith(new RegExp(`connection refused by 127\\.0\\.0\\.1:${port}: is the server running`)),
    );
    await assert.rejects(
      httpRequest({ url: 'not a url', timeoutMs: 5000 }),
      refusedWith(/"not a url" is not a valid URL; write it as http:\/\/host:port\/path/),
    );
    await assert.rejects(
      httpRequest({ url: 'ftp://example.com/', timeoutMs: 5000 }),
      refusedWith(/is not an http or https URL/),
    );
  });
});
