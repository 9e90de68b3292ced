// One local pod whose container is a real container (the FROM scratch test image), with podman and
// with docker: its hostname is the pod's name, its output is the pod's, exec probes run inside it,
// a tcpSocket probe fails while nothing listens on its port in the container, a failing liveness
// probe restarts it, a stop waits the grace period for a program that ignores SIGTERM and then
// removes the container, a container of the same name left behind is replaced, and a command
// replaces the image's entrypoint. In CI a missing engine (or docker's daemon) fails the suite.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { containerImages, findEngine } from '../../../../src/runtime/local/images/container-engine.ts';
import { engineContainerName } from '../../../../src/runtime/local/pods/container-run.ts';
import { POD_IP } from '../../../../src/runtime/local/pods/local-pod.ts';
import { checkProbe } from '../../../../src/runtime/local/pods/probe-check.ts';
import type { PodEnvironment, PodOutput } from '../../../../src/runtime/local/pods/pod-environment.ts';
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

for (const engine of TEST_ENGINES) {
  describe(`a local pod running a ${engine} container`, { skip: engineAvailability(engine), timeout: 120_000 }, () => {
    let image: string;
    let environment: PodEnvironment;
    const lines: string[] = [];
    const output: PodOutput[] = [];

    // A mesh gateway's port, as under `sluice run`: the containers get their network for the proxy.
    const gateway = net.createServer((socket) => socket.end());

    before(async () => {
      image = await testImage('webapp', engine);
      await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
      environment = testEnvironment({
        containers: containerImages(engine, (line) => lines.push(line)),
        onOutput: (o) => output.push(o),
        meshGatewayPort: (gateway.address() as net.AddressInfo).port,
      });
    });
    after(async () => {
      await environment.containers?.close();
      gateway.close();
      assert.deepEqual(
        (await runtimeContainers(engine)).filter((name) => name.includes(`-pod-${process.pid}-`)),
        [],
        'no container outlives its pod',
      );
    });

    it("becomes ready through an exec probe inside the container, serves on its published port, with the pod name as hostname and its output as the pod's", async (t) => {
      const pod = newPod(
        {
          containers: [
            {
              name: 'web',
              image,
              env: [{ name: 'VERSION', value: 'exec' }],
              ports: [{ containerPort: 8080, name: 'http' }],
              readinessProbe: {
                exec: { command: ['/webapp', 'probe', 'http://127.0.0.1:8080/healthz'] },
                periodSeconds: 1,
              },
            },
          ],
        },
        environment,
      );
      await startUntilReady(t, pod, 30_000);
      const port = pod.status().containers[0]?.ports[0]?.port;
      const response = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(response.headers.get('x-version'), 'exec');
      assert.equal(response.headers.get('x-host'), pod.name, 'the hostname is the pod name, as in Kubernetes');
      // The container's output is the pod's, stream by stream.
      const said = (stream: string) =>
        output
          .filter((o) => o.pod === pod.name && o.container === 'web' && o.stream === stream)
          .map((o) => o.text)
          .join('');
      assert.match(said('stdout'), /webapp exec listening on :8080/);
      await pod.stop();
      assert.match(said('stderr'), /webapp: SIGTERM, draining/);
      assert.ok(
        lines.some((line) => line.includes(`image ${image}: runs as a ${engine} container`)),
        lines.join('\n'),
      );
    });

    it('fails a tcpSocket probe of a published port nothing listens on in the running container', async (t) => {
      // The program listens on 8080; 9999 is declared and published, but nothing listens on it.
      // docker's userland proxy accepts a connection on a published port even so.
      const pod = newPod(
        {
          containers: [
            {
              name: 'web',
              image,
              ports: [
                { containerPort: 8080, name: 'http' },
                { containerPort: 9999, name: 'idle' },
              ],
              readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 1 },
            },
          ],
        },
        environment,
      );
      t.after(() => pod.stop());
      await pod.start();
      // Ready: the container runs and both of its ports are published.
      await eventually('the pod to be ready', () => (pod.ready ? true : undefined), 30_000);
      const status = pod.status().containers[0];
      assert.ok(status);
      const found = findEngine(engine);
      assert.ok('engine' in found);
      const target = {
        ports: {
          primary: status.ports[0]?.port ?? 0,
          mapped: status.ports.map((p) => ({ ...p, containerPort: p.containerPort })),
        },
        env: {},
        ip: POD_IP,
        container: { engine: found.engine, name: engineContainerName(pod.namespace, pod.name, 'web') },
      };
      const idle = await checkProbe({ tcpSocket: { port: 'idle' } }, target);
      assert.equal(idle.success, false, 'nothing listens on 9999 in the container');
      assert.deepEqual(await checkProbe({ tcpSocket: { port: 'http' } }, target), { success: true });
    });

    it('restarts the container when its liveness probe fails, with the restart counted', async (t) => {
      // Nothing listens on 8081 in the container: liveness fails at its first check.
      const pod = newPod(
        {
          containers: [
            {
              name: 'web',
              image,
              ports: [{ containerPort: 8080 }],
              livenessProbe: { httpGet: { path: '/nothing-here', port: 8081 }, periodSeconds: 1, failureThreshold: 1 },
            },
          ],
          terminationGracePeriodSeconds: 2,
        },
        environment,
      );
      t.after(() => pod.stop());
      await pod.start();
      const status = await eventually(
        'a restart after the liveness probe failed',
        () => {
          const container = pod.status().containers[0];
          return container && container.restartCount >= 1 ? container : undefined;
        },
        60_000,
      );
      assert.match(status.stderrTail.join('\n'), /failed liveness probe, will be restarted/);
      // Port 8081 is not declared: it was published for the probe.
      assert.ok(
        status.ports.some((p) => p.containerPort === 8081),
        JSON.stringify(status.ports),
      );
    });

    it('stops a program that ignores SIGTERM after the grace period, and removes its container', async () => {
      const pod = newPod(
        {
          containers: [
            {
              name: 'web',
              image,
              env: [{ name: 'IGNORE_TERM', value: '1' }],
              ports: [{ containerPort: 8080 }],
              readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 },
            },
          ],
          terminationGracePeriodSeconds: 2,
        },
        environment,
      );
      await pod.start();
      await eventually('the pod to be ready', () => (pod.ready ? true : undefined), 30_000);
      const started = Date.now();
      await pod.stop();
      const took = Date.now() - started;
      assert.ok(took >= 2000, `stopped after ${took} ms, before the 2 s grace period`);
      assert.ok(took < 15_000, `stopped after ${took} ms`);
      assert.deepEqual(
        (await runtimeContainers(engine)).filter((name) => name.startsWith(`sluice-default-${pod.name}-`)),
        [],
      );
    });

    it('replaces a container of its name left by a runtime that was killed', async (t) => {
      const pod = newPod(
        {
          containers: [
            {
              name: 'web',
              image,
              env: [{ name: 'VERSION', value: 'new' }],
              ports: [{ containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1 },
            },
          ],
        },
        environment,
      );
      const leftover = engineContainerName(pod.namespace, pod.name, 'web');
      await run(engineOrThrow(engine), ['create', '--name', leftover, '--label', 'io.sluice.pod=default/left', image]);
      await startUntilReady(t, pod, 30_000);
      const port = pod.status().containers[0]?.ports[0]?.port;
      assert.equal((await fetch(`http://127.0.0.1:${port}/`)).headers.get('x-version'), 'new');
      // Started at the first try: no failed start, no restart.
      assert.equal(pod.status().containers[0]?.restartCount, 0, JSON.stringify(pod.status().containers[0]));
    });

    it('runs the command instead of the entrypoint, with $(VAR) of the manifest env expanded', async (t) => {
      const pod = newPod(
        {
          containers: [
            {
              name: 'web',
              image,
              command: ['/webapp'],
              env: [
                { name: 'WHERE', value: '9090' },
                { name: 'LISTEN', value: ':$(WHERE)' },
              ],
              ports: [{ containerPort: 9090 }],
              readinessProbe: { httpGet: { path: '/healthz', port: 9090 }, periodSeconds: 1 },
            },
          ],
        },
        environment,
      );
      await startUntilReady(t, pod, 30_000, 'the pod to be ready on 9090');
    });
  });
}
