import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AlreadyExistsError,
  BadRequestError,
  ConflictError,
  errorFromResponse,
  errorFromStatus,
  ForbiddenError,
  GoneError,
  InvalidError,
  isTransient,
  KubeApiError,
  KubeConnectionError,
  NotFoundError,
  ServerError,
  ServerTimeoutError,
  TooManyRequestsError,
  UnauthorizedError,
} from '../../../../../src/platform/kubernetes/client/errors.ts';

function status(code: number, reason: string, message = `${reason} happened`): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });
}

describe('errorFromResponse', () => {
  const cases: [number, string, new (...args: never[]) => Error][] = [
    [400, 'BadRequest', BadRequestError],
    [401, 'Unauthorized', UnauthorizedError],
    [403, 'Forbidden', ForbiddenError],
    [404, 'NotFound', NotFoundError],
    [409, 'Conflict', ConflictError],
    [409, 'AlreadyExists', AlreadyExistsError],
    [410, 'Expired', GoneError],
    [410, 'Gone', GoneError],
    [422, 'Invalid', InvalidError],
    [429, 'TooManyRequests', TooManyRequestsError],
    [500, 'InternalError', ServerError],
    [503, 'ServiceUnavailable', ServerError],
    [504, 'Timeout', ServerTimeoutError],
    [500, 'ServerTimeout', ServerTimeoutError],
    [418, 'Teapot', KubeApiError],
  ];
  for (const [code, reason, Type] of cases) {
    it(`${code} ${reason} is a ${Type.name}`, () => {
      const error = errorFromResponse(code, status(code, reason), {
        verb: 'get',
        resource: 'rollouts',
        namespace: 'ns',
        name: 'r',
      });
      assert.equal(error.constructor, Type);
      assert.ok(error instanceof KubeApiError);
      assert.equal(error.statusCode, code);
      assert.equal(error.reason, reason);
      assert.equal(error.message, `${reason} happened`);
      assert.deepEqual(error.target, { verb: 'get', resource: 'rollouts', namespace: 'ns', name: 'r' });
    });
  }

  it('keeps the API server message of a Forbidden error', () => {
    const message =
      'rollouts.argoproj.io "web" is forbidden: User "system:serviceaccount:demo:viewer" cannot patch resource "rollouts"';
    const error = errorFromResponse(403, status(403, 'Forbidden', message));
    assert.ok(error instanceof ForbiddenError);
    assert.equal(error.message, message);
  });

  it('explains an answer that is not a Status (a proxy spoke)', () => {
    const error = errorFromResponse(502, '<html>Bad Gateway</html>', {
      verb: 'list',
      resource: 'pods',
      namespace: 'demo',
    });
    assert.ok(error instanceof ServerError);
    assert.equal(error.message, 'list pods in namespace demo failed with HTTP 502: <html>Bad Gateway</html>');
  });

  it('takes the retry delay from the header, else from details.retryAfterSeconds', () => {
    const body = JSON.stringify({
      kind: 'Status',
      code: 429,
      reason: 'TooManyRequests',
      details: { retryAfterSeconds: 2 },
    });
    assert.equal(errorFromResponse(429, body).retryAfterMs, 2000);
    assert.equal(errorFromResponse(429, body, undefined, 500).retryAfterMs, 500);
    assert.equal(errorFromResponse(500, status(500, 'InternalError')).retryAfterMs, undefined);
  });

  it('uses the Status code when a watch ERROR event has no HTTP code', () => {
    const error = errorFromStatus(0, {
      kind: 'Status',
      code: 410,
      reason: 'Expired',
      message: 'too old resource version: 1 (500)',
    });
    assert.ok(error instanceof GoneError);
    assert.equal(error.statusCode, 410);
  });
});

describe('isTransient', () => {
  it('is true for connection failures, 429 and 5xx only', () => {
    assert.equal(isTransient(new KubeConnectionError('reset', { code: 'ECONNRESET' })), true);
    assert.equal(isTransient(errorFromResponse(429, status(429, 'TooManyRequests'))), true);
    assert.equal(isTransient(errorFromResponse(503, status(503, 'ServiceUnavailable'))), true);
    assert.equal(isTransient(errorFromResponse(504, status(504, 'Timeout'))), true);
    assert.equal(isTransient(errorFromResponse(409, status(409, 'Conflict'))), false);
    assert.equal(isTransient(errorFromResponse(404, status(404, 'NotFound'))), false);
    assert.equal(isTransient(new Error('other')), false);
  });
});
