// Which status, reason and sentence each error of a target becomes; never a stack trace.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiFailure, failureOf } from '../../../src/dashboard/server/api-failure.ts';
import { CliError } from '../../../src/cli/shared/errors.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
} from '../../../src/platform/kubernetes/client/errors.ts';
import { NoRuntimeError } from '../../../src/runtime/local/api/client.ts';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeClient } from '../../../src/platform/kubernetes/client/client.ts';
import { noCredentials } from '../../../src/platform/kubernetes/client/connection.ts';
import { coreResources, custom } from '../../../src/platform/kubernetes/client/resources.ts';

const context = { username: 'alice', target: 'the cluster of context kind-dev' };
const brief = (error: unknown) => {
  const failure = failureOf(error, context);
  return [failure.status, failure.reason];
};

test("the API server's 403 names the user, verb, resource, namespace and RBAC, with the API server's words", () => {
  const error = new ForbiddenError(
    403,
    {
      message: 'rollouts.argoproj.io "shop" is forbidden: User "alice" cannot patch resource "rollouts"',
      reason: 'Forbidden',
    },
    { verb: 'patch', resource: 'rollouts', namespace: 'shop', name: 'shop' },
  );
  const failure = failureOf(error, context);
  assert.equal(failure.status, 403);
  assert.equal(failure.reason, 'Forbidden');
  assert.equal(
    failure.message,
    'user alice may not patch rollouts in namespace shop: Kubernetes RBAC refused it (rollouts.argoproj.io "shop" is forbidden: User "alice" cannot patch resource "rollouts"); ask a cluster administrator for RBAC that grants it: a Role in namespace shop allowing patch on rollouts, bound to alice',
  );
});

test('a list of every namespace refused is said to be cluster-wide', () => {
  const error = new ForbiddenError(403, { message: 'no' }, { verb: 'list', resource: 'rollouts' });
  assert.match(
    failureOf(error, context).message,
    /^user alice may not list rollouts in every namespace \(cluster-wide\): .*: a ClusterRole allowing list on rollouts, bound to alice$/,
  );
});

test('each kind of error gets its status', () => {
  assert.deepEqual(brief(new NotFoundError(404, { message: 'not there' })), [404, 'NotFound']);
  assert.deepEqual(brief(new ConflictError(409, { message: 'changed' })), [409, 'Conflict']);
  assert.deepEqual(brief(new UnauthorizedError(401, { message: 'expired' })), [503, 'Unavailable']);
  assert.deepEqual(brief(new NoRuntimeError('no local sluice runtime is running')), [503, 'Unavailable']);
  assert.deepEqual(brief(new CliError('rollout x not found in namespace y')), [404, 'NotFound']);
  assert.deepEqual(brief(new CliError('lost the local runtime at http://x (boom); is sluice run still running?')), [
    503,
    'Unavailable',
  ]);
  assert.deepEqual(brief(new CliError('rollout x is not paused')), [409, 'Conflict']);
  assert.deepEqual(brief(new ApiFailure(422, 'Invalid', 'bad')), [422, 'Invalid']);
  const connection = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { name: 'KubeConnectionError' });
  const unreachable = failureOf(connection, context);
  assert.deepEqual([unreachable.status, unreachable.reason], [503, 'Unavailable']);
  assert.match(unreachable.message, /^cannot reach the cluster of context kind-dev: connect ECONNREFUSED/);
  const fetchFailed = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:4000') });
  assert.match(failureOf(fetchFailed, context).message, /ECONNREFUSED.*is sluice run still running\?$/);
});

test('an unexpected error is a 500 with its message and no stack', () => {
  const failure = failureOf(new RangeError('boom'), context);
  assert.deepEqual([failure.status, failure.reason, failure.message], [500, 'Internal', 'unexpected failure: boom']);
  assert.deepEqual(failure.body(), { error: { status: 500, reason: 'Internal', message: 'unexpected failure: boom' } });
});

test("the API server's 403 on a subresource of a group names both, as the other refusals do (a client over loopback)", async () => {
  // An API server that refuses everything, as RBAC would, with its own Status.
  const server = http.createServer((request, response) => {
    request.resume();
    response.writeHead(403, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'Forbidden',
        code: 403,
        message: 'no',
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const client = new KubeClient({
      server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      tls: { insecureSkipTlsVerify: false },
      credentials: noCredentials,
      namespace: 'shop',
      description: 'a test server',
    });
    const rollouts = custom('Rollout', 'argoproj.io', 'v1alpha1', 'rollouts');
    const refusal = async (call: Promise<unknown>) => {
      const error = await call.then(
        () => assert.fail('the server refuses everything'),
        (e: unknown) => e,
      );
      return failureOf(error, context).message;
    };
    assert.equal(
      await refusal(client.patchStatus(rollouts, 'shop', 'web', { status: { abort: true } })),
      'user alice may not patch rollouts/status (argoproj.io) in namespace shop: Kubernetes RBAC refused it (no); ask a cluster administrator for RBAC that grants it: a Role in namespace shop allowing patch on rollouts/status (argoproj.io), bound to alice',
    );
    assert.match(
      await refusal(client.get(coreResources.pods, 'shop', 'web-1')),
      /^user alice may not get pods in namespace shop: .*: a Role in namespace shop allowing get on pods, bound to alice$/,
      'a core resource has no group to name',
    );
  } finally {
    server.close();
  }
});
