// CPU per Event in the controller's Event recorder (src/runtime/kubernetes/rollouts/event-recorder.ts)
// and the writes it sends, for the Events the controller benchmark's rollouts record: each rollout's
// creation and then updates through its steps (setWeight 10, pause, setWeight 50, pause, Istio), 29
// Events per rollout for the first two, 20 for each later update, as
// test/unit/runtime/kubernetes/rollouts/event-parity.test.ts lists them. The API is a writer that
// answers at once, so only the recorder is measured (client-requests.ts measures a request). With
// `--against REV` the recorder of git revision REV runs in the same process, in alternating rounds.
//
//   node bench/controller/event-recorder.ts [--rollouts N] [--updates N] [--rounds N] [--against REV]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    rollouts: { type: 'string', default: '1000' },
    updates: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '5' },
    against: { type: 'string' },
  },
});
const rollouts = Number(values.rollouts);
const updates = Number(values.updates);
const rounds = Number(values.rounds);

interface Event {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}
type Recorder = { record(object: unknown, event: Event, now: number): Promise<void> };
type Factory = (client: unknown, onError: (error: Error) => void) => Recorder;

const e = (reason: string, message: string): Event => ({ type: 'Normal', reason, message });

function creation(app: string, hash: string): Event[] {
  return [
    e('RolloutAddedToInformer', `Rollout resource added to informer: bench/${app}`),
    e('RolloutUpdated', 'Rollout updated to revision 1'),
    e('NewReplicaSetCreated', `Created ReplicaSet ${app}-${hash} (revision 1)`),
    e('RolloutNotCompleted', `Rollout not completed, started update to revision 1 (${hash})`),
    e('SwitchService', `Switched selector for service '${app}-canary' from '' to '${hash}'`),
    e('ScalingReplicaSet', `Scaled up ReplicaSet ${app}-${hash} (revision 1) from 0 to 1`),
    e('RolloutCompleted', `Rollout completed update to revision 1 (${hash}): Initial deploy`),
    e('SwitchService', `Switched selector for service '${app}-stable' from '' to '${hash}'`),
    e('TrafficWeightUpdated', 'Traffic weight updated to 0'),
  ];
}

function update(app: string, revision: number, from: string, to: string): Event[] {
  const rs = `${app}-${to}`;
  const step = (index: number, what: string) =>
    e('RolloutStepCompleted', `Rollout step ${index}/4 completed (${what})`);
  return [
    e('RolloutUpdated', `Rollout updated to revision ${revision}`),
    e('NewReplicaSetCreated', `Created ReplicaSet ${rs} (revision ${revision})`),
    e('RolloutNotCompleted', `Rollout not completed, started update to revision ${revision} (${to})`),
    e('TrafficWeightUpdated', 'Traffic weight updated '),
    e('ScalingReplicaSet', `Scaled up ReplicaSet ${rs} (revision ${revision}) from 0 to 1`),
    e('TrafficWeightUpdated', 'Traffic weight updated from 0 to 10'),
    e('SwitchService', `Switched selector for service '${app}-canary' from '${from}' to '${to}'`),
    step(1, 'setWeight: 10'),
    e('RolloutPaused', 'Rollout is paused (CanaryPauseStep)'),
    step(2, 'pause: 5s'),
    e('RolloutResumed', 'Rollout is resumed'),
    e('TrafficWeightUpdated', 'Traffic weight updated from 10 to 50'),
    step(3, 'setWeight: 50'),
    e('RolloutPaused', 'Rollout is paused (CanaryPauseStep)'),
    step(4, 'pause: 5s'),
    e('RolloutResumed', 'Rollout is resumed'),
    e('TrafficWeightUpdated', 'Traffic weight updated from 50 to 100'),
    e('RolloutCompleted', `Rollout completed update to revision ${revision} (${to}): Completed all 4 canary steps`),
    e('TrafficWeightUpdated', 'Traffic weight updated from 100 to 0'),
    e('SwitchService', `Switched selector for service '${app}-stable' from '${from}' to '${to}'`),
  ];
}

/** Every rollout's Events in the order a run records them: all creations, then each update of every rollout, a second apart. */
function workload(): Array<{ object: unknown; event: Event; at: number }> {
  const out: Array<{ object: unknown; event: Event; at: number }> = [];
  const objects = Array.from({ length: rollouts }, (_, index) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: `r${index}`, namespace: 'bench', uid: `uid-${index}`, resourceVersion: String(index) },
  }));
  const hash = (index: number, revision: number) => `${(index * 7919 + revision * 104729).toString(16)}abc`;
  let at = Date.UTC(2026, 11, 7, 8);
  for (const [index, object] of objects.entries())
    for (const event of creation(object.metadata.name, hash(index, 1))) out.push({ object, event, at });
  for (let revision = 2; revision <= updates + 1; revision++) {
    at += 60_000;
    for (const [index, object] of objects.entries()) {
      const events = update(object.metadata.name, revision, hash(index, revision - 1), hash(index, revision));
      for (const [offset, event] of events.entries()) out.push({ object, event, at: at + offset * 1_000 });
    }
  }
  return out;
}

async function load(dir: string): Promise<Factory> {
  const module = (await import(
    pathToFileURL(path.join(dir, 'src/runtime/kubernetes/rollouts/event-recorder.ts')).href
  )) as {
    kubeEventRecorder: Factory;
  };
  return module.kubeEventRecorder;
}

async function measure(factory: Factory, events: ReturnType<typeof workload>) {
  const counts = { create: 0, patch: 0, errors: 0 };
  const client = {
    create: async (_resource: unknown, _namespace: string, object: { metadata: Record<string, unknown> }) => {
      counts.create += 1;
      return { ...object, metadata: { ...object.metadata, name: object.metadata['name'] ?? `ev-${counts.create}` } };
    },
    patch: async (_resource: unknown, namespace: string, name: string) => {
      counts.patch += 1;
      return { metadata: { name, namespace } };
    },
  };
  const recorder = factory(client, () => (counts.errors += 1));
  const started = process.cpuUsage();
  // One after the other, each awaited as a pass awaits its Events.
  for (const { object, event, at } of events) await recorder.record(object, event, at);
  const used = process.cpuUsage(started);
  return { cpuPerEvent: (used.user + used.system) / events.length, ...counts };
}

const root = path.resolve(import.meta.dirname, '../..');
const trees: Array<{ name: string; factory: Factory }> = [{ name: 'this tree', factory: await load(root) }];
let tmp: string | undefined;
if (values.against) {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'event-recorder-bench-'));
  const archive = execFileSync('git', ['archive', values.against, 'src'], { cwd: root, maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', tmp], { input: archive });
  trees.push({ name: values.against, factory: await load(tmp) });
}
try {
  const events = workload();
  const results = new Map<string, Array<Awaited<ReturnType<typeof measure>>>>();
  for (let round = 0; round < rounds; round++)
    for (const tree of trees) {
      const list = results.get(tree.name) ?? [];
      list.push(await measure(tree.factory, events));
      results.set(tree.name, list);
    }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? NaN;
  console.log(
    `${events.length} Events of ${rollouts} rollouts (creation + ${updates} updates), median of ${rounds} rounds`,
  );
  for (const [name, list] of results) {
    const last = list[list.length - 1];
    console.log(
      `${name.padEnd(12)} CPU per Event ${median(list.map((r) => r.cpuPerEvent)).toFixed(2)} µs   creates ${last?.create}   patches ${last?.patch}   written ${(last?.create ?? 0) + (last?.patch ?? 0)}   errors ${last?.errors}`,
    );
  }
} finally {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}
