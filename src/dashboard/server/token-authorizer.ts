// The Authorizer of `sluice dashboard`: one random token made at start and printed in the URL;
// whoever holds it acts as the user the dashboard runs as (the kubeconfig's user on a cluster,
// `local` on the local runtime). Tokens are compared in constant time. On a cluster the reads and
// actions are then done with that user's own credentials, so Kubernetes refuses what they may not
// do; `check` (a SelfSubjectAccessReview) answers ahead for the actions, so the page offers only
// those allowed and a refused one is named before it is sent.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AccessDecision, AccessRequest, Authorizer, Identity } from './authorizer.ts';
import { credentialOf } from './http-io.ts';

export interface DashboardTokenOptions {
  /** Who acts: the kubeconfig user (`kubernetes-admin`), or `local`. */
  username: string;
  groups?: string[];
  /** The token; default 32 random bytes, base64url. */
  token?: string;
  /** Asks the API server whether the user may do `access` (patch only; reads are refused by the API server itself). */
  check?: (access: AccessRequest) => Promise<AccessDecision>;
}

export interface DashboardTokenAuthorizer extends Authorizer {
  readonly token: string;
}

export function newDashboardToken(): string {
  return randomBytes(32).toString('base64url');
}

export function dashboardTokenAuthorizer(options: DashboardTokenOptions): DashboardTokenAuthorizer {
  const token = options.token ?? newDashboardToken();
  const identity: Identity = { username: options.username, groups: options.groups ?? [] };
  const matches = (candidate: string | undefined) => candidate !== undefined && sameToken(candidate, token);
  return {
    token,
    authenticate: async (request: IncomingMessage) => (matches(credentialOf(request)) ? identity : undefined),
    login: async (candidate: string) => (matches(candidate) ? identity : undefined),
    allows: async (_identity: Identity, access: AccessRequest): Promise<AccessDecision> => {
      if (!options.check || access.verb === 'get' || access.verb === 'list' || access.verb === 'watch')
        return { allowed: true };
      return options.check(access);
    },
  };
}

/** Equal in constant time whatever the lengths (both sides hashed to the same length first). */
export function sameToken(candidate: string, token: string): boolean {
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b) && candidate.length === token.length;
}
