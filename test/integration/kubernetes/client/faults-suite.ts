// API faults through the faulty proxy: 500s and 429s on reads and writes, 409 on updates,
// slow answers. Callers that follow the client's contract (retry on ConflictError after a
// fresh read; check before creating again after a failed create) converge, and nothing is
// created twice.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AlreadyExistsError,
  ConflictError,
  KubeConnectionError,
  ServerError,
} from '../../../../src/platform/kubernetes/client/errors.ts';
import type { KubeClient } from '../../../../src/platform/kubernetes/client/client.ts';
import type { KubeObject } from '../../../../src/platform/kubernetes/client/objects.ts';
import { RequestCounter } from '../../../../src/platform/kubernetes/client/request-metrics.ts';
import { coreResources } from '../../../../src/platform/kubernetes/client/resources.ts';
import { startFaultyProxy, type FaultyProxy } from '../../../support/faulty-proxy.ts';
import { namespaceManifest, type Cluster } from './control-plane-harness.ts';

const configMaps = coreResources.configMaps;
const fastRetry = { maxRetries: 6, backoff: { initialMs: 5, maxMs: 50, factor: 2, jitter: 0.5 }, maxRetryAfterMs: 100 };

type Counter = KubeObject & { data?: { count?: string } };

/** Adds one to data.count the way a controller writes: read, change, PUT; on conflict read again. */
async function increment(client: KubeClient, namespace: string, name: string): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const current = await client.get<Counter>(configMaps, namespace, name);
    const next = Number(current.data?.count ?? '0') + 1;
    try {
      await client.update(configMaps, { ...current, data: { count: String(next) } });
      return attempt;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  throw new Error('no progress after 20 conflicts');
}

/** Creates once: after a failed create, look before trying again. */
async function ensureCreated(client: KubeClient, namespace: string, object: KubeObject): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    try {
      await client.create(configMaps, namespace, object);
      return;
    } catch (error) {
      if (error instanceof AlreadyExistsError) return;
      if (!(error instanceof ServerError) && !(error instanceof KubeConnectionError)) throw error;
      const existing = await client.list(configMaps, {
        namespace,
        fieldSelector: `metadata.name=${object.metadata.name}`,
      });
      if (existing.items.length > 0) return;
    }
  }
  throw new Error(`could not create ${object.metadata.name}`);
}

export function faultsSuite(cluster: () => Cluster): void {
  const ns = 'client-faults';

  describe('API faults through the faulty proxy', () => {
    let proxy: FaultyProxy;

    before(async () => {
      const { admin, cp } = cluster();
      await admin.create(coreResources.namespaces, '', namespaceManifest(ns));
      proxy = await startFaultyProxy({ target: cp.server, ca: Buffer.from(cp.caData, 'base64') });
    });

    after(async () => {
      await proxy?.close();
    });

    it('read-modify-write converges through 409s, 500s and 429s, counting every request', async () => {
      const c = cluster();
      const counter = new RequestCounter();
      const client = c.clientThrough(proxy.url, { retry: fastRetry, observe: counter.observe });
      await c.admin.create(configMaps, ns, { metadata: { name: 'counter' }, data: { count: '0' } });
      const rules = [
        proxy.addRule({
          method: 'PUT',
          fault: {
            type: 'status',
            status: 409,
            message: 'Operation cannot be fulfilled: the object has been modified',
          },
          every: 3,
        }),
        proxy.addRule({ method: 'PUT', fault: { type: 'status', status: 500 }, every: 4 }),
        proxy.addRule({ method: 'GET', fault: { type: 'status', status: 429, retryAfterSeconds: 0 }, every: 5 }),
        proxy.addRule({ method: 'GET', fault: { type: 'status', status: 503 }, every: 7 }),
      ];
      let conflicts = 0;
      for (let i = 0; i < 10; i += 1) conflicts += await increment(client, ns, 'counter');
      rules.forEach((remove) => remove());
      const final = await c.admin.get<Counter>(configMaps, ns, 'counter');
      assert.equal(final.data?.count, '10');
      assert.ok(conflicts > 0, 'conflicts were surfaced to the caller');
      assert.ok(
        counter.total({ verb: 'Update', kind: 'configmaps', namespace: ns, name: 'counter', statusCode: 409 }) > 0,
      );
      assert.ok(counter.total({ verb: 'Update', statusCode: 500 }) > 0);
      assert.ok(counter.total({ verb: 'Get', statusCode: 429 }) > 0);
      assert.equal(counter.total({ verb: 'Update', statusCode: 200 }), 10);
    });

    it('creates under 500s and dropped connections make each object exactly once', async () => {
      const c = cluster();
      const client = c.clientThrough(proxy.url, { retry: fastRetry });
      const rules = [
        proxy.addRule({ method: 'POST', fault: { type: 'status', status: 500 }, every: 2 }),
        proxy.addRule({ method: 'POST', fault: { type: 'drop' }, after: 2, every: 5 }),
      ];
      for (let i = 0; i < 6; i += 1) {
        await ensureCreated(client, ns, { metadata: { name: `once-${i}`, labels: { once: 'yes' } } });
      }
      rules.forEach((remove) => remove());
      const listed = await c.admin.list(configMaps, { namespace: ns, labelSelector: 'once=yes' });
      assert.deepEqual(listed.items.map((i) => i.metadata.name).sort(), [
        'once-0',
        'once-1',
        'once-2',
        'once-3',
        'once-4',
        'once-5',
      ]);
    });

    it('a slow answer past the request timeout is retried for reads', async () => {
      const c = cluster();
      const client = c.clientThrough(proxy.url, { retry: fastRetry, requestTimeoutMs: 300 });
      await c.admin.create(configMaps, ns, { metadata: { name: 'slow' } });
      const remove = proxy.addRule({
        method: 'GET',
        path: /\/configmaps\/slow$/,
        fault: { type: 'delay', ms: 1500 },
        times: 1,
      });
      const got = await client.get(configMaps, ns, 'slow');
      remove();
      assert.equal(got.metadata.name, 'slow');
    });
  });
}
