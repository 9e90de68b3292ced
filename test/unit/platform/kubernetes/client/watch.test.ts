import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { KubeClient } from '../../../../../src/platform/kubernetes/client/client.ts';
import { ForbiddenError } from '../../../../../src/platform/kubernetes/client/errors.ts';
import { coreResources, custom } from '../../../../../src/platform/kubernetes/client/resources.ts';

// An API server on loopback that refuses every request with the Status a 403 carries.
describe('a refused watch', () => {
  let server: Server;
  let client: KubeClient;
  const paths: string[] = [];
  before(async () => {
    server = createServer((request, response) => {
      paths.push(request.url ?? '');
      response.writeHead(403, { 'Content-Type': 'application/json' });
      response.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'Forbidden',
          code: 403,
          message: 'rollouts.argoproj.io is forbidden: User "dev" cannot watch resource "rollouts"',
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new KubeClient({
      server: `http://127.0.0.1:${port}`,
      tls: { insecureSkipTlsVerify: false },
      credentials: { authorization: () => undefined },
      namespace: 'default',
      description: 'a loopback server',
    });
  });
  after(async () => {
    client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('names the group of the resource, as every other refused request does', async () => {
    const rollouts = custom('Rollout', 'argoproj.io', 'v1alpha1', 'rollouts');
    const error = await client
      .watch(rollouts, { namespace: 'shop' }, () => {})
      .then(
        () => assert.fail('the watch opened'),
        (caught: unknown) => caught,
      );
    assert.ok(error instanceof ForbiddenError, String(error));
    assert.deepEqual(error.target, { verb: 'watch', resource: 'rollouts', group: 'argoproj.io', namespace: 'shop' });
    assert.match(paths.at(-1) ?? '', /^\/apis\/argoproj\.io\/v1alpha1\/namespaces\/shop\/rollouts\?watch=1/);
  });

  it('says "" for the core group, which a get of the same resource says too', async () => {
    const watchError = await client.watch(coreResources.pods, {}, () => {}).catch((caught: unknown) => caught);
    const getError = await client.list(coreResources.pods, {}).catch((caught: unknown) => caught);
    assert.ok(watchError instanceof ForbiddenError && getError instanceof ForbiddenError);
    assert.equal(watchError.target?.group, '');
    assert.equal(watchError.target?.group, getError.target?.group);
  });
});
