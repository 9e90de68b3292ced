// The dashboard's HTTP server (node:http): the API of src/dashboard/contract.ts over a Target, the
// built web UI from a directory, server-sent events for the live pages. Who asks is the
// Authorizer's to say; every read and action is checked with it first. Served by
// `sluice dashboard` (a dashboard token) and by the controller (Kubernetes bearer tokens).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { listen } from '../../platform/listen.ts';
import type { Target } from '../../cli/target/target.ts';
import { API_PREFIX, type LoginRequest, type Session } from '../contract.ts';
import { ApiFailure, failureOf, forbidden, invalid, notFound, unauthorized } from './api-failure.ts';
import { accessRefusal } from '../auth/refusal.ts';
import type { AccessRequest, Authorizer, Identity } from './authorizer.ts';
import type { EventStreamOptions } from './event-stream.ts';
import {
  checkCsrf,
  clearedSessionCookie,
  readJsonObject,
  requestOrigin,
  sendFailure,
  sendJson,
  sessionCookie,
  setSecurityHeaders,
} from './http-io.ts';
import { ANSWERED, matchPattern, type Route, type RouteContext } from './route.ts';
import { ROUTES } from './routes.ts';
import { normalizeRootPath } from './root-path.ts';
import { serveStatic } from './static-files.ts';

export const DEFAULT_PORT = 3100;
export const DEFAULT_ADDRESS = '127.0.0.1';
/** dist/dashboard/ of the package, where the web UI is built. */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../../dist/dashboard/', import.meta.url));

/** A Kubernetes object name (DNS subdomain): what a namespace or name segment of a path may be. */
const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
/** Parameters that are not object names. */
const FREE_PARAMS = new Set(['action']);
const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', 'localhost']);

export interface DashboardServerOptions {
  /** Where reads and actions go: one target, or one per identity (the factory owns what it makes). */
  target: Target | ((identity: Identity) => Target);
  authorizer: Authorizer;
  /** What /session says besides the user. */
  session: Omit<Session, 'authenticated' | 'user'>;
  /** Default 127.0.0.1. */
  address?: string;
  /** Default 3100; 0 for a free port. */
  port?: number;
  /** The built UI; default dist/dashboard/. */
  staticDir?: string;
  /**
   * The path everything is served under (`rollouts` or `/rollouts`: the pages at /rollouts/, the API
   * at /rollouts/api/v1, the session cookie's Path /rollouts); default the root.
   */
  rootPath?: string;
  /** Origins besides the listening address that are the dashboard's own (its public URL behind a proxy). */
  origins?: string[];
  /** Mark the session cookie Secure (served over TLS, directly or behind a proxy). */
  secureCookie?: boolean;
  /** Routes added to (or replacing, same method and pattern) those of routes.ts. */
  routes?: readonly Route[];
  log?: (line: string) => void;
  now?: () => number;
  stream?: EventStreamOptions;
  /**
   * How often a live stream asks the Authorizer again who its request is and whether it may still
   * read what the stream shows; a stream whose session ended (logout, expiry, a token no longer
   * valid) ends then, and one whose access was revoked ends with an `error` event (403). Default 30 s.
   */
  reauthenticateEveryMs?: number;
  /** How the listen error names the port option: `choose another with --port`. */
  portHint?: string;
}

export interface DashboardServer {
  /** `http://127.0.0.1:3100`, without the root path or the token. */
  readonly url: string;
  /** The root path, normalized: '' or `/rollouts`. */
  readonly rootPath: string;
  readonly port: number;
  /** The live streams whose watch is running. */
  openStreams(): number;
  close(): Promise<void>;
}

export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  const address = options.address ?? DEFAULT_ADDRESS;
  const staticDir = options.staticDir ?? DEFAULT_STATIC_DIR;
  const root = normalizeRootPath(options.rootPath ?? '');
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const routes = mergeRoutes(ROUTES, options.routes ?? []);
  const watches = new Set<AbortController>();
  /** The Host headers accepted when listening on loopback (filled once the port is known); empty: any. */
  const loopbackHosts = new Set<string>();
  const wildcard = address === '0.0.0.0' || address === '::' || address === '';
  const origins = new Set(options.origins ?? []);
  const targetOf = (identity: Identity): Target =>
    typeof options.target === 'function' ? options.target(identity) : options.target;

  const server = createServer((request, response) => {
    setSecurityHeaders(response);
    handle(request, response).catch((error: unknown) => {
      const failure = failureOf(error, { username: '', target: options.session.target });
      // The server's own troubles (the target unreachable, a failure unexpected); a refusal is the asker's.
      if (failure.status >= 500) log(`dashboard: ${request.method} ${pathOf(request)}: ${failure.message}`);
      sendFailure(response, failure);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // On loopback only this machine's names reach it: a page whose own name resolves to 127.0.0.1
    // (DNS rebinding) is refused before it reads anything.
    if (loopbackHosts.size > 0 && !loopbackHosts.has((request.headers.host ?? '').toLowerCase()))
      throw new ApiFailure(
        403,
        'Forbidden',
        `the dashboard answers on ${[...loopbackHosts].join(', ')}, not to Host ${request.headers.host ?? '(none)'}; open the URL sluice dashboard printed`,
      );
    const url = new URL(request.url ?? '/', 'http://dashboard.invalid');
    if (root !== '' && !url.pathname.startsWith(`${root}/`)) {
      // The root itself, or the host's root when nothing else is served there, leads to the pages.
      if ((url.pathname === root || url.pathname === '/') && (request.method === 'GET' || request.method === 'HEAD')) {
        response.writeHead(302, { location: `${root}/${url.search}` });
        response.end();
        return;
      }
      throw notFound(`the dashboard is served under ${root}/, not at ${url.pathname}; open ${root}/`);
    }
    const pathname = url.pathname.slice(root.length);
    if (pathname !== API_PREFIX && !pathname.startsWith(`${API_PREFIX}/`)) {
      if (request.method !== 'GET' && request.method !== 'HEAD')
        throw new ApiFailure(405, 'MethodNotAllowed', `${request.method} is not served for ${pathname}; use GET`);
      await serveStatic(staticDir, request, response, pathname, root);
      return;
    }
    const apiPath = pathname.slice(API_PREFIX.length) || '/';
    const ownOrigins = new Set(origins);
    if (wildcard) {
      const origin = requestOrigin(request);
      if (origin) ownOrigins.add(origin);
    }
    if (request.method === 'POST') checkCsrf(request, ownOrigins);

    if (apiPath === '/session' && request.method === 'GET') {
      const identity = await options.authorizer.authenticate(request);
      const session: Session = {
        ...options.session,
        authenticated: identity !== undefined,
        ...(identity ? { user: identity.username } : {}),
      };
      sendJson(response, 200, session);
      return;
    }
    if (apiPath === '/login' && request.method === 'POST') {
      const body = (await readJsonObject(request)) as Partial<LoginRequest>;
      if (typeof body.token !== 'string' || body.token === '') throw invalid('the login body is {"token": "..."}');
      const identity = await options.authorizer.login(body.token);
      if (!identity) throw unauthorized(refusedLogin(options.session.login));
      // An Authorizer that keeps sessions names the cookie's value; else the token is the credential.
      response.setHeader(
        'set-cookie',
        sessionCookie(identity.session ?? body.token, options.secureCookie ?? false, root),
      );
      const session: Session = { ...options.session, authenticated: true, user: identity.username };
      sendJson(response, 200, session);
      return;
    }
    if (apiPath === '/logout' && request.method === 'POST') {
      options.authorizer.logout?.(request);
      response.setHeader('set-cookie', clearedSessionCookie(options.secureCookie ?? false, root));
      response.writeHead(204);
      response.end();
      return;
    }

    const matches = routes
      .map((route) => ({ route, params: matchPattern(route.pattern, apiPath) }))
      .filter((match) => match.params !== undefined);
    const match = matches.find((candidate) => candidate.route.method === request.method);
    if (!match) {
      if (matches.length > 0 || ['/session', '/login', '/logout'].includes(apiPath))
        throw new ApiFailure(405, 'MethodNotAllowed', `${request.method} is not served for ${pathname}`);
      throw notFound(`no API route ${request.method} ${pathname}; see src/dashboard/contract.ts for the routes`);
    }
    const params = decodeParams(match.params ?? {});

    const identity = await options.authorizer.authenticate(request);
    if (!identity) throw unauthorized(notLoggedIn(options.session.login));
    const target = targetOf(identity);
    const context: RouteContext = {
      request,
      response,
      params,
      query: url.searchParams,
      identity,
      target,
      now,
      streamOptions: options.stream ?? {},
      allows: (access) => options.authorizer.allows(identity, access),
      guard: async (access) => {
        const decision = await options.authorizer.allows(identity, access);
        if (!decision.allowed) throw forbidden(decision.reason || accessRefusal(identity.username, access));
      },
      may: async (access) => (await options.authorizer.allows(identity, access)).allowed,
      body: () => readJsonObject(request),
      live: async (watch, needs = [], stale) => {
        const controller = new AbortController();
        const stop = () => controller.abort();
        response.once('close', stop);
        // A browser gone while the request was checked: its 'close' has passed already.
        if (response.destroyed || request.socket.destroyed) controller.abort();
        watches.add(controller);
        /** Why the stream ended when RBAC no longer allows what it shows. */
        let revoked: string | undefined;
        const recheck = setInterval(() => {
          recheckStream(options.authorizer, request, needs)
            .then(async (outcome) => {
              if (outcome === 'allowed') {
                if (stale && (await stale())) stop();
                return;
              }
              if (outcome !== 'unauthenticated') revoked = outcome.refused;
              stop();
            })
            .catch(() => undefined);
        }, options.reauthenticateEveryMs ?? 30_000);
        recheck.unref();
        try {
          await watch(controller.signal);
        } finally {
          clearInterval(recheck);
          watches.delete(controller);
          response.off('close', stop);
        }
        if (revoked !== undefined) throw forbidden(`${revoked}; the live stream ended`);
      },
    };
    try {
      const answer = await match.route.handle(context);
      if (answer !== ANSWERED) sendJson(response, 200, answer);
    } catch (error) {
      throw failureOf(error, { username: identity.username, target: target.description });
    }
  }

  const port = await listen(server, {
    what: 'the dashboard',
    host: address,
    port: options.port ?? DEFAULT_PORT,
    portHint: options.portHint ?? 'choose another port',
  });
  const host = address.includes(':') ? `[${address}]` : address;
  const shownHost = wildcard ? '127.0.0.1' : host;
  const url = `http://${shownHost}:${port}`;
  origins.add(`http://${host}:${port}`);
  if (LOOPBACK_ADDRESSES.has(address) || wildcard) {
    origins.add(`http://127.0.0.1:${port}`);
    origins.add(`http://localhost:${port}`);
    origins.add(`http://[::1]:${port}`);
  }
  if (LOOPBACK_ADDRESSES.has(address))
    for (const name of ['127.0.0.1', 'localhost', '[::1]']) loopbackHosts.add(`${name}:${port}`);
  let closing: Promise<void> | undefined;
  return {
    url,
    rootPath: root,
    port,
    openStreams: () => watches.size,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        for (const controller of watches) controller.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

/**
 * A live stream's periodic check: the request's session still valid, and every check of what the
 * stream shows still allowed (a RoleBinding deleted since it opened ends it).
 */
async function recheckStream(
  authorizer: Authorizer,
  request: IncomingMessage,
  needs: readonly AccessRequest[],
): Promise<'allowed' | 'unauthenticated' | { refused: string }> {
  const identity = await authorizer.authenticate(request);
  if (!identity) return 'unauthenticated';
  const decisions = await Promise.all(needs.map((access) => authorizer.allows(identity, access)));
  const index = decisions.findIndex((decision) => !decision.allowed);
  if (index < 0) return 'allowed';
  const decision = decisions[index];
  const access = needs[index] as AccessRequest;
  return { refused: (decision && !decision.allowed && decision.reason) || accessRefusal(identity.username, access) };
}

/** The request's path without its query (which may carry nothing secret, but need not be logged). */
function pathOf(request: IncomingMessage): string {
  return (request.url ?? '/').split('?')[0] ?? '/';
}

function mergeRoutes(base: readonly Route[], extra: readonly Route[]): Route[] {
  const key = (route: Route) => `${route.method} ${route.pattern}`;
  const replaced = new Set(extra.map(key));
  return [...extra, ...base.filter((route) => !replaced.has(key(route)))];
}

function decodeParams(raw: Record<string, string>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      throw invalid(`the ${key} in the path is not valid percent-encoding`);
    }
    if (!FREE_PARAMS.has(key) && !NAME.test(decoded))
      throw invalid(
        `"${decoded}" is not a Kubernetes ${key}: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit`,
      );
    params[key] = decoded;
  }
  return params;
}

function notLoggedIn(login: Session['login']): string {
  return login === 'dashboard-token'
    ? 'not logged in: open the URL sluice dashboard printed (it ends with #token=...), or send Authorization: Bearer TOKEN'
    : 'not logged in: log in with a Kubernetes bearer token (kubectl create token NAME), or send Authorization: Bearer TOKEN';
}

function refusedLogin(login: Session['login']): string {
  return login === 'dashboard-token'
    ? "the token is not this dashboard's: use the URL sluice dashboard printed when it started (it ends with #token=...)"
    : 'the API server did not accept the token (TokenReview): create a fresh one with kubectl create token NAME';
}
