// Under steady load no client request fails because of a scale-down, a weight change, a new pod or a
// crashed pod: the listeners stop picking a pod as soon as it is terminating, the pod is stopped
// only once drained, and a request that meets a dead connection is retried on a pod not tried yet.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LocalMesh } from '../../../../src/runtime/local/mesh/local-mesh.ts';
import { ManualEndpointSource } from '../../../../src/runtime/local/services/endpoint-source.ts';
import { to, virtualService } from '../mesh/mesh-fixtures.ts';
import { send, service, type Reply } from './pod-servers.ts';
import { startPodProcess, type PodProcess } from './pod-process.ts';

interface Load {
  /** Resolves once `count` requests have completed. */
  at(count: number): Promise<void>;
  done: Promise<Reply[]>;
}

/** `total` GET requests, `concurrency` at a time, to `host` through the gateway. */
function steadyLoad(port: number, host: string, total: number, concurrency: number, method = 'GET'): Load {
  const replies: Reply[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      replies.push(
        await send(port, { host, method, ...(method === 'GET' ? {} : { body: 'x' }) }).catch((error: Error) => ({
          status: -1,
          body: error.message,
          headers: {},
        })),
      );
      for (const waiter of waiters.filter((w) => replies.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  const done = Promise.all(Array.from({ length: concurrency }, worker)).then(() => replies);
  return {
    at: (count) =>
      replies.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    done,
  };
}

function failuresOf(replies: Reply[]): string[] {
  return replies.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.body}`);
}

const V1 = { app: 'app', 'rollouts-pod-template-hash': 'v1' };
const V2 = { app: 'app', 'rollouts-pod-template-hash': 'v2' };

describe('nothing lost under steady load', () => {
  it('through a scale-down, a new pod and weight changes', async () => {
    const source = new ManualEndpointSource();
    const mesh = await LocalMesh.start({ endpoints: source });
    const pods: PodProcess[] = [
      await startPodProcess('app-v1-a', V1),
      await startPodProcess('app-v1-b', V1),
      await startPodProcess('app-v1-c', V1),
    ];
    try {
      for (const pod of pods) source.publish('ready', pod.endpoint());
      await mesh.putService(service('app-v1', V1));
      await mesh.putService(service('app-v2', V2));
      await mesh.store.putVirtualService(
        virtualService('app', ['app'], [{ name: 'primary', route: [to('app-v1', 100), to('app-v2', 0)] }]),
      );
      const load = steadyLoad(mesh.gateway.port, 'app', 2400, 8);

      await load.at(300);
      // Scale-down: out of the endpoints first, then drained, then stopped.
      const leaving = pods[0]!;
      source.publish('terminating', leaving.endpoint({ terminating: true }));
      await mesh.whenIdle('default', leaving.name);
      await leaving.terminate();
      source.publish('removed', leaving.endpoint({ terminating: true }));

      await load.at(700);
      const canary = await startPodProcess('app-v2-a', V2);
      pods.push(canary);
      source.publish('added', canary.endpoint({ ready: false }));
      source.publish('ready', canary.endpoint());
      await mesh.store.putVirtualService(
        virtualService('app', ['app'], [{ name: 'primary', route: [to('app-v1', 70), to('app-v2', 30)] }]),
      );

      await load.at(1200);
      await mesh.store.putVirtualService(
        virtualService('app', ['app'], [{ name: 'primary', route: [to('app-v1', 0), to('app-v2', 100)] }]),
      );

      await load.at(1700);
      // Abort: everything back to v1, the canary pod scaled down.
      await mesh.store.putVirtualService(
        virtualService('app', ['app'], [{ name: 'primary', route: [to('app-v1', 100), to('app-v2', 0)] }]),
      );
      source.publish('terminating', canary.endpoint({ terminating: true }));
      await mesh.whenIdle('default', canary.name);
      await canary.terminate();
      source.publish('removed', canary.endpoint({ terminating: true }));

      const replies = await load.done;
      assert.equal(replies.length, 2400);
      assert.deepEqual(failuresOf(replies), []);
      assert.ok(
        replies.some((r) => r.headers['x-pod'] === 'app-v2-a'),
        'the canary served some requests',
      );
    } finally {
      await mesh.close();
      await Promise.all(pods.map((p) => p.terminate()));
    }
  });

  it('through a pod that crashes before it is taken out, and restarts', async () => {
    const source = new ManualEndpointSource();
    const mesh = await LocalMesh.start({ endpoints: source });
    const pods: PodProcess[] = [await startPodProcess('app-v1-a', V1, 5), await startPodProcess('app-v1-b', V1, 5)];
    try {
      for (const pod of pods) source.publish('ready', pod.endpoint());
      await mesh.putService(service('app', V1));
      const load = steadyLoad(mesh.gateway.port, 'app', 1500, 8);

      await load.at(400);
      // The process dies while it is still an endpoint: requests meet refused or reset connections.
      const crashed = pods[0]!;
      await crashed.kill();
      await load.at(700);
      // The readiness probe notices; the container restarts and becomes ready again.
      source.publish('notReady', crashed.endpoint({ ready: false }));
      const restarted = await startPodProcess('app-v1-a', V1, 5);
      pods.push(restarted);
      source.publish('ready', restarted.endpoint());

      const replies = await load.done;
      assert.equal(replies.length, 1500);
      assert.deepEqual(failuresOf(replies), []);
      assert.ok(
        replies.slice(-200).some((r) => r.headers['x-pod'] === 'app-v1-a'),
        'the restarted pod serves again',
      );
    } finally {
      await mesh.close();
      await Promise.all(pods.map((p) => p.kill()));
    }
  });

  it('through all but one pod of a revision killed at once, each retry on a pod not tried yet', async (t) => {
    const source = new ManualEndpointSource();
    const mesh = await LocalMesh.start({ endpoints: source });
    const names = ['app-v1-a', 'app-v1-b', 'app-v1-c', 'app-v1-d'];
    const pods: PodProcess[] = await Promise.all(names.map((name) => startPodProcess(name, V1, 1)));
    try {
      for (const pod of pods) source.publish('ready', pod.endpoint());
      await mesh.putService(service('app', V1));
      const load = steadyLoad(mesh.gateway.port, 'app', 2000, 8);

      await load.at(300);
      // Three of the four die together and stay endpoints until their probes would notice: for
      // 700 requests, most first tries meet a refused or reset connection.
      const [survivor, ...killed] = pods;
      await Promise.all(killed.map((pod) => pod.kill()));
      await load.at(1000);
      for (const pod of killed) source.publish('notReady', pod.endpoint({ ready: false }));

      const replies = await load.done;
      assert.equal(replies.length, 2000);
      assert.deepEqual(failuresOf(replies), []);
      assert.ok(
        replies.slice(-500).every((r) => r.headers['x-pod'] === survivor!.name),
        'the survivor answers alone once the others are out',
      );
      const exposition = await (
        await fetch(`http://${mesh.metricsAddress.host}:${mesh.metricsAddress.port}/stats/prometheus`)
      ).text();
      const retried = [
        ...exposition.matchAll(/^sluice_upstream_retries_total\{namespace="default",reason="[a-z_]+"\} (\d+)$/gm),
      ].reduce((sum, m) => sum + Number(m[1]), 0);
      assert.ok(
        retried > 0,
        `retries are counted in the exposition:\n${exposition
          .split('\n')
          .filter((l) => l.includes('retries'))
          .join('\n')}`,
      );
      assert.equal(retried, mesh.retries.total());
      t.diagnostic(
        `3 of 4 pods killed under load: ${replies.length} requests, ${failuresOf(replies).length} failed, ${retried} retried`,
      );
    } finally {
      await mesh.close();
      await Promise.all(pods.map((p) => p.kill()));
    }
  });
});
