// The pooled socket client on its own, against scripted pods: connections are reused only after a
// complete answer without `Connection: close`, idle ones are bounded and time out, and failures
// before any answer byte are told apart from breaks after the head.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectionPool, type ConnectionPoolOptions } from '../../../../src/platform/http/connection-pool.ts';
import type { ExchangeRequest } from '../../../../src/platform/http/exchange.ts';
import { requestHead } from '../../../../src/platform/http/request-head.ts';
import { exchangeOverSocket } from '../../../../src/platform/http/socket-exchange.ts';
import { startScriptedPod, type ScriptedPod } from '../../local/services/scripted-pod.ts';

interface Result {
  kind: 'end' | 'failed' | 'broken';
  status?: number;
  body: string;
  code?: string | undefined;
  reused?: boolean;
}

function exchange(pool: ConnectionPool, port: number, method = 'GET'): Promise<Result> {
  const request: ExchangeRequest = {
    host: '127.0.0.1',
    port,
    method,
    url: '/',
    headers: { host: 'pod' },
    body: undefined,
  };
  return new Promise((resolve) => {
    const body: Buffer[] = [];
    let status: number | undefined;
    exchangeOverSocket(pool, request, requestHead(method, '/', request.headers, undefined)!, {
      failed: (error, reused) => resolve({ kind: 'failed', body: '', code: error.code, reused }),
      head: (s) => (status = s),
      data: (chunk) => body.push(Buffer.from(chunk)) > 0,
      end: (last) => resolve({ kind: 'end', status, body: Buffer.concat(last ? [...body, last] : body).toString() }),
      broken: (error) => resolve({ kind: 'broken', status, body: Buffer.concat(body).toString(), code: error?.code }),
    });
  });
}

async function withPod(
  answer: Parameters<typeof startScriptedPod>[0],
  options: ConnectionPoolOptions,
  run: (pod: ScriptedPod, pool: ConnectionPool) => Promise<void>,
): Promise<void> {
  const pod = await startScriptedPod(answer);
  const pool = new ConnectionPool(options);
  try {
    await run(pod, pool);
  } finally {
    pool.close();
    await pod.close();
  }
}

const okAnswer =
  (extra = '') =>
  (_request: unknown, socket: import('node:net').Socket) =>
    socket.write(`HTTP/1.1 200 OK\r\n${extra}Content-Length: 2\r\n\r\nok`);

describe('pooled socket client', () => {
  it('reuses one keep-alive connection for requests in sequence', async () => {
    await withPod(okAnswer(), {}, async (pod, pool) => {
      for (let i = 0; i < 5; i++)
        assert.deepEqual(await exchange(pool, pod.port), { kind: 'end', status: 200, body: 'ok' });
      assert.equal(pod.opened, 1);
      assert.equal(pool.idleCount(), 1);
    });
  });

  it('closes the connection when the pod says Connection: close', async () => {
    await withPod(okAnswer('Connection: close\r\n'), {}, async (pod, pool) => {
      for (let i = 0; i < 3; i++) assert.equal((await exchange(pool, pod.port)).body, 'ok');
      assert.equal(pod.opened, 3);
      assert.equal(pool.idleCount(), 0);
      await pod.closedAtLeast(3);
    });
  });

  it('reads a body without length until the pod closes, and does not pool that connection', async () => {
    await withPod(
      (_r, socket) => socket.end('HTTP/1.1 200 OK\r\n\r\nuntil the end'),
      {},
      async (pod, pool) => {
        assert.deepEqual(await exchange(pool, pod.port), { kind: 'end', status: 200, body: 'until the end' });
        assert.equal(pool.idleCount(), 0);
      },
    );
  });

  it('keeps at most maxIdlePerAddress idle connections', async () => {
    await withPod(okAnswer(), { maxIdlePerAddress: 2 }, async (pod, pool) => {
      const results = await Promise.all(Array.from({ length: 5 }, () => exchange(pool, pod.port)));
      assert.ok(results.every((r) => r.body === 'ok'));
      assert.equal(pod.opened, 5);
      assert.equal(pool.idleCount(), 2);
      await pod.closedAtLeast(3);
    });
  });

  it('closes idle connections after the idle timeout', async () => {
    await withPod(okAnswer(), { idleTimeoutMs: 20 }, async (pod, pool) => {
      await exchange(pool, pod.port);
      assert.equal(pool.idleCount(), 1);
      await pod.closedAtLeast(1);
      assert.equal(pool.idleCount(), 0);
    });
  });

  it('reports a refused connection as a failure before any answer, on a new connection', async () => {
    const pod = await startScriptedPod(okAnswer());
    const port = pod.port;
    await pod.close();
    const pool = new ConnectionPool();
    assert.deepEqual(await exchange(pool, port), { kind: 'failed', body: '', code: 'ECONNREFUSED', reused: false });
    assert.equal(pool.idleCount(), 0);
    pool.close();
  });

  it('reports a kept-alive connection the pod closed as a failure on a reused connection', async () => {
    // The pod answers its first request, then closes the connection on the second without a byte.
    await withPod(
      (request, socket) => (request.index === 0 ? okAnswer()(request, socket) : socket.destroy()),
      {},
      async (pod, pool) => {
        assert.equal((await exchange(pool, pod.port)).body, 'ok');
        const second = await exchange(pool, pod.port);
        assert.equal(second.kind, 'failed');
        assert.equal(second.reused, true);
        assert.equal(second.code, 'ECONNRESET');
      },
    );
  });

  it('reports a pod that breaks off after the head as broken, and drops the connection', async () => {
    await withPod(
      (_r, socket) => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial');
        socket.end();
      },
      {},
      async (pod, pool) => {
        const result = await exchange(pool, pod.port);
        assert.equal(result.kind, 'broken');
        assert.equal(result.status, 200);
        assert.equal(pool.idleCount(), 0);
      },
    );
  });

  it('does not reuse a connection on which bytes followed the answer', async () => {
    await withPod(
      (_r, socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokJUNK'),
      {},
      async (pod, pool) => {
        assert.equal((await exchange(pool, pod.port)).body, 'ok');
        assert.equal(pool.idleCount(), 0);
        await pod.closedAtLeast(1);
      },
    );
  });

  it('stops reading from the pod while the sink cannot take more, until resumed', async () => {
    let sendRest: () => void = () => undefined;
    await withPod(
      (request, socket) => {
        if (request.head.startsWith('GET /ping'))
          return void socket.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\npong');
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\nAAAAAAAAAA');
        sendRest = () => socket.write('BBBBBBBBBB');
      },
      {},
      async (pod, pool) => {
        const events: string[] = [];
        let firstData: () => void = () => undefined;
        const gotFirst = new Promise<void>((resolve) => (firstData = resolve));
        let finished: () => void = () => undefined;
        const ended = new Promise<void>((resolve) => (finished = resolve));
        const request: ExchangeRequest = {
          host: '127.0.0.1',
          port: pod.port,
          method: 'GET',
          url: '/',
          headers: { host: 'pod' },
          body: undefined,
        };
        const exchanged = exchangeOverSocket(pool, request, requestHead('GET', '/', request.headers, undefined)!, {
          failed: (error) => events.push(`failed ${error.code}`),
          head: () => undefined,
          data: (chunk) => {
            events.push(`data ${chunk.toString()}`);
            firstData();
            return false;
          },
          end: (last) => {
            events.push(`end ${last?.toString() ?? ''}`);
            finished();
          },
          broken: () => events.push('broken'),
        });
        await gotFirst;
        sendRest();
        // A full round trip on another connection to the same pod: the rest has reached us by then.
        const ping: ExchangeRequest = { ...request, url: '/ping' };
        const pingPool = new ConnectionPool();
        await new Promise<void>((resolve) =>
          exchangeOverSocket(pingPool, ping, requestHead('GET', '/ping', ping.headers, undefined)!, {
            failed: () => resolve(),
            head: () => undefined,
            data: () => true,
            end: () => resolve(),
            broken: () => resolve(),
          }),
        );
        pingPool.close();
        assert.deepEqual(events, ['data AAAAAAAAAA']);
        exchanged.resume();
        await ended;
        assert.deepEqual(events, ['data AAAAAAAAAA', 'end BBBBBBBBBB']);
      },
    );
  });

  it('reports a malformed answer as a failure, not a retryable reset', async () => {
    await withPod(
      (_r, socket) => socket.write('NONSENSE\r\n\r\n'),
      {},
      async (pod, pool) => {
        const result = await exchange(pool, pod.port);
        assert.equal(result.kind, 'failed');
        assert.equal(result.code, 'HPE_INVALID_RESPONSE');
      },
    );
  });
});
