// GitHub App installation tokens kept as ghinstallation keeps them (runtime/notifications/github-tokens.ts):
// reused until a minute before `expires_at`, per app and installation, one request for concurrent sends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GitHubAppRequest } from '../../../src/notifications/services/github.ts';
import { GitHubInstallationTokens, type InstallationToken } from '../../../src/runtime/notifications/github-tokens.ts';

const app = (installation: string, privateKey = 'key-1'): GitHubAppRequest => ({
  kind: 'githubApp',
  appId: '12345',
  privateKey,
  claims: () => '{}',
  tokenRequest: {
    kind: 'http',
    method: 'POST',
    url: `https://api.github.com/app/installations/${installation}/access_tokens`,
    headers: {},
    body: '',
    accept: 'status2xx',
  },
  withToken: () => {
    throw new Error('not sent here');
  },
});

test('a token is reused until one minute before it expires, then asked for again', async () => {
  let now = 1_000_000;
  const tokens = new GitHubInstallationTokens(() => now);
  let asked = 0;
  const ask = async (): Promise<InstallationToken> => ({ token: `t${++asked}`, expiresAt: now + 3_600_000 });
  assert.equal(await tokens.token(app('7'), ask), 't1');
  now += 3_540_000 - 1; // one minute and a millisecond before it expires
  assert.equal(await tokens.token(app('7'), ask), 't1');
  now += 1; // exactly a minute before: ghinstallation refreshes
  assert.equal(await tokens.token(app('7'), ask), 't2');
  assert.equal(asked, 2);
});

test('each installation, and each key, has its own token; one without expires_at is not kept', async () => {
  const tokens = new GitHubInstallationTokens(() => 0);
  let asked = 0;
  const lasting = async (): Promise<InstallationToken> => ({ token: `t${++asked}`, expiresAt: 3_600_000 });
  assert.equal(await tokens.token(app('7'), lasting), 't1');
  assert.equal(await tokens.token(app('8'), lasting), 't2');
  assert.equal(await tokens.token(app('7', 'key-2'), lasting), 't3');
  assert.equal(await tokens.token(app('7'), lasting), 't1');
  const unknown = async (): Promise<InstallationToken> => ({ token: `u${++asked}`, expiresAt: undefined });
  assert.equal(await tokens.token(app('9'), unknown), 'u4');
  assert.equal(await tokens.token(app('9'), unknown), 'u5');
});

test('sends at once share one token request, and a failed request is not kept', async () => {
  const tokens = new GitHubInstallationTokens(() => 0);
  let asked = 0;
  let release: (token: InstallationToken) => void = () => undefined;
  const slow = (): Promise<InstallationToken> => {
    asked++;
    return new Promise((resolve) => {
      release = resolve;
    });
  };
  const both = Promise.all([tokens.token(app('7'), slow), tokens.token(app('7'), slow)]);
  release({ token: 'shared', expiresAt: 3_600_000 });
  assert.deepEqual(await both, ['shared', 'shared']);
  assert.equal(asked, 1);
  const failing = async (): Promise<InstallationToken> => {
    throw new Error('GitHub answered 500');
  };
  await assert.rejects(tokens.token(app('8'), failing), /500/);
  assert.equal(await tokens.token(app('8'), async () => ({ token: 'after', expiresAt: 3_600_000 })), 'after');
});

test('a refused token is forgotten, but not a newer one kept since', async () => {
  const tokens = new GitHubInstallationTokens(() => 0);
  let asked = 0;
  const ask = async (): Promise<InstallationToken> => ({ token: `t${++asked}`, expiresAt: 3_600_000 });
  assert.equal(await tokens.token(app('7'), ask), 't1');
  tokens.forget(app('7'), 't1');
  assert.equal(await tokens.token(app('7'), ask), 't2');
  tokens.forget(app('7'), 't1'); // a send that still held t1 learns late it was refused
  tokens.forget(app('8'), 't2'); // another installation's
  assert.equal(await tokens.token(app('7'), ask), 't2');
  assert.equal(asked, 2);
});
