// Answers the proxy gives itself, without a pod: Istio's `redirect` and `directResponse` routes.
import type http from 'node:http';
import { normalizeHost } from '../../../traffic/match.ts';
import { answer } from '../services/upstream-forwarder.ts';

interface Redirect {
  uri?: string;
  authority?: string;
  port?: number;
  scheme?: string;
  redirectCode?: number;
}

/** Answers an Istio HTTPRedirect; returns the status written. */
export function answerRedirect(
  response: http.ServerResponse,
  redirect: Record<string, unknown>,
  request: { host: string; path: string; scheme: string },
): number {
  const r = redirect as Redirect;
  const status = typeof r.redirectCode === 'number' ? r.redirectCode : 301;
  const scheme = r.scheme ?? request.scheme;
  const host = r.authority ?? normalizeHost(request.host);
  const port = typeof r.port === 'number' ? `:${r.port}` : '';
  const path = r.uri ?? request.path;
  response.writeHead(status, { location: `${scheme}://${host}${port}${path}`, 'content-length': 0 });
  response.end();
  return status;
}

/** Answers an Istio HTTPDirectResponse; returns the status written. */
export function answerDirect(response: http.ServerResponse, direct: Record<string, unknown>): number {
  const status = typeof direct.status === 'number' ? direct.status : 200;
  const body = (direct.body ?? {}) as { string?: string; bytes?: string };
  const text = body.string ?? (body.bytes !== undefined ? Buffer.from(body.bytes, 'base64').toString('utf8') : '');
  answer(response, status, text);
  return status;
}
