// The dashboard server's contract over a real target (the local runtime, or a cluster with the
// controller): sessions and tokens, the list and a rollout's page, the stream following a set image,
// an abort, a retry and a promote made through the actions, CSRF refusals, static files without
// path traversal, and no watch left running once a browser goes. The clauses run in order on one
// canary (setWeight 20, pause {}, setWeight 50, pause 2s), Healthy on `firstImage` at the start.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Target } from '../../src/cli/target/target.ts';
import type { ActionResult, ApiError, RolloutList, RolloutPage, Session } from '../../src/dashboard/contract.ts';
import { startDashboardServer, type DashboardServer } from '../../src/dashboard/server/server.ts';
import type { AccessRequest, Authorizer } from '../../src/dashboard/server/authorizer.ts';
import { dashboardTokenAuthorizer } from '../../src/dashboard/server/token-authorizer.ts';
import { temporaryDir } from '../integration/local/runtime/sluice-run.ts';
import { login, openStream, request, type EventStreamReader } from '../support/dashboard-http.ts';
import { waitFor } from '../support/ports.ts';

export interface DashboardSubject {
  target: Target;
  runtime: 'local' | 'cluster';
  namespace: string;
  name: string;
  container: string;
  firstImage: string;
  secondImage: string;
  /** Deletes the rollout (the last clause); the cluster puts it back for the tests after. */
  deleteRollout(): Promise<void>;
  close(): Promise<void>;
}

export interface DashboardContractOptions {
  name: string;
  create(): Promise<DashboardSubject>;
  timeoutMs?: number;
}

/** A built UI of two files, with a secret beside the directory and a link out of it. */
export function staticFixture(): { dir: string; secret: string } {
  const root = temporaryDir('dashboard-static');
  const dir = path.join(root, 'ui');
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><title>sluice</title><script src="/assets/app.js"></script>',
  );
  writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log("sluice");');
  const secret = path.join(root, 'secret.txt');
  writeFileSync(secret, 'the secret beside the UI');
  symlinkSync(secret, path.join(dir, 'leak.txt'));
  return { dir, secret };
}

const pausedAtStep = (page: RolloutPage, index: number) =>
  page.steps[index]?.state === 'current' && page.steps[index]?.kind === 'pause' && page.view.status.text === 'Paused';

export function runDashboardContract(options: DashboardContractOptions): void {
  const timeoutMs = options.timeoutMs ?? 90_000;
  describe(`dashboard server over ${options.name}`, { timeout: timeoutMs * 6 }, () => {
    let subject: DashboardSubject;
    let server: DashboardServer;
    let base = '';
    let token = '';
    let cookie = '';
    let rolloutPath = '';
    const askedFor = new Set<string>();
    const asked: AccessRequest[] = [];
    let refuse: (access: AccessRequest) => boolean = () => false;

    before(async () => {
      subject = await options.create();
      const tokens = dashboardTokenAuthorizer({ username: 'tester' });
      token = tokens.token;
      // The token's Authorizer, recording what the server asks and refusing what a test says.
      const authorizer: Authorizer = {
        authenticate: (request) => tokens.authenticate(request),
        login: (candidate) => tokens.login(candidate),
        allows: async (identity, access) => {
          asked.push(access);
          if (refuse(access)) return { allowed: false, reason: `refused ${access.verb} ${access.resource}` };
          return tokens.allows(identity, access);
        },
      };
      server = await startDashboardServer({
        // As the controller does: a target per identity (here always the same one, counted).
        target: (identity) => {
          askedFor.add(identity.username);
          return subject.target;
        },
        authorizer,
        port: 0,
        staticDir: staticFixture().dir,
        session: {
          target: subject.target.description,
          runtime: subject.runtime,
          defaultNamespace: subject.namespace,
          login: 'dashboard-token',
        },
      });
      base = server.url;
      rolloutPath = `/api/v1/namespaces/${subject.namespace}/rollouts/${subject.name}`;
    });

    after(async () => {
      await server?.close();
      await subject?.close();
    });

    test('without a session: /session says so, the API answers 401 with how to log in, a wrong token is refused', async () => {
      const session = await request<Session>(base, '/api/v1/session');
      assert.equal(session.status, 200);
      assert.equal(session.json.authenticated, false);
      assert.equal(session.json.login, 'dashboard-token');
      for (const path of ['/api/v1/rollouts', rolloutPath, `${rolloutPath}/stream`]) {
        const refused = await request<ApiError>(base, path);
        assert.equal(refused.status, 401, path);
        assert.equal(refused.json.error.reason, 'Unauthorized');
        assert.match(refused.json.error.message, /#token=/);
      }
      const wrong = await request<ApiError>(base, '/api/v1/login', { body: { token: `${token}x` } });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.headers['set-cookie'], undefined);
      const bearerWrong = await request(base, '/api/v1/rollouts', { bearer: token.slice(1) });
      assert.equal(bearerWrong.status, 401);
    });

    test('login with the token sets an HttpOnly SameSite=Strict cookie that opens the API; a bearer token does too', async () => {
      const session = await login(base, token);
      cookie = session.cookie;
      assert.match(session.setCookie, /^sluice_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
      const after = await request<Session>(base, '/api/v1/session', { cookie });
      assert.deepEqual([after.json.authenticated, after.json.user], [true, 'tester']);
      assert.equal((await request(base, '/api/v1/rollouts', { cookie })).status, 200);
      assert.equal((await request(base, '/api/v1/rollouts', { bearer: token })).status, 200);
      assert.deepEqual([...askedFor], ['tester'], 'the target was asked for the identity that logged in');
    });

    test('the timeline and traffic routes answer their shapes (empty until their sources are wired), after login only', async () => {
      assert.equal((await request(base, `${rolloutPath}/timeline`)).status, 401);
      const timeline = await request<{ entries: unknown[] }>(base, `${rolloutPath}/timeline`, { cookie });
      assert.equal(timeline.status, 200, timeline.text);
      assert.ok(Array.isArray(timeline.json.entries));
      const traffic = await request<{ times: unknown[]; versions: unknown[] }>(base, `${rolloutPath}/traffic`, {
        cookie,
      });
      assert.equal(traffic.status, 200, traffic.text);
      assert.ok(Array.isArray(traffic.json.times) && Array.isArray(traffic.json.versions));
    });

    test('a request under another Host name (DNS rebinding) is refused, even /session', async () => {
      const port = new URL(base).port;
      for (const path of ['/api/v1/session', '/', '/api/v1/rollouts']) {
        const answer = await request<ApiError>(base, path, { cookie, headers: { host: `rebound.example:${port}` } });
        assert.equal(answer.status, 403, path);
        assert.match(answer.json.error.message, /not to Host rebound\.example/);
      }
      const localhost = await request(base, '/api/v1/rollouts', { cookie, headers: { host: `localhost:${port}` } });
      assert.equal(localhost.status, 200);
    });

    test('every answer carries the security headers and no CORS header', async () => {
      for (const [path, auth] of [
        ['/api/v1/rollouts', cookie],
        ['/api/v1/rollouts', ''],
        ['/', ''],
        ['/assets/app.js', ''],
        ['/nope.js', ''],
      ] as const) {
        const answer = await request(base, path, auth ? { cookie: auth } : {});
        assert.match(String(answer.headers['content-security-policy']), /default-src 'self'/, path);
        assert.match(String(answer.headers['content-security-policy']), /frame-ancestors 'none'/, path);
        assert.equal(answer.headers['x-content-type-options'], 'nosniff', path);
        assert.equal(answer.headers['referrer-policy'], 'no-referrer', path);
        assert.equal(answer.headers['access-control-allow-origin'], undefined, path);
      }
    });

    test('the list shows the rollout with its strategy, status and images', async () => {
      const list = await request<RolloutList>(base, `/api/v1/rollouts?namespace=${subject.namespace}`, { cookie });
      assert.equal(list.status, 200, list.text);
      const row = list.json.rows.find((candidate) => candidate.name === subject.name);
      assert.ok(row, list.text);
      assert.deepEqual([row.namespace, row.strategy, row.status.text], [subject.namespace, 'Canary', 'Healthy']);
      assert.deepEqual(list.json.images[`${subject.namespace}/${subject.name}`], [subject.firstImage]);
      const everywhere = await request<RolloutList>(base, '/api/v1/rollouts', { cookie });
      assert.ok(everywhere.json.rows.some((candidate) => candidate.name === subject.name));
    });

    test("the rollout's page: the view, every step done, the actions a healthy canary has, its containers", async () => {
      const page = await request<RolloutPage>(base, rolloutPath, { cookie });
      assert.equal(page.status, 200, page.text);
      assert.equal(page.json.view.name, subject.name);
      assert.deepEqual(
        page.json.steps.map((step) => `${step.text}:${step.state}`),
        ['setWeight: 20:done', 'pause (until promoted):done', 'setWeight: 50:done', 'pause: 2s:done'],
      );
      assert.deepEqual(page.json.actions, ['restart', 'set-image']);
      assert.deepEqual(page.json.containers, [subject.container]);
    });

    test("an action that does not apply, or names what the rollout lacks, is refused with the CLI's reason and writes nothing", async () => {
      const action = (name: string, body: unknown = {}) =>
        request<ApiError>(base, `${rolloutPath}/actions/${name}`, { cookie, body });
      const retry = await action('retry');
      assert.deepEqual([retry.status, retry.json.error.reason], [409, 'Conflict'], retry.text);
      assert.match(retry.json.error.message, /is not aborted/);
      const container = await action('set-image', { container: 'nope', image: subject.secondImage });
      assert.equal(container.status, 422, container.text);
      assert.match(container.json.error.message, new RegExp(`no container named "nope".*${subject.container}`));
      const revision = await action('undo', { revision: 99 });
      assert.equal(revision.status, 422, revision.text);
      assert.match(revision.json.error.message, /no revision 99/);
      const missing = await action('set-image', { container: subject.container });
      assert.equal(missing.status, 422, missing.text);
      const page = await request<RolloutPage>(base, rolloutPath, { cookie });
      assert.deepEqual(
        page.json.view.images.map((image) => image.image),
        [subject.firstImage],
      );
      assert.equal(page.json.view.status.text, 'Healthy');
    });

    test('the Authorizer is asked for every read the page makes; one refused is a 403 with its reason', async () => {
      asked.length = 0;
      assert.equal((await request(base, rolloutPath, { cookie })).status, 200);
      const ns = subject.namespace;
      assert.deepEqual(
        asked
          .slice(0, 4)
          .map((access) => `${access.verb} ${access.group}/${access.resource} ${access.namespace ?? ''}`),
        [
          `get argoproj.io/rollouts ${ns}`,
          `list apps/replicasets ${ns}`,
          `list /pods ${ns}`,
          `list argoproj.io/analysisruns ${ns}`,
        ],
        'the reads, in order',
      );
      assert.deepEqual(
        [
          ...new Set(
            asked
              .slice(4)
              .map(
                (access) =>
                  `${access.verb} ${access.group}/${access.resource}${access.subresource ? `/${access.subresource}` : ''}`,
              ),
          ),
        ].sort(),
        [
          'get argoproj.io/rollouts',
          'list apps/replicasets',
          'list argoproj.io/experiments',
          'list batch/jobs',
          'patch argoproj.io/rollouts',
          'patch argoproj.io/rollouts/status',
          'update argoproj.io/rollouts',
        ],
        'then the checks of each action the page may offer, and of the parts it may hide',
      );
      refuse = (access) => access.resource === 'pods';
      try {
        for (const path of [rolloutPath, `${rolloutPath}/stream`]) {
          const refused = await request<ApiError>(base, path, { cookie });
          assert.equal(refused.status, 403, path);
          assert.equal(refused.json.error.message, 'refused list pods');
        }
        assert.equal((await request(base, '/api/v1/rollouts', { cookie })).status, 200);
        refuse = (access) => access.verb === 'patch' || access.verb === 'update';
        const page = await request<RolloutPage>(base, rolloutPath, { cookie });
        assert.deepEqual(page.json.actions, [], 'no action offered to who may not patch');
        const action = await request<ApiError>(base, `${rolloutPath}/actions/restart`, { cookie, body: {} });
        assert.deepEqual([action.status, action.json.error.message], [403, 'refused patch rollouts']);
      } finally {
        refuse = () => false;
      }
    });

    test('a missing rollout or analysis run answers 404 naming it; a name that is not a Kubernetes name 422', async () => {
      const missing = await request<ApiError>(base, `/api/v1/namespaces/${subject.namespace}/rollouts/nothere`, {
        cookie,
      });
      assert.equal(missing.status, 404, missing.text);
      assert.match(missing.json.error.message, /nothere/);
      const stream = await request<ApiError>(base, `/api/v1/namespaces/${subject.namespace}/rollouts/nothere/stream`, {
        cookie,
      });
      assert.equal(stream.status, 404, stream.text);
      const run = await request<ApiError>(base, `/api/v1/namespaces/${subject.namespace}/analysisruns/nothere`, {
        cookie,
      });
      assert.equal(run.status, 404, run.text);
      assert.match(run.json.error.message, /analysisrun nothere/);
      const bad = await request<ApiError>(base, '/api/v1/namespaces/Bad_NS/rollouts/x', { cookie });
      assert.equal(bad.status, 422);
      assert.doesNotMatch(bad.text, /\n\s+at /);
    });

    test('POSTs without the CSRF header, from a foreign Origin or not JSON are refused and change nothing', async () => {
      const action = `${rolloutPath}/actions/set-image`;
      const body = { container: subject.container, image: subject.secondImage };
      const noHeader = await request<ApiError>(base, action, { cookie, body, noCsrfHeader: true });
      assert.equal(noHeader.status, 403);
      assert.match(noHeader.json.error.message, /X-Sluice-Request: 1/);
      const foreign = await request<ApiError>(base, action, {
        cookie,
        body,
        headers: { origin: 'http://evil.example' },
      });
      assert.equal(foreign.status, 403);
      assert.match(foreign.json.error.message, /http:\/\/evil\.example/);
      const form = await request<ApiError>(base, action, {
        cookie,
        body: 'container=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(form.status, 415);
      const page = await request<RolloutPage>(base, rolloutPath, { cookie });
      assert.deepEqual(
        page.json.view.images.map((image) => image.image),
        [subject.firstImage],
      );
      const own = await request(base, `${rolloutPath}/actions/bogus`, { cookie, body: {}, headers: { origin: base } });
      assert.equal(own.status, 404, 'an own Origin passes the CSRF check (and meets the unknown action)');
    });

    test('the stream follows a set image, an abort, a retry and a promote made through the actions', async () => {
      const stream = await openStream(base, `${rolloutPath}/stream`, { cookie });
      try {
        assert.equal(stream.status, 200);
        assert.match(String(stream.headers['content-type']), /^text\/event-stream/);
        await stream.next('the first frame', (event) => (event.event === 'rollout' ? true : undefined));
        const act = async (action: string, body: unknown = {}) => {
          const answer = await request<ActionResult>(base, `${rolloutPath}/actions/${action}`, { cookie, body });
          assert.equal(answer.status, 200, `${action}: ${answer.text}`);
          return answer.json;
        };
        const set = await act('set-image', { container: subject.container, image: subject.secondImage });
        assert.equal(set.message, `rollout "${subject.name}" image updated`);
        const paused = await nextPage(stream, 'paused at the indefinite pause', (page) => pausedAtStep(page, 1));
        assert.ok(paused.actions.includes('promote') && paused.actions.includes('abort'), paused.actions.join());

        assert.equal((await act('abort')).message, `rollout '${subject.name}' aborted`);
        const aborted = await nextPage(stream, 'aborted', (page) => page.view.status.text === 'Degraded');
        assert.ok(aborted.actions.includes('retry'), aborted.actions.join());
        assert.ok(!aborted.actions.includes('abort'), aborted.actions.join());

        assert.equal((await act('retry')).message, `rollout '${subject.name}' retried`);
        await nextPage(stream, 'paused again after the retry', (page) => pausedAtStep(page, 1));
        assert.equal((await act('promote')).message, `rollout '${subject.name}' promoted`);
        await nextPage(stream, 'past the pause after the promote', (page) => page.steps[1]?.state === 'done');
        const healthy = await nextPage(
          stream,
          'Healthy on the second image',
          (page) =>
            page.view.status.text === 'Healthy' &&
            page.steps.every((step) => step.state === 'done') &&
            page.view.images.map((image) => image.image).join() === subject.secondImage,
        );
        assert.ok(healthy.revisions.length > 0, 'the first revision is one undo may go back to');
      } finally {
        stream.close();
      }
    });

    test('frames are coalesced: at most one per 100 ms, the last state sent', async () => {
      const opened = performance.now();
      const stream = await openStream(base, '/api/v1/rollouts/stream', { cookie });
      try {
        await stream.next('the list', (event) => (event.event === 'rollouts' ? true : undefined));
        const restart = await request(base, `${rolloutPath}/actions/restart`, { cookie, body: {} });
        assert.equal(restart.status, 200, restart.text);
        await waitFor(
          'frames after the restart',
          async () => (stream.events.length >= 3 ? true : undefined),
          timeoutMs,
        );
        // Frame k leaves at least k-1 intervals after the first, so N frames take N-1 intervals to
        // arrive: a bound that a slow reader only loosens.
        const elapsed = performance.now() - opened;
        assert.ok(
          stream.events.length - 1 <= elapsed / 100,
          `${stream.events.length} frames in ${Math.round(elapsed)} ms`,
        );
      } finally {
        stream.close();
      }
    });

    test('a browser that goes away stops its watch: no stream is left running', async () => {
      const streams: EventStreamReader[] = [];
      for (const path of [`${rolloutPath}/stream`, '/api/v1/rollouts/stream', '/api/v1/rollouts/stream?namespace=x'])
        streams.push(await openStream(base, path, { cookie }));
      for (const stream of streams) await stream.next('a first frame', () => true);
      assert.equal(server.openStreams(), 3);
      for (const stream of streams) stream.close();
      await waitFor('every watch to stop', async () => (server.openStreams() === 0 ? true : undefined), 10_000, 20);
    });

    test('static files: the UI and its assets with their types, index.html for client routes, no way out of the folder', async () => {
      const index = await request(base, '/');
      assert.equal(index.status, 200);
      assert.match(String(index.headers['content-type']), /^text\/html/);
      const route = await request(base, `/rollouts/${subject.namespace}/${subject.name}`);
      assert.equal(route.text, index.text);
      const script = await request(base, '/assets/app.js');
      assert.match(String(script.headers['content-type']), /^text\/javascript/);
      for (const path of [
        '/../secret.txt',
        '/assets/../../secret.txt',
        '/%2e%2e/secret.txt',
        '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
        '/..%5csecret.txt',
        '/leak.txt',
        '/%00index.html',
      ]) {
        const answer = await request(base, path);
        assert.notEqual(answer.status, 200, path);
        assert.doesNotMatch(answer.text, /the secret/, path);
      }
      const api = await request<ApiError>(base, '/api/v1/nothing', { cookie });
      assert.equal(api.status, 404);
      assert.equal(api.json.error.reason, 'NotFound');
    });

    test('a rollout deleted while its page streams: the stream says it is gone', async () => {
      const stream = await openStream(base, `${rolloutPath}/stream`, { cookie });
      try {
        await stream.next('the first frame', (event) => (event.event === 'rollout' ? true : undefined));
        await subject.deleteRollout();
        const gone = await stream.next('the gone event', (event) => (event.event === 'gone' ? event.data : undefined));
        assert.deepEqual(gone, { namespace: subject.namespace, name: subject.name });
      } finally {
        stream.close();
      }
    });
  });
}

async function nextPage(
  stream: EventStreamReader,
  what: string,
  check: (page: RolloutPage) => boolean,
): Promise<RolloutPage> {
  const from = stream.events.length;
  return stream.next(
    `a rollout frame: ${what} (last: ${describeLast(stream)})`,
    (event) =>
      event.event === 'rollout' && check(event.data as RolloutPage) ? (event.data as RolloutPage) : undefined,
    90_000,
    Math.max(0, from - 1),
  );
}

function describeLast(stream: EventStreamReader): string {
  const last = stream.events.at(-1)?.data as RolloutPage | undefined;
  if (!last) return 'none';
  return `${last.view.status.text} ${last.steps.map((step) => step.state[0]).join('')}`;
}
