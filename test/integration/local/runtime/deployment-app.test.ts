// A plain application folder (a Deployment, its ConfigMap and its Service) through the local
// runtime: the Deployment's pods serve through the Service's listener in the mesh; a new
// ConfigMap value rolled out by a template change (as in a cluster) is a rolling update within
// maxSurge 1 and maxUnavailable 0 (sampled throughout), and no request fails meanwhile. Web
// metrics that name the Service by a cluster DNS name reach it through the mesh.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readSources } from '../../../../src/cli/lint/read-sources.ts';
import { startLocalRuntime, type LocalRuntime } from '../../../../src/runtime/local/run.ts';
import { waitFor } from '../../../support/ports.ts';
import { send } from '../services/pod-servers.ts';
import { copyFixture, editFile, runCli, temporaryDir } from './sluice-run.ts';

describe('a Deployment, a ConfigMap and a Service in the local runtime', { timeout: 180_000 }, () => {
  let runtime: LocalRuntime;
  let manifests: string;
  let port: number;

  // The model's Deployment type reads only the spec; the store keeps the status the controller wrote.
  const deploymentStatus = () =>
    (runtime.store.get('Deployment', 'default', 'web') as unknown as { status?: Record<string, number> } | undefined)
      ?.status ?? {};

  before(async () => {
    manifests = copyFixture('deployment-app');
    runtime = await startLocalRuntime({ stateDir: temporaryDir('deployment'), sources: readSources([manifests]) });
  });
  after(async () => {
    await runtime?.stop();
  });

  it('runs the Deployment and serves it through the Service', async () => {
    await waitFor(
      '3 available pods',
      async () => (deploymentStatus()['availableReplicas'] === 3 ? true : undefined),
      30_000,
    );
    const address = await waitFor(
      'the Service listener',
      async () => runtime.mesh.serviceAddress('default', 'web'),
      10_000,
    );
    port = address.port;
    const replies = await Promise.all(Array.from({ length: 6 }, () => send(port)));
    assert.deepEqual(
      replies.map((reply) => `${reply.status} ${reply.body}`),
      Array(6).fill('200 v1'),
    );
    const pods = runtime.deployments.podStatuses('default', 'web');
    assert.equal(pods.length, 3);
    assert.ok(pods.every((pod) => /^web-[a-z0-9]+-[a-z0-9]{5}$/.test(pod.name) && pod.labels['pod-template-hash']));
  });

  it('rolls a template change out within maxSurge and maxUnavailable, losing no request', async () => {
    editFile(path.join(manifests, 'app.yaml'), (text) =>
      text.replace('VERSION: v1', 'VERSION: v2').replace('config-version: "1"', 'config-version: "2"'),
    );
    let sending = true;
    const failures: string[] = [];
    const bodies = new Set<string>();
    const senders = Array.from({ length: 4 }, async () => {
      while (sending) {
        const reply = await send(port).catch((error: Error) => ({ status: 0, body: error.message }));
        if (reply.status !== 200) failures.push(`${reply.status} ${reply.body}`);
        else bodies.add(reply.body);
      }
    });
    const samples: Array<{ pods: number; ready: number }> = [];
    const sampler = setInterval(() => {
      const pods = runtime.deployments.podStatuses('default', 'web').filter((pod) => !pod.terminating);
      samples.push({ pods: pods.length, ready: pods.filter((pod) => pod.ready).length });
    }, 5);
    try {
      const applied = await runCli(['apply', '-f', manifests, '--state-dir', runtime.stateDir]);
      assert.equal(applied.code, 0, applied.stderr);
      assert.match(applied.stdout, /Deployment default\/web configured/);
      assert.match(applied.stdout, /ConfigMap default\/web-config configured/);
      await waitFor(
        'the rollout to finish',
        async () => {
          const status = deploymentStatus();
          const pods = runtime.deployments.podStatuses('default', 'web');
          return status['updatedReplicas'] === 3 && status['availableReplicas'] === 3 && pods.length === 3
            ? true
            : undefined;
        },
        60_000,
      );
    } finally {
      sending = false;
      clearInterval(sampler);
      await Promise.all(senders);
    }
    assert.deepEqual(failures, []);
    assert.deepEqual([...bodies].sort(), ['v1', 'v2']);
    assert.ok(samples.length > 10, `${samples.length} samples`);
    assert.ok(
      samples.every((s) => s.pods <= 4),
      `more than 3+1 pods: ${JSON.stringify(samples.filter((s) => s.pods > 4))}`,
    );
    // Once the first sample saw 3 ready pods, never fewer than 3 (maxUnavailable 0).
    const since = samples.findIndex((s) => s.ready >= 3);
    assert.ok(
      samples.slice(since).every((s) => s.ready >= 3),
      JSON.stringify(samples.filter((s) => s.ready < 3)),
    );
    const replies = await Promise.all(Array.from({ length: 6 }, () => send(port)));
    assert.deepEqual(
      replies.map((reply) => reply.body),
      Array(6).fill('v2'),
    );
  });

  it('web metrics naming the Service by its cluster DNS names reach it through the mesh', async () => {
    const file = path.join(manifests, 'analysis-run.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: argoproj.io/v1alpha1',
        'kind: AnalysisRun',
        'metadata:',
        '  name: dns-names',
        'spec:',
        '  metrics:',
        ...['http://web/', 'http://web.default/', 'http://web.default.svc.cluster.local:80/'].flatMap((url, index) => [
          `    - name: m${index}`,
          '      successCondition: result == "v2"',
          `      provider: {web: {url: "${url}", jsonPath: "{$}"}}`,
        ]),
      ].join('\n'),
    );
    const applied = await runCli(['apply', '-f', file, '--state-dir', runtime.stateDir]);
    assert.equal(applied.code, 0, applied.stderr);
    const run = await waitFor(
      'the AnalysisRun to finish',
      async () => {
        const stored = runtime.store.get('AnalysisRun', 'default', 'dns-names');
        const phase = stored?.status?.phase;
        return phase && phase !== 'Running' && phase !== 'Pending' ? stored : undefined;
      },
      30_000,
    );
    assert.equal(run.status?.phase, 'Successful', JSON.stringify(run.status));
    assert.deepEqual(
      run.status?.metricResults?.map((m) => [m.name, m.measurements?.[0]?.value]),
      [
        ['m0', 'v2'],
        ['m1', 'v2'],
        ['m2', 'v2'],
      ],
    );
  });

  it('a process pod reaches Services by their cluster DNS names (the mesh as its HTTP proxy), and other hosts directly', async () => {
    const outside = http.createServer((_request, response) => response.end('outside'));
    await new Promise<void>((resolve) => outside.listen(0, '127.0.0.1', resolve));
    const outsidePort = (outside.address() as AddressInfo).port;
    try {
      const file = path.join(manifests, 'caller.yaml');
      writeFileSync(file, CALLER);
      const applied = await runCli(['apply', '-f', file, '--state-dir', runtime.stateDir]);
      assert.equal(applied.code, 0, applied.stderr);
      const caller = await waitFor(
        'the caller Service',
        async () => {
          const status =
            // The model's Deployment type reads only the spec; the store keeps the status the controller wrote.
            (runtime.store.get('Deployment', 'default', 'caller') as unknown as { status?: Record<string, number> })
              ?.status;
          return status?.['availableReplicas'] === 1 ? runtime.mesh.serviceAddress('default', 'caller') : undefined;
        },
        30_000,
      );
      const call = async (url: string) => (await send(caller.port, { path: `/?url=${encodeURIComponent(url)}` })).body;
      assert.equal(await call('http://web/'), '200 v2');
      assert.equal(await call('http://web.default.svc.cluster.local/'), '200 v2');
      // Through the gateway as a proxy to a host outside the mesh.
      const proxied = await send(Number(new URL(runtime.gatewayUrl).port), {
        path: `http://127.0.0.1:${outsidePort}/x`,
      });
      assert.equal(`${proxied.status} ${proxied.body}`, '200 outside');
    } finally {
      outside.close();
    }
  });
});

/** A pod that fetches the URL it is given (Node.js fetch honours the proxy variables the runtime sets). */
const CALLER = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: caller
spec:
  replicas: 1
  selector:
    matchLabels: {app: caller}
  template:
    metadata:
      labels: {app: caller}
    spec:
      containers:
        - name: caller
          command:
            - node
            - -e
            - |
              require('node:http').createServer(async (q, s) => {
                const url = new URL(q.url, 'http://x').searchParams.get('url');
                try { const r = await fetch(url); s.end(r.status + ' ' + (await r.text())); }
                catch (e) { s.end('failed: ' + e.message + ' ' + (e.cause?.message ?? '')); }
              }).listen(Number(process.env.PORT), '127.0.0.1');
          ports: [{name: http, containerPort: 8080}]
          readinessProbe: {periodSeconds: 1, tcpSocket: {port: http}}
---
apiVersion: v1
kind: Service
metadata:
  name: caller
spec:
  selector: {app: caller}
  ports: [{port: 80, targetPort: http}]
`;
