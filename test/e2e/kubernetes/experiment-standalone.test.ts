// A standalone Experiment on the control plane: its template becomes a ReplicaSet named
// <experiment>-<template> owned by the Experiment, its template Service is created, its analysis
// (the job provider: a real batch/v1 Job) runs once the pods are available, and when the required
// analysis succeeds the Experiment is Successful, its ReplicaSet scaled to 0 and its Service gone.
import assert from 'node:assert/strict';
import type { Experiment } from '../../../src/api/types/experiment.ts';
import type { KubeObject } from '../../../src/platform/kubernetes/client/objects.ts';
import { coreResources } from '../../../src/platform/kubernetes/client/resources.ts';
import { argoResources, workloadResources } from '../../../src/runtime/kubernetes/resources.ts';
import type { E2eCluster } from './support/e2e-cluster.ts';
import { e2eScenario } from './support/scenario.ts';
import { pollUntil } from './support/wait.ts';
import { jobTemplate } from './support/job-template.ts';

const ns = 'experiment-standalone';
let cluster: E2eCluster;

const experiment = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Experiment',
  metadata: { name: 'trial' },
  spec: {
    scaleDownDelaySeconds: 0,
    templates: [
      {
        name: 'candidate',
        replicas: 2,
        service: {},
        selector: { matchLabels: { app: 'candidate' } },
        template: {
          metadata: { labels: { app: 'candidate' } },
          spec: { containers: [{ name: 'app', image: 'registry.local/app:2', ports: [{ containerPort: 8080 }] }] },
        },
      },
    ],
    analyses: [
      {
        name: 'check',
        templateName: 'check',
        requiredForCompletion: true,
        args: [{ name: 'hash', value: '{{templates.candidate.podTemplateHash}}' }],
      },
    ],
  },
};

async function readExperiment(): Promise<Experiment> {
  return cluster.client.get(argoResources.experiments, ns, 'trial');
}

e2eScenario(
  ns,
  'a standalone Experiment runs its template and its required analysis to Successful',
  async (started) => {
    cluster = started;
    await cluster.apply([jobTemplate, experiment]);
    const running = await pollUntil(
      async () => {
        const current = await readExperiment();
        return current.status?.phase === 'Running' && current.status.availableAt ? current : undefined;
      },
      { what: 'the Experiment to be Running', timeoutMs: 60_000 },
    );
    const rs = await cluster.client.get(workloadResources.replicaSets, ns, 'trial-candidate');
    assert.equal(rs.spec.replicas, 2);
    assert.equal(rs.metadata.ownerReferences?.[0]?.kind, 'Experiment');
    assert.equal(rs.metadata.annotations?.['experiment.argoproj.io/template-name'], 'candidate');
    const hash = rs.metadata.labels?.['rollouts-pod-template-hash'];
    assert.ok(hash);
    const [template] = running.status?.templateStatuses ?? [];
    assert.equal(template?.status, 'Running');
    assert.equal(template?.serviceName, 'trial-candidate');
    const service = await cluster.client.get(workloadResources.services, ns, 'trial-candidate');
    assert.equal(service.spec.selector?.['rollouts-pod-template-hash'], hash);

    const job = await pollUntil(
      async () => {
        const jobs = await cluster.client.list<KubeObject>(coreResources.jobs, {
          namespace: ns,
          labelSelector: 'analysisrun.argoproj.io/uid',
        });
        return jobs.items[0];
      },
      { what: 'the analysis Job', timeoutMs: 60_000 },
    );
    const run = await cluster.client.get(argoResources.analysisRuns, ns, 'trial-check');
    assert.deepEqual(run.spec.args, [{ name: 'hash', value: hash }]);
    assert.equal(run.metadata.ownerReferences?.[0]?.kind, 'Experiment');
    await cluster.cp.completeJobPod(ns, job.metadata.name ?? '', true);

    const done = await pollUntil(
      async () => {
        const current = await readExperiment();
        return current.status?.phase === 'Successful' ? current : undefined;
      },
      { what: 'the Experiment to be Successful', timeoutMs: 60_000 },
    );
    assert.equal(done.status?.message, 'Required AnalysisRuns completed');
    assert.equal(done.status?.analysisRuns?.[0]?.phase, 'Successful');
    await pollUntil(
      async () => {
        const current = await cluster.client.get(workloadResources.replicaSets, ns, 'trial-candidate');
        return current.spec.replicas === 0 ? current : undefined;
      },
      { what: 'the template ReplicaSet to scale to 0', timeoutMs: 60_000 },
    );
    await pollUntil(
      async () => {
        const services = await cluster.client.list(workloadResources.services, { namespace: ns });
        return services.items.some((item) => item.metadata.name === 'trial-candidate') ? undefined : true;
      },
      { what: 'the template Service to be deleted', timeoutMs: 60_000 },
    );
  },
);
