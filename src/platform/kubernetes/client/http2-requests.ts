// Ordinary requests over one HTTP/2 connection, when the API server offers h2 in the TLS handshake
// (kube-apiserver does; client-go uses it). Requests in flight at the same time share the
// connection, and their frames are written together: one TLS write for many requests instead of
// one each, and the headers every request repeats are sent once (HPACK). A server that offers only
// HTTP/1.1 is remembered as such and the caller uses its HTTP/1.1 agent. Watches stay on HTTP/1.1
// (transport.ts): each has its own connection, which stopping the watch closes.
import http2 from 'node:http2';
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import tls from 'node:tls';

export interface Http2Answer {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A failure of the connection or of the stream; `code` says which (ECONNREFUSED, ERR_HTTP2_STREAM_CANCEL, ...). */
export type Http2Failure = Error & { code?: string };

/** The stream was refused by the server (RST_STREAM REFUSED_STREAM, or above a GOAWAY's last stream): it was not processed. */
export const REFUSED_STREAM = 'ERR_HTTP2_REFUSED_STREAM';

export interface Http2RequestsOptions {
  url: URL;
  tls: tls.ConnectionOptions;
  /** Told about the connection's socket, for the transport's count of open sockets. */
  track: (socket: Socket) => void;
  /** A connection not made (TCP and TLS) within this long is given up. */
  connectTimeoutMs: number;
}

export interface Http2Call {
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body: string | undefined;
}

export interface Http2Pending {
  answer: Promise<Http2Answer>;
  /** Cancels the stream (a timeout, an abort). */
  cancel(): void;
  session: http2.ClientHttp2Session;
}

export class Http2Requests {
  readonly #options: Http2RequestsOptions;
  #session: http2.ClientHttp2Session | undefined;
  #connecting: Promise<http2.ClientHttp2Session | undefined> | undefined;
  /** The server answered the handshake without h2. */
  #unsupported = false;
  /** Streams open per session: a session with any keeps the process alive. */
  readonly #active = new WeakMap<http2.ClientHttp2Session, number>();
  #closed = false;
  /** Sessions with a PING in flight after a request timed out. */
  readonly #checking = new WeakSet<http2.ClientHttp2Session>();

  constructor(options: Http2RequestsOptions) {
    this.#options = options;
  }

  /** True once the server is known to speak only HTTP/1.1. */
  get unsupported(): boolean {
    return this.#unsupported;
  }

  /** The open session (made on first use), or undefined when the server does not speak h2. */
  async session(): Promise<http2.ClientHttp2Session | undefined> {
    if (this.#unsupported || this.#closed) return undefined;
    const current = this.#session;
    if (current && !current.closed && !current.destroyed) return current;
    this.#connecting ??= this.#connect().finally(() => (this.#connecting = undefined));
    return this.#connecting;
  }

  /** Sends one request on `session`. */
  send(session: http2.ClientHttp2Session, call: Http2Call): Http2Pending {
    const headers: http2.OutgoingHttpHeaders = { ':method': call.method, ':path': call.path };
    for (const [name, value] of Object.entries(call.headers)) headers[name.toLowerCase()] = value;
    const stream = session.request(headers, { endStream: call.body === undefined });
    this.#started(session);
    const answer = new Promise<Http2Answer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let statusCode = 0;
      let responseHeaders: IncomingHttpHeaders = {};
      let settled = false;
      const fail = (error: Http2Failure): void => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      stream.on('response', (received) => {
        statusCode = Number(received[':status'] ?? 0);
        responseHeaders = received;
      });
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        // A stream ended without an answer (its connection was lost) fails when it closes.
        if (settled || statusCode === 0) return;
        settled = true;
        resolve({ statusCode, headers: responseHeaders, body: Buffer.concat(chunks).toString('utf8') });
      });
      stream.on('error', (error: Http2Failure) => {
        if (!settled) fail(streamFailure(stream, error));
      });
      stream.on('close', () => {
        this.#finished(session);
        // After the end of the answer the stream closes as it should: no failure to make.
        if (!settled) fail(streamFailure(stream, undefined));
      });
    });
    if (call.body !== undefined) stream.end(call.body);
    return { answer, cancel: () => stream.close(http2.constants.NGHTTP2_CANCEL), session };
  }

  /**
   * A request on `session` got no answer in time: the connection may be dead without a word (a
   * peer gone from the network), and every later request would wait on it too. A PING unanswered
   * within `withinMs` (as client-go's ReadIdleTimeout and PingTimeout) ends the session, so the
   * next request opens another.
   */
  check(session: http2.ClientHttp2Session, withinMs: number): void {
    if (this.#checking.has(session) || session.destroyed) return;
    this.#checking.add(session);
    const timer = setTimeout(() => {
      this.#forget(session);
      session.destroy();
    }, withinMs);
    timer.unref();
    const answered = session.ping((error) => {
      this.#checking.delete(session);
      clearTimeout(timer);
      if (error) {
        this.#forget(session);
        session.destroy();
      }
    });
    if (!answered) {
      clearTimeout(timer);
      this.#checking.delete(session);
    }
  }

  close(): void {
    this.#closed = true;
    this.#session?.destroy();
    this.#session = undefined;
  }

  async #connect(): Promise<http2.ClientHttp2Session | undefined> {
    const { url } = this.#options;
    const socket = tls.connect({
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port || 443),
      ...this.#options.tls,
      ALPNProtocols: ['h2', 'http/1.1'],
    });
    this.#options.track(socket);
    const { connectTimeoutMs } = this.#options;
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', resolve);
      socket.once('error', reject);
      // A server that accepts but never answers the handshake would hold every request after it.
      socket.setTimeout(connectTimeoutMs, () =>
        reject(Object.assign(new Error(`no TLS handshake within ${connectTimeoutMs} ms`), { code: 'ETIMEDOUT' })),
      );
    })
      .catch((error: unknown) => {
        socket.destroy();
        throw error;
      })
      .finally(() => socket.setTimeout(0));
    if (this.#closed) {
      socket.destroy();
      return undefined;
    }
    if (socket.alpnProtocol !== 'h2') {
      this.#unsupported = true;
      socket.destroy();
      return undefined;
    }
    const session = http2.connect(url.origin, { createConnection: () => socket });
    // A session's error also ends its streams, which report it to their callers.
    session.on('error', () => undefined);
    const forget = (): void => this.#forget(session);
    // After a GOAWAY the session takes no new streams: the next request opens another.
    session.on('goaway', forget);
    session.on('close', forget);
    // Idle, the session does not keep the process alive (as the agent's idle sockets do not).
    session.unref();
    this.#session = session;
    return session;
  }

  #forget(session: http2.ClientHttp2Session): void {
    if (this.#session === session) this.#session = undefined;
  }

  #started(session: http2.ClientHttp2Session): void {
    const active = (this.#active.get(session) ?? 0) + 1;
    this.#active.set(session, active);
    if (active === 1) session.ref();
  }

  #finished(session: http2.ClientHttp2Session): void {
    const active = (this.#active.get(session) ?? 1) - 1;
    this.#active.set(session, active);
    if (active === 0 && !session.destroyed) session.unref();
  }
}

function streamFailure(stream: http2.ClientHttp2Stream, error: Http2Failure | undefined): Http2Failure {
  if (stream.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM)
    return Object.assign(new Error('the API server refused the stream (it was not processed)'), {
      code: REFUSED_STREAM,
    });
  if (error) return error;
  return Object.assign(
    new Error(`the HTTP/2 stream was closed before the answer ended (code ${stream.rstCode ?? 'none'})`),
    { code: 'ECONNRESET' },
  );
}
