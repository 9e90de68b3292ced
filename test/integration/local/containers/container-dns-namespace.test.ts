// A real container (podman, docker) of namespace `shop` calling `http://web/` through `sluice run`:
// its proxy URL names its pod, so the mesh resolves the short name in `shop`, as the container's
// DNS search path would in a cluster, and never reaches the Service `web` of `default`; `web.default` does.
// In CI a missing engine (or docker's daemon) fails the suite.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { engineAvailability, TEST_ENGINES, testImage } from '../../../images/test-images.ts';
import { waitFor } from '../../../support/ports.ts';
import { servedService, servedWorkload } from '../../../support/served-workloads.ts';
import { send } from '../services/pod-servers.ts';
import { startSluice, temporaryDir, type RunningSluice } from '../runtime/sluice-run.ts';

/** A Rollout of a process pod answering `text`, and its Service `web`. */
function web(namespace: string, text: string): string {
  const rollout = servedWorkload({ kind: 'Rollout', name: 'web', namespace, reply: `'${text}'`, readiness: 'tcp' });
  return `${rollout}---\n${servedService('web', { namespace })}`;
}

function caller(image: string): string {
  const rollout = servedWorkload({ kind: 'Rollout', name: 'caller', namespace: 'shop', image });
  return `${rollout}---\n${servedService('caller', { namespace: 'shop' })}`;
}

for (const engine of TEST_ENGINES) {
  describe(`a ${engine} container's short Service names resolve in its pod's namespace`, {
    skip: engineAvailability(engine),
    timeout: 180_000,
  }, () => {
    let sluice: RunningSluice;

    before(async () => {
      const image = await testImage('webapp', engine);
      const dir = temporaryDir('container-dns-namespace');
      writeFileSync(
        path.join(dir, 'app.yaml'),
        [web('shop', 'web of shop'), web('default', 'web of default'), caller(image)].join('---\n'),
      );
      sluice = await startSluice([dir], { extraArgs: ['--container-engine', engine] });
    });
    after(async () => {
      await sluice?.stop();
    });

    it('http://web/ is the web of shop; web.default is the one of default', async () => {
      const gateway = Number(new URL(sluice.gatewayUrl).port);
      const call = async (url: string) =>
        (await send(gateway, { host: 'caller.shop', path: `/call?url=${encodeURIComponent(url)}` })).body;
      const first = await waitFor(
        'the caller to answer',
        async () => {
          const body = await call('http://web/');
          return body.startsWith('200 ') ? body : undefined;
        },
        90_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${sluice.output().slice(-3000)}`);
      });
      assert.equal(first, '200 web of shop');
      assert.equal(await call('http://web.default/'), '200 web of default');
      assert.equal(await call('http://web.shop.svc.cluster.local/'), '200 web of shop');
    });
  });
}
