import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPod, testEnvironment } from './fixtures.ts';
import { eventually } from './wait.ts';

const releases: Array<[string, { color: string; status: string }]> = [
  ['particule/simplecolorapi:1.0', { color: 'red', status: 'ok' }],
  ['particule/simplecolorapi:2.0', { color: 'blue', status: 'ok' }],
  ['sluice/colorapi:3.0', { color: 'black', status: 'nok' }],
];

for (const [image, expected] of releases) {
  test(`colorapi ${image} answers ${JSON.stringify(expected)} and counts requests in /metrics`, {
    timeout: 60_000,
  }, async (t) => {
    const pod = newPod(
      {
        containers: [
          {
            name: 'colorapi',
            image,
            ports: [{ containerPort: 5000 }],
            readinessProbe: { httpGet: { path: '/health', port: 5000 }, periodSeconds: 0.05 },
          },
        ],
      },
      testEnvironment(),
    );
    t.after(() => pod.stop());
    await pod.start();
    await eventually('ready', () => pod.ready);
    const base = `http://127.0.0.1:${pod.status().containers[0]?.ports[0]?.port}`;
    for (let index = 0; index < 3; index++) assert.deepEqual(await fetch(`${base}/`).then((r) => r.json()), expected);
    assert.equal((await fetch(`${base}/nope`)).status, 404);
    const metrics = await fetch(`${base}/metrics`).then((r) => r.text());
    const version = image.split(':')[1] ?? '';
    assert.match(metrics, /# TYPE http_requests_total counter/);
    assert.match(
      metrics,
      new RegExp(`http_requests_total\\{version="${version.replace('.', '\\.')}",code="200",path="/"\\} 3\\n`),
    );
    assert.match(
      metrics,
      new RegExp(`http_requests_total\\{version="${version.replace('.', '\\.')}",code="404",path="other"\\} 1\\n`),
    );
  });
}

test('colorapi finishes a request in flight when it receives SIGTERM, then exits 0', { timeout: 60_000 }, async () => {
  const pod = newPod(
    {
      containers: [
        {
          name: 'colorapi',
          image: 'sluice/colorapi:1.0',
          args: ['--version', '1.0', '--latency-ms', '400'],
          readinessProbe: { tcpSocket: { port: 5000 }, periodSeconds: 0.05 },
        },
      ],
    },
    testEnvironment(),
  );
  await pod.start();
  await eventually('ready', () => pod.ready);
  const base = `http://127.0.0.1:${pod.status().containers[0]?.ports[0]?.port}`;
  const answer = fetch(`${base}/`).then((r) => r.json());
  // Stop while the request waits for its 400ms latency (nothing tracks it: the drain period is 0 here).
  await eventually('the request to reach the server', async () =>
    /http_requests_in_flight\{version="1.0"\} 1\n/.test(await fetch(`${base}/metrics`).then((r) => r.text())),
  );
  const stopped = pod.stop();
  assert.deepEqual(await answer, { color: 'red', status: 'ok' });
  await stopped;
  const state = pod.status().containers[0]?.state;
  assert.equal(state?.kind === 'Terminated' && state.exitCode, 0);
  assert.equal(state?.kind === 'Terminated' && state.reason, 'Completed');
});
