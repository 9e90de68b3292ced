// A live stream lasts only as long as its session: the server asks the Authorizer again every
// `reauthenticateEveryMs`, and a stream whose session ended (here: revoked, as a logout, an expiry
// or a token no longer valid end a KubernetesAuthorizer session) ends, while a stream of a session
// still valid goes on. Over the local runtime (`sluice run`) through LocalTarget.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LocalTarget } from '../../../src/cli/target/local-target.ts';
import type { Authorizer } from '../../../src/dashboard/server/authorizer.ts';
import { startDashboardServer, type DashboardServer } from '../../../src/dashboard/server/server.ts';
import { dashboardTokenAuthorizer } from '../../../src/dashboard/server/token-authorizer.ts';
import { staticFixture } from '../../contracts/dashboard-contract.ts';
import { pollUntil } from '../../controlplane/poll.ts';
import { openStream } from '../../support/dashboard-http.ts';
import { FIXTURES, startSluice, waitForRollout, type RunningSluice } from '../local/runtime/sluice-run.ts';

describe('live streams end with their session', { timeout: 120_000 }, () => {
  let sluice: RunningSluice;
  let target: LocalTarget;
  let server: DashboardServer;
  const tokens = [dashboardTokenAuthorizer({ username: 'kept' }), dashboardTokenAuthorizer({ username: 'revoked' })];
  const revoked = new Set<string>();

  before(async () => {
    sluice = await startSluice([path.join(FIXTURES, 'canary-basic')]);
    await waitForRollout(sluice, 'default', 'colorapi', 'Healthy', (d) => d.rollout.status?.phase === 'Healthy');
    target = new LocalTarget(sluice.stateDir);
    // Two users, each with a token; a revoked user's requests are no longer authenticated.
    const authorizer: Authorizer = {
      authenticate: async (request: IncomingMessage) => {
        for (const user of tokens) {
          const identity = await user.authenticate(request);
          if (identity && !revoked.has(identity.username)) return identity;
        }
        return undefined;
      },
      login: async () => undefined,
      allows: async () => ({ allowed: true }),
    };
    server = await startDashboardServer({
      target,
      authorizer,
      port: 0,
      staticDir: staticFixture().dir,
      reauthenticateEveryMs: 200,
      session: { target: target.description, runtime: 'local', defaultNamespace: 'default', login: 'dashboard-token' },
    });
  });

  after(async () => {
    await server?.close();
    target?.close();
    await sluice?.stop();
  });

  it('ends the stream of a revoked session and keeps the other', async () => {
    const path = '/api/v1/namespaces/default/rollouts/colorapi/stream';
    const [kept, gone] = await Promise.all(tokens.map((user) => openStream(server.url, path, { bearer: user.token })));
    assert.equal(kept?.status, 200);
    assert.equal(gone?.status, 200);
    await kept?.next('the first page', (event) => (event.event === 'rollout' ? true : undefined));
    await gone?.next('the first page', (event) => (event.event === 'rollout' ? true : undefined));
    revoked.add('revoked');
    await pollUntil(() => gone?.ended() === true, { what: 'the revoked stream to end', timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 600)); // three more checks
    assert.equal(kept?.ended(), false, 'the stream of the valid session goes on');
    assert.equal(server.openStreams(), 1);
    kept?.close();
  });
});
