// The client's HTTP behaviour against a loopback stand-in: watch streams cut into single
// bytes, sockets closed on stop, keep-alive reuse with a bounded pool, timeouts, retries
// through the faulty proxy, and the requests' shape (headers, query, bodies).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { KubeClient } from '../../../../src/platform/kubernetes/client/client.ts';
import { bearerToken, type Connection } from '../../../../src/platform/kubernetes/client/connection.ts';
import {
  GoneError,
  KubeConnectionError,
  NotFoundError,
  ServerError,
} from '../../../../src/platform/kubernetes/client/errors.ts';
import type { KubeObject } from '../../../../src/platform/kubernetes/client/objects.ts';
import { RequestCounter } from '../../../../src/platform/kubernetes/client/request-metrics.ts';
import { coreResources } from '../../../../src/platform/kubernetes/client/resources.ts';
import { argoResources } from '../../../../src/runtime/kubernetes/resources.ts';
import type { WatchEvent } from '../../../../src/platform/kubernetes/client/watch-events.ts';
import { startFaultyProxy } from '../../../support/faulty-proxy.ts';
import { waitFor } from '../../../support/ports.ts';
import { json, startLoopbackApi, type LoopbackApi } from './loopback-api.ts';

const fastRetry = { maxRetries: 3, backoff: { initialMs: 1, maxMs: 5, factor: 2, jitter: 0 }, maxRetryAfterMs: 10 };
const servers: { close(): Promise<void> }[] = [];
after(async () => {
  for (const server of servers) await server.close();
});

function connectionTo(server: string): Connection {
  return {
    server,
    tls: { insecureSkipTlsVerify: false },
    credentials: bearerToken('t0ken'),
    namespace: 'demo',
    description: 'loopback',
  };
}

async function api(handler: Parameters<typeof startLoopbackApi>[0]): Promise<LoopbackApi> {
  const server = await startLoopbackApi(handler);
  servers.push(server);
  return server;
}

const configMap = (name: string, rv: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'demo', resourceVersion: rv },
  data: { text: 'ünïcødé 🚀' },
});

describe('watch over the wire', () => {
  it('decodes events written one byte at a time, and stop() closes the socket', async () => {
    const events = [
      { type: 'ADDED', object: configMap('a', '2') },
      { type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: '5' } } },
      { type: 'MODIFIED', object: configMap('a', '6') },
    ];
    const bytes = Buffer.from(events.map((e) => JSON.stringify(e) + '\n').join(''));
    const server = await api(async (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      for (const byte of bytes) {
        res.write(Buffer.from([byte]));
        await nextTurn();
      }
      // and keep the stream open, as the API server does
    });
    const client = new KubeClient(connectionTo(server.url));
    const received: WatchEvent<KubeObject>[] = [];
    const watch = await client.watch<KubeObject>(
      coreResources.configMaps,
      { namespace: 'demo', resourceVersion: '1', timeoutSeconds: 60 },
      (e) => received.push(e),
    );
    await waitFor('3 events', async () => (received.length === 3 ? true : undefined), 10_000, 10);
    assert.deepEqual(received, events);
    const request = server.requests[0]!;
    assert.equal(
      request.url,
      '/api/v1/namespaces/demo/configmaps?watch=1&allowWatchBookmarks=true&resourceVersion=1&timeoutSeconds=60',
    );
    assert.equal(request.headers.authorization, 'Bearer t0ken');
    assert.equal(client.openSockets, 1);
    watch.stop();
    assert.deepEqual(await watch.ended, { reason: 'stopped' });
    await waitFor(
      'the server to see the socket closed',
      async () => (server.openSockets === 0 ? true : undefined),
      5000,
      10,
    );
    assert.equal(client.openSockets, 0);
    client.close();
  });

  it('ends with "closed" when the server ends the stream, delivering a last event without newline', async () => {
    const server = await api((_req, res) => {
      res.writeHead(200);
      res.end(JSON.stringify({ type: 'DELETED', object: configMap('a', '9') }));
    });
    const client = new KubeClient(connectionTo(server.url));
    const received: string[] = [];
    const watch = await client.watch<KubeObject>(coreResources.configMaps, { namespace: 'demo' }, (e) =>
      received.push(e.type),
    );
    assert.deepEqual(await watch.ended, { reason: 'closed' });
    assert.deepEqual(received, ['DELETED']);
    client.close();
  });

  it('rejects with GoneError when the server refuses the watch with 410', async () => {
    const server = await api((_req, res) =>
      json(res, 410, { kind: 'Status', code: 410, reason: 'Gone', message: 'too old' }),
    );
    const client = new KubeClient(connectionTo(server.url));
    await assert.rejects(
      client.watch(coreResources.configMaps, { namespace: 'demo', resourceVersion: '1' }, () => {}),
      GoneError,
    );
    await waitFor('no socket left', async () => (client.openSockets === 0 ? true : undefined), 5000, 10);
    client.close();
  });

  it('ends with an error on a line that is not JSON', async () => {
    const server = await api((_req, res) => {
      res.writeHead(200);
      res.write('<html>oops</html>\n');
    });
    const client = new KubeClient(connectionTo(server.url));
    const watch = await client.watch(coreResources.configMaps, {}, () => {});
    const end = await watch.ended;
    assert.equal(end.reason, 'error');
    assert.match(end.reason === 'error' ? end.error.message : '', /not JSON/);
    client.close();
  });
});

describe('requests over the wire', () => {
  it('reuses keep-alive sockets and never opens more than maxSockets', async () => {
    const server = await api((_req, res) => setTimeout(() => json(res, 200, configMap('a', '1')), 5));
    const client = new KubeClient(connectionTo(server.url), { maxSockets: 3 });
    for (let i = 0; i < 10; i += 1) await client.get(coreResources.configMaps, 'demo', 'a');
    assert.equal(server.connections, 1, 'sequential requests share one socket');
    await Promise.all(Array.from({ length: 30 }, () => client.get(coreResources.configMaps, 'demo', 'a')));
    assert.ok(server.connections <= 3, `${server.connections} connections`);
    client.close();
    await waitFor('sockets closed', async () => (server.openSockets === 0 ? true : undefined), 5000, 10);
  });

  it('gives up on a silent server after the request timeout, as a connection error', async () => {
    const server = await api(() => {});
    const client = new KubeClient(connectionTo(server.url), {
      requestTimeoutMs: 200,
      retry: { ...fastRetry, maxRetries: 0 },
    });
    await assert.rejects(
      client.get(coreResources.configMaps, 'demo', 'a'),
      (error: unknown) => error instanceof KubeConnectionError && error.code === 'ETIMEDOUT',
    );
    client.close();
  });

  it('sends the verbs as the API expects them', async () => {
    const server = await api((req, res) => json(res, req.method === 'POST' ? 201 : 200, configMap('a', '1')));
    const client = new KubeClient(connectionTo(server.url));
    await client.list(argoResources.rollouts, {
      namespace: 'demo',
      labelSelector: 'app=web',
      limit: 10,
      continue: 'abc',
    });
    await client.create(coreResources.configMaps, 'demo', { metadata: { name: 'a' } }, { fieldManager: 'me' });
    await client.update(coreResources.configMaps, configMap('a', '7'));
    await client.updateStatus(argoResources.rollouts, {
      metadata: { name: 'web', namespace: 'demo', resourceVersion: '3' },
      status: { phase: 'Healthy' },
    });
    await client.patch(coreResources.replicaSets, 'demo', 'web-abc', { spec: { replicas: 2 } }, { type: 'strategic' });
    await client.patchStatus(argoResources.rollouts, 'demo', 'web', { status: { abort: true } });
    await client.patch(argoResources.rollouts, 'demo', 'web', { spec: {} }, { type: 'apply', force: true });
    await client.delete(coreResources.replicaSets, 'demo', 'web-abc', {
      propagationPolicy: 'Background',
      preconditions: { uid: 'u1' },
    });
    await client.evict('demo', 'web-abc-1');
    const seen = server.requests.map((r) => `${r.method} ${r.url} ${r.headers['content-type'] ?? ''}`);
    assert.deepEqual(seen, [
      'GET /apis/argoproj.io/v1alpha1/namespaces/demo/rollouts?labelSelector=app%3Dweb&limit=10&continue=abc ',
      'POST /api/v1/namespaces/demo/configmaps?fieldManager=me application/json',
      'PUT /api/v1/namespaces/demo/configmaps/a application/json',
      'PUT /apis/argoproj.io/v1alpha1/namespaces/demo/rollouts/web/status application/json',
      'PATCH /apis/apps/v1/namespaces/demo/replicasets/web-abc application/strategic-merge-patch+json',
      'PATCH /apis/argoproj.io/v1alpha1/namespaces/demo/rollouts/web/status application/merge-patch+json',
      'PATCH /apis/argoproj.io/v1alpha1/namespaces/demo/rollouts/web?fieldManager=sluice&force=true application/apply-patch+yaml',
      'DELETE /apis/apps/v1/namespaces/demo/replicasets/web-abc application/json',
      'POST /api/v1/namespaces/demo/pods/web-abc-1/eviction application/json',
    ]);
    assert.deepEqual(JSON.parse(server.requests[1]!.body), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a' },
    });
    assert.deepEqual(JSON.parse(server.requests[7]!.body), {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      propagationPolicy: 'Background',
      preconditions: { uid: 'u1' },
    });
    assert.deepEqual(JSON.parse(server.requests[8]!.body), {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'web-abc-1', namespace: 'demo' },
    });
    await assert.rejects(
      client.patch(argoResources.rollouts, 'demo', 'web', {}, { type: 'strategic' }),
      /Rollout \(argoproj.io\/v1alpha1\) does not accept strategic merge patches/,
    );
    client.close();
  });

  it('follows continue tokens in listAll and returns the first page resourceVersion', async () => {
    const server = await api((req, res) => {
      const next = new URL(req.url!, 'http://x').searchParams.get('continue');
      if (next === null)
        json(res, 200, { items: [configMap('a', '1')], metadata: { resourceVersion: '50', continue: 'p2' } });
      else if (next === 'p2')
        json(res, 200, { items: [configMap('b', '2')], metadata: { resourceVersion: '50', continue: 'p3' } });
      else json(res, 200, { items: [configMap('c', '3')], metadata: { resourceVersion: '50' } });
    });
    const client = new KubeClient(connectionTo(server.url));
    const all = await client.listAll(coreResources.configMaps, { namespace: 'demo', limit: 1 });
    assert.deepEqual(
      all.items.map((i) => i.metadata.name),
      ['a', 'b', 'c'],
    );
    assert.equal(all.resourceVersion, '50');
    client.close();
  });
});

describe('through the faulty proxy', () => {
  it('retries reads answered 500 and counts every attempt; a create answered 500 is not repeated', async () => {
    const server = await api((req, res) => json(res, req.method === 'POST' ? 201 : 200, configMap('a', '1')));
    const proxy = await startFaultyProxy({ target: server.url });
    servers.push(proxy);
    proxy.addRule({ method: 'GET', fault: { type: 'status', status: 500 }, times: 2 });
    proxy.addRule({ method: 'POST', fault: { type: 'status', status: 500 }, times: 1 });
    const counter = new RequestCounter();
    const client = new KubeClient(connectionTo(proxy.url), { retry: fastRetry, observe: counter.observe });
    const got = await client.get(coreResources.configMaps, 'demo', 'a');
    assert.equal(got.metadata.name, 'a');
    assert.equal(counter.total({ verb: 'Get', statusCode: 500 }), 2);
    assert.equal(counter.total({ verb: 'Get', statusCode: 200 }), 1);
    await assert.rejects(client.create(coreResources.configMaps, 'demo', configMap('b', '')), ServerError);
    assert.equal(server.requests.filter((r) => r.method === 'POST').length, 0, 'the server never saw the create');
    await client.create(coreResources.configMaps, 'demo', configMap('b', ''));
    assert.equal(server.requests.filter((r) => r.method === 'POST').length, 1);
    client.close();
  });

  it('fires a rule on a schedule: after 1, every 2nd, at most 2 times', async () => {
    const server = await api((_req, res) => json(res, 200, configMap('a', '1')));
    const proxy = await startFaultyProxy({ target: server.url });
    servers.push(proxy);
    proxy.addRule({ fault: { type: 'status', status: 404, reason: 'NotFound' }, after: 1, every: 2, times: 2 });
    const client = new KubeClient(connectionTo(proxy.url), { retry: { ...fastRetry, maxRetries: 0 } });
    const outcomes: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      outcomes.push(
        await client.get(coreResources.configMaps, 'demo', 'a').then(
          () => 'ok',
          (e: Error) => (e instanceof NotFoundError ? '404' : e.message),
        ),
      );
    }
    assert.deepEqual(outcomes, ['ok', '404', 'ok', '404', 'ok', 'ok', 'ok', 'ok']);
    client.close();
  });
});
