// writeRunStatus against the fake client: the status is written with the run (Argo's CRD has no
// status subresource) or through /status where the CRD has one; a conflict caused by a change of
// metadata or spec (spec.terminate) writes the same status onto the new copy; a status written by
// someone else meanwhile drops ours.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalysisRun } from '../../../../../src/api/types/analysis.ts';
import { FakeKubeClient } from '../../../../../src/platform/kubernetes/fake/fake-client.ts';
import { writeRunStatus } from '../../../../../src/runtime/kubernetes/analysis/status-writer.ts';
import { argoResources } from '../../../../../src/runtime/kubernetes/resources.ts';

const manifest: AnalysisRun = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AnalysisRun',
  metadata: { name: 'run', namespace: 'shop' },
  spec: { metrics: [{ name: 'm', provider: { web: { url: 'http://127.0.0.1:9/' } } }] },
};

describe('writeRunStatus over the fake client', () => {
  it('writes the status with the run when the CRD has no status subresource', async () => {
    const client = new FakeKubeClient();
    const read = await client.create(argoResources.analysisRuns, 'shop', manifest);
    const result = await writeRunStatus(client, read, { phase: 'Running' });
    assert.ok(result.written);
    assert.equal((await client.get(argoResources.analysisRuns, 'shop', 'run')).status?.phase, 'Running');
  });

  it('goes through /status when the CRD has a status subresource (the PUT leaves the status)', async () => {
    const client = new FakeKubeClient({ statusSubresource: [argoResources.analysisRuns] });
    const read = await client.create(argoResources.analysisRuns, 'shop', manifest);
    const result = await writeRunStatus(client, read, { phase: 'Running' });
    assert.ok(result.written);
    assert.equal((await client.get(argoResources.analysisRuns, 'shop', 'run')).status?.phase, 'Running');
  });

  it('after a conflict from a spec change, writes the same status onto the new copy and keeps the change', async () => {
    const client = new FakeKubeClient();
    const read = await client.create(argoResources.analysisRuns, 'shop', manifest);
    await client.patch(argoResources.analysisRuns, 'shop', 'run', { spec: { terminate: true } });
    const result = await writeRunStatus(client, read, { phase: 'Running' });
    assert.ok(result.written);
    const stored = await client.get(argoResources.analysisRuns, 'shop', 'run');
    assert.equal(stored.status?.phase, 'Running');
    assert.equal(stored.spec.terminate, true);
  });

  it('drops its status when someone else wrote one meanwhile, and when the run was created again', async () => {
    const client = new FakeKubeClient();
    const read = await client.create(argoResources.analysisRuns, 'shop', manifest);
    await client.patch(argoResources.analysisRuns, 'shop', 'run', { status: { phase: 'Successful' } });
    assert.deepEqual(await writeRunStatus(client, read, { phase: 'Running' }), {
      written: false,
      reason: 'its status was changed by someone else',
    });
    assert.equal((await client.get(argoResources.analysisRuns, 'shop', 'run')).status?.phase, 'Successful');
    await client.delete(argoResources.analysisRuns, 'shop', 'run');
    await client.create(argoResources.analysisRuns, 'shop', manifest);
    assert.deepEqual(await writeRunStatus(client, read, { phase: 'Running' }), {
      written: false,
      reason: 'the run was deleted and created again',
    });
  });
});
