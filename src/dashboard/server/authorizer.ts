// Who is asking and what they may do: the dashboard server's one port for authentication and
// authorisation. Three implementations: the dashboard token of `sluice dashboard` (the local
// runtime, or a cluster read as the kubeconfig's user, where Kubernetes itself refuses what that
// user may not do), and in the controller a Kubernetes bearer token checked with a TokenReview,
// each read and action allowed by a SubjectAccessReview so that Kubernetes RBAC decides.
import type { IncomingMessage } from 'node:http';

export interface Identity {
  /** The user as Kubernetes names them (`alice`, `system:serviceaccount:shop:ci`), or `local`. */
  username: string;
  groups: string[];
  /** The bearer token, when requests to the API server are made as this user. */
  token?: string;
  /** After a login: the session id the server sets as the SESSION_COOKIE (absent when the authorizer keeps no sessions). */
  session?: string;
}

/** A Kubernetes resource attribute, as a SubjectAccessReview asks about it. */
export interface AccessRequest {
  verb: 'get' | 'list' | 'watch' | 'patch' | 'update' | 'create';
  group: string;
  resource: string;
  /** `status` for rollouts/status. */
  subresource?: string;
  namespace?: string;
  name?: string;
}

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

export interface Authorizer {
  /** The session's identity, or undefined when the request carries no valid credential. */
  authenticate(request: IncomingMessage): Promise<Identity | undefined>;
  /** Exchanges a login token for an identity (undefined: refused). */
  login(token: string): Promise<Identity | undefined>;
  /** Ends the request's session (POST /logout); nothing when it has none. */
  logout?(request: IncomingMessage): void;
  /** Whether `identity` may do `access`; the reason says which verb, resource and namespace was refused. */
  allows(identity: Identity, access: AccessRequest): Promise<AccessDecision>;
}
