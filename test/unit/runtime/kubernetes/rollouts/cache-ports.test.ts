// The rollout loop's writer on a cluster (cacheWriter) against the fake client: the Rollout's status
// goes through the status subresource carrying the resourceVersion read; a change made meanwhile to
// a field it sets is a 'conflict' (decide again), any other change gets it written on top, and a
// deleted Rollout is 'gone'; Service selectors, AnalysisRuns and annotations are written as the
// loop asks; every write is recorded for the cache check (WrittenVersions) and as the loop's own
// (OwnWrites).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NewAnalysisRun } from '../../../../../src/runtime/analysis/rollout-run-object.ts';
import type { Service } from '../../../../../src/api/types/core.ts';
import { OwnWrites } from '../../../../../src/runtime/rollouts/own-writes.ts';
import { argoResources, workloadResources } from '../../../../../src/runtime/kubernetes/resources.ts';
import { cacheReader, cacheWriter, writeOfObject } from '../../../../../src/runtime/kubernetes/rollouts/cache-ports.ts';
import { WrittenVersions } from '../../../../../src/runtime/kubernetes/rollouts/written-versions.ts';
import { emptyCaches, fakeClient, rolloutManifest } from '../support/fake-cluster.ts';

const KEY = 'shop/web';

async function setup() {
  const client = fakeClient();
  const caches = emptyCaches();
  const rollout = await client.create(argoResources.rollouts, 'shop', rolloutManifest('web'));
  caches.rollouts.upsert(rollout);
  const written = new WrittenVersions();
  const own = new OwnWrites();
  const writer = cacheWriter({ client, caches, written, own, key: KEY, now: () => 0 }, rollout);
  return { client, caches, rollout, written, own, writer };
}

function service(name: string, selector: Record<string, string>): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'shop' },
    spec: { selector, ports: [{ port: 80 }] },
  };
}

function run(name: string): NewAnalysisRun {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata: { name, namespace: 'shop' },
    spec: { metrics: [{ name: 'm', provider: { web: { url: 'http://127.0.0.1:9/' } } }] },
    status: { phase: 'Error', message: 'cannot merge' },
  };
}

describe('cacheWriter over the fake client', () => {
  it('writes the status from the copy read, and then again from its own write in the same pass', async () => {
    const { client, writer, rollout, written, own } = await setup();
    assert.equal(await writer.writeRolloutStatus(rollout, { phase: 'Progressing', currentStepIndex: 0 }), 'written');
    const stored = await client.get(argoResources.rollouts, 'shop', 'web');
    assert.equal(stored.status?.phase, 'Progressing');
    assert.equal(stored.spec.replicas, 3);
    assert.equal(written.seen(KEY, 1), false, 'waits until the cache shows the write');
    assert.ok(own.has(writeOfObject(stored, 'Rollout')), "the write is known as the loop's own");
    // The writer carries the resourceVersion of its own last write: a second write in the pass is no conflict.
    assert.equal(await writer.writeRolloutStatus(stored, { ...stored.status, phase: 'Paused' }), 'written');
    assert.equal((await client.get(argoResources.rollouts, 'shop', 'web')).status?.phase, 'Paused');
  });

  it('a status field the write sets, changed since the Rollout was read, is a conflict: nothing is written, and the next pass waits for the copy seen', async () => {
    const { client, writer, rollout, written } = await setup();
    await client.patchStatus(argoResources.rollouts, 'shop', 'web', { status: { phase: 'Degraded', abort: true } });
    assert.equal(await writer.writeRolloutStatus(rollout, { phase: 'Progressing' }), 'conflict');
    const stored = await client.get(argoResources.rollouts, 'shop', 'web');
    assert.deepEqual(stored.status, { phase: 'Degraded', abort: true });
    assert.equal(written.seen(KEY, 1), false, 'the cache still holds the copy read before the change');
  });

  it('a spec or another status field changed since the Rollout was read gets the status written on top of it', async () => {
    const { client, writer, rollout, written, caches } = await setup();
    await writer.writeRolloutStatus(rollout, { phase: 'Paused', currentStepIndex: 1, pauseConditions: [] });
    const paused = await client.get(argoResources.rollouts, 'shop', 'web');
    caches.rollouts.upsert(paused);
    const next = cacheWriter({ client, caches, written, own: new OwnWrites(), key: KEY, now: () => 0 }, paused);
    // Between the pass's read and its status write: a promote (another status field) and a scale (the spec).
    await client.patchStatus(argoResources.rollouts, 'shop', 'web', { status: { pauseConditions: null } });
    await client.patch(argoResources.rollouts, 'shop', 'web', { spec: { replicas: 4 } });
    const status = { ...paused.status, phase: 'Healthy' as const, currentStepIndex: 2, stableRS: 'abc123' };
    assert.equal(await next.writeRolloutStatus(paused, status), 'written');
    const stored = await client.get(argoResources.rollouts, 'shop', 'web');
    assert.equal(stored.spec.replicas, 4, 'the scale is kept');
    assert.equal(stored.status?.pauseConditions, undefined, 'the promote is kept');
    assert.equal(stored.status?.currentStepIndex, 2);
    assert.equal(stored.status?.stableRS, 'abc123');
    assert.equal(written.seen(KEY, 1), false, 'the next pass waits until the cache shows the write');
    caches.rollouts.upsert(stored);
    assert.equal(written.seen(KEY, 1), true);
  });

  it('a Rollout deleted since it was read is gone', async () => {
    const { client, writer, rollout } = await setup();
    await client.delete(argoResources.rollouts, 'shop', 'web');
    assert.equal(await writer.writeRolloutStatus(rollout, { phase: 'Progressing' }), 'gone');
  });

  it('an unchanged status writes nothing', async () => {
    const { client, writer, rollout } = await setup();
    const before = client.actions.length;
    assert.equal(await writer.writeRolloutStatus(rollout, {}), 'written');
    assert.equal(client.actions.length, before);
  });

  it('points a Service at a revision and back; a missing Service is false', async () => {
    const { client, writer } = await setup();
    await client.create(workloadResources.services, 'shop', service('web-stable', { app: 'web' }));
    assert.equal(await writer.setServiceSelector('shop', 'web-stable', 'abc123', 'web'), true);
    assert.deepEqual((await client.get(workloadResources.services, 'shop', 'web-stable')).spec.selector, {
      app: 'web',
      'rollouts-pod-template-hash': 'abc123',
    });
    assert.equal(await writer.setServiceSelector('shop', 'web-stable', '', 'web'), true);
    assert.deepEqual((await client.get(workloadResources.services, 'shop', 'web-stable')).spec.selector, {
      app: 'web',
    });
    assert.equal(await writer.setServiceSelector('shop', 'absent', 'abc123', 'web'), false);
  });

  it('creates an AnalysisRun with its status; a second create of the name, and terminating or deleting a missing run, are no errors', async () => {
    const { client, writer } = await setup();
    await writer.createAnalysisRun(run('web-1'));
    await writer.createAnalysisRun({ ...run('web-1'), status: { phase: 'Running' } });
    const stored = await client.get(argoResources.analysisRuns, 'shop', 'web-1');
    assert.equal(stored.status?.phase, 'Error', 'the first run is kept, with the status it was created with');
    await writer.terminateAnalysisRun('shop', 'web-1');
    assert.equal((await client.get(argoResources.analysisRuns, 'shop', 'web-1')).spec.terminate, true);
    await writer.terminateAnalysisRun('shop', 'absent');
    await writer.deleteAnalysisRun('shop', 'web-1');
    await writer.deleteAnalysisRun('shop', 'web-1');
    assert.deepEqual((await client.list(argoResources.analysisRuns, { namespace: 'shop' })).items, []);
  });

  it('sets and removes Rollout annotations', async () => {
    const { client, writer, rollout } = await setup();
    await writer.setRolloutAnnotations(rollout, { 'rollout.argoproj.io/revision': '2' });
    assert.equal(
      (await client.get(argoResources.rollouts, 'shop', 'web')).metadata.annotations?.['rollout.argoproj.io/revision'],
      '2',
    );
    await writer.setRolloutAnnotations(rollout, { 'rollout.argoproj.io/revision': null });
    assert.equal(
      (await client.get(argoResources.rollouts, 'shop', 'web')).metadata.annotations?.['rollout.argoproj.io/revision'],
      undefined,
    );
  });
});

describe('cacheReader', () => {
  it('reads by kind from the caches and lists the runs a rollout controls', async () => {
    const { client, caches, rollout } = await setup();
    const owned = await client.create(argoResources.analysisRuns, 'shop', {
      ...run('web-owned'),
      metadata: {
        name: 'web-owned',
        ownerReferences: [
          {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Rollout',
            name: 'web',
            uid: rollout.metadata.uid,
            controller: true,
          },
        ],
      },
    });
    const other = await client.create(argoResources.analysisRuns, 'shop', run('unowned'));
    caches.analysisRuns.upsert(owned);
    caches.analysisRuns.upsert(other);
    const reader = cacheReader(caches);
    assert.equal(reader.get('Rollout', 'shop', 'web')?.metadata.uid, rollout.metadata.uid);
    assert.equal(reader.get('Service', 'shop', 'web-stable'), undefined);
    assert.deepEqual(
      reader.analysisRunsOf(rollout).map((item) => item.metadata.name),
      ['web-owned'],
    );
  });
});
