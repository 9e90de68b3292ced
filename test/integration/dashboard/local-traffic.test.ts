// The traffic chart over the local runtime with real traffic: `sluice run` with the colorapi behind
// the local mesh (Istio subset split), requests sent through its gateway all along, the dashboard's
// traffic route read over HTTP as the UI reads it. Before the update every request goes to the
// stable version; once the rollout pauses after setWeight 20 the canary takes about a fifth of
// them, as the mesh's own counters (istio_requests_total) show it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LocalTarget } from '../../../src/cli/target/local-target.ts';
import type { TrafficSeries } from '../../../src/dashboard/contract.ts';
import { trafficRoute } from '../../../src/dashboard/data/traffic-route.ts';
import { MeshSampler } from '../../../src/dashboard/data/traffic/mesh-sampler.ts';
import { MeshTrafficSource } from '../../../src/dashboard/data/traffic/traffic-source.ts';
import { readRuntimeInfo } from '../../../src/runtime/local/api/state-files.ts';
import { startDashboardServer, type DashboardServer } from '../../../src/dashboard/server/server.ts';
import { dashboardTokenAuthorizer } from '../../../src/dashboard/server/token-authorizer.ts';
import { staticFixture } from '../../contracts/dashboard-contract.ts';
import { pollUntil } from '../../controlplane/poll.ts';
import { request } from '../../support/dashboard-http.ts';
import { canaryShare, expectCanaryShareAtWeight20, startLoad } from './traffic-support.ts';
import {
  copyFixture,
  readyPodsByHash,
  startSluice,
  waitForRollout,
  type RunningSluice,
} from '../local/runtime/sluice-run.ts';

const PATH = '/api/v1/namespaces/demo/rollouts/web/traffic';

describe('the traffic chart over the local mesh', { timeout: 240_000 }, () => {
  let sluice: RunningSluice;
  let target: LocalTarget;
  let source: MeshTrafficSource;
  let server: DashboardServer;
  let token = '';
  let load: ReturnType<typeof startLoad>;

  before(async () => {
    sluice = await startSluice([copyFixture('istio-subset-split')]);
    const port = Number(new URL(sluice.gatewayUrl).port);
    await waitForRollout(
      sluice,
      'demo',
      'web',
      'the first deploy to be Healthy',
      (d) => d.rollout.status?.phase === 'Healthy' && readyPodsByHash(d)[d.rollout.status.stableRS ?? ''] === 3,
    );
    const metricsUrl = readRuntimeInfo(sluice.stateDir)?.metricsUrl;
    assert.ok(metricsUrl, 'runtime.json says where the mesh metrics are');
    target = new LocalTarget(sluice.stateDir);
    source = new MeshTrafficSource(new MeshSampler({ metricsUrl, everyMs: 250 }));
    const authorizer = dashboardTokenAuthorizer({ username: 'tester' });
    token = authorizer.token;
    server = await startDashboardServer({
      target,
      authorizer,
      routes: [trafficRoute(source)],
      port: 0,
      staticDir: staticFixture().dir,
      session: { target: target.description, runtime: 'local', defaultNamespace: 'demo', login: 'dashboard-token' },
    });
    load = startLoad(port);
  });

  after(async () => {
    await load?.stop();
    await server?.close();
    source?.close();
    target?.close();
    await sluice?.stop();
  });

  const traffic = async () => {
    const answer = await request<TrafficSeries>(server.url, PATH, { bearer: token });
    assert.equal(answer.status, 200, answer.text);
    return answer.json;
  };

  it('shows every request on the stable version before the update', async () => {
    const start = Date.now();
    const series = await pollUntil(
      async () => {
        const now = await traffic();
        return canaryShare(now, start).points >= 4 ? now : undefined;
      },
      { what: 'four samples with traffic', timeoutMs: 30_000 },
    );
    assert.equal(series.source, 'local mesh');
    assert.deepEqual(
      series.versions.map((version) => version.label.split(' ')[0]),
      ['stable'],
    );
    const stable = series.versions[0];
    assert.ok(
      stable && stable.requestsPerSecond.some((rps) => (rps ?? 0) > 5),
      `requests per second ${stable?.requestsPerSecond.join(' ')}`,
    );
    assert.ok(
      stable.errorRate.every((rate) => rate === null || rate === 0),
      'no 5xx',
    );
    assert.equal(series.times.length, stable.requestsPerSecond.length);
  });

  it("shows the canary's share rise to about a fifth after setWeight 20", async () => {
    await expectCanaryShareAtWeight20(sluice, {
      series: traffic,
      settleMs: 500,
      points: 8,
      timeoutMs: 60_000,
      sent: () => load.sent(),
    });
    const labels = (await traffic()).versions.map((version) => version.label.split(' ')[0]);
    assert.deepEqual(labels, ['stable', 'canary']);
  });
});
