// An Experiment whose template ReplicaSet the API server refuses (its name <experiment>-<template>
// over the 253 characters a name may have) on the control plane: as Argo's experiment controller,
// the refusal is a ReplicaSetCreateError Event on the Experiment, the template goes to Error with
// the API's message, and the Experiment ends in Error.
import assert from 'node:assert/strict';
import type { Experiment } from '../../../src/api/types/experiment.ts';
import type { KubeObject } from '../../../src/platform/kubernetes/client/objects.ts';
import { coreResources } from '../../../src/platform/kubernetes/client/resources.ts';
import { argoResources } from '../../../src/runtime/kubernetes/resources.ts';
import { e2eScenario } from './support/scenario.ts';
import { pollUntil } from './support/wait.ts';

const ns = 'experiment-create-error';
const template = `t${'x'.repeat(260)}`;

e2eScenario(
  ns,
  'a template ReplicaSet the API server refuses puts the template and the Experiment in Error, with the Event',
  async (cluster) => {
    await cluster.apply([
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Experiment',
        metadata: { name: 'refused' },
        spec: {
          templates: [
            {
              name: template,
              selector: { matchLabels: { app: 'refused' } },
              template: {
                metadata: { labels: { app: 'refused' } },
                spec: { containers: [{ name: 'app', image: 'registry.local/app:1' }] },
              },
            },
          ],
        },
      },
    ]);
    const failed = await pollUntil(
      async () => {
        const current = await cluster.client.get<Experiment>(argoResources.experiments, ns, 'refused');
        return current.status?.phase === 'Error' ? current : undefined;
      },
      { what: 'the Experiment to be in Error', timeoutMs: 60_000 },
    );
    const status = failed.status?.templateStatuses?.[0];
    assert.equal(status?.status, 'Error');
    assert.match(status?.message ?? '', new RegExp(`^Failed to create ReplicaSet for template '${template}': .*253`));
    assert.equal(failed.status?.message, status?.message);
    const events = await pollUntil(
      async () => {
        const list = await cluster.client.list<KubeObject & { reason?: string; message?: string; type?: string }>(
          coreResources.events,
          { namespace: ns },
        );
        const mine = list.items.filter((event) => event.reason === 'ReplicaSetCreateError');
        return mine.length > 0 ? mine : undefined;
      },
      { what: 'the ReplicaSetCreateError Event', timeoutMs: 30_000 },
    );
    assert.equal(events[0]?.type, 'Normal');
    assert.match(events[0]?.message ?? '', new RegExp(`^Failed to create new replica set "refused-${template}": `));
  },
);
