// `sluice dashboard` as a user runs it, over the local runtime: the URL it prints carries the
// token that opens the API, a warning when it listens beyond loopback, a clear refusal when the UI
// is not built or the port is taken, and a clean stop on SIGINT and SIGTERM.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ApiError, RolloutList, Session } from '../../../src/dashboard/contract.ts';
import { staticFixture } from '../../contracts/dashboard-contract.ts';
import { login, openStream, request } from '../../support/dashboard-http.ts';
import { dashboardOnce, startDashboardProcess } from '../../support/dashboard-process.ts';
import { freePort, occupiedPort } from '../../support/ports.ts';
import {
  FIXTURES,
  startSluice,
  temporaryDir,
  waitForRollout,
  type RunningSluice,
} from '../local/runtime/sluice-run.ts';
import { neutralEnv } from './cli-process.ts';

describe('sluice dashboard over the local runtime', { timeout: 300_000 }, () => {
  let running: RunningSluice;
  let ui = '';
  const env = neutralEnv();
  const targetArgs = () => ['--state-dir', running.stateDir, '--static-dir', ui];

  before(async () => {
    ui = staticFixture().dir;
    running = await startSluice([path.join(FIXTURES, 'canary-basic')]);
    await waitForRollout(running, 'default', 'colorapi', 'Healthy', (d) => d.rollout.status?.phase === 'Healthy');
  });

  after(async () => {
    await running?.stop();
  });

  it('prints a loopback URL whose token opens the API; stops on SIGINT with exit 0', async () => {
    const dashboard = await startDashboardProcess([...targetArgs(), '--port', '0'], env);
    try {
      assert.match(dashboard.base, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(dashboard.stdout(), /acting as local/);
      assert.equal(dashboard.stderr(), '', 'no warning on loopback');
      assert.equal((await request(dashboard.base, '/api/v1/rollouts')).status, 401);
      const { cookie } = await login(dashboard.base, dashboard.token);
      const session = await request<Session>(dashboard.base, '/api/v1/session', { cookie });
      assert.deepEqual(
        [session.json.authenticated, session.json.runtime, session.json.user, session.json.defaultNamespace],
        [true, 'local', 'local', 'default'],
      );
      const list = await request<RolloutList>(dashboard.base, '/api/v1/rollouts', { cookie });
      assert.deepEqual(
        list.json.rows.map((row) => row.name),
        ['colorapi'],
      );
    } finally {
      assert.equal(await dashboard.stop('SIGINT'), 0, dashboard.stderr());
    }
    assert.match(dashboard.stdout(), /dashboard stopped\n$/);
  });

  it('warns when it listens beyond loopback, naming who the token acts as; stops on SIGTERM', async () => {
    const dashboard = await startDashboardProcess([...targetArgs(), '--port', '0', '--address', '0.0.0.0'], env);
    try {
      assert.match(
        dashboard.stderr(),
        /^warning: the dashboard listens on 0\.0\.0\.0, so it is reachable from other machines; anyone with the token acts as local on local runtime at /,
      );
      assert.equal((await request(dashboard.base, '/api/v1/rollouts', { bearer: dashboard.token })).status, 200);
    } finally {
      assert.equal(await dashboard.stop('SIGTERM'), 0);
    }
  });

  it('--root-path serves the pages, the API and the cookie under it, and nothing outside it', async () => {
    const dashboard = await startDashboardProcess(
      [...targetArgs(), '--port', '0', '--root-path', '/tools/rollouts/'],
      env,
    );
    try {
      assert.match(dashboard.base, /^http:\/\/127\.0\.0\.1:\d+\/tools\/rollouts$/, dashboard.stdout());
      const origin = new URL(dashboard.base).origin;
      const { cookie, setCookie } = await login(dashboard.base, dashboard.token);
      assert.match(setCookie, /; Path=\/tools\/rollouts;/);
      const list = await request<RolloutList>(dashboard.base, '/api/v1/rollouts', { cookie });
      assert.deepEqual(
        list.json.rows.map((row) => row.name),
        ['colorapi'],
      );
      const page = await request(dashboard.base, '/rollouts/default/colorapi');
      assert.equal(page.status, 200);
      assert.match(page.text, /<base href="\/tools\/rollouts\/" \/>/, 'the page names the root path as its base');
      const outside = await request<ApiError>(origin, '/api/v1/rollouts', { cookie });
      assert.equal(outside.status, 404);
      assert.match(outside.json.error.message, /served under \/tools\/rollouts\//);
      const bare = await request(origin, '/tools/rollouts');
      assert.deepEqual([bare.status, bare.headers['location']], [302, '/tools/rollouts/']);
    } finally {
      assert.equal(await dashboard.stop('SIGINT'), 0, dashboard.stderr());
    }
    // Told before the target is opened: a state directory with no runtime is not reached.
    const refused = await dashboardOnce(['--state-dir', temporaryDir('no-runtime'), '--root-path', '../up'], env);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(
      refused.stderr,
      /--root-path takes a URL path such as rollouts or \/tools\/rollouts .*, not "\.\.\/up"/,
    );
  });

  it('refuses to start without the built UI, saying how to build it', async () => {
    const empty = temporaryDir('no-ui');
    const result = await dashboardOnce(['--state-dir', running.stateDir, '--static-dir', empty, '--port', '0'], env);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `sluice dashboard: the dashboard's web UI is not built (no ${path.join(empty, 'index.html')}); build it with: node scripts/build-dashboard.ts\n`,
    );
  });

  it('a port in use is one sentence naming --port', async () => {
    const held = await occupiedPort();
    try {
      const result = await dashboardOnce([...targetArgs(), '--port', String(held.port)], env);
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        /^sluice dashboard: the dashboard cannot listen on 127\.0\.0\.1:\d+: the port is in use; choose another with --port/,
      );
      assert.equal(result.stderr.trimEnd().split('\n').length, 1);
    } finally {
      held.close();
    }
  });

  it('--help names the flags and their defaults', async () => {
    const result = await dashboardOnce(['--help'], env);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^usage: sluice dashboard \[-p N\] \[--address ADDRESS\]/);
    assert.match(result.stdout, /-p, --port N +port to listen on \(0: a free port\) \(default: 3100\)/);
    assert.match(result.stdout, /--address ADDRESS .*\(default: 127\.0\.0\.1\)/);
  });

  it('a cluster that cannot be reached: it starts, and reads answer 503 naming the API server', async () => {
    const port = await freePort();
    const kubeconfig = path.join(temporaryDir('dead-cluster'), 'kubeconfig');
    writeFileSync(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          { name: 'dead', cluster: { server: `https://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true } },
        ],
        users: [{ name: 'someone', user: { token: 'abc' } }],
        contexts: [{ name: 'dead', context: { cluster: 'dead', user: 'someone', namespace: 'shop' } }],
        'current-context': 'dead',
      }),
    );
    const dashboard = await startDashboardProcess(['--kubeconfig', kubeconfig, '--port', '0', '--static-dir', ui], env);
    try {
      const read = await request<ApiError>(dashboard.base, '/api/v1/rollouts', { bearer: dashboard.token });
      assert.equal(read.status, 503, read.text);
      assert.equal(read.json.error.reason, 'Unavailable');
      assert.match(
        read.json.error.message,
        new RegExp(`^cannot reach cluster of context dead .*127\\.0\\.0\\.1:${port}.*ECONNREFUSED`),
      );
    } finally {
      assert.equal(await dashboard.stop('SIGINT'), 0, dashboard.stderr());
    }
  });

  // Last: it stops the runtime.
  it('when the local runtime goes away, a live stream sends an error event and ends, and reads answer 503 saying why', async () => {
    const dashboard = await startDashboardProcess([...targetArgs(), '--port', '0'], env);
    try {
      const { cookie } = await login(dashboard.base, dashboard.token);
      const stream = await openStream(dashboard.base, '/api/v1/namespaces/default/rollouts/colorapi/stream', {
        cookie,
      });
      await stream.next('the first frame', (event) => (event.event === 'rollout' ? true : undefined));
      await running.stop();
      const error = await stream.next('the error event', (event) =>
        event.event === 'error' ? (event.data as ApiError) : undefined,
      );
      assert.deepEqual([error.error.status, error.error.reason], [503, 'Unavailable']);
      assert.match(error.error.message, /local runtime/);
      await stream.next('the end of the stream', () => (stream.ended() ? true : undefined)).catch(() => undefined);
      assert.ok(stream.ended());
      const read = await request<ApiError>(dashboard.base, '/api/v1/rollouts', { cookie });
      assert.equal(read.status, 503, read.text);
      assert.match(read.json.error.message, /is sluice run still running\?/);
      assert.doesNotMatch(read.text, /\n\s+at /);
    } finally {
      assert.equal(await dashboard.stop('SIGINT'), 0, dashboard.stderr());
    }
  });
});
