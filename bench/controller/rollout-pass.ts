// CPU and allocation per pass of the controller's rollout loop (reconcileRollout: observe from the
// caches, the spec check, the engine, the status write when something changed), over the in-memory
// fake API (src/platform/kubernetes/fake) so that only the pass is measured: a canary Rollout of 3
// replicas with its two Services, brought to Healthy by the controller first, then passed over
// again and again.
//
// - steady: nothing changed, nothing written (a resync, a ReplicaSet's event that changes nothing).
// - acting (`--acting`): before each pass its stable ReplicaSet's available pods go from 3 to 2 or
//   back (a pod turning unready and ready again), so each pass decides a new status and writes it,
//   then waits until the caches show the write (as the next pass would). Counted: the pass itself,
//   with the fake's share of the write (its copies, the watch event into the informer) that happens
//   while the pass awaits it; not the change of the ReplicaSet before it. The part spent in the fake's
//   calls is shown beside it (not the copy it makes of each watch event).
//
// `--istio`: the controller bench's own Rollout instead (bench/controller/fixtures.ts: 1 replica,
// trafficRouting by an Istio VirtualService, four steps), so the router's part of a pass counts.
//
// With `--against REV` the tree of git revision REV (its src and the test support the bench uses) is
// measured in the same run, in alternating rounds, so the two columns share the machine's load.
//
// Allocated per pass is the heap's growth over a round in which no collection ran, so that the
// young generation must hold a whole round: run with a large one (the figure is left out of a
// round a collection interrupted).
//
//   node --expose-gc --min-semi-space-size=64 --max-semi-space-size=64 bench/controller/rollout-pass.ts \
//     [--passes N] [--rounds N] [--acting] [--istio] [--against REV]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { names, objectsFor } from './fixtures.ts';

type Modules = {
  timers: typeof import('../../src/platform/kubernetes/client/timers.ts');
  ownWrites: typeof import('../../src/runtime/rollouts/own-writes.ts');
  informerFactory: typeof import('../../src/platform/kubernetes/informers/informer-factory.ts');
  controller: typeof import('../../src/runtime/kubernetes/controller.ts');
  resources: typeof import('../../src/runtime/kubernetes/resources.ts');
  eventRecorder: typeof import('../../src/runtime/kubernetes/rollouts/event-recorder.ts');
  reconcile: typeof import('../../src/runtime/kubernetes/rollouts/reconcile.ts');
  rolloutController: typeof import('../../src/runtime/kubernetes/rollouts/rollout-controller.ts');
  writtenVersions: typeof import('../../src/runtime/kubernetes/rollouts/written-versions.ts');
  fakeCluster: typeof import('../../test/unit/runtime/kubernetes/support/fake-cluster.ts');
};

const PATHS: Record<keyof Modules, string> = {
  timers: 'src/platform/kubernetes/client/timers.ts',
  ownWrites: 'src/runtime/rollouts/own-writes.ts',
  informerFactory: 'src/platform/kubernetes/informers/informer-factory.ts',
  controller: 'src/runtime/kubernetes/controller.ts',
  resources: 'src/runtime/kubernetes/resources.ts',
  eventRecorder: 'src/runtime/kubernetes/rollouts/event-recorder.ts',
  reconcile: 'src/runtime/kubernetes/rollouts/reconcile.ts',
  rolloutController: 'src/runtime/kubernetes/rollouts/rollout-controller.ts',
  writtenVersions: 'src/runtime/kubernetes/rollouts/written-versions.ts',
  fakeCluster: 'test/unit/runtime/kubernetes/support/fake-cluster.ts',
};

async function load(root: string): Promise<Modules> {
  const entries = await Promise.all(
    Object.entries(PATHS).map(async ([name, file]) => [name, await import(path.join(root, file))] as const),
  );
  return Object.fromEntries(entries) as Modules;
}

interface Measured {
  /** CPU µs per pass. */
  cpu: number;
  /** Of it, µs per pass in the fake API's calls (their synchronous part: the fake's copies of what it stores and returns). */
  fake: number;
  /** Bytes allocated per pass; undefined when a collection ran during the round. */
  bytes: number | undefined;
}

interface Variant {
  name: string;
  round(passes: number, acting: boolean): Promise<Measured>;
  stop(): Promise<void>;
}

const gc = (globalThis as { gc?: () => void }).gc;
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** Collections seen so far (their entries come in after them, on a later turn of the loop). */
let collections = 0;
new PerformanceObserver((list) => (collections += list.getEntries().length)).observe({ entryTypes: ['gc'] });

/** One tree's controller over its own fake API, with a Healthy canary Rollout in namespace shop. */
async function prepare(name: string, m: Modules, withIstio: boolean): Promise<Variant> {
  const { argoResources, istioResources, workloadResources } = m.resources;
  const istio = istioResources('v1beta1');
  const client = m.fakeCluster.fakeClient();
  const app = withIstio ? names(0).app : 'web';
  const key = `shop/${app}`;
  if (withIstio) {
    const resources = {
      services: workloadResources.services,
      virtualServices: istio.virtualServices,
      rollouts: argoResources.rollouts,
    };
    for (const { kind, object } of objectsFor(0)) await client.create(resources[kind], 'shop', object);
  } else {
    for (const service of ['web-stable', 'web-canary'])
      await client.create(workloadResources.services, 'shop', {
        metadata: { name: service },
        spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
      });
    await client.create(argoResources.rollouts, 'shop', m.fakeCluster.rolloutManifest('web'));
  }
  const informers = new m.informerFactory.SharedInformerFactory(client, { namespace: 'shop' });
  const events = m.eventRecorder.kubeEventRecorder(client, () => undefined);
  const controller = new m.rolloutController.RolloutController({
    client,
    informers: m.controller.rolloutInformers(informers, undefined, istio),
    istio,
    events,
    timers: m.timers.systemTimers,
    workers: 1,
    log: () => undefined,
  });
  controller.start();
  informers.start();
  const deadline = Date.now() + 30_000;
  for (;;) {
    const rollout = await client.get(argoResources.rollouts, 'shop', app);
    if (rollout.status?.phase === 'Healthy') break;
    // No kubelet here: the ReplicaSets' pods are ready as soon as they are asked for.
    for (const rs of (await client.list(workloadResources.replicaSets, { namespace: 'shop' })).items) {
      const replicas = rs.spec.replicas ?? 1;
      if (rs.status?.availableReplicas === replicas && rs.status.replicas === replicas) continue;
      await client.patch(workloadResources.replicaSets, 'shop', rs.metadata.name, {
        status: { replicas, readyReplicas: replicas, availableReplicas: replicas, fullyLabeledReplicas: replicas },
      });
    }
    if (Date.now() > deadline) throw new Error(`the rollout did not become Healthy: ${JSON.stringify(rollout.status)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await controller.stop();

  const caches = controller.caches;
  const stable = caches.rollouts.get(key)?.status?.stableRS ?? '';
  const uid = caches.rollouts.get(key)?.metadata.uid ?? '';
  const memory = { uid, appliedTraffic: undefined, own: new m.ownWrites.OwnWrites(64), announced: true };
  const written = new m.writtenVersions.WrittenVersions(() => undefined);
  const deps = { client, caches, istio, events, written, now: Date.now, log: () => undefined };
  const pass = () => m.reconcile.reconcileRollout(deps, key, memory);
  // The fake's calls, timed: an API server's work is not the controller's, but its answer's copies here are made in this process.
  let fakeCpu = 0;
  // Its methods by name, each replaced by a timed call of the same arguments and result.
  const calls = client as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of ['get', 'list', 'create', 'update', 'patch', 'patchStatus', 'delete'] as const) {
    const original = calls[method]?.bind(client);
    if (!original) continue;
    calls[method] = (...args) => {
      const started = process.cpuUsage();
      try {
        return original(...args);
      } finally {
        const used = process.cpuUsage(started);
        fakeCpu += used.user + used.system;
      }
    };
  }
  const replicas = caches.rollouts.get(key)?.spec.replicas ?? 1;
  let available = replicas;
  /** The stable ReplicaSet's available pods toggled, and the caches showing it. */
  const changePods = async (): Promise<void> => {
    available = available === replicas ? replicas - 1 : replicas;
    const updated = await client.patch(workloadResources.replicaSets, 'shop', `${app}-${stable}`, {
      status: { readyReplicas: available, availableReplicas: available },
    });
    while (
      caches.replicaSets.get(`shop/${app}-${stable}`)?.metadata.resourceVersion !== updated.metadata.resourceVersion
    )
      await turn();
  };
  const statusVersion = (): string => caches.rollouts.get(key)?.metadata.resourceVersion ?? '';
  for (let i = 0; i < 200; i += 1) await pass();

  return {
    name,
    async round(passes, acting) {
      gc?.();
      await turn();
      await turn();
      const collectionsBefore = collections;
      let cpu = 0;
      let fake = 0;
      const heapBefore = process.memoryUsage().heapUsed;
      if (!acting) {
        const started = process.cpuUsage();
        for (let i = 0; i < passes; i += 1) await pass();
        const used = process.cpuUsage(started);
        cpu = used.user + used.system;
      } else {
        for (let i = 0; i < passes; i += 1) {
          await changePods();
          const before = statusVersion();
          const fakeBefore = fakeCpu;
          const started = process.cpuUsage();
          await pass();
          while (!written.seen(key, Date.now())) await turn();
          const used = process.cpuUsage(started);
          cpu += used.user + used.system;
          fake += fakeCpu - fakeBefore;
          if (statusVersion() === before) throw new Error(`${name}: an acting pass wrote no status`);
        }
      }
      // Without a collection in between, the heap's growth over the round is what the round allocated.
      const grown = process.memoryUsage().heapUsed - heapBefore;
      await turn();
      await turn();
      return {
        cpu: cpu / passes,
        fake: fake / passes,
        bytes: collections === collectionsBefore ? grown / passes : undefined,
      };
    },
    stop: () => informers.stop(),
  };
}

const { values } = parseArgs({
  options: {
    passes: { type: 'string' },
    rounds: { type: 'string', default: '5' },
    acting: { type: 'boolean', default: false },
    istio: { type: 'boolean', default: false },
    against: { type: 'string' },
  },
});
const acting = values.acting;
const passes = Number(values.passes ?? (acting ? 500 : 2000));
const rounds = Number(values.rounds);
const root = path.resolve(import.meta.dirname, '../..');

const variants: Variant[] = [];
let extracted: string | undefined;
try {
  if (values.against) {
    // Inside the tree, so that the revision's modules find the same node_modules.
    extracted = mkdtempSync(path.join(root, '.rollout-pass-'));
    const archive = execFileSync('git', ['archive', values.against, 'src', 'test/unit/runtime/kubernetes/support'], {
      cwd: root,
      maxBuffer: 1 << 30,
    });
    execFileSync('tar', ['-x', '-C', extracted], { input: archive });
    variants.push(await prepare(values.against, await load(extracted), values.istio));
  }
  variants.push(await prepare('this tree', await load(root), values.istio));
  const results = new Map<string, Measured[]>(variants.map((variant) => [variant.name, []]));
  for (let round = 0; round < rounds; round += 1) {
    for (const variant of variants) results.get(variant.name)?.push(await variant.round(passes, acting));
  }
  for (const variant of variants) await variant.stop();

  const median = (list: number[]): number => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? NaN;
  console.log(
    `${acting ? 'acting' : 'steady'} pass of one canary Rollout${values.istio ? ' routed by Istio' : ''} (median of ${rounds} rounds of ${passes} passes)${gc ? '' : ' (run with --expose-gc for a clean start of each round)'}`,
  );
  for (const [name, measured] of results) {
    const cpu = median(measured.map((entry) => entry.cpu)).toFixed(1);
    const clean = measured.flatMap((entry) => (entry.bytes === undefined ? [] : [entry.bytes]));
    const allocated =
      clean.length === 0
        ? 'not measured: a collection ran in every round (give the young generation room: see above)'
        : `${(median(clean) / 1024).toFixed(1)} KiB (median of the ${clean.length} rounds without a collection)`;
    const fake = acting
      ? ` (${median(measured.map((entry) => entry.fake)).toFixed(1)} µs in the fake API's calls, ${median(measured.map((entry) => entry.cpu - entry.fake)).toFixed(1)} µs outside them)`
      : '';
    console.log(`${name.padEnd(12)} CPU per pass ${cpu.padStart(7)} µs${fake}   allocated per pass ${allocated}`);
  }
} finally {
  if (extracted) rmSync(extracted, { recursive: true, force: true });
}
