import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { PodTemplateSpec } from '../../../../src/api/types/pod.ts';
import { LocalWorkloads } from '../../../../src/runtime/local/workloads/local-workloads.ts';
import { EndpointForwarder } from './endpoint-forwarder.ts';
import { testEnvironment } from './fixtures.ts';
import { eventually, isGroupAlive } from './wait.ts';

/** Clients that send requests one after another through `port` until stopped, counting failures. */
function steadyLoad(port: number, clients: number) {
  const agent = new http.Agent({ keepAlive: true });
  const failures: string[] = [];
  let ok = 0;
  let running = true;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const request = http.get({ host: '127.0.0.1', port, path: '/', agent }, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          if (response.statusCode === 200 && body.includes('"color"')) ok++;
          else failures.push(`${response.statusCode}: ${body.trim()}`);
          resolve();
        });
      });
      request.on('error', (error) => {
        failures.push(error.message);
        resolve();
      });
    });
  const loops = Array.from({ length: clients }, async () => {
    while (running) await one();
  });
  return {
    get ok() {
      return ok;
    },
    failures,
    async stop() {
      running = false;
      await Promise.all(loops);
      agent.destroy();
    },
  };
}

test('under steady load, scaling down and deleting pods loses no request: pods leave the endpoints and drain first', {
  timeout: 60_000,
}, async (t) => {
  const environment = testEnvironment({ drainTimeoutMs: 5_000 });
  const workloads = new LocalWorkloads('default', environment);
  const forwarder = new EndpointForwarder(environment.endpoints, { app: 'colorapi' });
  t.after(async () => {
    await workloads.shutdown();
    await forwarder.close();
  });
  const template: PodTemplateSpec = {
    metadata: { labels: { app: 'colorapi' } },
    spec: {
      containers: [
        {
          name: 'colorapi',
          image: 'sluice/colorapi:1.0',
          args: ['--version', '1.0', '--latency-ms', '40'],
          ports: [{ name: 'http', containerPort: 5000 }],
          readinessProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 0.05 },
        },
      ],
    },
  };
  await workloads.createReplicaSet({
    name: 'colorapi-a',
    podTemplateHash: 'a',
    revision: 1,
    replicas: 3,
    template,
    annotations: {},
  });
  await eventually('three ready pods', async () => (await workloads.observe())[0]?.readyReplicas === 3);
  const port = await forwarder.listen();
  const load = steadyLoad(port, 8);
  await eventually(
    'traffic on every pod',
    () => forwarder.served.size === 3 && [...forwarder.served.values()].every((n) => n >= 5),
  );

  const replicaSet = workloads.replicaSet('colorapi-a');
  const before = replicaSet?.podStatuses() ?? [];
  await workloads.scaleReplicaSet('colorapi-a', 2);
  const stopped = before.find(
    (status) => !replicaSet?.podStatuses().some((s) => s.name === status.name && !s.terminating),
  );
  assert.ok(stopped, 'no pod was chosen to stop');
  assert.ok(!forwarder.targets().includes(stopped.name), 'the stopping pod is still an endpoint');
  await replicaSet?.stopped();
  const stoppedPid = stopped.containers[0]?.pid ?? 0;
  assert.equal(isGroupAlive(stoppedPid), false);

  const victim = (await workloads.observe())[0]?.pods?.[0]?.name ?? '';
  await workloads.deletePod('colorapi-a', victim);
  await replicaSet?.stopped();
  await eventually(
    'the replacement ready and serving',
    async () => (await workloads.observe())[0]?.readyReplicas === 2 && forwarder.targets().length === 2,
  );
  const servedAfter = load.ok;
  await eventually('more traffic after the changes', () => load.ok > servedAfter + 20);
  await load.stop();

  assert.deepEqual(load.failures, []);
  assert.ok((forwarder.served.get(stopped.name) ?? 0) > 0);
  assert.ok(load.ok > 50, `only ${load.ok} requests succeeded`);
});

test('a stopping pod waits for its in-flight requests before SIGTERM', { timeout: 60_000 }, async (t) => {
  const environment = testEnvironment({ drainTimeoutMs: 5_000 });
  const workloads = new LocalWorkloads('default', environment);
  const forwarder = new EndpointForwarder(environment.endpoints, { app: 'slow' });
  t.after(async () => {
    await workloads.shutdown();
    await forwarder.close();
  });
  // Answers take 600ms; the process exits at once on SIGTERM, so only the drain can save the request.
  const script = `require('node:http').createServer((q, s) => setTimeout(() => s.end('{"color":"slow"}'), 600)).listen(Number(process.env.PORT), '127.0.0.1'); process.on('SIGTERM', () => process.exit(0))`;
  const readinessProbe = { tcpSocket: { port: 8080 }, periodSeconds: 0.05 };
  const template: PodTemplateSpec = {
    metadata: { labels: { app: 'slow' } },
    spec: { containers: [{ name: 'slow', command: [process.execPath, '-e', script], readinessProbe }] },
  };
  await workloads.createReplicaSet({
    name: 'slow-a',
    podTemplateHash: 'a',
    revision: 1,
    replicas: 1,
    template,
    annotations: {},
  });
  await eventually(
    'a ready pod',
    async () => (await workloads.observe())[0]?.readyReplicas === 1 && forwarder.targets().length === 1,
  );
  const port = await forwarder.listen();
  const answer = fetch(`http://127.0.0.1:${port}/`).then((r) => r.text());
  const pod = forwarder.targets()[0] ?? '';
  await eventually('the request in flight', () => forwarder.inFlight(pod) === 1);
  const startedStop = Date.now();
  await workloads.scaleReplicaSet('slow-a', 0);
  assert.deepEqual(forwarder.targets(), []);
  assert.equal(await answer, '{"color":"slow"}');
  await workloads.replicaSet('slow-a')?.stopped();
  // It stopped as soon as the request was answered, well before the 5s drain timeout.
  assert.ok(Date.now() - startedStop < 4_000);
});
