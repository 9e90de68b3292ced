// The dashboard token: only the very token opens a session, from the cookie or a bearer header;
// reads are left to the API server, patches asked of the check.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import type { AccessRequest } from '../../../src/dashboard/server/authorizer.ts';
import {
  dashboardTokenAuthorizer,
  newDashboardToken,
  sameToken,
} from '../../../src/dashboard/server/token-authorizer.ts';

// The Authorizer reads only the headers of a request: an object with just those stands for one.
const requestWith = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

test('a new token is 32 random bytes, base64url, never the same twice', () => {
  const a = newDashboardToken();
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, newDashboardToken());
});

test('sameToken: equal only for the same string, whatever the lengths', () => {
  assert.equal(sameToken('abc', 'abc'), true);
  assert.equal(sameToken('abd', 'abc'), false);
  assert.equal(sameToken('ab', 'abc'), false);
  assert.equal(sameToken('abcd', 'abc'), false);
  assert.equal(sameToken('', 'abc'), false);
});

test('the token opens a session from the cookie or the Authorization header; anything else does not', async () => {
  const authorizer = dashboardTokenAuthorizer({ username: 'alice', token: 'tok-1' });
  assert.equal(authorizer.token, 'tok-1');
  assert.deepEqual(await authorizer.authenticate(requestWith({ cookie: 'a=b; sluice_session=tok-1' })), {
    username: 'alice',
    groups: [],
  });
  assert.equal((await authorizer.authenticate(requestWith({ authorization: 'Bearer tok-1' })))?.username, 'alice');
  const refused: Array<Record<string, string>> = [
    {},
    { cookie: 'sluice_session=tok-2' },
    { cookie: 'other=tok-1' },
    { authorization: 'Bearer tok-1x' },
    { authorization: 'Basic tok-1' },
    // A wrong bearer is not rescued by a right cookie: the header says who asks.
    { authorization: 'Bearer nope', cookie: 'sluice_session=tok-1' },
  ];
  for (const headers of refused)
    assert.equal(await authorizer.authenticate(requestWith(headers)), undefined, JSON.stringify(headers));
  assert.equal((await authorizer.login('tok-1'))?.username, 'alice');
  assert.equal(await authorizer.login('tok-'), undefined);
});

test('reads are allowed (the API server refuses them itself); a patch is asked of the check; without one, all is allowed', async () => {
  const asked: AccessRequest[] = [];
  const authorizer = dashboardTokenAuthorizer({
    username: 'alice',
    check: async (access) => {
      asked.push(access);
      return { allowed: false, reason: 'no' };
    },
  });
  const identity = { username: 'alice', groups: [] };
  const read: AccessRequest = { verb: 'list', group: 'argoproj.io', resource: 'rollouts', namespace: 'shop' };
  const patch: AccessRequest = { ...read, verb: 'patch', name: 'web' };
  assert.deepEqual(await authorizer.allows(identity, read), { allowed: true });
  assert.deepEqual(await authorizer.allows(identity, patch), { allowed: false, reason: 'no' });
  assert.deepEqual(asked, [patch]);
  const local = dashboardTokenAuthorizer({ username: 'local' });
  assert.deepEqual(await local.allows(identity, patch), { allowed: true });
});
