// CPU and allocation per steady pass of the controller's rollout loop (reconcileRollout: observe
// from the caches, the spec check, the engine, no write when nothing changed), over the in-memory
// fake API (src/platform/kubernetes/fake) so that only the pass is measured: a canary Rollout of 3
// replicas with its two Services, brought to Healthy by the controller first, then passed over
// again and again as a resync or a watch event of a ReplicaSet would.
//
//   node --expose-gc bench/controller/rollout-pass.ts [--passes N] [--rounds N]
import { parseArgs } from 'node:util';
import { systemTimers } from '../../src/platform/kubernetes/client/timers.ts';
import { OwnWrites } from '../../src/runtime/rollouts/own-writes.ts';
import { SharedInformerFactory } from '../../src/platform/kubernetes/informers/informer-factory.ts';
import { rolloutInformers } from '../../src/runtime/kubernetes/controller.ts';
import { argoResources, istioResources, workloadResources } from '../../src/runtime/kubernetes/resources.ts';
import { kubeEventRecorder } from '../../src/runtime/kubernetes/rollouts/event-recorder.ts';
import { reconcileRollout, type RolloutMemory } from '../../src/runtime/kubernetes/rollouts/reconcile.ts';
import { RolloutController } from '../../src/runtime/kubernetes/rollouts/rollout-controller.ts';
import { WrittenVersions } from '../../src/runtime/kubernetes/rollouts/written-versions.ts';
import { fakeClient, rolloutManifest } from '../../test/unit/runtime/kubernetes/support/fake-cluster.ts';

const { values } = parseArgs({
  options: { passes: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '5' } },
});
const passes = Number(values.passes);
const rounds = Number(values.rounds);

const client = fakeClient();
for (const service of ['web-stable', 'web-canary'])
  await client.create(workloadResources.services, 'shop', {
    metadata: { name: service },
    spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
  });
await client.create(argoResources.rollouts, 'shop', rolloutManifest('web'));
const informers = new SharedInformerFactory(client, { namespace: 'shop' });
const istio = istioResources('v1beta1');
const events = kubeEventRecorder(client, () => undefined);
const controller = new RolloutController({
  client,
  informers: rolloutInformers(informers, undefined, istio),
  istio,
  events,
  timers: systemTimers,
  workers: 1,
  log: () => undefined,
});
controller.start();
informers.start();
const deadline = Date.now() + 30_000;
for (;;) {
  const rollout = await client.get(argoResources.rollouts, 'shop', 'web');
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

const uid = controller.caches.rollouts.get('shop/web')?.metadata.uid ?? '';
const memory: RolloutMemory = { uid, appliedTraffic: undefined, own: new OwnWrites(64), announced: true };
const deps = {
  client,
  caches: controller.caches,
  istio,
  events,
  written: new WrittenVersions(() => undefined),
  now: Date.now,
  log: () => undefined,
};
const gc = (globalThis as { gc?: () => void }).gc;
const cpu: number[] = [];
const bytes: number[] = [];
for (let i = 0; i < 200; i += 1) await reconcileRollout(deps, 'shop/web', memory);
for (let round = 0; round < rounds; round += 1) {
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = process.cpuUsage();
  for (let i = 0; i < passes; i += 1) await reconcileRollout(deps, 'shop/web', memory);
  const used = process.cpuUsage(started);
  // Without a collection in between, the heap's growth over the round is what the passes allocated (at least).
  bytes.push((process.memoryUsage().heapUsed - heapBefore) / passes);
  cpu.push((used.user + used.system) / passes);
}
await informers.stop();
const median = (list: number[]): number => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? NaN;
console.log(`steady pass of one canary Rollout (median of ${rounds} rounds of ${passes} passes)`);
console.log(`CPU per pass             ${median(cpu).toFixed(1)} µs`);
console.log(
  `heap growth per pass     ${(median(bytes) / 1024).toFixed(1)} KiB${gc ? '' : ' (run with --expose-gc for a clean start)'}`,
);
