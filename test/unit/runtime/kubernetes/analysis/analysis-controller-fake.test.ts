// The AnalysisRun controller over the fake client: informers list and watch the fake, the run's web
// metric asks a real HTTP server on loopback, the status is written back through the fake. A run
// whose endpoint answers ok ends Successful; one that answers not ok ends Failed. The control plane
// suite (test/integration/kubernetes/analysis) covers Jobs, Secrets and TTLs on a real API server.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { AnalysisRun } from '../../../../../src/api/types/analysis.ts';
import { FakeKubeClient } from '../../../../../src/platform/kubernetes/fake/fake-client.ts';
import { SharedInformerFactory } from '../../../../../src/platform/kubernetes/informers/informer-factory.ts';
import { startAnalysisRunController } from '../../../../../src/runtime/kubernetes/analysis/analysis-run-controller.ts';
import { argoResources } from '../../../../../src/runtime/kubernetes/resources.ts';
import { pollUntil } from '../../../../controlplane/poll.ts';

function run(name: string, url: string): AnalysisRun {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata: { name, namespace: 'shop' },
    spec: {
      metrics: [{ name: 'health', successCondition: 'result == true', provider: { web: { url, jsonPath: '{$.ok}' } } }],
    },
  };
}

describe('AnalysisRun controller over the fake client', () => {
  let server: http.Server | undefined;
  let base = '';

  before(async () => {
    server = http.createServer((request, response) => {
      response.setHeader('Content-Type', 'application/json');
      response.end(JSON.stringify({ ok: request.url === '/good' }));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('measures, writes the status and ends each run as its metric says', async () => {
    const client = new FakeKubeClient();
    const informers = new SharedInformerFactory(client, { namespace: 'shop' });
    const errors: string[] = [];
    const controller = startAnalysisRunController({ client, informers, workers: 2, log: (line) => errors.push(line) });
    informers.start();
    try {
      await client.create(argoResources.analysisRuns, 'shop', run('passes', `${base}/good`));
      await client.create(argoResources.analysisRuns, 'shop', run('fails', `${base}/bad`));
      const phaseOf = (name: string, phase: string) =>
        pollUntil(
          async () => {
            const current = await client.get(argoResources.analysisRuns, 'shop', name);
            return current.status?.phase === phase ? current : undefined;
          },
          { what: `analysisrun ${name} to be ${phase}`, timeoutMs: 10_000, intervalMs: 20 },
        );
      const passed = await phaseOf('passes', 'Successful');
      assert.equal(passed.status?.metricResults?.[0]?.measurements?.[0]?.value, 'true');
      const failed = await phaseOf('fails', 'Failed');
      assert.equal(failed.status?.metricResults?.[0]?.phase, 'Failed');
      assert.deepEqual(
        errors.filter((line) => /failed|error/i.test(line) && !/phase/.test(line)),
        [],
      );
    } finally {
      await controller.stop();
      await informers.stop();
    }
  });
});
