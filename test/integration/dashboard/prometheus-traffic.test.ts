// The traffic chart's cluster source against a real Prometheus (Debian's `prometheus`): the local
// mesh's istio_requests_total scraped every second, an AnalysisTemplate of the rollout naming that
// Prometheus, and PrometheusTrafficSource finding it through the target and asking a range query
// grouped by destination workload. With requests through the mesh's gateway all along, the canary
// takes about a fifth once the rollout pauses after setWeight 20; a rollout whose templates name no
// Prometheus gets `unavailable` with the reason.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LocalTarget } from '../../../src/cli/target/local-target.ts';
import { PrometheusTrafficSource } from '../../../src/dashboard/data/traffic/traffic-source.ts';
import { readRuntimeInfo } from '../../../src/runtime/local/api/state-files.ts';
import { pollUntil } from '../../controlplane/poll.ts';
import { prometheusSkipReason, startPrometheus, type PrometheusServer } from '../../support/prometheus.ts';
import {
  FIXTURES,
  readyPodsByHash,
  startSluice,
  waitForRollout,
  type RunningSluice,
} from '../local/runtime/sluice-run.ts';
import { canaryShare, expectCanaryShareAtWeight20, startLoad } from './traffic-support.ts';

const fixture = path.join(FIXTURES, 'istio-subset-split');

describe('the traffic chart from the Prometheus of the analysis', {
  skip: prometheusSkipReason(),
  timeout: 300_000,
}, () => {
  let sluice: RunningSluice;
  let prometheus: PrometheusServer;
  let target: LocalTarget;
  let load: ReturnType<typeof startLoad>;
  const source = new PrometheusTrafficSource({ windowMs: 120_000, stepSeconds: 1, rateWindow: '5s' });

  before(async () => {
    sluice = await startSluice(
      ['service.yaml', 'virtualservice.yaml', 'destinationrule.yaml'].map((f) => path.join(fixture, f)),
    );
    const metricsUrl = readRuntimeInfo(sluice.stateDir)?.metricsUrl;
    assert.ok(metricsUrl);
    prometheus = await startPrometheus([new URL(metricsUrl).host]);
    // The template the rollout's last step names, pointing at this Prometheus (the step is never reached).
    const template = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: AnalysisTemplate',
      'metadata: {name: traffic, namespace: demo}',
      'spec:',
      '  metrics:',
      '    - name: requests',
      '      successCondition: "true"',
      '      provider:',
      `        prometheus: {address: "${prometheus.address}/", query: "sum(istio_requests_total)"}`,
      '',
    ].join('\n');
    const rollout = readFileSync(path.join(fixture, 'rollout.yaml'), 'utf8').replace(
      '        - pause: {duration: 2s}',
      '        - pause: {duration: 2s}\n        - analysis: {templates: [{templateName: traffic}]}',
    );
    assert.match(rollout, /templateName: traffic/);
    await sluice.client.post('/api/v1/apply', {
      sources: [
        { file: 'template.yaml', text: template },
        { file: 'rollout.yaml', text: rollout },
      ],
    });
    await waitForRollout(
      sluice,
      'demo',
      'web',
      'the first deploy to be Healthy',
      (d) => d.rollout.status?.phase === 'Healthy' && readyPodsByHash(d)[d.rollout.status.stableRS ?? ''] === 3,
    );
    target = new LocalTarget(sluice.stateDir);
    load = startLoad(Number(new URL(sluice.gatewayUrl).port));
  });

  after(async () => {
    await load?.stop();
    target?.close();
    await prometheus?.stop();
    await sluice?.stop();
  });

  const series = async () => source.series(target, await target.rolloutObjects('demo', 'web'));

  it('reads the rate per version from the Prometheus the template names', async () => {
    const start = Date.now();
    const stableOnly = await pollUntil(
      async () => {
        const answer = await series();
        return canaryShare(answer, start).points >= 3 ? answer : undefined;
      },
      { what: 'three points of traffic in Prometheus', timeoutMs: 60_000 },
    );
    assert.equal(stableOnly.source, `prometheus at ${prometheus.address}`);
    assert.deepEqual(
      stableOnly.versions.map((version) => version.label.split(' ')[0]),
      ['stable'],
    );
    assert.ok(stableOnly.versions[0]?.requestsPerSecond.some((rps) => (rps ?? 0) > 5));
  });

  it("shows the canary's share rise to about a fifth after setWeight 20", async () => {
    // Points whose whole rate window (5 s) and a scrape lie after the weight was set.
    await expectCanaryShareAtWeight20(sluice, {
      series,
      settleMs: 7_000,
      points: 5,
      timeoutMs: 90_000,
      sent: () => load.sent(),
    });
  });

  it('says why there is no chart when no template names a Prometheus', async () => {
    const objects = await target.rolloutObjects('demo', 'web');
    const withoutAnalysis = structuredClone(objects);
    const steps = withoutAnalysis.rollout.spec.strategy.canary?.steps ?? [];
    withoutAnalysis.rollout.spec.strategy.canary = {
      ...withoutAnalysis.rollout.spec.strategy.canary,
      steps: steps.filter((step) => !('analysis' in step)),
    };
    const answer = await source.series(target, withoutAnalysis);
    assert.equal(answer.source, undefined);
    assert.match(answer.unavailable ?? '', /analysis templates names a Prometheus/);
  });
});
