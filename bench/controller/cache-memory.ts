// What the rollout controller's informer caches hold per rollout, without a cluster: the informers
// of `rolloutInformers` (the controller's own, with their transforms and indexes) list N copies of
// the objects of one Healthy benchmarked rollout as the API server sent them (cache-objects.json:
// a Rollout, its ReplicaSet and pod, two Services and a VirtualService, managedFields included,
// taken from `run.ts --scale`), each copy parsed from its own JSON text as a list answer is. The
// figure is V8's heap in use after a full GC, less the same with empty caches: memory the caches
// keep, not the garbage around it (for RSS, run.ts --scale on a cluster).
//   node --expose-gc bench/controller/cache-memory.ts [--sizes 1000,10000] [--untrimmed] [--no-shared-strings] [--metrics]
//   --untrimmed: the factory's default transform off (managedFields kept; pods keep their own), and
//   --no-shared-strings: each object's own copies of its strings (SharedStrings off), for comparison.
//   --updated: then every object comes once more from its watch (MODIFIED, a copy of its own, as
//   after the controller's writes), so the figure holds what an update leaves (keys, indexes).
//   --metrics: the controller's metric series instead of the caches: those the 10,000 run left per
//   rollout at rest (its reconcile histogram, 8 rollout_events_total series, one per Event reason,
//   and 3 of controller_clientset_k8s_request_total), each from label values of its own, as each
//   comes from another pass or another copy of the object.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ListWatchClient } from '../../src/platform/kubernetes/client/interfaces.ts';
import type { ObjectBase } from '../../src/platform/kubernetes/client/objects.ts';
import type { ResourceType } from '../../src/platform/kubernetes/client/resources.ts';
import type { Watch, WatchEnd } from '../../src/platform/kubernetes/client/watch.ts';
import { SharedInformerFactory } from '../../src/platform/kubernetes/informers/informer-factory.ts';
import { rolloutInformers } from '../../src/runtime/kubernetes/controller.ts';
import { createControllerMetrics } from '../../src/runtime/kubernetes/metrics/controller-metrics.ts';
import { istioResources } from '../../src/runtime/kubernetes/resources.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000' },
    untrimmed: { type: 'boolean', default: false },
    'no-shared-strings': { type: 'boolean', default: false },
    updated: { type: 'boolean', default: false },
    metrics: { type: 'boolean', default: false },
  },
});
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  process.stderr.write('bench/controller/cache-memory: run with node --expose-gc\n');
  process.exit(2);
}

type Sample = Record<'rollout' | 'replicaSet' | 'pod' | 'vs' | 'stableService' | 'canaryService', ObjectBase>;
const sample = JSON.parse(readFileSync(new URL('./cache-objects.json', import.meta.url), 'utf8')) as Sample;
/** The sample rollout's name; every copy gets its own (r<i>) in every name, label and host that carries it. */
const SAMPLE_NAME = sample.rollout.metadata.name ?? 'r1';
const kindOf: Record<string, Array<keyof Sample>> = {
  rollouts: ['rollout'],
  replicasets: ['replicaSet'],
  pods: ['pod'],
  services: ['stableService', 'canaryService'],
  virtualservices: ['vs'],
};

/** The sample's pod-template hash; every copy gets its own, as rollouts with other labels have. */
const SAMPLE_HASH = sample.replicaSet.metadata.labels?.['rollouts-pod-template-hash'] ?? '566b6bccbb';

/** The JSON text of copy `index` of `object`: its own names, uids and pod-template hash, as another rollout's would be. */
function copyText(object: ObjectBase, index: number): string {
  const hash = `h${String(index).padStart(9, '0')}`;
  const text = JSON.stringify(object)
    .replace(new RegExp(`\\b${SAMPLE_NAME}\\b`, 'g'), `r${index}`)
    .replaceAll(SAMPLE_HASH, hash);
  // Each uid its own for the copy, and the same in every text of it (an owner's and its reference
  // to it, the object's listed and updated), as the API server's are.
  const suffix = index.toString(16).padStart(12, '0');
  return text.replace(
    /"uid":"([0-9a-f]{8})[0-9a-f-]+"/g,
    (_uid, head: string) => `"uid":"${head}-0000-4000-8000-${suffix}"`,
  );
}

/** The JSON text of copy `index` of `object` as its watch sends it once changed (a later resourceVersion). */
function updatedText(object: ObjectBase, index: number): string {
  return copyText(object, index).replace(/"resourceVersion":"[0-9]+"/, '"resourceVersion":"999999999"');
}

/**
 * Lists `size` copies of the sample's objects of each kind; watches that send nothing, or with
 * `updated` a MODIFIED event for each object (then `updatesSent` counts one more kind).
 */
function listClient(size: number, updated: boolean, updatesSent: () => void): ListWatchClient {
  return {
    listAll: <T extends ObjectBase>(resource: ResourceType) => {
      const keys = kindOf[resource.plural] ?? [];
      const items: T[] = [];
      for (let index = 0; index < size; index++)
        for (const key of keys) items.push(JSON.parse(copyText(sample[key], index)) as T);
      return Promise.resolve({ items, resourceVersion: '1' });
    },
    watch: <T extends ObjectBase>(
      resource: ResourceType,
      _options: unknown,
      onEvent: (event: { type: 'MODIFIED'; object: T }) => void,
    ) => {
      let end: (value: WatchEnd) => void = () => undefined;
      const ended = new Promise<WatchEnd>((resolve) => (end = resolve));
      const watch: Watch = { stop: () => end({ reason: 'stopped' }), ended };
      if (updated)
        setImmediate(() => {
          for (let index = 0; index < size; index++)
            for (const key of kindOf[resource.plural] ?? [])
              onEvent({ type: 'MODIFIED', object: JSON.parse(updatedText(sample[key], index)) as T });
          updatesSent();
        });
      return Promise.resolve(watch);
    },
    // The informers call only list and watch; the client's other methods are never reached here.
  } as unknown as ListWatchClient;
}

function heapUsed(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

async function cachesFor(size: number): Promise<{ bytes: number; stop: () => Promise<void> }> {
  const before = heapUsed();
  let kindsUpdated = 0;
  const informers = new SharedInformerFactory(
    listClient(size, values.updated, () => kindsUpdated++),
    {
      ...(values.untrimmed ? { transform: <T extends ObjectBase>(object: T) => object } : {}),
      ...(values['no-shared-strings'] ? { shareStrings: false } : {}),
    },
  );
  const watched = rolloutInformers(informers, undefined, istioResources('v1beta1'));
  informers.start();
  await informers.waitForCacheSync();
  // Each informer's watch sends its updates; with --updated, wait for those of the kinds listed.
  while (values.updated && kindsUpdated < informers.size) await new Promise((resolve) => setTimeout(resolve, 10));
  const counted = watched.rollouts.store.list().length;
  if (counted !== size) throw new Error(`the rollout cache holds ${counted} rollouts, not ${size}`);
  return { bytes: heapUsed() - before, stop: () => informers.stop() };
}

/** The Event reasons each rollout of the 10,000 run counted, one rollout_events_total series each. */
const EVENT_REASONS = [
  'RolloutAddedToInformer',
  'RolloutUpdated',
  'NewReplicaSetCreated',
  'RolloutNotCompleted',
  'SwitchService',
  'ScalingReplicaSet',
  'RolloutCompleted',
  'TrafficWeightUpdated',
];

/** A string equal to `text` but a copy of its own, as label values parsed from another answer are. */
const copyOf = (text: string): string => [...text].join('');

async function metricsFor(size: number): Promise<{ bytes: number; stop: () => Promise<void> }> {
  const before = heapUsed();
  const metrics = createControllerMetrics({ processMetrics: false });
  for (let index = 0; index < size; index++) {
    const name = `r${index}`;
    metrics.observeReconcile('Rollout', copyOf('bench'), copyOf(name), 120);
    for (const reason of EVENT_REASONS)
      metrics.rolloutEvents.inc({ namespace: copyOf('bench'), name: copyOf(name), type: 'Normal', reason });
    for (const [kind, object] of [
      ['rollouts', name],
      ['services', `${name}-stable`],
      ['services', `${name}-canary`],
    ] as const)
      metrics.observeRequest({
        verb: 'Patch',
        kind,
        namespace: copyOf('bench'),
        name: copyOf(object),
        statusCode: 200,
        durationMs: 5,
      });
  }
  const series =
    metrics.rolloutReconcile.seriesCount + metrics.rolloutEvents.seriesCount + metrics.k8sRequests.seriesCount;
  if (series !== size * 12) throw new Error(`the metrics hold ${series} series, not ${size * 12}`);
  return { bytes: heapUsed() - before, stop: () => Promise.resolve(void metrics) };
}

const sizes = values.sizes
  .split(',')
  .map(Number)
  .filter((size) => size > 0);
console.log(
  values.metrics
    ? 'metric series of the controller: per rollout its reconcile histogram, 8 rollout_events_total and 3 controller_clientset_k8s_request_total series'
    : `caches of rolloutInformers (${[values.untrimmed ? 'untrimmed' : 'trimmed', values['no-shared-strings'] ? 'strings not shared' : 'shared strings', ...(values.updated ? ['every object updated once'] : [])].join(', ')}), one Rollout, ReplicaSet, pod, VirtualService and two Services per rollout`,
);
for (const size of sizes) {
  const { bytes, stop } = await (values.metrics ? metricsFor(size) : cachesFor(size));
  console.log(
    `${String(size).padStart(6)} rollouts: ${(bytes / 2 ** 20).toFixed(1).padStart(7)} MB, ${(bytes / size / 1024).toFixed(1)} KiB per rollout`,
  );
  await stop();
}
