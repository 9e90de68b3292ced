// Talks to the dashboard server as its web UI does, over real HTTP on loopback: JSON requests with
// the session cookie or a bearer token, the CSRF header on POSTs, raw paths (for path traversal,
// which fetch would normalise away), and server-sent event streams read frame by frame.
import http from 'node:http';
import { waitFor } from './ports.ts';

export interface Answer<T = unknown> {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: T;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'HEAD' | 'PUT';
  body?: unknown;
  /** `sluice_session=...` or a bearer token (`Bearer ...`). */
  cookie?: string;
  bearer?: string;
  headers?: Record<string, string>;
  /** Leave out the X-Sluice-Request header a POST otherwise carries. */
  noCsrfHeader?: boolean;
}

/** One request to `base` (`http://127.0.0.1:PORT`, or with the root path) with the raw `route` as written under it. */
export function request<T = unknown>(base: string, route: string, options: RequestOptions = {}): Promise<Answer<T>> {
  const url = new URL(base);
  const path = underBase(url, route);
  const method = options.method ?? (options.body !== undefined ? 'POST' : 'GET');
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.cookie) headers['cookie'] = options.cookie;
  if (options.bearer) headers['authorization'] = `Bearer ${options.bearer}`;
  let body: string | undefined;
  if (method === 'POST') {
    if (!options.noCsrfHeader && headers['x-sluice-request'] === undefined) headers['x-sluice-request'] = '1';
    if (headers['content-type'] === undefined) headers['content-type'] = 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body ?? {});
  }
  return new Promise((resolve, reject) => {
    const sent = http.request(
      { host: url.hostname, port: url.port, path, method, headers, agent: false },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json: json as T });
        });
      },
    );
    sent.on('error', reject);
    sent.end(body);
  });
}

/** Logs in with the dashboard token and returns the cookie to send (`sluice_session=...`). */
export async function login(base: string, token: string): Promise<{ cookie: string; setCookie: string }> {
  const answer = await request(base, '/api/v1/login', { body: { token } });
  if (answer.status !== 200) throw new Error(`login answered ${answer.status}: ${answer.text}`);
  const setCookie = [answer.headers['set-cookie'] ?? []].flat()[0] ?? '';
  return { cookie: setCookie.split(';')[0] ?? '', setCookie };
}

export interface StreamEvent {
  event: string;
  data: unknown;
}

export interface EventStreamReader {
  status: number;
  headers: http.IncomingHttpHeaders;
  events: StreamEvent[];
  /** Comments received (`: heartbeat`). */
  comments: string[];
  ended(): boolean;
  /** Waits for an event after the `from`-th one (default: any so far) that satisfies `check`. */
  next<T>(what: string, check: (event: StreamEvent) => T | undefined, timeoutMs?: number, from?: number): Promise<T>;
  close(): void;
}

/** Opens a stream; resolves once the answer's headers arrive. */
export function openStream(base: string, route: string, options: RequestOptions = {}): Promise<EventStreamReader> {
  const url = new URL(base);
  const path = underBase(url, route);
  const headers: Record<string, string> = { accept: 'text/event-stream', ...(options.headers ?? {}) };
  if (options.cookie) headers['cookie'] = options.cookie;
  if (options.bearer) headers['authorization'] = `Bearer ${options.bearer}`;
  return new Promise((resolve, reject) => {
    const sent = http.request({ host: url.hostname, port: url.port, path, headers, agent: false }, (response) => {
      const events: StreamEvent[] = [];
      const comments: string[] = [];
      let buffer = '';
      let ended = false;
      response.setEncoding('utf8').on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of frame.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
          }
          if (data.length > 0) events.push({ event, data: JSON.parse(data.join('\n')) });
        }
      });
      response.on('end', () => (ended = true));
      response.on('close', () => (ended = true));
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        events,
        comments,
        ended: () => ended,
        next: (what, check, timeoutMs = 60_000, from = 0) =>
          waitFor(
            what,
            async () => {
              for (const event of events.slice(from)) {
                const value = check(event);
                if (value !== undefined) return value;
              }
              if (ended) throw new Error(`the stream ended after ${events.length} events`);
              return undefined;
            },
            timeoutMs,
            20,
          ),
        close: () => {
          response.destroy();
          sent.destroy();
        },
      });
    });
    sent.on('error', reject);
    sent.end();
  });
}

/** A base with a path (a root path: http://127.0.0.1:3100/rollouts) prefixes the request's. */
function underBase(base: URL, route: string): string {
  return `${base.pathname.replace(/\/$/, '')}${route}`;
}
