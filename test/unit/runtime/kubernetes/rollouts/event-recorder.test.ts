import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotFoundError } from '../../../../../src/runtime/kubernetes/client/errors.ts';
import type { KubeObject } from '../../../../../src/runtime/kubernetes/client/objects.ts';
import type { ResourceType } from '../../../../../src/runtime/kubernetes/client/resources.ts';
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
      if (missing.has(name)) throw new NotFoundError(404, { message: `events "${name}" not found`, reason: 'NotFound' });
      calls.push({ verb: 'patch', name, body: patch as Record<string, unknown> });
      return { metadata: { name, namespace } };
    },
  } as unknown as EventWriter;
  return { writer, calls };
}

const rollout = (name: string, uid = `uid-${name}`): KubeObject => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name, namespace: 'ns', uid } });
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
    [['create', 'ev-1'], ['patch', 'ev-1'], ['patch', 'ev-1']],
  );
  assert.equal(calls[0]?.body['count'], 1);
  assert.equal(calls[0]?.body['firstTimestamp'], '2026-01-01T12:00:00Z');
  assert.deepEqual(calls[2]?.body, { count: 3, lastTimestamp: '2026-01-01T12:00:02Z' });
});

const distinct: Array<{ what: string; second: [KubeObject, typeof paused] }> = [
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
    assert.deepEqual(calls.map((call) => call.verb), ['create', 'create']);
  });
}

test('a repeat after the window starts a new Event', async () => {
  const { writer, calls } = fakeWriter();
  const recorder = kubeEventRecorder(writer, (error) => assert.fail(error), { windowMs: 60_000 });
  await recorder.record(rollout('web'), paused, t0);
  await recorder.record(rollout('web'), paused, t0 + 60_000);
  await recorder.record(rollout('web'), paused, t0 + 120_001);
  assert.deepEqual(calls.map((call) => [call.verb, call.name]), [['create', 'ev-1'], ['patch', 'ev-1'], ['create', 'ev-2']]);
});

test('an Event deleted meanwhile is created again, not reported', async () => {
  const { writer, calls } = fakeWriter(new Set(['ev-1']));
  const errors: Error[] = [];
  const recorder = kubeEventRecorder(writer, (error) => errors.push(error));
  await recorder.record(rollout('web'), paused, t0);
  await recorder.record(rollout('web'), paused, t0 + 1_000);
  await recorder.record(rollout('web'), paused, t0 + 2_000);
  assert.deepEqual(calls.map((call) => [call.verb, call.name]), [['create', 'ev-1'], ['create', 'ev-2'], ['patch', 'ev-2']]);
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
  const writer = { create: async () => Promise.reject(new Error('forbidden')), patch: async () => Promise.reject(new Error('forbidden')) } as unknown as EventWriter;
  const errors: string[] = [];
  const recorder = kubeEventRecorder(writer, (error) => errors.push(error.message));
  await recorder.record(rollout('web'), paused, t0);
  assert.deepEqual(errors, ['could not record event RolloutPaused for Rollout ns/web: forbidden']);
});

test('no more than maxInFlight Event writes at once; the others go out in order as slots free up', async () => {
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
  } as unknown as EventWriter;
  const recorder = kubeEventRecorder(writer, (error) => assert.fail(error), { maxInFlight: 2 });
  const records = Array.from({ length: 6 }, (_, index) => recorder.record(rollout(`web-${index}`), { ...paused, message: `m${index}` }, t0));
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  await settle();
  assert.equal(order.length, 2, 'two writes started, four wait');
  while (releases.length > 0) {
    releases.shift()!();
    await settle();
  }
  await Promise.all(records);
  assert.equal(most, 2);
  assert.deepEqual(order, ['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
});
