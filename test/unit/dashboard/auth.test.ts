// The pure parts of the dashboard's Kubernetes authorisation: what a TokenReview's and a
// SubjectAccessReview's status mean, the refusal message, the bounded caches, the cookie and
// bearer parsing, and which checks each route needs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { accessDecision, accessReviewBody } from '../../../src/dashboard/auth/access-review.ts';
import { actionNeeds, allowedActions, firstRefusal, readNeeds } from '../../../src/dashboard/auth/access-needs.ts';
import { ExpiringCache } from '../../../src/dashboard/auth/expiring-cache.ts';
import { bearerToken, cookieValue, SessionStore } from '../../../src/dashboard/auth/sessions.ts';
import { tokenReviewBody, tokenReviewOutcome } from '../../../src/dashboard/auth/token-review.ts';

const alice = { username: 'alice', groups: ['dev', 'system:authenticated'] };

describe('TokenReview', () => {
  const cases: Array<[string, Parameters<typeof tokenReviewOutcome>[0], string[], boolean | string]> = [
    ['authenticated', { authenticated: true, user: { username: 'alice', groups: ['dev'] } }, [], true],
    ['not authenticated, with the error', { authenticated: false, error: 'token expired' }, [], 'token expired'],
    ['no status', undefined, [], 'the token is not valid'],
    ['no user name', { authenticated: true, user: {} }, [], 'named no user'],
    [
      'audience asked and granted',
      { authenticated: true, user: { username: 'a' }, audiences: ['x', 'y'] },
      ['y'],
      true,
    ],
    [
      'audience asked, not granted',
      { authenticated: true, user: { username: 'a' }, audiences: ['x'] },
      ['y'],
      'audiences y',
    ],
  ];
  for (const [name, status, audiences, expected] of cases)
    test(name, () => {
      const outcome = tokenReviewOutcome(status, audiences);
      if (expected === true) assert.equal(outcome.authenticated, true);
      else assert.match(outcome.authenticated ? '' : outcome.reason, new RegExp(expected as string));
    });

  test('the body names audiences only when given (else the API server uses its own)', () => {
    assert.deepEqual(tokenReviewBody('t')['spec'], { token: 't' });
    assert.deepEqual(tokenReviewBody('t', ['api'])['spec'], { token: 't', audiences: ['api'] });
  });
});

describe('SubjectAccessReview', () => {
  test('the body asks for the exact attributes', () => {
    const body = accessReviewBody(alice, {
      verb: 'patch',
      group: 'argoproj.io',
      resource: 'rollouts',
      subresource: 'status',
      namespace: 'shop',
      name: 'web',
    });
    assert.deepEqual(body['spec'], {
      user: 'alice',
      groups: ['dev', 'system:authenticated'],
      resourceAttributes: {
        verb: 'patch',
        group: 'argoproj.io',
        resource: 'rollouts',
        subresource: 'status',
        namespace: 'shop',
        name: 'web',
      },
    });
  });

  test('allowed only when allowed and not denied', () => {
    const access = { verb: 'get', group: '', resource: 'events', namespace: 'shop' } as const;
    assert.deepEqual(accessDecision(alice, access, { allowed: true }), { allowed: true });
    assert.equal(accessDecision(alice, access, { allowed: true, denied: true }).allowed, false);
    assert.equal(accessDecision(alice, access, {}).allowed, false);
    assert.equal(accessDecision(alice, access, undefined).allowed, false);
  });

  test('the refusal names the user, verb, resource and namespace, the reason given, and the RBAC to ask for', () => {
    const refusal = (access: Parameters<typeof accessDecision>[1], status?: Parameters<typeof accessDecision>[2]) => {
      const decision = accessDecision(alice, access, status);
      assert.equal(decision.allowed, false);
      return decision.allowed ? '' : decision.reason;
    };
    assert.equal(
      refusal(
        { verb: 'patch', group: 'argoproj.io', resource: 'rollouts', subresource: 'status', namespace: 'shop' },
        { reason: 'no RoleBinding' },
      ),
      'user alice may not patch rollouts/status (argoproj.io) in namespace shop: Kubernetes RBAC refused it (no RoleBinding); ask a cluster administrator for RBAC that grants it: a Role in namespace shop allowing patch on rollouts/status (argoproj.io), bound to alice',
    );
    assert.equal(
      refusal({ verb: 'list', group: 'argoproj.io', resource: 'rollouts' }, { evaluationError: 'webhook down' }),
      'user alice may not list rollouts (argoproj.io) in every namespace (cluster-wide): Kubernetes RBAC refused it (webhook down); ask a cluster administrator for RBAC that grants it: a ClusterRole allowing list on rollouts (argoproj.io), bound to alice',
    );
    assert.match(
      refusal({ verb: 'list', group: '', resource: 'events', namespace: 'x' }),
      /^user alice may not list events in namespace x: Kubernetes RBAC refused it; ask /,
    );
  });
});

describe('access needs', () => {
  test('each action patches what its CLI verb patches', () => {
    const verbs = (action: Parameters<typeof actionNeeds>[0]) =>
      actionNeeds(action, 'shop', 'web').map(
        (a) => `${a.verb} ${a.resource}${a.subresource ? `/${a.subresource}` : ''}`,
      );
    assert.deepEqual(verbs('promote'), ['get rollouts', 'patch rollouts/status', 'patch rollouts']);
    assert.deepEqual(verbs('abort'), ['get rollouts', 'patch rollouts/status']);
    assert.deepEqual(verbs('promote-full'), ['get rollouts', 'patch rollouts/status']);
    assert.deepEqual(verbs('retry'), ['get rollouts', 'patch rollouts/status']);
    assert.deepEqual(verbs('restart'), ['get rollouts', 'patch rollouts']);
    assert.deepEqual(verbs('set-image'), ['get rollouts', 'update rollouts']);
    assert.deepEqual(verbs('undo'), ['get rollouts', 'list replicasets', 'patch rollouts']);
    for (const access of actionNeeds('undo', 'shop', 'web')) assert.equal(access.namespace, 'shop');
  });

  test('the list of every namespace is asked cluster-wide; the stream needs watch', () => {
    assert.deepEqual(readNeeds({ route: 'rollout-list' }), [
      { verb: 'list', group: 'argoproj.io', resource: 'rollouts' },
    ]);
    assert.deepEqual(
      readNeeds({ route: 'rollout-list', namespace: 'a', stream: true }).map((a) => `${a.verb} ${a.namespace}`),
      ['list a', 'watch a'],
    );
    assert.deepEqual(readNeeds({ route: 'timeline', namespace: 'a', name: 'w' }).at(-1), {
      verb: 'list',
      group: '',
      resource: 'events',
      namespace: 'a',
    });
  });

  test('the actions offered are those whose every check is allowed', async () => {
    const onlySpec = async (a: { verb: string; subresource?: string }) =>
      a.verb === 'get' || (a.verb === 'patch' && !a.subresource);
    assert.deepEqual([...(await allowedActions(onlySpec, 'shop', 'web'))].sort(), ['restart']);
    const everything = async () => true;
    assert.equal((await allowedActions(everything, 'shop', 'web')).size, 7);
    assert.equal((await allowedActions(async () => false, 'shop', 'web')).size, 0);
  });

  test('firstRefusal gives the first refusal in order, or none', async () => {
    const needs = actionNeeds('promote', 'shop', 'web');
    const refuse = (verb: string) => async (a: (typeof needs)[number]) =>
      a.verb === verb
        ? { allowed: false as const, reason: `no ${a.verb} ${a.resource}${a.subresource ? `/${a.subresource}` : ''}` }
        : { allowed: true as const };
    assert.equal(await firstRefusal(refuse('patch'), needs), 'no patch rollouts/status');
    assert.equal(await firstRefusal(refuse('delete'), needs), undefined);
  });
});

describe('caches and sessions', () => {
  test('an entry expires after its time, and the oldest goes when full', () => {
    let now = 0;
    const cache = new ExpiringCache<number>({ ttlMs: 10, maxEntries: 2, now: () => now });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('a'), undefined, 'the oldest was dropped');
    assert.equal(cache.get('c'), 3);
    now = 10;
    assert.equal(cache.get('c'), undefined, 'expired');
  });

  test('sessions last their lifetime; the first created goes when full', () => {
    let now = 0;
    let next = 0;
    const store = new SessionStore({ lifetimeMs: 100, maxSessions: 2, now: () => now, newId: () => `s${++next}` });
    const user = { username: 'u', groups: [] };
    const [one, two, three] = [store.create(user, 't'), store.create(user, 't'), store.create(user, 't')];
    assert.equal(store.get(one), undefined);
    assert.ok(store.get(two) && store.get(three));
    now = 100;
    assert.equal(store.get(two), undefined);
  });

  test('cookie and bearer parsing', () => {
    assert.equal(cookieValue('a=1; sluice_session=abc; b=2', 'sluice_session'), 'abc');
    assert.equal(cookieValue('xsluice_session=abc', 'sluice_session'), undefined);
    assert.equal(cookieValue('sluice_session=', 'sluice_session'), undefined);
    assert.equal(cookieValue(undefined, 'sluice_session'), undefined);
    assert.equal(bearerToken('Bearer abc.def'), 'abc.def');
    assert.equal(bearerToken('bearer abc'), 'abc');
    assert.equal(bearerToken('Basic abc'), undefined);
    assert.equal(bearerToken('Bearer '), undefined);
  });
});
