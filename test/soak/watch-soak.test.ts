// Soak: a controller-like process (informers on several kinds) against the real API server behind
// a proxy that cuts every watch every few seconds, while objects churn. Open file descriptors and
// the heap (after a full GC) are sampled over time; after a warm-up they must not trend upward,
// every cache must converge on the server's list, and no socket may be left open at the end.
// Bounded for CI: SLUICE_SOAK_SECONDS (default 60).
import assert from 'node:assert/strict';
import process from 'node:process';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { KubeClient } from '../../src/platform/kubernetes/client/client.ts';
import type { KubeObject } from '../../src/platform/kubernetes/client/objects.ts';
import { coreResources, type ResourceType } from '../../src/platform/kubernetes/client/resources.ts';
import { argoResources } from '../../src/runtime/kubernetes/resources.ts';
import { SharedInformerFactory } from '../../src/platform/kubernetes/informers/informer-factory.ts';
import { openFileDescriptors } from '../../src/runtime/kubernetes/metrics/process-collector.ts';
import { startControlPlane } from '../controlplane/control-plane.ts';
import { pollUntil } from '../controlplane/poll.ts';
import { startFaultyProxy, type FaultyProxy } from '../support/faulty-proxy.ts';
import {
  binaries,
  clusterOf,
  namespaceManifest,
  skipWithoutControlPlane,
  type Cluster,
} from '../integration/kubernetes/client/control-plane-harness.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const NS = 'soak';
const SECONDS = Number(process.env['SLUICE_SOAK_SECONDS'] ?? 60);
const SAMPLE_EVERY_MS = 5000;
const DROP_EVERY_MS = 3000;
const WARM_UP_SAMPLES = 2;
const FD_SLACK = 6;
const HEAP_GROWTH_LIMIT_MB = 12;

interface SampleRow {
  seconds: number;
  fds: number;
  heapMb: number;
  sockets: number;
  watchesDropped: number;
}

const kinds: Array<{ resource: ResourceType; make: (i: number) => KubeObject }> = [
  {
    resource: coreResources.configMaps,
    make: (i) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `cm-${i}`, namespace: NS },
      data: { value: String(i) },
    }),
  },
  {
    resource: coreResources.secrets,
    make: (i) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `s-${i}`, namespace: NS },
      stringData: { value: String(i) },
    }),
  },
  {
    resource: coreResources.services,
    make: (i) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `svc-${i}`, namespace: NS },
      spec: { ports: [{ port: 80 + (i % 10) }] },
    }),
  },
  {
    resource: argoResources.analysisRuns,
    make: (i) => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisRun',
      metadata: { name: `run-${i}`, namespace: NS },
      spec: { metrics: [{ name: 'm', provider: { web: { url: `http://127.0.0.1/${i}` } } }] },
    }),
  },
];

/** Creates, updates and deletes objects of every kind, round after round, until `signal` aborts. */
async function churn(client: KubeClient, signal: AbortSignal): Promise<number> {
  let round = 0;
  while (!signal.aborted) {
    await Promise.all(
      kinds.map(async ({ resource, make }) => {
        const i = round % 20;
        const object = make(i);
        try {
          await client.create(resource, NS, object);
        } catch {
          await client.delete(resource, NS, object.metadata.name ?? '').catch(() => undefined);
        }
        await client
          .patch(resource, NS, make((i + 7) % 20).metadata.name ?? '', {
            metadata: { labels: { round: String(round) } },
          })
          .catch(() => undefined);
      }),
    );
    round += 1;
  }
  return round;
}

describe('soak: informers under dropped watches and churn', {
  skip: skipWithoutControlPlane,
  timeout: (SECONDS + 240) * 1000,
}, () => {
  let cluster: Cluster | undefined;
  let proxy: FaultyProxy | undefined;

  before(async () => {
    if (!binaries.found) throw new Error(`CI=true and ${binaries.reason}`);
    cluster = clusterOf(await startControlPlane({ binDir: binaries.binDir }));
    await cluster.admin.create(coreResources.namespaces, '', namespaceManifest(NS));
    proxy = await startFaultyProxy({ target: cluster.cp.server, ca: Buffer.from(cluster.cp.caData, 'base64') });
  });

  after(async () => {
    await proxy?.close();
    cluster?.close();
    await cluster?.cp.stop();
  });

  it(`keeps file descriptors and heap flat for ${SECONDS} s, caches converge, and no socket is left`, async () => {
    const { admin, clientThrough } = cluster!;
    const watcherClient = clientThrough(proxy!.url);
    const factory = new SharedInformerFactory(watcherClient, { namespace: NS, minWatchTimeoutSeconds: 30 });
    const informers = kinds.map(({ resource }) => factory.informerFor<KubeObject>(resource));
    let handled = 0;
    for (const informer of informers)
      informer.addEventHandler({ onAdd: () => handled++, onUpdate: () => handled++, onDelete: () => handled++ });
    factory.start();
    assert.ok(await factory.waitForCacheSync(AbortSignal.timeout(30_000)));

    const stopChurn = new AbortController();
    const churning = churn(admin, stopChurn.signal);
    const samples: SampleRow[] = [];
    let dropped = 0;
    const startedAt = Date.now();
    const dropper = setInterval(() => {
      dropped += proxy!.dropWatches();
    }, DROP_EVERY_MS);
    try {
      for (let next = startedAt; next - startedAt <= SECONDS * 1000; next += SAMPLE_EVERY_MS) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
        gc();
        samples.push({
          seconds: Math.round((Date.now() - startedAt) / 1000),
          fds: openFileDescriptors() ?? -1,
          heapMb: Math.round((process.memoryUsage().heapUsed / 1e6) * 10) / 10,
          sockets: watcherClient.openSockets,
          watchesDropped: dropped,
        });
      }
    } finally {
      clearInterval(dropper);
      stopChurn.abort();
    }
    const rounds = await churning;
    process.stdout.write(`# soak: ${rounds} churn rounds, ${handled} events handled, ${dropped} watches dropped\n`);
    for (const row of samples)
      process.stdout.write(
        `# t=${row.seconds}s fds=${row.fds} heapMB=${row.heapMb} sockets=${row.sockets} dropped=${row.watchesDropped}\n`,
      );

    // Every cache converges on what the server holds.
    for (const [index, { resource }] of kinds.entries()) {
      await pollUntil(
        async () => {
          const listed = (await admin.list<KubeObject>(resource, { namespace: NS })).items
            .map((object) => `${object.metadata.name}@${object.metadata.resourceVersion}`)
            .sort();
          const cached = informers[index]!.store.list()
            .map((object) => `${object.metadata.name}@${object.metadata.resourceVersion}`)
            .sort();
          return JSON.stringify(listed) === JSON.stringify(cached);
        },
        { what: `the ${resource.plural} cache to match the server`, timeoutMs: 30_000 },
      );
    }

    assert.ok(dropped >= Math.floor((SECONDS * 1000) / DROP_EVERY_MS / 2), `watches were dropped (${dropped})`);
    const steady = samples.slice(WARM_UP_SAMPLES);
    const baseline = steady[0]!;
    const last = steady[steady.length - 1]!;
    const maxFds = Math.max(...steady.map((row) => row.fds));
    assert.ok(maxFds <= baseline.fds + FD_SLACK, `open fds grew from ${baseline.fds} to ${maxFds}`);
    assert.ok(
      last.heapMb - baseline.heapMb <= HEAP_GROWTH_LIMIT_MB,
      `heap grew from ${baseline.heapMb} MB to ${last.heapMb} MB`,
    );
    // No upward trend: the second half's median is not above the first half's by more than the slack.
    const half = Math.floor(steady.length / 2);
    const median = (rows: SampleRow[], pick: (row: SampleRow) => number) =>
      [...rows.map(pick)].sort((a, b) => a - b)[Math.floor(rows.length / 2)] ?? 0;
    assert.ok(
      median(steady.slice(half), (row) => row.heapMb) - median(steady.slice(0, half), (row) => row.heapMb) <=
        HEAP_GROWTH_LIMIT_MB / 2,
      'heap trends upward',
    );

    await factory.stop();
    await pollUntil(() => proxy!.openWatches === 0, {
      what: 'every watch stream to be closed after stop',
      timeoutMs: 5000,
      intervalMs: 50,
    });
    watcherClient.close();
    assert.equal(watcherClient.openSockets, 0, 'no socket is left once the client is closed');
  });
});
