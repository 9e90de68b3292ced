// How long the controller takes to bring N new canary Rollouts to Healthy when the API server is slow
// to write Events (each Event write answered after --event-ms, every other request at once): the
// controller as src/runtime/kubernetes/controller.ts wires it, over the in-memory fake API, the
// ReplicaSets' pods available as soon as asked for. A pass that waits behind other rollouts' Events
// shows here as time. With `--against REV` the same run is made with the tree of git revision REV
// (in a child process), one after the other.
//
//   node bench/controller/event-backlog.ts [--rollouts N] [--event-ms MS] [--against REV]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { KubeObject } from '../../src/platform/kubernetes/client/objects.ts';
import type { ResourceType } from '../../src/platform/kubernetes/client/resources.ts';
import { systemTimers } from '../../src/platform/kubernetes/client/timers.ts';
import { SharedInformerFactory } from '../../src/platform/kubernetes/informers/informer-factory.ts';
import { rolloutInformers } from '../../src/runtime/kubernetes/controller.ts';
import { argoResources, istioResources, workloadResources } from '../../src/runtime/kubernetes/resources.ts';
import { kubeEventRecorder, type EventWriter } from '../../src/runtime/kubernetes/rollouts/event-recorder.ts';
import { RolloutController } from '../../src/runtime/kubernetes/rollouts/rollout-controller.ts';
import { fakeClient, rolloutManifest } from '../../test/unit/runtime/kubernetes/support/fake-cluster.ts';

const { values } = parseArgs({
  options: {
    rollouts: { type: 'string', default: '50' },
    'event-ms': { type: 'string', default: '20' },
    against: { type: 'string' },
    label: { type: 'string', default: 'this tree' },
  },
});
const count = Number(values.rollouts);
const eventMs = Number(values['event-ms']);

if (values.against) {
  const root = path.resolve(import.meta.dirname, '../..');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'event-backlog-bench-'));
  try {
    const archive = execFileSync('git', ['archive', values.against, 'src', 'test/unit/runtime/kubernetes/support'], {
      cwd: root,
      maxBuffer: 1 << 30,
    });
    execFileSync('tar', ['-x', '-C', tmp], { input: archive });
    execFileSync('mkdir', ['-p', path.join(tmp, 'bench/controller')]);
    execFileSync('cp', [import.meta.filename, path.join(tmp, 'bench/controller/')]);
    execFileSync('ln', ['-s', path.join(root, 'node_modules'), path.join(tmp, 'node_modules')]);
    execFileSync('cp', [path.join(root, 'package.json'), tmp]);
    const args = ['--rollouts', String(count), '--event-ms', String(eventMs)];
    for (const [dir, label] of [
      [root, 'this tree'],
      [tmp, values.against],
    ] as const) {
      const run = spawnSync(
        process.execPath,
        [path.join(dir, 'bench/controller/event-backlog.ts'), ...args, '--label', label],
        {
          stdio: 'inherit',
        },
      );
      if (run.status !== 0) process.exit(run.status ?? 1);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(0);
}

const client = fakeClient();
const delayed = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, eventMs));
let eventWrites = 0;
const events: EventWriter = {
  create: async (resource: ResourceType, namespace: string, object: KubeObject) => {
    eventWrites += 1;
    await delayed();
    return client.create(resource, namespace, object);
  },
  patch: async (resource: ResourceType, namespace: string, name: string, patch: unknown) => {
    eventWrites += 1;
    await delayed();
    return client.patch(resource, namespace, name, patch);
  },
} as EventWriter;

for (let index = 0; index < count; index++) {
  const name = `r${index}`;
  for (const service of [`${name}-stable`, `${name}-canary`])
    await client.create(workloadResources.services, 'bench', {
      metadata: { name: service },
      spec: { selector: { app: name }, ports: [{ port: 80 }] },
    });
  await client.create(argoResources.rollouts, 'bench', rolloutManifest(name, 'bench'));
}
const informers = new SharedInformerFactory(client, { namespace: 'bench' });
const istio = istioResources('v1beta1');
const controller = new RolloutController({
  client,
  informers: rolloutInformers(informers, undefined, istio),
  istio,
  events: kubeEventRecorder(events, () => undefined),
  timers: systemTimers,
  log: () => undefined,
});
const started = performance.now();
controller.start();
informers.start();
const deadline = Date.now() + 120_000;
for (;;) {
  // No kubelet here: the ReplicaSets' pods are available as soon as they are asked for.
  for (const rs of (await client.list(workloadResources.replicaSets, { namespace: 'bench' })).items) {
    const replicas = rs.spec.replicas ?? 1;
    if (rs.status?.availableReplicas === replicas && rs.status.replicas === replicas) continue;
    await client.patch(workloadResources.replicaSets, 'bench', rs.metadata.name, {
      status: { replicas, readyReplicas: replicas, availableReplicas: replicas, fullyLabeledReplicas: replicas },
    });
  }
  const rollouts = (await client.list(argoResources.rollouts, { namespace: 'bench' })).items;
  if (rollouts.every((rollout) => rollout.status?.phase === 'Healthy')) break;
  if (Date.now() > deadline) throw new Error('the rollouts did not all become Healthy within 2 minutes');
  await new Promise((resolve) => setTimeout(resolve, 10));
}
const elapsed = performance.now() - started;
await controller.stop();
await informers.stop();
console.log(
  `${values.label.padEnd(12)} ${count} rollouts Healthy in ${(elapsed / 1000).toFixed(2)} s; Event writes of ${eventMs} ms each, ${eventWrites} sent by then`,
);
process.exit(0);
