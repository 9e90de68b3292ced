// What a route of the dashboard API is: a method, a path pattern under /api/v1 (`:name` segments
// are parameters), and a handler that answers a JSON body or writes the answer itself (streams).
// Adding a route is one line in routes.ts (or one entry in the `routes` option).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Target } from '../../cli/target/target.ts';
import type { AccessDecision, AccessRequest, Identity } from './authorizer.ts';
import type { EventStreamOptions } from './event-stream.ts';

export interface RouteContext {
  request: IncomingMessage;
  response: ServerResponse;
  /** The path's parameters, decoded and checked to be Kubernetes names. */
  params: Record<string, string>;
  query: URLSearchParams;
  identity: Identity;
  /** Where this identity's reads and actions go. */
  target: Target;
  /** The Authorizer's decision on `access` for the identity (a refusal carries its sentence). */
  allows(access: AccessRequest): Promise<AccessDecision>;
  /** Refuses with 403 (the Authorizer's reason) unless the identity may do `access`. */
  guard(access: AccessRequest): Promise<void>;
  /** Whether the identity may do `access`, without refusing. */
  may(access: AccessRequest): Promise<boolean>;
  /** The request's JSON body (an object). */
  body(): Promise<Record<string, unknown>>;
  now(): number;
  /**
   * Starts a live stream: counted while `watch` runs, its signal aborted when the peer goes or the
   * server closes. `needs` are asked again with the session every re-check period: when one is
   * refused (the user's RBAC revoked), the watch is stopped and live rejects with that 403. When
   * `stale` answers true then (what the user may see of it changed), the stream ends without an
   * error, so that the browser reconnects and gets the page as it now is.
   */
  live(
    watch: (signal: AbortSignal) => Promise<void>,
    needs?: readonly AccessRequest[],
    stale?: () => Promise<boolean>,
  ): Promise<void>;
  streamOptions: EventStreamOptions;
}

/** What a handler answers: a JSON body (200), `{status, body}`, or ANSWERED when it wrote the answer itself. */
export type RouteAnswer = unknown;
export const ANSWERED: unique symbol = Symbol('answered');

export interface Route {
  method: 'GET' | 'POST';
  /** Under /api/v1: `/namespaces/:namespace/rollouts/:name/timeline`. */
  pattern: string;
  handle(context: RouteContext): Promise<RouteAnswer>;
}

/** The parameters of `path` when it matches `pattern`, else undefined. */
export function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '';
    const h = have[i] ?? '';
    if (w.startsWith(':')) {
      if (h === '') return undefined;
      params[w.slice(1)] = h;
    } else if (w !== h) return undefined;
  }
  return params;
}
