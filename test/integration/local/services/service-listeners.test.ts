// Service listeners balance over the ready pods their selector matches, on the port targetPort
// names; pods that are not ready or are terminating get no new request, and what is in flight to a
// terminating pod is tracked until it drains.
import assert from 'node:assert/strict';
import type http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { PodEndpoints } from '../../../../src/runtime/local/pods/pod-endpoints.ts';
import { LocalMesh } from '../../../../src/runtime/local/mesh/local-mesh.ts';
import { ManualEndpointSource } from '../../../../src/runtime/local/services/endpoint-source.ts';
import { countBy, send, sendMany, service, startPodServer, type PodServer } from './pod-servers.ts';

const A = { app: 'shop', 'rollouts-pod-template-hash': 'h1' };
const B = { app: 'shop', 'rollouts-pod-template-hash': 'h2' };

describe('Service listeners', () => {
  let source: ManualEndpointSource;
  let mesh: LocalMesh;
  let pods: PodServer[];
  const releases: Array<() => void> = [];

  before(async () => {
    pods = [
      await startPodServer('shop-h1-a', A),
      await startPodServer('shop-h1-b', A),
      await startPodServer('shop-h2-a', B, { portName: 'web', containerPort: 9090 }),
      // Holds its answers until released: for in-flight tracking.
      await startPodServer(
        'slow-1',
        { app: 'slow' },
        {
          handler: (_r, response) => releases.push(() => response.writeHead(200, { 'x-pod': 'slow-1' }).end('slow-1')),
        },
      ),
    ];
    source = new ManualEndpointSource();
    mesh = await LocalMesh.start({ endpoints: source });
    for (const pod of pods) source.publish('ready', pod.endpoint());
    await mesh.putService(service('shop', { app: 'shop' }, { targetPort: 8080 }));
    await mesh.putService(service('shop-h1', A));
    await mesh.putService(service('shop-named', { app: 'shop' }, { targetPort: 'web' }));
    await mesh.putService(service('slow', { app: 'slow' }));
  });
  after(async () => {
    await mesh.close();
    await Promise.all(pods.map((p) => p.close()));
  });

  const call = (name: string, count: number) => {
    const address = mesh.serviceAddress('default', name);
    assert.ok(address, `no listener for ${name}`);
    return sendMany(count, 1, () => send(address.port));
  };
  const podsOf = (replies: Array<{ headers: http.IncomingHttpHeaders }>) =>
    countBy(replies, (r) => String(r.headers['x-pod']));

  it('gives each Service port a loopback listener and balances round robin over the selected pods', async () => {
    assert.deepEqual(podsOf(await call('shop', 30)), { 'shop-h1-a': 10, 'shop-h1-b': 10, 'shop-h2-a': 10 });
  });

  it('selects by every selector label, rollouts-pod-template-hash included', async () => {
    assert.deepEqual(podsOf(await call('shop-h1', 10)), { 'shop-h1-a': 5, 'shop-h1-b': 5 });
  });

  it('resolves a named targetPort to the pods that declare it', async () => {
    assert.deepEqual(podsOf(await call('shop-named', 4)), { 'shop-h2-a': 4 });
  });

  it('stops sending to a pod the moment it is not ready, and again once it is ready', async () => {
    const pod = pods[0]!;
    source.publish('notReady', pod.endpoint({ ready: false }));
    assert.deepEqual(podsOf(await call('shop-h1', 6)), { 'shop-h1-b': 6 });
    source.publish('ready', pod.endpoint());
    assert.deepEqual(podsOf(await call('shop-h1', 6)), { 'shop-h1-a': 3, 'shop-h1-b': 3 });
  });

  it('follows label changes of a live pod', async () => {
    const pod = pods[2]!;
    source.publish('labelsChanged', pod.endpoint({ labels: { ...A } }));
    assert.deepEqual(podsOf(await call('shop-h1', 9)), { 'shop-h1-a': 3, 'shop-h1-b': 3, 'shop-h2-a': 3 });
    source.publish('labelsChanged', pod.endpoint());
    assert.deepEqual(podsOf(await call('shop-h1', 4)), { 'shop-h1-a': 2, 'shop-h1-b': 2 });
  });

  it('counts requests in flight to a terminating pod and reports it drained when they are answered', async () => {
    const slow = pods[3]!;
    const address = mesh.serviceAddress('default', 'slow')!;
    const inFlight = [send(address.port), send(address.port)];
    while (releases.length < 2) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(mesh.endpoints.inFlight('default', 'slow-1'), 2);
    source.publish('terminating', slow.endpoint({ terminating: true }));
    assert.equal(mesh.drained('default', 'slow-1'), false);
    const idle = mesh.whenIdle('default', 'slow-1');
    let idleYet = false;
    void idle.then(() => (idleYet = true));
    // No new request reaches the terminating pod.
    assert.equal((await send(address.port)).status, 503);
    releases.shift()!();
    await inFlight[0];
    assert.equal(idleYet, false);
    releases.shift()!();
    await Promise.all(inFlight);
    await idle;
    assert.equal(mesh.drained('default', 'slow-1'), true);
  });

  it('gives up waiting when the signal aborts', async () => {
    const address = mesh.serviceAddress('default', 'shop-h1')!;
    source.publish('ready', pods[3]!.endpoint());
    const pending = send(mesh.serviceAddress('default', 'slow')!.port);
    while (releases.length < 1) await new Promise((resolve) => setImmediate(resolve));
    const controller = new AbortController();
    const idle = mesh.whenIdle('default', 'slow-1', controller.signal);
    controller.abort(new Error('grace period over'));
    await assert.rejects(idle, /grace period over/);
    releases.shift()!();
    await pending;
    assert.ok(address);
  });
});

describe("the pods' endpoint registry as the source", () => {
  it('routes to what PodEndpoints publishes and is its drain tracker', async () => {
    const registry = new PodEndpoints();
    const pod = await startPodServer('reg-1', { app: 'reg' });
    const mesh = await LocalMesh.start({ endpoints: registry });
    const removeTracker = registry.addDrainTracker(mesh);
    try {
      await mesh.putService(service('reg', { app: 'reg' }));
      const port = mesh.serviceAddress('default', 'reg')!.port;
      assert.equal((await send(port)).status, 503);
      registry.publish('added', {
        ...pod.endpoint(),
        ready: false,
        ports: pod.endpoint().ports.map((p) => ({ container: 'app', ...p })),
      });
      assert.equal((await send(port)).status, 503);
      registry.publish('ready', {
        ...pod.endpoint(),
        ports: pod.endpoint().ports.map((p) => ({ container: 'app', ...p })),
      });
      assert.equal((await send(port)).body, 'reg-1');
      await registry.drain('default', 'reg-1', 5_000);
    } finally {
      removeTracker();
      await mesh.close();
      await pod.close();
    }
  });
});
