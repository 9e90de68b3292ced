// ConfigMaps and Secrets in a real container of each engine (the FROM scratch test image): env from keys
// and envFrom, volumes bound at their mountPath (items, modes, a subPath), a ConfigMap change
// reaching a mounted folder but neither the env nor a subPath file (as in Kubernetes), and a
// container that waits with CreateContainerConfigError until its Secret exists. In CI a missing
// engine (or docker's daemon) fails the suite.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { configObjectOf } from '../../../../src/runtime/local/config/config-data.ts';
import { ConfigObjects } from '../../../../src/runtime/local/config/config-objects.ts';
import { containerImages } from '../../../../src/runtime/local/images/container-engine.ts';
import { engineContainerName } from '../../../../src/runtime/local/pods/container-run.ts';
import type { PodEnvironment } from '../../../../src/runtime/local/pods/pod-environment.ts';
import {
  engineAvailability,
  engineOrThrow,
  runtimeContainers,
  TEST_ENGINES,
  testImage,
} from '../../../images/test-images.ts';
import { newPod, startUntilReady, testEnvironment } from '../pods/fixtures.ts';
import { eventually } from '../pods/wait.ts';

const run = promisify(execFile);

function put(config: ConfigObjects, document: Record<string, unknown>): void {
  const object = configObjectOf({ apiVersion: 'v1', ...document });
  assert.ok(object);
  config.put(object);
}

for (const engine of TEST_ENGINES) {
  describe(`ConfigMaps and Secrets in a ${engine} container`, {
    skip: engineAvailability(engine),
    timeout: 180_000,
  }, () => {
    let image: string;
    let environment: PodEnvironment;
    let config: ConfigObjects;

    before(async () => {
      image = await testImage('webapp', engine);
      config = new ConfigObjects();
      environment = testEnvironment({ containers: containerImages(engine, () => undefined), config });
    });
    after(async () => {
      assert.deepEqual(
        (await runtimeContainers(engine)).filter((name) => name.includes(`-pod-${process.pid}-`)),
        [],
        'no container outlives its pod',
      );
    });

    it('gets env and files of a ConfigMap and a Secret; a change reaches the mounted folder only', async (t) => {
      put(config, {
        kind: 'ConfigMap',
        metadata: { name: 'web' },
        data: { VERSION: 'from-configmap', 'app.conf': 'v1' },
      });
      put(config, { kind: 'Secret', metadata: { name: 'web' }, stringData: { token: 's3cret' } });
      const pod = newPod(
        {
          containers: [
            {
              name: 'web',
              image,
              envFrom: [{ configMapRef: { name: 'web' } }],
              env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'web', key: 'token' } } }],
              ports: [{ containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1 },
              volumeMounts: [
                { name: 'conf', mountPath: '/etc/web' },
                { name: 'conf', mountPath: '/etc/pinned.conf', subPath: 'app.conf' },
                { name: 'token', mountPath: '/run/secrets/web' },
              ],
            },
          ],
          volumes: [
            { name: 'conf', configMap: { name: 'web' } },
            { name: 'token', secret: { secretName: 'web', items: [{ key: 'token', path: 'api/token', mode: 0o440 }] } },
          ],
        },
        environment,
      );
      await startUntilReady(t, pod, 60_000);
      const port = pod.status().containers[0]?.ports[0]?.port;
      const get = async (path: string) => {
        const response = await fetch(`http://127.0.0.1:${port}${path}`);
        return { status: response.status, body: await response.text(), mode: response.headers.get('x-mode') };
      };
      assert.equal((await get('/')).body.split(' ')[0], 'from-configmap');
      assert.equal((await get('/env?name=TOKEN')).body, 's3cret');
      assert.deepEqual(await get('/file?path=/etc/web/app.conf'), { status: 200, body: 'v1', mode: '644' });
      assert.deepEqual(await get('/file?path=/etc/pinned.conf'), { status: 200, body: 'v1', mode: '644' });
      assert.deepEqual(await get('/file?path=/run/secrets/web/api/token'), {
        status: 200,
        body: 's3cret',
        mode: '440',
      });

      put(config, { kind: 'ConfigMap', metadata: { name: 'web' }, data: { VERSION: 'changed', 'app.conf': 'v2' } });
      await eventually('the mounted file to change', async () =>
        (await get('/file?path=/etc/web/app.conf')).body === 'v2' ? true : undefined,
      );
      assert.equal((await get('/file?path=/etc/pinned.conf')).body, 'v1', 'a subPath mount does not follow a change');
      assert.equal(
        (await get('/env?name=VERSION')).body,
        'from-configmap',
        'env does not change in a running container',
      );
    });

    it("keeps Secret values off every process's command line while the container runs", async (t) => {
      const token = `token-${process.pid}-${Math.random().toString(36).slice(2)}`;
      const password = `password-${process.pid}-${Math.random().toString(36).slice(2)}`;
      put(config, { kind: 'Secret', metadata: { name: 'hidden' }, stringData: { token, PASSWORD: password } });
      const pod = newPod(
        {
          containers: [
            {
              name: 'web',
              image,
              envFrom: [{ secretRef: { name: 'hidden' } }],
              env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'hidden', key: 'token' } } }],
              ports: [{ containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1 },
            },
          ],
        },
        environment,
      );
      await startUntilReady(t, pod, 60_000);
      const port = pod.status().containers[0]?.ports[0]?.port;
      const env = async (name: string) => (await fetch(`http://127.0.0.1:${port}/env?name=${name}`)).text();
      assert.equal(await env('TOKEN'), token);
      assert.equal(await env('PASSWORD'), password);
      // Every process of the machine, the engine's `run` among them (it runs as long as the container).
      const leaks: string[] = [];
      for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
        let cmdline: string;
        try {
          cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        } catch {
          continue;
        }
        if (cmdline.includes(token) || cmdline.includes(password))
          leaks.push(`${pid}: ${cmdline.replaceAll('\0', ' ')}`);
      }
      assert.deepEqual(leaks, []);
      assert.ok(
        readdirSync('/proc').some((pid) => {
          try {
            return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(
              engineContainerName('default', pod.name, 'web'),
            );
          } catch {
            return false;
          }
        }),
        `the ${engine} run command was among the processes looked at`,
      );
    });

    it('gives a restarted container the ConfigMap value of its restart, as kubelet does', async (t) => {
      put(config, { kind: 'ConfigMap', metadata: { name: 'restart' }, data: { VERSION: 'before' } });
      const pod = newPod(
        {
          containers: [
            {
              name: 'web',
              image,
              env: [{ name: 'VERSION', valueFrom: { configMapKeyRef: { name: 'restart', key: 'VERSION' } } }],
              ports: [{ containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1 },
            },
          ],
        },
        environment,
      );
      await startUntilReady(t, pod, 60_000);
      const port = pod.status().containers[0]?.ports[0]?.port;
      const version = async () => (await (await fetch(`http://127.0.0.1:${port}/`)).text()).split(' ')[0];
      assert.equal(await version(), 'before');
      put(config, { kind: 'ConfigMap', metadata: { name: 'restart' }, data: { VERSION: 'after' } });
      assert.equal(await version(), 'before', 'a running container keeps its env');
      await run(engineOrThrow(engine), [
        'kill',
        '--signal',
        'KILL',
        engineContainerName(pod.namespace, pod.name, 'web'),
      ]);
      await eventually(
        'the killed container to be restarted and ready',
        () => (pod.status().containers[0]?.restartCount === 1 && pod.ready ? true : undefined),
        60_000,
      );
      assert.equal(await version(), 'after');
      // Its ConfigMap gone, the next restart waits for it as a first start would, and starts once it is back.
      config.delete('ConfigMap', 'default', 'restart');
      await run(engineOrThrow(engine), [
        'kill',
        '--signal',
        'KILL',
        engineContainerName(pod.namespace, pod.name, 'web'),
      ]);
      const waiting = await eventually('the restart to wait for its ConfigMap', () => {
        const state = pod.status().containers[0]?.state;
        return state?.kind === 'Waiting' && state.reason === 'CreateContainerConfigError' ? state : undefined;
      });
      assert.match(waiting.message ?? '', /configmap "restart" not found/);
      put(config, { kind: 'ConfigMap', metadata: { name: 'restart' }, data: { VERSION: 'again' } });
      await eventually('the container to start again', () =>
        pod.status().containers[0]?.restartCount === 2 && pod.ready ? true : undefined,
      );
      assert.equal(await version(), 'again');
    });

    it('waits with CreateContainerConfigError while its Secret is missing, then starts', async (t) => {
      const pod = newPod(
        {
          containers: [
            {
              name: 'web',
              image,
              env: [{ name: 'VERSION', valueFrom: { secretKeyRef: { name: 'later', key: 'version' } } }],
              ports: [{ containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1 },
            },
          ],
        },
        environment,
      );
      t.after(() => pod.stop());
      await pod.start();
      const state = pod.status().containers[0]?.state;
      assert.equal(state?.kind, 'Waiting');
      assert.equal(state?.kind === 'Waiting' ? state.reason : '', 'CreateContainerConfigError');
      assert.match(state?.kind === 'Waiting' ? (state.message ?? '') : '', /secret "later" not found/);
      assert.equal(pod.status().phase, 'Pending');
      put(config, { kind: 'Secret', metadata: { name: 'later' }, stringData: { version: 'late' } });
      await eventually('the pod to be ready', () => (pod.ready ? true : undefined), 60_000);
      const port = pod.status().containers[0]?.ports[0]?.port;
      assert.equal((await (await fetch(`http://127.0.0.1:${port}/`)).text()).split(' ')[0], 'late');
    });
  });
}
