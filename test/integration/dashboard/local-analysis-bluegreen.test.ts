// The dashboard over the local runtime with an analysis step and a blue-green rollout: the page
// shows the step's AnalysisRun and its detail route its measurements; a blue-green update is
// followed through its phases, promoted, then undone to the first revision, all through the API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LocalTarget } from '../../../src/cli/target/local-target.ts';
import type { ActionResult, AnalysisRunDetailView, RolloutPage } from '../../../src/dashboard/contract.ts';
import { startDashboardServer, type DashboardServer } from '../../../src/dashboard/server/server.ts';
import { dashboardTokenAuthorizer } from '../../../src/dashboard/server/token-authorizer.ts';
import { staticFixture } from '../../contracts/dashboard-contract.ts';
import { login, openStream, request, type EventStreamReader } from '../../support/dashboard-http.ts';
import { copyFixture, startSluice, waitForRollout, type RunningSluice } from '../local/runtime/sluice-run.ts';

const follow = (stream: EventStreamReader, what: string, check: (page: RolloutPage) => boolean) =>
  stream.next(
    what,
    (event) =>
      event.event === 'rollout' && check(event.data as RolloutPage) ? (event.data as RolloutPage) : undefined,
    90_000,
  );

describe('dashboard over the local runtime: an analysis step, a blue-green rollout, undo', { timeout: 400_000 }, () => {
  let running: RunningSluice;
  let target: LocalTarget;
  let server: DashboardServer;
  let cookie = '';
  const act = async (name: string, action: string, body: unknown = {}) => {
    const answer = await request<ActionResult>(
      server.url,
      `/api/v1/namespaces/default/rollouts/${name}/actions/${action}`,
      {
        cookie,
        body,
      },
    );
    assert.equal(answer.status, 200, `${action}: ${answer.text}`);
    return answer.json;
  };

  before(async () => {
    running = await startSluice([copyFixture('canary-analysis'), copyFixture('blue-green')]);
    for (const name of ['colorapi', 'bluegreen-demo'])
      await waitForRollout(running, 'default', name, `${name} Healthy`, (d) => d.rollout.status?.phase === 'Healthy');
    target = new LocalTarget(running.stateDir);
    const authorizer = dashboardTokenAuthorizer({ username: 'local' });
    server = await startDashboardServer({
      target,
      authorizer,
      port: 0,
      staticDir: staticFixture().dir,
      session: { target: target.description, runtime: 'local', defaultNamespace: 'default', login: 'dashboard-token' },
    });
    cookie = (await login(server.url, authorizer.token)).cookie;
  });

  after(async () => {
    await server?.close();
    target?.close();
    await running?.stop();
  });

  it("the analysis step's run shows on the page; its detail has the job metric and a Successful measurement", async () => {
    const stream = await openStream(server.url, '/api/v1/namespaces/default/rollouts/colorapi/stream', { cookie });
    try {
      await follow(stream, 'the first frame', () => true);
      await act('colorapi', 'set-image', { container: 'colorapi', image: 'ghcr.io/sluice-examples/colorapi:blue' });
      const done = await follow(
        stream,
        'the update complete after its analysis',
        (page) =>
          page.view.status.text === 'Healthy' &&
          page.steps.every((step) => step.state === 'done') &&
          page.view.revisions.some((revision) => revision.analysisRuns.length > 0),
      );
      assert.equal(done.steps[1]?.text, 'analysis: exit-code');
      const runName = done.view.revisions.flatMap((revision) => revision.analysisRuns)[0]?.name ?? '';
      const detail = await request<AnalysisRunDetailView>(
        server.url,
        `/api/v1/namespaces/default/analysisruns/${runName}`,
        {
          cookie,
        },
      );
      assert.equal(detail.status, 200, detail.text);
      assert.equal(detail.json.status.text, 'Successful');
      assert.deepEqual(
        detail.json.metrics.map((metric) => [
          metric.name,
          metric.provider,
          metric.measurements.map((m) => m.status.text),
        ]),
        [['job-exit', 'job', ['Successful']]],
      );
    } finally {
      stream.close();
    }
  });

  it('a blue-green update: paused on its preview with promote offered, promoted, then undone to revision 1', async () => {
    const stream = await openStream(server.url, '/api/v1/namespaces/default/rollouts/bluegreen-demo/stream', {
      cookie,
    });
    try {
      const first = await follow(stream, 'the first frame', () => true);
      assert.deepEqual(
        first.steps.map((step) => `${step.text}:${step.state}`),
        ['preview: pause (until promoted):done', 'switch the active service to the new version:done'],
      );
      await act('bluegreen-demo', 'set-image', { container: 'bluegreen-demo', image: 'sluice/colorapi:2.0' });
      const paused = await follow(
        stream,
        'paused on the preview',
        (page) => page.steps[0]?.state === 'current' && page.view.status.text === 'Paused',
      );
      assert.ok(paused.actions.includes('promote'), paused.actions.join());
      assert.equal((await act('bluegreen-demo', 'promote')).message, "rollout 'bluegreen-demo' promoted");
      const promoted = await follow(
        stream,
        'Healthy on 2.0',
        (page) =>
          page.view.status.text === 'Healthy' &&
          page.steps.every((step) => step.state === 'done') &&
          page.view.images.some((image) => image.image === 'sluice/colorapi:2.0' && image.tags.includes('active')),
      );
      assert.deepEqual(promoted.revisions, [1]);
      assert.ok(promoted.actions.includes('undo'));
      assert.equal((await act('bluegreen-demo', 'undo', { revision: 1 })).message, "rollout 'bluegreen-demo' undo");
      await follow(
        stream,
        'paused on the preview of 1.0 again',
        (page) =>
          page.steps[0]?.state === 'current' &&
          page.view.images.some((image) => image.image === 'sluice/colorapi:1.0' && image.tags.includes('preview')),
      );
      const refused = await request(server.url, '/api/v1/namespaces/default/rollouts/bluegreen-demo/actions/undo', {
        cookie,
        body: { revision: -1 },
      });
      assert.equal(refused.status, 422, refused.text);
    } finally {
      stream.close();
    }
  });
});
