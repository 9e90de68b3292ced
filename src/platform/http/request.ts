// A small HTTP client for whole requests (the analysis providers' prometheus and web metrics):
// node's http/https, a whole-request timeout, optional insecure TLS, and errors that say what
// happened in words a user can act on.
import http from 'node:http';
import https from 'node:https';
import { setLongTimeout } from '../long-timer.ts';

export interface HttpRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Skip TLS certificate verification. */
  insecure?: boolean;
  signal?: AbortSignal;
  /** Responses larger than this are cut off with an error. */
  maxBodyBytes?: number;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export class HttpError extends Error {
  override name = 'HttpError';
}

const DEFAULT_MAX_BODY = 32 * 1024 * 1024;

export function httpRequest(request: HttpRequest): Promise<HttpResponse> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return Promise.reject(new HttpError(`"${request.url}" is not a valid URL; write it as http://host:port/path`));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new HttpError(`"${request.url}" is not an http or https URL`));
  }
  const client = url.protocol === 'https:' ? https : http;
  const seconds = formatSeconds(request.timeoutMs);
  const target = `${request.method ?? 'GET'} ${url.origin}${url.pathname}`;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: HttpError | undefined, response?: HttpResponse) => {
      if (settled) return;
      settled = true;
      timer.cancel();
      request.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else if (response) resolve(response);
    };
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(request.body));
    const outgoing = client.request(url, {
      method: request.method ?? 'GET',
      headers,
      ...(url.protocol === 'https:' && request.insecure ? { rejectUnauthorized: false } : {}),
    });
    // timeoutSeconds comes from the metric: it may be longer than one Node timer takes.
    const timer = setLongTimeout(() => {
      outgoing.destroy();
      finish(new HttpError(`${target}: no complete answer within the timeout of ${seconds}`));
    }, request.timeoutMs);
    const onAbort = () => {
      outgoing.destroy();
      finish(new HttpError(`${target}: request cancelled`));
    };
    // Listened to before a cancelled request is destroyed: the error that destroying it emits
    // would otherwise go unheard and end the process.
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      finish(new HttpError(`${target}: ${describeNetworkError(error, url)}`)),
    );
    if (request.signal?.aborted) return onAbort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    outgoing.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const limit = request.maxBodyBytes ?? DEFAULT_MAX_BODY;
      incoming.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          outgoing.destroy();
          finish(new HttpError(`${target}: the response is larger than ${limit} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      incoming.on('error', (error) => finish(new HttpError(`${target}: the response broke off (${error.message})`)));
      incoming.on('end', () =>
        finish(undefined, {
          status: incoming.statusCode ?? 0,
          headers: incoming.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    outgoing.end(request.body);
  });
}

function describeNetworkError(error: NodeJS.ErrnoException, url: URL): string {
  const host = url.host;
  switch (error.code) {
    case 'ECONNREFUSED':
      return `connection refused by ${host}: is the server running and listening there?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve host "${url.hostname}"`;
    case 'ECONNRESET':
      return `${host} closed the connection before answering`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${host} is unreachable`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `TLS certificate of ${host} not trusted (${error.message}); set insecure: true to skip verification`;
    default:
      return error.message || String(error.code);
  }
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(3).replace(/0+$/, '')}s`;
}

/** `Authorization: Basic ...` for a user and password. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
