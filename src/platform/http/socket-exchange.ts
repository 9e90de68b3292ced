// One exchange over a pooled keep-alive connection: the request head and body go out in one write,
// the answer is parsed as it arrives and handed to the sink, with the socket paused while the sink
// cannot take more. The connection goes back to the pool only when the answer was read completely,
// nothing followed it, and the server did not ask to close; otherwise it is closed.
import type { ConnectionPool, ConnectionUser, UpstreamConnection } from './connection-pool.ts';
import { resetError, type Exchange, type ExchangeRequest, type ExchangeSink } from './exchange.ts';
import type { ResponseHead } from './response-head.ts';
import { ResponseParser, type ResponseEvents } from './response-parser.ts';

class SocketExchange implements Exchange, ConnectionUser, ResponseEvents {
  readonly #pool: ConnectionPool;
  readonly #sink: ExchangeSink;
  readonly #parser: ResponseParser;
  readonly #connection: UpstreamConnection;
  #keepAlive = false;
  #headSent = false;
  #paused = false;
  #over = false;
  /** The last body piece of the current chunk, held back so that it can travel with the end. */
  #held: Buffer | undefined;

  constructor(pool: ConnectionPool, request: ExchangeRequest, head: string, sink: ExchangeSink) {
    this.#pool = pool;
    this.#sink = sink;
    this.#parser = new ResponseParser(this, request.method);
    this.#connection = pool.acquire(request.host, request.port, this);
    const { socket } = this.#connection;
    if (request.body && request.body.length > 0) {
      socket.cork();
      socket.write(head, 'latin1');
      socket.write(request.body);
      socket.uncork();
    } else {
      socket.write(head, 'latin1');
    }
  }

  // ConnectionUser

  data(chunk: Buffer): void {
    if (this.#over) return;
    try {
      this.#parser.feed(chunk);
    } catch (error) {
      this.#fail(error as NodeJS.ErrnoException);
      return;
    }
    if (this.#over) return;
    const held = this.#held;
    if (held) {
      this.#held = undefined;
      if (!this.#sink.data(held)) this.#pause();
    }
  }

  closed(error: NodeJS.ErrnoException | undefined): void {
    if (this.#over) return;
    if (!this.#headSent) {
      this.#over = true;
      this.#sink.failed(error ?? resetError(), this.#connection.uses > 1);
      return;
    }
    // A body read until the connection's end is complete now; anything else was cut short.
    if (!error && this.#parser.close()) return;
    this.#over = true;
    this.#sink.broken(error);
  }

  // ResponseEvents (called by the parser from within `data`)

  onHead(head: ResponseHead): void {
    this.#keepAlive = head.keepAlive;
    this.#headSent = true;
    this.#sink.head(head.status, head.rawHeaders);
  }

  onData(chunk: Buffer): void {
    if (this.#over) return;
    const held = this.#held;
    this.#held = chunk;
    if (held && !this.#sink.data(held)) this.#pause();
  }

  onEnd(): void {
    if (this.#over) return;
    const last = this.#held;
    this.#held = undefined;
    this.#over = true;
    // A server may answer before it has read the whole request; then the rest of the request would
    // be taken for the next one, so that connection is not reused.
    const reusable = this.#keepAlive && !this.#parser.extraBytes && this.#connection.socket.writableLength === 0;
    if (reusable) this.#pool.release(this.#connection);
    else this.#pool.discard(this.#connection);
    this.#sink.end(last);
  }

  // Exchange

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    if (!this.#over) this.#connection.socket.resume();
  }

  abort(): void {
    if (this.#over) return;
    this.#over = true;
    this.#pool.discard(this.#connection);
  }

  #pause(): void {
    if (this.#over || this.#paused) return;
    this.#paused = true;
    this.#connection.socket.pause();
  }

  #fail(error: NodeJS.ErrnoException): void {
    this.#over = true;
    this.#pool.discard(this.#connection);
    if (!this.#headSent) this.#sink.failed(error, this.#connection.uses > 1);
    else this.#sink.broken(error);
  }
}

/** Starts an exchange over a pooled connection; `head` is the request head (request-head.ts). */
export function exchangeOverSocket(
  pool: ConnectionPool,
  request: ExchangeRequest,
  head: string,
  sink: ExchangeSink,
): Exchange {
  return new SocketExchange(pool, request, head, sink);
}
