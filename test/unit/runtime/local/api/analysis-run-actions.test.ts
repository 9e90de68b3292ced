// The local API's AnalysisRun calls on a real in-memory store: create as the API server creates
// (generateName completed, an existing name and an invalid object refused with the status the
// server would answer), terminate as Argo's merge patch, and `create` never changing an object.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalysisRun } from '../../../../../src/api/types/analysis.ts';
import { createAnalysisRun, terminateAnalysisRun } from '../../../../../src/runtime/local/api/analysis-run-actions.ts';
import { createManifests } from '../../../../../src/runtime/local/api/create-objects.ts';
import { ObjectStore } from '../../../../../src/runtime/local/store/object-store.ts';

const run = (metadata: Record<string, unknown>): Record<string, unknown> => ({
  analysisRun: {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata,
    spec: { metrics: [{ name: 'm', provider: { web: { url: 'http://127.0.0.1:1/' } } }] },
  },
});

describe('local API: create an AnalysisRun', () => {
  it("completes a generateName with five characters of the API server's alphabet, in the namespace of the request", () => {
    const store = new ObjectStore();
    const created = createAnalysisRun(store, 'qa', run({ generateName: 'check-' }));
    assert.match(created.metadata.name ?? '', /^check-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual([created.metadata.namespace, created.metadata.generation], ['qa', 1]);
    assert.ok(store.get('AnalysisRun', 'qa', created.metadata.name ?? ''));
  });

  it('refuses an existing name (409), an invalid name or field (422), another namespace (400), and anything but a run (400)', () => {
    const store = new ObjectStore();
    createAnalysisRun(store, 'qa', run({ name: 'one' }));
    const status = (body: Record<string, unknown>) => {
      try {
        createAnalysisRun(store, 'qa', body);
        return 0;
      } catch (error) {
        return (error as { status: number }).status;
      }
    };
    assert.equal(status(run({ name: 'one' })), 409);
    assert.equal(status(run({ name: 'Not_Valid' })), 422);
    assert.equal(
      status({ analysisRun: { ...(run({ name: 'two' })['analysisRun'] as object), spec: { metrics: [], bogus: 1 } } }),
      422,
    );
    assert.equal(status(run({ name: 'two', namespace: 'prod' })), 400);
    assert.equal(status({ analysisRun: { kind: 'Rollout', metadata: { name: 'r' } } }), 400);
    assert.equal(status({}), 400);
    assert.equal(status(run({})), 422);
  });

  it('checks the run as an object (no text written back): the issues name it and its field, without a line', () => {
    const store = new ObjectStore();
    const body = {
      analysisRun: { ...(run({ name: 'two' })['analysisRun'] as object), spec: { metrics: [], bogus: 1 } },
    };
    assert.throws(
      () => createAnalysisRun(store, 'qa', body),
      (error: { status: number; details?: { issues?: string[] } } & Error) => {
        assert.equal(error.status, 422);
        assert.match(
          error.message,
          /^the AnalysisRun is invalid: AnalysisRun qa\/two: spec\.bogus: unknown field "bogus"/,
        );
        return true;
      },
    );
    assert.throws(
      () => createAnalysisRun(store, 'qa', run({ name: 'Not_Valid' })),
      /: AnalysisRun qa\/Not_Valid: metadata\.name: /,
    );
  });
});

describe('local API: terminate an AnalysisRun', () => {
  it('sets spec.terminate and bumps the generation, so the driver steps at once; an unknown run is 404', () => {
    const store = new ObjectStore();
    createAnalysisRun(store, 'qa', run({ name: 'one' }));
    const terminated: AnalysisRun = terminateAnalysisRun(store, 'qa', 'one');
    assert.deepEqual([terminated.spec.terminate, terminated.metadata.generation], [true, 2]);
    assert.throws(
      () => terminateAnalysisRun(store, 'qa', 'nope'),
      (error: { status: number }) => error.status === 404,
    );
  });
});

describe('local API: create objects', () => {
  it('creates new objects and refuses, changing nothing, when one exists', () => {
    const store = new ObjectStore();
    const source = (value: string) => [
      {
        file: 't.yaml',
        text: `apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata: {name: t}\nspec:\n  metrics:\n    - name: m\n      provider: {web: {url: "${value}"}}\n`,
      },
    ];
    assert.deepEqual(createManifests(store, source('http://a/')), {
      ok: true,
      results: ['AnalysisTemplate default/t created'],
      warnings: [],
    });
    assert.deepEqual(createManifests(store, source('http://b/')), {
      ok: false,
      exists: ['AnalysisTemplate default/t already exists'],
    });
    assert.equal(store.get('AnalysisTemplate', 'default', 't')?.spec.metrics?.[0]?.provider?.web?.url, 'http://a/');
  });
});
