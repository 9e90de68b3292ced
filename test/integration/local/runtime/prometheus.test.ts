// sluice run --prometheus: the installed Prometheus scrapes the mesh and every pod annotated
// prometheus.io/scrape (of rollouts, plain Deployments and experiments), following the pods as they
// come and go; it stops with the runtime, and a runtime started after a SIGKILL replaces the one the
// killed runtime left.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { prometheusSkipReason } from '../../../support/prometheus.ts';
import { waitFor } from '../../../support/ports.ts';
import {
  copyFixture,
  editFile,
  readyPodsByHash,
  runCli,
  startSluice,
  temporaryDir,
  waitForRollout,
  type RunningSluice,
} from './sluice-run.ts';

async function upTargets(prometheusUrl: string, job: string): Promise<number> {
  return queryNumber(prometheusUrl, `sum(up{job="${job}"})`);
}

async function queryNumber(prometheusUrl: string, query: string): Promise<number> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await response.json()) as { data: { result: Array<{ value: [number, string] }> } };
  return Number(body.data.result[0]?.value[1] ?? 0);
}

/** Pods that serve one gauge of their own on /metrics, annotated to be scraped. */
const scrapedPodSpec = (app: string, indent: string) =>
  `metadata:
  labels: {app: ${app}}
  annotations: {prometheus.io/scrape: "true"}
spec:
  terminationGracePeriodSeconds: 2
  containers:
    - name: app
      command:
        - node
        - -e
        - |
          const server = require('node:http').createServer((q, s) =>
            s.end(q.url === '/metrics' ? 'local_workload_marker{kind="${app}"} 1\\n' : 'ok'));
          server.listen(Number(process.env.PORT), '127.0.0.1');
          process.on('SIGTERM', () => server.close());
      ports: [{name: http, containerPort: 8080}]
      readinessProbe: {periodSeconds: 1, httpGet: {path: /, port: http}}
`
    .split('\n')
    .map((line) => (line === '' ? line : `${indent}${line}`))
    .join('\n');

const deployment = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: shop}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: shop}
  template:
${scrapedPodSpec('shop', '    ')}`;

const experiment = `apiVersion: argoproj.io/v1alpha1
kind: Experiment
metadata: {name: trial}
spec:
  templates:
    - name: candidate
      replicas: 1
      selector: {matchLabels: {app: trial}}
      template:
${scrapedPodSpec('trial', '        ')}`;

describe('sluice run --prometheus', { skip: prometheusSkipReason() }, () => {
  let sluice: RunningSluice | undefined;
  after(async () => {
    await sluice?.stop();
  });

  it('scrapes the mesh and the annotated pods, and stops Prometheus on exit', async () => {
    const manifests = copyFixture('canary-basic');
    editFile(path.join(manifests, 'rollout.yaml'), (text) =>
      text.replace(
        '      labels:\n        app: colorapi\n    spec:',
        '      labels:\n        app: colorapi\n      annotations:\n        prometheus.io/scrape: "true"\n    spec:',
      ),
    );
    sluice = await startSluice([manifests], { extraArgs: ['--prometheus'] });
    const prometheusUrl = /prometheus: (http:\/\/127\.0\.0\.1:\d+)/.exec(sluice.output())?.[1];
    assert.ok(prometheusUrl, sluice.output());
    const running = sluice;
    await waitForRollout(
      running,
      'default',
      'colorapi',
      'Healthy',
      (d) => d.rollout.status?.phase === 'Healthy' && readyPodsByHash(d)[d.rollout.status.stableRS ?? ''] === 5,
    );
    await waitFor(
      'the mesh and 5 pods to be scraped',
      async () =>
        (await upTargets(prometheusUrl, 'sluice-mesh')) === 1 &&
        (await upTargets(prometheusUrl, 'kubernetes-pods')) === 5
          ? true
          : undefined,
      90_000,
      500,
    );
    assert.equal(await running.stop(), 0);
    sluice = undefined;
    await assert.rejects(fetch(`${prometheusUrl}/-/ready`));
  });

  it("scrapes a Deployment's and an Experiment's annotated pods, following the Deployment's scale", async () => {
    const dir = temporaryDir('prometheus-workloads');
    const file = path.join(dir, 'shop.yaml');
    writeFileSync(file, deployment(2));
    writeFileSync(path.join(dir, 'experiment.yaml'), experiment);
    sluice = await startSluice([dir], { extraArgs: ['--prometheus'] });
    const prometheusUrl = /prometheus: (http:\/\/127\.0\.0\.1:\d+)/.exec(sluice.output())?.[1];
    assert.ok(prometheusUrl, sluice.output());
    const scraped = (expected: Record<string, number>) => async () => {
      for (const [app, count] of Object.entries(expected)) {
        if ((await queryNumber(prometheusUrl, `sum(up{job="kubernetes-pods",app="${app}"})`)) !== count)
          return undefined;
        // What the pods serve reached Prometheus, one series per pod.
        const served = await queryNumber(prometheusUrl, `count(local_workload_marker{kind="${app}"})`);
        if (served !== count) return undefined;
      }
      return true;
    };
    await waitFor(
      "the Deployment's 2 pods and the Experiment's pod to be scraped",
      scraped({ shop: 2, trial: 1 }),
      90_000,
      500,
    );
    writeFileSync(file, deployment(3));
    const applied = await runCli(['apply', '-f', file, '--state-dir', sluice.stateDir]);
    assert.equal(applied.code, 0, applied.stderr);
    await waitFor("the Deployment's third pod to be scraped too", scraped({ shop: 3, trial: 1 }), 90_000, 500);
    assert.equal(await sluice.stop(), 0);
    sluice = undefined;
  });

  it('after a SIGKILL of sluice run, the restart replaces the Prometheus the killed runtime left', async () => {
    const manifests = copyFixture('canary-basic');
    const first = await startSluice([manifests], { extraArgs: ['--prometheus'] });
    sluice = first;
    const firstUrl = /prometheus: (http:\/\/127\.0\.0\.1:\d+)/.exec(first.output())?.[1];
    assert.ok(firstUrl, first.output());
    const exited = once(first.child, 'exit');
    first.child.kill('SIGKILL');
    await exited;
    assert.equal((await fetch(`${firstUrl}/-/ready`)).ok, true, "the killed runtime's Prometheus is still up");

    const second = await startSluice([manifests], { stateDir: first.stateDir, extraArgs: ['--prometheus'] });
    sluice = second;
    const secondUrl = /prometheus: (http:\/\/127\.0\.0\.1:\d+)/.exec(second.output())?.[1];
    assert.ok(secondUrl && secondUrl !== firstUrl, second.output());
    await assert.rejects(fetch(`${firstUrl}/-/ready`), 'the old Prometheus was stopped');
    assert.equal((await fetch(`${secondUrl}/-/ready`)).ok, true);
    assert.equal(await second.stop(), 0);
    sluice = undefined;
    await assert.rejects(fetch(`${secondUrl}/-/ready`));
  });
});
