// The Event recorder against what client-go's recorder (tools/record: EventCorrelator, recordToSink)
// does with the same Events: repeats patched, similar ones combined, 25 per object, one write at a
// time from a bounded queue, transient failures tried again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AlreadyExistsError,
  ForbiddenError,
  KubeConnectionError,
  NotFoundError,
} from '../../../../../src/platform/kubernetes/client/errors.ts';
import type { KubeObject, Stored } from '../../../../../src/platform/kubernetes/client/objects.ts';
import type { ResourceType } from '../../../../../src/platform/kubernetes/client/resources.ts';
import {
  COMBINED_PREFIX,
  kubeEventRecorder,
  type EventWriter,
} from '../../../../../src/runtime/kubernetes/rollouts/event-recorder.ts';

interface Call {
  verb: 'create' | 'patch';
  name: string;
  body: Record<string, unknown>;
}

/**
 * Records the writes as an API server takes them: an Event is created under the name it carries;
 * `missing` names answer 404 on patch; `failures` are thrown by the next writes, one each.
 */
function fakeWriter(missing: Set<string> = new Set(), failures: Error[] = []): { writer: EventWriter; calls: Call[] } {
  const calls: Call[] = [];
  const writer = {
    create: async (_resource: ResourceType, _namespace: string, object: KubeObject) => {
      const failure = failures.shift();
      if (failure) throw failure;
      const name = String(object.metadata?.name);
      calls.push({ verb: 'create', name, body: object as Record<string, unknown> });
      return object;
    },
    patch: async (_resource: ResourceType, namespace: string, name: string, patch: unknown) => {
      const failure = failures.shift();
      if (failure) throw failure;
      if (missing.has(name)) {
        missing.delete(name);
        throw new NotFoundError(404, { message: `events "${name}" not found`, reason: 'NotFound' });
      }
      calls.push({ verb: 'patch', name, body: patch as Record<string, unknown> });
      return { metadata: { name, namespace } };
    },
  } as EventWriter;
  return { writer, calls };
}

const rollout = (name: string, uid = `uid-${name}`): Stored<KubeObject> => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name, namespace: 'ns', uid, resourceVersion: '1' },
  spec: { replicas: 3 },
  status: { phase: 'Paused' },
});
const paused = { type: 'Normal' as const, reason: 'RolloutPaused', message: 'Rollout is paused (CanaryPauseStep)' };
const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const verbs = (calls: Call[]) => calls.map((call) => call.verb);

test("an Event's body is client-go's: a name of its own, the object's reference, source, timestamps, count 1", async () => {
  const { writer, calls } = fakeWriter();
  const recorder = kubeEventRecorder(writer, (error) => assert.fail(error));
  await recorder.record(rollout('web'), paused, t0);
  const body = calls[0]?.body;
  assert.ok(body);
  assert.match(String((body['metadata'] as { name: string }).name), /^web\.[0-9a-f]+$/);
  assert.deepEqual(body, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: (body['metadata'] as { name: string }).name, namespace: 'ns' },
    involvedObject: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      name: 'web',
      namespace: 'ns',
      uid: 'uid-web',
      resourceVersion: '1',
    },
    reason: 'RolloutPaused',
    message: 'Rollout is paused (CanaryPauseStep)',
    type: 'Normal',
    source: { component: 'rollouts-controller' },
    reportingComponent: 'rollouts-controller',
    firstTimestamp: '2026-01-01T12:00:00Z',
    lastTimestamp: '2026-01-01T12:00:00Z',
    count: 1,
  });
});

test('a repeat patches count, lastTimestamp and message of the first Event', async () => {
  const { writer, calls } = fakeWriter();
  const recorder = kubeEventRecorder(writer, (error) => assert.fail(error));
  await recorder.record(rollout('web'), paused, t0);
  await recorder.record(rollout('web'), paused, t0 + 1_000);
  await recorder.record(rollout('web'), paused, t0 + 2_000);
  const name = calls[0]?.name;
  assert.deepEqual(
    calls.map((call) => [call.verb, call.name]),
    [
      ['create', name],
      ['patch', name],
      ['patch', name],
    ],
  );
  assert.deepEqual(calls[2]?.body, { count: 3, lastTimestamp: '2026-01-01T12:00:02Z', message: paused.message });
});

const distinct: Array<{ what: string; second: [Stored<KubeObject>, typeof paused] }> = [
  { what: 'another object', second: [rollout('api'), paused] },
  { what: 'the same name with another uid', second: [rollout('web', 'uid-2'), paused] },
  { what: 'another reason', second: [rollout('web'), { ...paused, reason: 'RolloutResumed' }] },
  { what: 'another message', second: [rollout('web'), { ...paused, message: 'Rollout is paused (BlueGreenPause)' }] },
  { what: 'another type', second: [rollout('web'), { ...paused, type: 'Warning' as never }] },
];

for (const { what, second } of distinct) {
  test(`${what} gets its own Event`, async () => {
    const { writer, calls } = fakeWriter();
    const recorder = kubeEventRecorder(writer, (error) => assert.fail(error));
    await recorder.record(rollout('web'), paused, t0);
    await recorder.record(second[0], second[1], t0 + 1_000);
    assert.deepEqual(verbs(calls), ['create', 'create']);
    assert.notEqual(calls[0]?.name, calls[1]?.name);
  });
}

test('a repeat long after still patches its Event while the series is remembered (client-go has no window for repeats)', async () => {
  const { writer, calls } = fakeWriter();
  const recorder = kubeEventRecorder(writer, (error) => assert.fail(error));
  await recorder.record(rollout('web'), paused, t0);
  await recorder.record(rollout('web'), paused, t0 + 3 * 3_600_000);
  assert.deepEqual(verbs(calls), ['create', 'patch']);
  assert.deepEqual(calls[1]?.body, { count: 2, lastTimestamp: '2026-01-01T15:00:00Z', message: paused.message });
});

test('an Event deleted meanwhile is created again with its count, not reported', async () => {
  const { writer, calls } = fakeWriter();
  const errors: Error[] = [];
  const recorder = kubeEventRecorder(writer, (error) => errors.push(error));
  await recorder.record(rollout('web'), paused, t0);
  const name = calls[0]?.name ?? '';
  const { writer: expiring, calls: later } = fakeWriter(new Set([name]));
  Object.assign(writer, expiring);
  await recorder.record(rollout('web'), paused, t0 + 1_000);
  await recorder.record(rollout('web'), paused, t0 + 2_000);
  assert.deepEqual(
    later.map((call) => [call.verb, call.name]),
    [
      ['create', name],
      ['patch', name],
    ],
  );
  assert.equal(later[0]?.body['count'], 2);
  assert.equal(later[0]?.body['firstTimestamp'], '2026-01-01T12:00:00Z');
  assert.deepEqual(errors, []);
});

test('the series cache is bounded: the least recently seen key is forgotten first', async () => {
  const { writer, calls } = fakeWriter();
  const recorder = kubeEventRecorder(writer, (error) => assert.fail(error), { cacheSize: 2 });
  await recorder.record(rollout('a'), paused, t0);
  await recorder.record(rollout('b'), paused, t0);
  await recorder.record(rollout('a'), paused, t0 + 1);
  await recorder.record(rollout('c'), paused, t0 + 2);
  await recorder.record(rollout('a'), paused, t0 + 3);
  await recorder.record(rollout('b'), paused, t0 + 4);
  assert.deepEqual(
    calls.map((call) => `${call.verb} ${call.body['message'] === undefined ? '' : ''}${call.name.split('.')[0]}`),
    ['create a', 'create b', 'patch a', 'create c', 'patch a', 'create b'],
  );
});

test('from the 10th different message of one reason within 10 minutes, the Events are combined into one', async () => {
  const { writer, calls } = fakeWriter();
  const recorder = kubeEventRecorder(writer, (error) => assert.fail(error));
  const weight = (index: number) => ({
    type: 'Normal' as const,
    reason: 'TrafficWeightUpdated',
    message: `Traffic weight updated from ${index} to ${index + 1}`,
  });
  for (let index = 0; index < 12; index++) await recorder.record(rollout('web'), weight(index), t0 + index * 1_000);
  assert.deepEqual(verbs(calls), [...Array<string>(10).fill('create'), 'patch', 'patch']);
  const combined = calls[9];
  assert.equal(combined?.body['message'], `${COMBINED_PREFIX}Traffic weight updated from 9 to 10`);
  assert.equal(calls[10]?.name, combined?.name);
  assert.deepEqual(calls[11]?.body, {
    count: 3,
    lastTimestamp: '2026-01-01T12:00:11Z',
    message: `${COMBINED_PREFIX}Traffic weight updated from 11 to 12`,
  });
  // Another reason, and the same reason more than 10 minutes after the last, start afresh.
  await recorder.record(rollout('web'), paused, t0 + 12_000);
  await recorder.record(rollout('web'), weight(50), t0 + 11_000 + 10 * 60_000 + 1);
  assert.equal(calls[12]?.body['message'], paused.message);
  assert.equal(calls[13]?.body['message'], 'Traffic weight updated from 50 to 51');
});

test('a failed write is reported, never thrown', async () => {
  const writer = {
    create: async () => Promise.reject(new Error('forbidden')),
    patch: async () => Promise.reject(new Error('forbidden')),
  } as EventWriter;
  const errors: string[] = [];
  const recorder = kubeEventRecorder(writer, (error) => errors.push(error.message));
  await recorder.record(rollout('web'), paused, t0);
  assert.deepEqual(errors, ['could not record event RolloutPaused for Rollout ns/web: forbidden']);
});

/** A writer whose creates wait until released, one release per create. */
function heldWriter(): {
  writer: EventWriter;
  order: string[];
  bodies: KubeObject[];
  most: () => number;
  release: () => void;
} {
  let inFlight = 0;
  let most = 0;
  const order: string[] = [];
  const bodies: KubeObject[] = [];
  const releases: Array<() => void> = [];
  const writer = {
    create: async (_resource: ResourceType, _namespace: string, object: KubeObject) => {
      inFlight++;
      most = Math.max(most, inFlight);
      order.push(String(object['message']));
      bodies.push(object);
      await new Promise<void>((resolve) => releases.push(resolve));
      inFlight--;
      return { ...object, metadata: { ...object.metadata, name: `ev-${order.length}` } };
    },
  } as EventWriter;
  return { writer, order, bodies, most: () => most, release: () => releases.shift()?.() };
}

const settle = (): Promise<unknown> => new Promise((resolve) => setImmediate(resolve));

test('one Event write at a time, in the order recorded', async () => {
  const held = heldWriter();
  const recorder = kubeEventRecorder(held.writer, (error) => assert.fail(error));
  const records = Array.from({ length: 4 }, (_, index) =>
    recorder.record(rollout(`web-${index}`), { ...paused, message: `m${index}` }, t0),
  );
  await settle();
  assert.deepEqual(held.order, ['m0'], 'the first write started, the others wait');
  for (let released = 0; released < 4; released++) {
    held.release();
    await settle();
  }
  await Promise.all(records);
  assert.equal(held.most(), 1);
  assert.deepEqual(held.order, ['m0', 'm1', 'm2', 'm3']);
});

test('an Event recorded while maxQueued wait is dropped and reported to onDrop', async () => {
  const held = heldWriter();
  const drops: string[] = [];
  const recorder = kubeEventRecorder(held.writer, (error) => assert.fail(error), {
    maxQueued: 2,
    onDrop: (object, event, cause) => drops.push(`${object.metadata.name} ${event.message} ${cause}`),
  });
  const records = Array.from({ length: 4 }, (_, index) =>
    recorder.record(rollout(`web-${index}`), { ...paused, message: `m${index}` }, t0),
  );
  await settle();
  assert.deepEqual(drops, ['web-3 m3 queue full'], 'one write in flight, two queued, the fourth dropped');
  for (let released = 0; released < 3; released++) {
    held.release();
    await settle();
  }
  await Promise.all(records);
  assert.deepEqual(held.order, ['m0', 'm1', 'm2']);
});

test('per object, 25 Events at once and then one more every 5 minutes; other objects unaffected', async () => {
  const { writer, calls } = fakeWriter();
  const drops: string[] = [];
  const recorded: string[] = [];
  const recorder = kubeEventRecorder(writer, (error) => assert.fail(error), {
    aggregateMax: 100,
    onRecord: (_object, event) => recorded.push(event.message),
    onDrop: (object, event, cause) => drops.push(`${object.metadata.name} ${event.message} ${cause}`),
  });
  for (let index = 0; index < 27; index++)
    await recorder.record(rollout('web'), { ...paused, message: `m${index}` }, t0 + index);
  assert.equal(calls.length, 25);
  assert.deepEqual(drops, ['web m25 too many for one object', 'web m26 too many for one object']);
  assert.equal(recorded.length, 27, 'onRecord hears every Event, the dropped ones too');

  await recorder.record(rollout('api'), paused, t0 + 30);
  assert.equal(calls.length, 26, 'another object has a bucket of its own');

  await recorder.record(rollout('web'), { ...paused, message: 'after 4 minutes' }, t0 + 4 * 60_000);
  await recorder.record(rollout('web'), { ...paused, message: 'after 5 minutes' }, t0 + 5 * 60_000 + 30);
  await recorder.record(rollout('web'), { ...paused, message: 'again at once' }, t0 + 5 * 60_000 + 31);
  assert.deepEqual(
    calls.slice(26).map((call) => call.body['message']),
    ['after 5 minutes'],
  );
  assert.deepEqual(drops.slice(2), [
    'web after 4 minutes too many for one object',
    'web again at once too many for one object',
  ]);
});

test('repeats dropped as too many still count: the next write carries the full count', async () => {
  const { writer, calls } = fakeWriter();
  const recorder = kubeEventRecorder(writer, (error) => assert.fail(error), { spamBurst: 2 });
  for (let index = 0; index < 4; index++) await recorder.record(rollout('web'), paused, t0 + index);
  assert.deepEqual(verbs(calls), ['create', 'patch']);
  await recorder.record(rollout('web'), paused, t0 + 5 * 60_000 + 3);
  assert.deepEqual(calls[2]?.body['count'], 5);
});

test('a transient failure is tried again, while the queue goes on; a lasting one is reported after the retries', async () => {
  const refused = () => new KubeConnectionError('connect ECONNREFUSED 127.0.0.1:6443', { code: 'ECONNREFUSED' });
  const { writer, calls } = fakeWriter(new Set(), [refused()]);
  const errors: string[] = [];
  const recorder = kubeEventRecorder(writer, (error) => errors.push(error.message), { retryDelayMs: 5 });
  await recorder.record(rollout('web'), paused, t0);
  await recorder.record(rollout('api'), paused, t0);
  assert.deepEqual(
    calls.map((call) => call.name.split('.')[0]),
    ['api'],
    'the other object is written while the first waits to be tried again',
  );
  await waitFor(() => calls.length === 2);
  assert.equal(calls[1]?.name.split('.')[0], 'web');
  assert.deepEqual(errors, []);

  const { writer: down } = fakeWriter(new Set(), [refused(), refused(), refused()]);
  const reported: string[] = [];
  const failing = kubeEventRecorder(down, (error) => reported.push(error.message), { retryDelayMs: 5 });
  await failing.record(rollout('web'), paused, t0);
  await waitFor(() => reported.length === 1);
  assert.match(reported[0] ?? '', /^could not record event RolloutPaused for Rollout ns\/web: .*ECONNREFUSED/);
});

test('a refusal (403) is reported at once, not tried again; a create that exists already counts as written', async () => {
  const forbidden = new ForbiddenError(403, { message: 'events is forbidden', reason: 'Forbidden' });
  const exists = new AlreadyExistsError(409, { message: 'already exists', reason: 'AlreadyExists' });
  const { writer, calls } = fakeWriter(new Set(), [forbidden, exists]);
  const errors: string[] = [];
  const recorder = kubeEventRecorder(writer, (error) => errors.push(error.message), { retryDelayMs: 5 });
  await recorder.record(rollout('web'), paused, t0);
  await recorder.record(rollout('api'), paused, t0);
  await recorder.record(rollout('api'), paused, t0 + 1);
  assert.deepEqual(errors, ['could not record event RolloutPaused for Rollout ns/web: events is forbidden']);
  assert.deepEqual(verbs(calls), ['patch'], 'the second Event of api patches the one its lost answer created');
});

test('a caller waits for its own Events only: never behind other objects already waiting', async () => {
  const held = heldWriter();
  const recorder = kubeEventRecorder(held.writer, (error) => assert.fail(error));
  let firstDone = false;
  let ownDone = false;
  void recorder.record(rollout('a'), paused, t0).then(() => (firstDone = true));
  void recorder.record(rollout('a'), { ...paused, reason: 'RolloutResumed' }, t0).then(() => (ownDone = true));
  let otherDone = false;
  void recorder.record(rollout('b'), paused, t0).then(() => (otherDone = true));
  await settle();
  assert.equal(otherDone, true, "b's record resolved at once: a's Events were waiting before it");
  assert.equal(firstDone || ownDone, false, "a's records wait for their writes (nothing else was queued)");
  held.release();
  await settle();
  assert.equal(firstDone, true);
  held.release();
  held.release();
  await settle();
  assert.equal(ownDone, true);
  assert.deepEqual(held.order, [paused.message, paused.message, paused.message]);
});

test('nothing of the object is kept while its Event waits, but its reference', async () => {
  const held = heldWriter();
  const recorder = kubeEventRecorder(held.writer, (error) => assert.fail(error));
  const big = { ...rollout('web'), spec: { template: { huge: 'x'.repeat(1000) } } };
  void recorder.record(rollout('a'), paused, t0);
  void recorder.record(big, paused, t0);
  await settle();
  held.release();
  await settle();
  const body = held.bodies[1];
  assert.ok(body);
  assert.equal(JSON.stringify(body).includes('xxxx'), false);
  held.release();
});

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the condition did not hold within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('a retry that a newer write of its series passed is dropped: the count and time never go back', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const failures: Error[] = [];
  const { writer, calls } = fakeWriter(new Set(), failures);
  const recorder = kubeEventRecorder(writer, () => {}, { retryDelayMs: 100 });
  await recorder.record(rollout('web'), paused, t0);
  failures.push(new KubeConnectionError('connect ECONNREFUSED 127.0.0.1:6443', { code: 'ECONNREFUSED' }));
  await recorder.record(rollout('web'), paused, t0 + 1000);
  await recorder.record(rollout('web'), paused, t0 + 2000);
  t.mock.timers.tick(100);
  // Written after the retry of count 2 (one queue, in order): by then that retry was tried or dropped.
  await recorder.record(rollout('web'), paused, t0 + 3000);
  const patches = calls.filter((call) => call.verb === 'patch');
  assert.deepEqual(
    patches.map((call) => [call.body['count'], call.body['lastTimestamp']]),
    [
      [3, '2026-01-01T12:00:02Z'],
      [4, '2026-01-01T12:00:03Z'],
    ],
  );
});
