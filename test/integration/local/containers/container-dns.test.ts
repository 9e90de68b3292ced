// A real container of each engine calling a Service by its cluster DNS names: through `sluice run`,
// the container (the FROM scratch test image, whose Go client reads $HTTP_PROXY) gets the mesh
// gateway as its HTTP proxy (through the runtime's relay on the engine's bridge; rootless podman:
// slirp4netns), and `http://web/` and `http://web.default.svc.cluster.local/` reach the
// Service `web` (a process pod) through the mesh. In CI a missing engine fails the suite.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { engineAvailability, TEST_ENGINES, testImage } from '../../../images/test-images.ts';
import { waitFor } from '../../../support/ports.ts';
import { servedService, servedWorkload } from '../../../support/served-workloads.ts';
import { send } from '../services/pod-servers.ts';
import { startSluice, temporaryDir, type RunningSluice } from '../runtime/sluice-run.ts';

function manifests(image: string): string {
  return [
    servedWorkload({ kind: 'Deployment', name: 'web', reply: "'from-web'", readiness: 'tcp' }),
    servedService('web'),
    servedWorkload({ kind: 'Deployment', name: 'caller', image }),
    servedService('caller'),
  ].join('---\n');
}

for (const engine of TEST_ENGINES) {
  describe(`a ${engine} container calling a Service by its cluster DNS name`, {
    skip: engineAvailability(engine),
    timeout: 180_000,
  }, () => {
    let sluice: RunningSluice;
    let dir: string;

    before(async () => {
      const image = await testImage('webapp', engine);
      dir = temporaryDir('container-dns');
      writeFileSync(path.join(dir, 'app.yaml'), manifests(image));
      sluice = await startSluice([dir], { extraArgs: ['--container-engine', engine] });
    });
    after(async () => {
      await sluice?.stop();
    });

    it('reaches the Service through the mesh as its HTTP proxy', async () => {
      const gateway = Number(new URL(sluice.gatewayUrl).port);
      const call = async (url: string) =>
        (await send(gateway, { host: 'caller', path: `/call?url=${encodeURIComponent(url)}` })).body;
      await waitFor(
        'the caller to answer',
        async () => ((await call('http://web/')) === '200 from-web' ? true : undefined),
        90_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${sluice.output().slice(-3000)}`);
      });
      assert.equal(await call('http://web.default.svc.cluster.local/'), '200 from-web');
    });

    it('a container adopted after a SIGKILL of sluice run still reaches the Service', async () => {
      const hostOf = async (running: RunningSluice) =>
        (await send(Number(new URL(running.gatewayUrl).port), { host: 'caller', path: '/' })).headers['x-host'];
      const before = await hostOf(sluice);
      assert.ok(before, 'the caller answers with its hostname');
      const exited = once(sluice.child, 'exit');
      sluice.child.kill('SIGKILL');
      await exited;
      sluice = await startSluice([dir], { stateDir: sluice.stateDir, extraArgs: ['--container-engine', engine] });
      const gateway = Number(new URL(sluice.gatewayUrl).port);
      const call = async (url: string) =>
        (await send(gateway, { host: 'caller', path: `/call?url=${encodeURIComponent(url)}` })).body;
      await waitFor('the adopted caller to answer', async () => ((await hostOf(sluice)) ? true : undefined), 90_000);
      // The same container (its proxy variables set when it started), not a new one.
      assert.equal(await hostOf(sluice), before);
      assert.equal(await call('http://web/'), '200 from-web');
    });
  });
}
