// The dashboard's Authorizer in a cluster: Kubernetes decides. A login token, or the bearer token
// of a request, is checked with a TokenReview; a login keeps the user's name and groups in a
// server-side session (the session cookie), whose token is reviewed again at most every
// `reviewEveryMs` so that a token that stops being valid (deleted ServiceAccount, expiry) ends the
// session at the next request after that. Each read and action is allowed by a SubjectAccessReview
// for the exact verb, resource and namespace; decisions are kept a few seconds, in a bounded cache.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ObjectWriter } from '../../platform/kubernetes/client/interfaces.ts';
import { SESSION_COOKIE } from '../contract.ts';
import type { AccessDecision, AccessRequest, Authorizer, Identity } from '../server/authorizer.ts';
import { reviewAccess } from './access-review.ts';
import { ExpiringCache } from './expiring-cache.ts';
import { bearerToken, cookieValue, SessionStore } from './sessions.ts';
import { reviewToken, type ReviewedUser, type TokenReviewOutcome } from './token-review.ts';

export interface KubernetesAuthorizerOptions {
  /** Creates the reviews: the dashboard's own client (the controller's ServiceAccount). */
  client: Pick<ObjectWriter, 'create'>;
  /** Audiences a token must be meant for; default none, i.e. the API server's own. */
  audiences?: readonly string[];
  /** A session's fixed lifetime; default 8 hours. */
  sessionLifetimeMs?: number;
  /** How long a reviewed token (session or bearer) is trusted before it is reviewed again; default 30 s. */
  reviewEveryMs?: number;
  /** How long an access decision is kept; default 5 s. */
  decisionTtlMs?: number;
  maxSessions?: number;
  maxDecisions?: number;
  now?: () => number;
  newSessionId?: () => string;
}

export const DEFAULT_SESSION_LIFETIME_MS = 8 * 60 * 60 * 1000;
export const DEFAULT_REVIEW_EVERY_MS = 30_000;
export const DEFAULT_DECISION_TTL_MS = 5_000;

export class KubernetesAuthorizer implements Authorizer {
  readonly #client: Pick<ObjectWriter, 'create'>;
  readonly #audiences: readonly string[];
  readonly #reviewEveryMs: number;
  readonly #now: () => number;
  readonly #sessions: SessionStore;
  readonly #decisions: ExpiringCache<Promise<AccessDecision>>;
  readonly #bearers: ExpiringCache<Promise<TokenReviewOutcome>>;
  readonly #sessionReviews = new Map<string, Promise<boolean>>();
  /** TokenReviews and SubjectAccessReviews sent, for tests of the caches. */
  reviewsSent = 0;

  constructor(options: KubernetesAuthorizerOptions) {
    this.#client = options.client;
    this.#audiences = options.audiences ?? [];
    this.#reviewEveryMs = options.reviewEveryMs ?? DEFAULT_REVIEW_EVERY_MS;
    this.#now = options.now ?? Date.now;
    this.#sessions = new SessionStore({
      lifetimeMs: options.sessionLifetimeMs ?? DEFAULT_SESSION_LIFETIME_MS,
      maxSessions: options.maxSessions ?? 10_000,
      now: this.#now,
      ...(options.newSessionId ? { newId: options.newSessionId } : {}),
    });
    this.#decisions = new ExpiringCache({
      ttlMs: options.decisionTtlMs ?? DEFAULT_DECISION_TTL_MS,
      maxEntries: options.maxDecisions ?? 10_000,
      now: this.#now,
    });
    this.#bearers = new ExpiringCache({
      ttlMs: this.#reviewEveryMs,
      maxEntries: options.maxSessions ?? 10_000,
      now: this.#now,
    });
  }

  async authenticate(request: IncomingMessage): Promise<Identity | undefined> {
    const bearer = bearerToken(request.headers.authorization);
    if (bearer !== undefined) {
      const outcome = await this.#reviewBearer(bearer);
      return outcome.authenticated ? identityOf(outcome.user) : undefined;
    }
    const id = cookieValue(request.headers.cookie, SESSION_COOKIE);
    if (id === undefined) return undefined;
    const session = this.#sessions.get(id);
    if (!session) return undefined;
    if (this.#now() - session.reviewedAt >= this.#reviewEveryMs && !(await this.#reviewSession(id, session.token)))
      return undefined;
    return identityOf(session.user);
  }

  async login(token: string): Promise<Identity | undefined> {
    const trimmed = token.trim();
    if (trimmed === '') return undefined;
    const outcome = await this.#review(trimmed);
    if (!outcome.authenticated) return undefined;
    return { ...identityOf(outcome.user), session: this.#sessions.create(outcome.user, trimmed) };
  }

  logout(request: IncomingMessage): void {
    const id = cookieValue(request.headers.cookie, SESSION_COOKIE);
    if (id !== undefined) this.#sessions.end(id);
  }

  allows(identity: Identity, access: AccessRequest): Promise<AccessDecision> {
    const key = JSON.stringify([
      identity.username,
      [...identity.groups].sort(),
      access.verb,
      access.group,
      access.resource,
      access.subresource ?? '',
      access.namespace ?? '',
      access.name ?? '',
    ]);
    const cached = this.#decisions.get(key);
    if (cached !== undefined) return cached;
    this.reviewsSent++;
    const decision = reviewAccess(this.#client, identity, access);
    this.#decisions.set(key, decision);
    decision.catch(() => this.#decisions.delete(key));
    return decision;
  }

  #review(token: string): Promise<TokenReviewOutcome> {
    this.reviewsSent++;
    return reviewToken(this.#client, token, this.#audiences);
  }

  #reviewBearer(token: string): Promise<TokenReviewOutcome> {
    const key = createHash('sha256').update(token).digest('base64url');
    const cached = this.#bearers.get(key);
    if (cached !== undefined) return cached;
    const outcome = this.#review(token);
    this.#bearers.set(key, outcome);
    outcome.catch(() => this.#bearers.delete(key));
    return outcome;
  }

  /** Reviews a session's token again (once for concurrent requests); false ends the session. */
  #reviewSession(id: string, token: string): Promise<boolean> {
    let pending = this.#sessionReviews.get(id);
    if (!pending) {
      pending = this.#review(token)
        .then((outcome) => {
          if (outcome.authenticated) this.#sessions.reviewed(id);
          else this.#sessions.end(id);
          return outcome.authenticated;
        })
        .finally(() => this.#sessionReviews.delete(id));
      this.#sessionReviews.set(id, pending);
    }
    return pending;
  }
}

function identityOf(user: ReviewedUser): Identity {
  return { username: user.username, groups: [...user.groups] };
}
