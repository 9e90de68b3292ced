import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConflictError,
  KubeConnectionError,
  ServerError,
  TooManyRequestsError,
} from '../../../../../src/platform/kubernetes/client/errors.ts';
import { RequestCounter } from '../../../../../src/platform/kubernetes/client/request-metrics.ts';
import {
  RequestRunner,
  type ApiCall,
  type RetryMode,
} from '../../../../../src/platform/kubernetes/client/request-runner.ts';
import type { HttpRequest, HttpResponse } from '../../../../../src/platform/kubernetes/client/transport.ts';
import { FakeTimers } from '../../../runtime/kubernetes/support/fake-timers.ts';

type Answer = { status: number; body?: string; headers?: Record<string, string> } | { connectionError: string };

function scriptedTransport(answers: Answer[]) {
  const sent: HttpRequest[] = [];
  return {
    sent,
    request: async (request: HttpRequest): Promise<HttpResponse> => {
      sent.push(request);
      const answer = answers.shift() ?? { status: 200, body: '{}' };
      if ('connectionError' in answer) throw new KubeConnectionError('no', { code: answer.connectionError });
      return { statusCode: answer.status, headers: answer.headers ?? {}, body: answer.body ?? '' };
    },
  };
}

const status = (code: number, reason: string) =>
  JSON.stringify({ kind: 'Status', code, reason, message: `${reason}!` });

function call(method: HttpRequest['method'], retry: RetryMode, name?: string): ApiCall {
  return {
    target: { verb: 'x', resource: 'rollouts', namespace: 'demo', ...(name ? { name } : {}) },
    request: { method, path: '/p' },
    retry,
  };
}

/** Runs the call, firing back-off timers until it settles. */
async function drive<T>(timers: FakeTimers, promise: Promise<T>): Promise<T> {
  let settled = false;
  const tracked = promise.finally(() => (settled = true));
  tracked.catch(() => {});
  while (!settled && (await timers.fireNext())) {
    // keep firing
  }
  return tracked;
}

function runner(answers: Answer[], counter = new RequestCounter()) {
  const timers = new FakeTimers();
  const transport = scriptedTransport(answers);
  const instance = new RequestRunner({ transport, timers, random: () => 0, observe: counter.observe });
  return { instance, transport, timers, counter };
}

describe('RequestRunner retries', () => {
  it('retries a read after 500s and connection resets, with growing back-off, then succeeds', async () => {
    const { instance, transport, timers } = runner([
      { status: 500, body: status(500, 'InternalError') },
      { connectionError: 'ECONNRESET' },
      { status: 503, body: 'unavailable' },
      { status: 200, body: '{"ok":true}' },
    ]);
    const response = await drive(timers, instance.run(call('GET', 'idempotent', 'r')));
    assert.equal(response.body, '{"ok":true}');
    assert.equal(transport.sent.length, 4);
    assert.deepEqual(timers.requested, [100, 200, 400]);
  });

  it('gives up after maxRetries with the last typed error', async () => {
    const { instance, transport, timers } = runner(
      Array.from({ length: 10 }, () => ({ status: 500, body: status(500, 'InternalError') })),
    );
    await assert.rejects(drive(timers, instance.run(call('GET', 'idempotent'))), ServerError);
    assert.equal(transport.sent.length, 6);
  });

  it('does not retry a create after a 500 (it may have happened), but does after 429 and a refused connection', async () => {
    const failing = runner([{ status: 500, body: status(500, 'InternalError') }]);
    await assert.rejects(drive(failing.timers, failing.instance.run(call('POST', 'unprocessed-only'))), ServerError);
    assert.equal(failing.transport.sent.length, 1);

    const throttled = runner([
      { status: 429, body: status(429, 'TooManyRequests'), headers: { 'retry-after': '2' } },
      { connectionError: 'ECONNREFUSED' },
      { status: 201, body: '{}' },
    ]);
    const response = await drive(throttled.timers, throttled.instance.run(call('POST', 'unprocessed-only')));
    assert.equal(response.statusCode, 201);
    assert.deepEqual(throttled.timers.requested, [2000, 200], 'Retry-After honoured, then back-off');
  });

  it('does not retry a create after a reset connection', async () => {
    const { instance, transport, timers } = runner([{ connectionError: 'ECONNRESET' }]);
    await assert.rejects(drive(timers, instance.run(call('POST', 'unprocessed-only'))), KubeConnectionError);
    assert.equal(transport.sent.length, 1);
  });

  it('never retries a call marked "none" (an eviction refused by a disruption budget)', async () => {
    const { instance, transport, timers } = runner([{ status: 429, body: status(429, 'TooManyRequests') }]);
    await assert.rejects(drive(timers, instance.run(call('POST', 'none'))), TooManyRequestsError);
    assert.equal(transport.sent.length, 1);
  });

  it('surfaces 409 Conflict at once, as a ConflictError', async () => {
    const { instance, transport, timers } = runner([{ status: 409, body: status(409, 'Conflict') }]);
    await assert.rejects(drive(timers, instance.run(call('PUT', 'idempotent', 'r'))), (error: unknown) => {
      assert.ok(error instanceof ConflictError);
      assert.equal(error.message, 'Conflict!');
      assert.deepEqual(error.target, { verb: 'x', resource: 'rollouts', namespace: 'demo', name: 'r' });
      return true;
    });
    assert.equal(transport.sent.length, 1);
  });

  it('caps a long Retry-After', async () => {
    const { instance, timers } = runner([
      { status: 429, body: '', headers: { 'retry-after': '3600' } },
      { status: 200, body: '{}' },
    ]);
    await drive(timers, instance.run(call('GET', 'idempotent')));
    assert.deepEqual(timers.requested, [60_000]);
  });
});

describe('RequestRunner metrics', () => {
  it('records every attempt with verb, kind, namespace, name and status code (0 without an answer)', async () => {
    const { instance, timers, counter } = runner([
      { status: 500, body: '' },
      { connectionError: 'ECONNRESET' },
      { status: 200, body: '{}' },
      { status: 404, body: status(404, 'NotFound') },
    ]);
    await drive(timers, instance.run(call('GET', 'idempotent', 'web')));
    await assert.rejects(drive(timers, instance.run(call('GET', 'idempotent'))));
    await drive(timers, instance.run(call('PATCH', 'idempotent', 'web'))).catch(() => {});
    assert.equal(counter.total({ verb: 'Get', kind: 'rollouts', namespace: 'demo', name: 'web' }), 3);
    assert.equal(counter.total({ verb: 'Get', statusCode: 500 }), 1);
    assert.equal(counter.total({ verb: 'Get', statusCode: 0 }), 1);
    assert.equal(counter.total({ verb: 'Get', statusCode: 200 }), 1);
    assert.equal(counter.total({ verb: 'List', statusCode: 404, name: '' }), 1);
    assert.equal(counter.total({ verb: 'Patch', statusCode: 200 }), 1);
    assert.equal(counter.total(), 5);
  });
});
