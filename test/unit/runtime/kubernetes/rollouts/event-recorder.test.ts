import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotFoundError } from '../../../../../src/platform/kubernetes/client/errors.ts';
import type { KubeObject, Stored } from '../../../../../src/platform/kubernetes/client/objects.ts';
import type { ResourceType } from '../../../../../src/platform/kubernetes/client/resources.ts';
import { kubeEventRecorder, type EventWriter } from '../../../../../src/runtime/kubernetes/rollouts/event-recorder.ts';

interface Call {
  verb: 'create' | 'patch';
  name: string;
  body: Record<string, unknown>;
}

/** Records the writes; created Events are named ev-1, ev-2, ...; `missing` names answer 404 on patch. */
function fakeWriter(missing: Set<string> = new Set()): { writer: EventWriter; calls: Call[] } {
  const calls: Call[] = [];
  let created = 0;
  const writer = {
    create: async (_resource: ResourceType, _namespace: string, object: KubeObject) => {
      const name = `ev-${++created}`;
      calls.push({ verb: 'create', name, body: object as Record<string, unknown> });
      return { ...object, metadata: { ...object.metadata, name } };
    },
    patch: async (_resource: ResourceType, namespace: string, name: string, patch: unknown) => {
      if (missing.has(name))
        throw new NotFoundError(404, { message: `events "${name}" not found`, reason: 'NotFound' });
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
});
const paused = { type: 'Normal' as const, reason: 'RolloutPaused', message: 'Rollout is paused (CanaryPauseStep)' };
const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);

test('a repeat within the window patches count and lastTimestamp of the first Event', async () => {
  const { writer, calls } = fakeWriter();
  const recorder = kubeEventRecorder(writer, (error) => assert.fail(error));
  await recorder.record(rollout('web'), paused, t0);
  await recorder.record(rollout('web'), paused, t0 + 1_000);
  await recorder.record(rollout('web'), paused, t0 + 2_000);
  assert.deepEqual(
    calls.map((call) => [call.verb, call.name]),
    [
      ['create', 'ev-1'],
      ['patch', 'ev-1'],
      ['patch', 'ev-1'],
    ],
  );
  assert.equal(calls[0]?.body['count'], 1);
  assert.equal(calls[0]?.body['firstTimestamp'], '2026-01-01T12:00:00Z');
  assert.deepEqual(calls[2]?.body, { count: 3, lastTimestamp: '2026-01-01T12:00:02Z' });
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
    assert.deepEqual(
      calls.map((call) => call.verb),
      ['create', 'create'],
    );
  });
}

test('a repeat after the window starts a new Event', async () => {
  const { writer, calls } = fakeWriter();
  const recorder = kubeEventRecorder(writer, (error) => assert.fail(error), { windowMs: 60_000 });
  await recorder.record(rollout('web'), paused, t0);
  await recorder.record(rollout('web'), paused, t0 + 60_000);
  await recorder.record(rollout('web'), paused, t0 + 120_001);
  assert.deepEqual(
    calls.map((call) => [call.verb, call.name]),
    [
      ['create', 'ev-1'],
      ['patch', 'ev-1'],
      ['create', 'ev-2'],
    ],
  );
});

test('an Event deleted meanwhile is created again, not reported', async () => {
  const { writer, calls } = fakeWriter(new Set(['ev-1']));
  const errors: Error[] = [];
  const recorder = kubeEventRecorder(writer, (error) => errors.push(error));
  await recorder.record(rollout('web'), paused, t0);
  await recorder.record(rollout('web'), paused, t0 + 1_000);
  await recorder.record(rollout('web'), paused, t0 + 2_000);
  assert.deepEqual(
    calls.map((call) => [call.verb, call.name]),
    [
      ['create', 'ev-1'],
      ['create', 'ev-2'],
      ['patch', 'ev-2'],
    ],
  );
  assert.deepEqual(errors, []);
});

test('the cache is bounded: the least recently seen key is forgotten first', async () => {
  const { writer, calls } = fakeWriter();
  const recorder = kubeEventRecorder(writer, (error) => assert.fail(error), { cacheSize: 2 });
  await recorder.record(rollout('a'), paused, t0);
  await recorder.record(rollout('b'), paused, t0);
  await recorder.record(rollout('a'), paused, t0 + 1);
  await recorder.record(rollout('c'), paused, t0 + 2);
  await recorder.record(rollout('a'), paused, t0 + 3);
  await recorder.record(rollout('b'), paused, t0 + 4);
  assert.deepEqual(
    calls.map((call) => `${call.verb} ${call.name}`),
    ['create ev-1', 'create ev-2', 'patch ev-1', 'create ev-3', 'patch ev-1', 'create ev-4'],
  );
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
function heldWriter(): { writer: EventWriter; order: string[]; most: () => number; release: () => void } {
  let inFlight = 0;
  let most = 0;
  const order: string[] = [];
  const releases: Array<() => void> = [];
  const writer = {
    create: async (_resource: ResourceType, _namespace: string, object: KubeObject) => {
      inFlight++;
      most = Math.max(most, inFlight);
      order.push(String(object['message']));
      await new Promise<void>((resolve) => releases.push(resolve));
      inFlight--;
      return { ...object, metadata: { ...object.metadata, name: `ev-${order.length}` } };
    },
  } as EventWriter;
  return { writer, order, most: () => most, release: () => releases.shift()?.() };
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
