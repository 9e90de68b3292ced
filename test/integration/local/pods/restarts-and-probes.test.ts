import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configObjectOf } from '../../../../src/runtime/local/config/config-data.ts';
import { ConfigObjects } from '../../../../src/runtime/local/config/config-objects.ts';
import { liveProcessGroups } from '../../../../src/platform/process/process-group.ts';
import { eventually, isGroupAlive } from './wait.ts';
import { HTTP_SERVER, newPod, nodeContainer, testEnvironment } from './fixtures.ts';

test('a process that exits is restarted with back-off; restart count, exit code and stderr tail are in the status', {
  timeout: 60_000,
}, async (t) => {
  const environment = testEnvironment({ backoff: { baseMs: 100, maxMs: 400, resetAfterMs: 60_000 } });
  const script = `console.error('starting up'); console.error('fatal: cannot open database'); process.exit(3)`;
  const pod = newPod({ containers: [nodeContainer('crasher', script)] }, environment);
  t.after(() => pod.stop());
  const startedAt = Date.now();
  await pod.start();
  const status = await eventually('three restarts', () => {
    const container = pod.status().containers[0];
    return container && container.restartCount >= 3 && container.state.kind === 'Waiting' ? container : undefined;
  });
  // Back-off before restarts 1, 2 and 3: 100 + 200 + 400 ms at least.
  assert.ok(Date.now() - startedAt >= 700, `restarted too fast: ${Date.now() - startedAt}ms`);
  assert.equal(status.state.kind === 'Waiting' && status.state.reason, 'CrashLoopBackOff');
  assert.match(
    status.state.kind === 'Waiting' ? (status.state.message ?? '') : '',
    /back-off \d+ms restarting failed container=crasher/,
  );
  const last = status.lastState;
  assert.equal(last?.kind, 'Terminated');
  assert.equal(last?.kind === 'Terminated' && last.exitCode, 3);
  assert.equal(last?.kind === 'Terminated' && last.reason, 'Error');
  assert.match(last?.kind === 'Terminated' ? (last.message ?? '') : '', /fatal: cannot open database/);
  assert.equal(status.stderrTail.at(-1), 'fatal: cannot open database');
  assert.ok(status.stderrTail.length <= 20);
  assert.equal(pod.ready, false);
  assert.equal(pod.status().phase, 'Running');
});

test('a program that does not exist fails with StartError and is retried', { timeout: 60_000 }, async (t) => {
  const environment = testEnvironment();
  const pod = newPod(
    { containers: [{ name: 'missing', command: ['/nonexistent/program-for-sluice-tests'] }] },
    environment,
  );
  t.after(() => pod.stop());
  await pod.start();
  const status = await eventually('a retry', () => {
    const container = pod.status().containers[0];
    return container && container.restartCount >= 1 ? container : undefined;
  });
  assert.equal(status.lastState?.kind === 'Terminated' && status.lastState.reason, 'StartError');
  assert.match(status.stderrTail.join('\n'), /ENOENT/);
});

test('a failing liveness probe restarts the container (after its startup probe passed)', {
  timeout: 60_000,
}, async (t) => {
  const environment = testEnvironment();
  // Healthy for its first three answers, then /healthz fails for good.
  const script = `let n = 0; require('node:http').createServer((q, s) => { s.statusCode = ++n > 3 ? 500 : 200; s.end(); }).listen(Number(process.env.PORT), '127.0.0.1')`;
  const pod = newPod(
    {
      containers: [
        nodeContainer('main', script, {
          // The startup probe holds the liveness probe back until the server listens.
          startupProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 0.05, failureThreshold: 200 },
          livenessProbe: {
            httpGet: { path: '/healthz', port: 8080 },
            periodSeconds: 0.05,
            failureThreshold: 2,
            terminationGracePeriodSeconds: 1,
          },
        }),
      ],
    },
    environment,
  );
  t.after(() => pod.stop());
  await pod.start();
  const firstPid = await eventually('the process', () => pod.status().containers[0]?.pid);
  const restarted = await eventually('a restart after the liveness failure', () => {
    const container = pod.status().containers[0];
    return container && container.restartCount >= 1 && container.state.kind === 'Running' ? container : undefined;
  });
  assert.notEqual(restarted.pid, firstPid);
  assert.equal(isGroupAlive(firstPid), false);
  assert.match(
    restarted.stderrTail.join('\n'),
    /failed liveness probe, will be restarted: HTTP probe failed with statuscode: 500/,
  );
});

test('an exec readiness probe runs with the container environment; exit 0 makes the pod ready', {
  timeout: 60_000,
}, async (t) => {
  const environment = testEnvironment();
  const marker = `/tmp/sluice-exec-probe-${process.pid}-${Date.now()}`;
  const check = `process.exit(require('node:fs').existsSync(process.env.MARKER) ? 0 : 1)`;
  const pod = newPod(
    {
      containers: [
        nodeContainer('main', HTTP_SERVER, {
          env: [{ name: 'MARKER', value: marker }],
          readinessProbe: { exec: { command: [process.execPath, '-e', check] }, periodSeconds: 0.05 },
        }),
      ],
    },
    environment,
  );
  t.after(async () => {
    await pod.stop();
    (await import('node:fs')).rmSync(marker, { force: true });
  });
  await pod.start();
  const failing = await eventually('the probe to have failed', () => pod.status().containers[0]?.probeMessage);
  assert.match(failing, /exited with 1/);
  assert.equal(pod.ready, false);
  (await import('node:fs')).writeFileSync(marker, '');
  await eventually('the pod to be ready', () => pod.ready);
});

test('a tcpSocket readiness probe succeeds once the port accepts connections', { timeout: 60_000 }, async (t) => {
  const environment = testEnvironment();
  // Listens only after 300ms.
  const script = `setTimeout(() => require('node:net').createServer((c) => c.end()).listen(Number(process.env.PORT), '127.0.0.1'), 300)`;
  const pod = newPod(
    {
      containers: [
        nodeContainer('main', script, {
          ports: [{ name: 'tcp', containerPort: 7000 }],
          readinessProbe: { tcpSocket: { port: 'tcp' }, periodSeconds: 0.05 },
        }),
      ],
    },
    environment,
  );
  t.after(() => pod.stop());
  await pod.start();
  const message = await eventually('a refused connection', () => pod.status().containers[0]?.probeMessage);
  assert.match(message, /ECONNREFUSED/);
  await eventually('the pod to be ready', () => pod.ready);
});

test('a readiness probe that starts failing takes the pod out of ready after failureThreshold failures', {
  timeout: 60_000,
}, async (t) => {
  const environment = testEnvironment();
  const script = `let n = 0; require('node:http').createServer((q, s) => { s.statusCode = ++n > 5 ? 503 : 200; s.end(); }).listen(Number(process.env.PORT), '127.0.0.1')`;
  const kinds: string[] = [];
  environment.endpoints.subscribe((event) => kinds.push(event.kind));
  const pod = newPod(
    {
      containers: [
        nodeContainer('main', script, {
          readinessProbe: { httpGet: { path: '/ready', port: 80 }, periodSeconds: 0.05, failureThreshold: 3 },
        }),
      ],
    },
    environment,
  );
  t.after(() => pod.stop());
  await pod.start();
  await eventually('ready', () => pod.ready);
  await eventually('not ready again', () => !pod.ready && pod.status().containers[0]?.probeMessage);
  assert.deepEqual(kinds, ['added', 'ready', 'notReady']);
  assert.equal(pod.status().containers[0]?.restartCount, 0);
});

test('no process group is left once every pod is stopped', { timeout: 60_000 }, async () => {
  const environment = testEnvironment();
  const pods = [
    newPod({ containers: [nodeContainer('a', HTTP_SERVER), nodeContainer('b', HTTP_SERVER)] }, environment),
    newPod({ containers: [nodeContainer('c', 'process.exit(1)')] }, environment),
  ];
  await Promise.all(pods.map((pod) => pod.start()));
  await eventually('the first pod to be ready', () => pods[0]?.ready);
  const pids = pods.flatMap((pod) => pod.status().containers.flatMap((c) => (c.pid ? [c.pid] : [])));
  assert.ok(pids.length >= 2);
  await Promise.all(pods.map((pod) => pod.stop()));
  for (const pid of pids) assert.equal(isGroupAlive(pid), false, `process group ${pid} is still alive`);
  await eventually('no live group', () => liveProcessGroups().length === 0);
});

test('a restarted process reads its ConfigMap as it is at the restart, as kubelet builds env at each start', {
  timeout: 60_000,
}, async (t) => {
  const config = new ConfigObjects();
  const put = (version: string) => {
    const object = configObjectOf({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'app' },
      data: { version },
    });
    assert.ok(object);
    config.put(object);
  };
  put('before');
  const environment = testEnvironment({ config });
  const serveVersion = `require('node:http').createServer((q, s) => s.end(process.env.VERSION)).listen(Number(process.env.PORT), '127.0.0.1')`;
  const pod = newPod(
    {
      containers: [
        nodeContainer('app', serveVersion, {
          ports: [{ containerPort: 8080 }],
          env: [{ name: 'VERSION', valueFrom: { configMapKeyRef: { name: 'app', key: 'version' } } }],
          readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 },
        }),
      ],
    },
    environment,
  );
  t.after(() => pod.stop());
  await pod.start();
  await eventually('the pod to be ready', () => (pod.ready ? true : undefined));
  const version = async () => {
    const port = pod.status().containers[0]?.ports[0]?.port;
    return (await fetch(`http://127.0.0.1:${port}/`)).text();
  };
  assert.equal(await version(), 'before');
  put('after');
  assert.equal(await version(), 'before', 'a running process keeps its env');
  const pid = pod.status().containers[0]?.pid;
  assert.ok(pid);
  process.kill(-pid, 'SIGKILL');
  await eventually('the killed process to be restarted and ready', () =>
    pod.status().containers[0]?.restartCount === 1 && pod.ready ? true : undefined,
  );
  assert.equal(await version(), 'after');
});
