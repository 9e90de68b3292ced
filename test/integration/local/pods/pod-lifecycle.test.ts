import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EndpointEvent } from '../../../../src/runtime/local/services/endpoint-source.ts';
import { eventually, isAlive, isGroupAlive } from './wait.ts';
import { HTTP_SERVER, newPod, nodeContainer, testEnvironment } from './fixtures.ts';

test('a catalogued image starts on a free port and becomes ready through its httpGet readiness probe', {
  timeout: 60_000,
}, async (t) => {
  const environment = testEnvironment();
  const events: EndpointEvent[] = [];
  environment.endpoints.subscribe((event) => events.push(event));
  const pod = newPod(
    {
      containers: [
        {
          name: 'colorapi',
          image: 'particule/simplecolorapi:2.0',
          ports: [{ name: 'web', containerPort: 5000 }],
          readinessProbe: { httpGet: { path: '/health', port: 'web' }, periodSeconds: 0.05 },
        },
      ],
    },
    environment,
  );
  t.after(() => pod.stop());
  await pod.start();
  const port = pod.status().containers[0]?.ports[0];
  assert.equal(port?.containerPort, 5000);
  assert.notEqual(port?.port, 5000);
  await eventually('the pod to be ready', () => pod.ready);
  const answer = await fetch(`http://127.0.0.1:${port?.port}/`).then((r) => r.json());
  assert.deepEqual(answer, { color: 'blue', status: 'ok' });
  assert.deepEqual(
    events.map((e) => e.kind),
    ['added', 'ready'],
  );
  assert.equal(events[1]?.endpoint.ports[0]?.port, port?.port);
  assert.equal(pod.status().phase, 'Running');
  assert.equal(pod.status().containers[0]?.state.kind, 'Running');
});

test('a pod without a readiness probe is ready once its process runs; env carries PORT and the pod name', {
  timeout: 60_000,
}, async (t) => {
  const environment = testEnvironment();
  const script = `require('node:http').createServer((q, s) => s.end(JSON.stringify({ port: process.env.PORT, name: process.env.SLUICE_POD_NAME, ip: process.env.SLUICE_POD_IP, mapped: process.env.SLUICE_PORT_8080, greeting: process.env.GREETING }))).listen(Number(process.env.PORT), '127.0.0.1')`;
  const pod = newPod(
    {
      containers: [
        nodeContainer('main', script, {
          ports: [{ containerPort: 8080 }],
          env: [
            { name: 'WHO', value: 'world' },
            { name: 'GREETING', value: 'hello $(WHO) on $(PORT)' },
          ],
        }),
      ],
    },
    environment,
  );
  t.after(() => pod.stop());
  await pod.start();
  await eventually('the pod to be ready', () => pod.ready);
  const port = pod.status().containers[0]?.ports[0]?.port;
  const body = await eventually('the server to answer', () =>
    fetch(`http://127.0.0.1:${port}/`).then(
      (r) => r.json(),
      () => undefined,
    ),
  );
  assert.deepEqual(body, {
    port: String(port),
    name: pod.name,
    ip: '127.0.0.1',
    mapped: String(port),
    greeting: `hello world on ${port}`,
  });
});

test('an image that is not in the catalogue waits with ImageNotInCatalogue and a message saying what to do', {
  timeout: 60_000,
}, async (t) => {
  const environment = testEnvironment();
  const pod = newPod({ containers: [{ name: 'app', image: 'example.com/unknown/app:7' }] }, environment);
  t.after(() => pod.stop());
  await pod.start();
  const status = pod.status();
  const state = status.containers[0]?.state;
  assert.equal(state?.kind, 'Waiting');
  assert.equal(state?.kind === 'Waiting' && state.reason, 'ImageNotInCatalogue');
  assert.match(
    state?.kind === 'Waiting' ? (state.message ?? '') : '',
    /--images FILE[\s\S]*"example.com\/unknown\/app:7":\n  command:/,
  );
  assert.equal(status.phase, 'Pending');
  assert.equal(pod.ready, false);
});

test('stopping a pod sends SIGTERM to its whole process group and leaves no process behind', {
  timeout: 60_000,
}, async () => {
  const environment = testEnvironment();
  // The container starts a grandchild that would outlive a plain kill of the main process.
  const script = `require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); ${HTTP_SERVER}`;
  const pod = newPod({ containers: [nodeContainer('main', script)] }, environment);
  await pod.start();
  await eventually('the pod to be ready', () => pod.ready);
  const pid = pod.status().containers[0]?.pid ?? 0;
  assert.ok(pid > 0);
  await pod.stop();
  // The group is SIGKILLed when its leader exits; a killed member may stay a zombie until init reaps
  // it, which under load can outlast stop()'s one-second wait for the group.
  await eventually('the process group gone', () => !isGroupAlive(pid));
  const state = pod.status().containers[0]?.state;
  assert.equal(state?.kind, 'Terminated');
  assert.equal(pod.status().terminating, true);
});

test('when the main process exits, what it started is killed with it and the exit is seen', {
  timeout: 60_000,
}, async (t) => {
  const environment = testEnvironment();
  // The grandchild shares stdout and stderr, which would keep the pipes open after the main process exits.
  const script = `const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'inherit' }); console.log('grandchild', c.pid); setTimeout(() => process.exit(4), 100)`;
  const pids: number[] = [];
  environment.onOutput = ({ text }) => {
    const match = /grandchild (\d+)/.exec(text);
    if (match) pids.push(Number(match[1]));
  };
  const pod = newPod({ restartPolicy: 'Never', containers: [nodeContainer('main', script)] }, environment);
  t.after(() => pod.stop());
  await pod.start();
  const state = await eventually('the exit', () => {
    const current = pod.status().containers[0]?.state;
    return current?.kind === 'Terminated' ? current : undefined;
  });
  assert.equal(state.exitCode, 4);
  assert.equal(pod.status().phase, 'Failed');
  await eventually('the grandchild gone', () => pids.length === 1 && !isAlive(pids[0] ?? 0));
});
