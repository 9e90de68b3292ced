// Reading requests and writing answers: JSON bodies, the security headers every answer carries,
// the session cookie, and the CSRF checks every POST passes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CSRF_HEADER, SESSION_COOKIE } from '../contract.ts';
import { ApiFailure, invalid } from './api-failure.ts';

/** The most a request body may hold: an ActionRequest or a LoginRequest is a few hundred bytes. */
const MAX_BODY_BYTES = 64 * 1024;

/** On every answer: nothing from elsewhere, never in a frame, no sniffing, no referrer. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export function setSecurityHeaders(response: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  response.end(text);
}

export function sendFailure(response: ServerResponse, failure: ApiFailure): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  if (failure.status === 401) response.setHeader('www-authenticate', 'Bearer realm="sluice dashboard"');
  if (failure.status === 405) response.setHeader('allow', 'GET, POST');
  sendJson(response, failure.status, failure.body());
}

/** The request's JSON body, which must be an object; an empty body is `{}`. */
export async function readJsonObject(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES)
      throw new ApiFailure(
        413,
        'Invalid',
        `the request body is over ${MAX_BODY_BYTES} bytes; send a small JSON object`,
      );
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid(`the request body is not JSON (${(error as Error).message}); send a JSON object`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalid('the request body must be a JSON object');
  return value as Record<string, unknown>;
}

/**
 * A POST is refused unless it carries `X-Sluice-Request: 1` (a page of another site cannot set
 * it without a CORS preflight, which this server never answers), a JSON content type, and, when
 * the browser sends an Origin, this dashboard's own.
 */
export function checkCsrf(request: IncomingMessage, ownOrigins: ReadonlySet<string>): void {
  if (request.headers[CSRF_HEADER] !== '1')
    throw new ApiFailure(
      403,
      'Forbidden',
      `a POST to the dashboard needs the header X-Sluice-Request: 1 (it protects against cross-site requests); send it with the request`,
    );
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json')
    throw new ApiFailure(
      415,
      'Invalid',
      `a POST to the dashboard needs Content-Type: application/json, not ${type ? `"${type}"` : 'none'}`,
    );
  const origin = request.headers.origin;
  if (origin !== undefined && !ownOrigins.has(origin))
    throw new ApiFailure(
      403,
      'Forbidden',
      `the request comes from ${origin}, not from the dashboard (${[...ownOrigins][0] ?? 'its own address'}); actions are accepted only from the dashboard's own pages`,
    );
}

/** The origins this server answers as: the Host header it was reached by, over http. */
export function requestOrigin(request: IncomingMessage): string | undefined {
  const host = request.headers.host;
  return host ? `http://${host}` : undefined;
}

export function cookieValue(request: IncomingMessage, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    if (part.slice(0, equals).trim() === name) {
      try {
        return decodeURIComponent(part.slice(equals + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The credential a request carries: `Authorization: Bearer TOKEN`, else the session cookie. */
export function credentialOf(request: IncomingMessage): string | undefined {
  const authorization = request.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1] : undefined;
  }
  return cookieValue(request, SESSION_COOKIE);
}

/** `rootPath`: '' or `/rollouts`; the cookie is sent only to the dashboard's own paths. */
export function sessionCookie(value: string, secure: boolean, rootPath = ''): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=${rootPath || '/'}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean, rootPath = ''): string {
  return `${SESSION_COOKIE}=; Path=${rootPath || '/'}; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}
